// An immutable string shared by the records that carry the same value for a while, without
// interning it for ever: the instances of one reservation all hold its ID.
// Contract: one reference-counted pointer (16 bytes); copies share the text, and the text goes
// when the last copy does (unlike core::Symbol, whose pool never shrinks, so it suits values that
// are unique to a group of records and not drawn from a small set). Reads as `const
// std::string&` and as `std::string_view`, compares with strings by text, writes to JSON as its
// text. Copying is thread-safe as for std::shared_ptr.
//
//   core::SharedText reservation = core::resource_id("r");
//   for (Instance& i : launched) i.reservation_id = reservation;   // one string for all
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace cloudlife::core {

class SharedText {
 public:
  SharedText() noexcept = default;
  SharedText(std::string text)  // NOLINT(google-explicit-constructor)
      : text_(text.empty() ? nullptr : std::make_shared<const std::string>(std::move(text))) {}
  SharedText(const char* text) : SharedText(std::string(text)) {}  // NOLINT

  const std::string& str() const noexcept { return text_ ? *text_ : empty_text(); }
  operator const std::string&() const noexcept { return str(); }  // NOLINT
  operator std::string_view() const noexcept { return str(); }    // NOLINT
  bool empty() const noexcept { return text_ == nullptr; }

  friend bool operator==(const SharedText& a, const SharedText& b) noexcept {
    return a.text_ == b.text_ || a.str() == b.str();
  }
  friend bool operator==(const SharedText& a, std::string_view b) noexcept { return a.str() == b; }
  friend bool operator==(const SharedText& a, const std::string& b) noexcept {
    return a.str() == b;
  }
  friend bool operator==(const SharedText& a, const char* b) noexcept { return a.str() == b; }

 private:
  static const std::string& empty_text() noexcept {
    static const std::string empty;
    return empty;
  }

  std::shared_ptr<const std::string> text_;
};

// nlohmann::json writes a SharedText as its text (found by argument-dependent lookup).
template <class BasicJson>
void to_json(BasicJson& json, const SharedText& text) {
  json = text.str();
}

}  // namespace cloudlife::core
