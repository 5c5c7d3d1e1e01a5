// Text of any length in 24 bytes: up to 23 characters inline (every EC2 and ECS resource ID:
// "i-0123456789abcdef0" is 19), longer text in one heap block. For what is kept once per record
// by the hundred thousand — a map's key, a list of the IDs a request made — where a std::string
// of an ID past 15 characters takes 32 bytes plus a 32-to-48-byte heap block.
// Contract: a value type (copyable, movable, comparable and hashed as its text: ordered exactly
// as std::string orders the same text, hashed exactly as std::hash<std::string> hashes it, so a
// container keyed by it keeps the order a std::string key gave). Constructs implicitly from
// std::string, std::string_view and C strings, so a map keyed by it is looked up with either;
// reads back as a std::string_view (implicitly) or a std::string (str()).
//
//   std::map<core::CompactText, Volume> volumes;
//   volumes.find(request.volume_id);  // a std::string
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

namespace cloudlife::core {

class CompactText {
 public:
  static constexpr std::size_t kInlineCapacity = 23;

  CompactText() noexcept { set_inline_size(0); }
  CompactText(std::string_view text) { assign_new(text); }  // NOLINT: implicit by design
  CompactText(const std::string& text) : CompactText(std::string_view(text)) {}  // NOLINT
  CompactText(const char* text) : CompactText(std::string_view(text)) {}         // NOLINT
  CompactText(const CompactText& other) { assign_new(other.view()); }
  CompactText(CompactText&& other) noexcept {
    std::memcpy(bytes_, other.bytes_, sizeof bytes_);
    other.set_inline_size(0);
  }
  CompactText& operator=(const CompactText& other) {
    if (this != &other) {
      CompactText copy(other);
      swap(copy);
    }
    return *this;
  }
  CompactText& operator=(CompactText&& other) noexcept {
    if (this != &other) {
      release();
      std::memcpy(bytes_, other.bytes_, sizeof bytes_);
      other.set_inline_size(0);
    }
    return *this;
  }
  ~CompactText() { release(); }

  std::string_view view() const noexcept {
    if (on_heap()) return {heap_data(), heap_size()};
    return {bytes_, static_cast<std::size_t>(tag())};
  }
  operator std::string_view() const noexcept { return view(); }  // NOLINT: implicit by design
  std::string str() const { return std::string(view()); }
  std::size_t size() const noexcept { return view().size(); }
  bool empty() const noexcept { return size() == 0; }

  void swap(CompactText& other) noexcept {
    char tmp[sizeof bytes_];
    std::memcpy(tmp, bytes_, sizeof bytes_);
    std::memcpy(bytes_, other.bytes_, sizeof bytes_);
    std::memcpy(other.bytes_, tmp, sizeof bytes_);
  }

  friend bool operator==(const CompactText& a, const CompactText& b) noexcept {
    return a.view() == b.view();
  }
  friend std::strong_ordering operator<=>(const CompactText& a, const CompactText& b) noexcept {
    return a.view() <=> b.view();
  }

 private:
  static constexpr unsigned char kHeapTag = 0xFF;
  static constexpr std::size_t kTagByte = sizeof(char[24]) - 1;

  unsigned char tag() const noexcept { return static_cast<unsigned char>(bytes_[kTagByte]); }
  bool on_heap() const noexcept { return tag() == kHeapTag; }
  void set_inline_size(std::size_t n) noexcept {
    bytes_[kTagByte] = static_cast<char>(static_cast<unsigned char>(n));
  }
  const char* heap_data() const noexcept {
    const char* p;
    std::memcpy(&p, bytes_, sizeof p);
    return p;
  }
  std::size_t heap_size() const noexcept {
    std::size_t n;
    std::memcpy(&n, bytes_ + sizeof(char*), sizeof n);
    return n;
  }
  void assign_new(std::string_view text) {
    if (text.size() <= kInlineCapacity) {
      std::memcpy(bytes_, text.data(), text.size());
      set_inline_size(text.size());
      return;
    }
    char* p = new char[text.size()];
    std::memcpy(p, text.data(), text.size());
    const std::size_t n = text.size();
    std::memcpy(bytes_, &p, sizeof p);
    std::memcpy(bytes_ + sizeof p, &n, sizeof n);
    bytes_[kTagByte] = static_cast<char>(kHeapTag);
  }
  void release() noexcept {
    if (on_heap()) delete[] heap_data();
  }

  alignas(std::size_t) char bytes_[24];
};

static_assert(sizeof(CompactText) == 24);

}  // namespace cloudlife::core

// Hashed as std::hash<std::string> hashes the same text (an unordered container keyed by it walks
// in the order a std::string key gave).
template <>
struct std::hash<cloudlife::core::CompactText> {
  std::size_t operator()(const cloudlife::core::CompactText& t) const noexcept {
    return std::hash<std::string_view>{}(t.view());
  }
};
