// An interned, immutable string for values many records share (an instance type, a zone, a VPC
// ID, a state name).
// Contract: a Symbol is one pointer into a process-wide pool of distinct strings; equal texts give
// the same pointer, so copying is a pointer copy and equality of two Symbols is a pointer compare.
// The pool is thread-safe (interning takes its mutex; reading a Symbol takes nothing) and never
// shrinks: intern only values drawn from a small set, never per-record unique ones (instance IDs,
// addresses, client tokens, user data). A Symbol reads as `const std::string&` and as
// `std::string_view`, compares with strings by text, orders by text, and writes to JSON as its
// text.
//
//   core::Symbol type = request.instance_type;      // interns
//   if (type == "t3.micro") use(type.str());
#pragma once

#include <compare>
#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cloudlife::core {

class Symbol {
 public:
  Symbol() noexcept : text_(&empty_text()) {}
  Symbol(std::string_view text) : text_(intern(text)) {}    // NOLINT(google-explicit-constructor)
  Symbol(const std::string& text) : text_(intern(text)) {}  // NOLINT(google-explicit-constructor)
  Symbol(const char* text) : text_(intern(text)) {}         // NOLINT(google-explicit-constructor)

  const std::string& str() const noexcept { return *text_; }
  operator const std::string&() const noexcept { return *text_; }  // NOLINT
  operator std::string_view() const noexcept { return *text_; }    // NOLINT

  bool empty() const noexcept { return text_->empty(); }
  std::size_t size() const noexcept { return text_->size(); }
  std::size_t length() const noexcept { return text_->size(); }
  const char* c_str() const noexcept { return text_->c_str(); }
  const char* data() const noexcept { return text_->data(); }
  std::string::const_iterator begin() const noexcept { return text_->begin(); }
  std::string::const_iterator end() const noexcept { return text_->end(); }
  char operator[](std::size_t i) const noexcept { return (*text_)[i]; }
  bool starts_with(std::string_view prefix) const noexcept { return text_->starts_with(prefix); }
  bool ends_with(std::string_view suffix) const noexcept { return text_->ends_with(suffix); }
  std::size_t find(std::string_view what, std::size_t pos = 0) const noexcept {
    return text_->find(what, pos);
  }
  std::size_t find(char what, std::size_t pos = 0) const noexcept { return text_->find(what, pos); }
  std::size_t rfind(char what, std::size_t pos = std::string::npos) const noexcept {
    return text_->rfind(what, pos);
  }
  std::string substr(std::size_t pos, std::size_t n = std::string::npos) const {
    return text_->substr(pos, n);
  }
  void clear() noexcept { text_ = &empty_text(); }

  // How many distinct texts the pool holds (for tests and diagnostics).
  static std::size_t pool_size();

  friend bool operator==(const Symbol& a, const Symbol& b) noexcept { return a.text_ == b.text_; }
  friend bool operator==(const Symbol& a, std::string_view b) noexcept { return *a.text_ == b; }
  friend bool operator==(const Symbol& a, const std::string& b) noexcept { return *a.text_ == b; }
  friend bool operator==(const Symbol& a, const char* b) noexcept { return *a.text_ == b; }
  friend std::strong_ordering operator<=>(const Symbol& a, const Symbol& b) noexcept {
    return a.text_ == b.text_ ? std::strong_ordering::equal : *a.text_ <=> *b.text_;
  }
  friend std::strong_ordering operator<=>(const Symbol& a, std::string_view b) noexcept {
    return std::string_view(*a.text_) <=> b;
  }
  friend std::strong_ordering operator<=>(const Symbol& a, const std::string& b) noexcept {
    return *a.text_ <=> b;
  }
  friend std::strong_ordering operator<=>(const Symbol& a, const char* b) noexcept {
    return std::string_view(*a.text_) <=> std::string_view(b);
  }

  friend std::string operator+(const Symbol& a, std::string_view b) {
    std::string out = *a.text_;
    out += b;
    return out;
  }
  friend std::string operator+(std::string_view a, const Symbol& b) {
    std::string out(a);
    out += *b.text_;
    return out;
  }
  friend std::string operator+(const Symbol& a, const std::string& b) { return *a.text_ + b; }
  friend std::string operator+(const std::string& a, const Symbol& b) { return a + *b.text_; }
  friend std::string operator+(const Symbol& a, const char* b) { return *a.text_ + b; }
  friend std::string operator+(const char* a, const Symbol& b) { return a + *b.text_; }
  friend std::string operator+(std::string&& a, const Symbol& b) {
    a += *b.text_;
    return std::move(a);
  }
  friend std::string operator+(const Symbol& a, const Symbol& b) { return *a.text_ + *b.text_; }

 private:
  static const std::string& empty_text() noexcept;
  static const std::string* intern(std::string_view text);

  const std::string* text_;
};

std::ostream& operator<<(std::ostream& out, const Symbol& symbol);

// Interns each text, in order.
std::vector<Symbol> symbols_of(const std::vector<std::string>& texts);
// Each symbol's text, in order.
std::vector<std::string> texts_of(const std::vector<Symbol>& symbols);

// nlohmann::json writes a Symbol as its text (found by argument-dependent lookup).
template <class BasicJson>
void to_json(BasicJson& json, const Symbol& symbol) {
  json = symbol.str();
}

// The Symbol for a literal, interned once per program: `core::interned<"default">()`.
template <std::size_t N>
struct SymbolLiteral {
  constexpr SymbolLiteral(const char (&text)[N]) {  // NOLINT(google-explicit-constructor)
    for (std::size_t i = 0; i < N; ++i) chars[i] = text[i];
  }
  char chars[N];
};

template <SymbolLiteral Text>
const Symbol& interned() {
  static const Symbol symbol{std::string_view(Text.chars, sizeof(Text.chars) - 1)};
  return symbol;
}

}  // namespace cloudlife::core

template <>
struct std::hash<cloudlife::core::Symbol> {
  std::size_t operator()(const cloudlife::core::Symbol& symbol) const noexcept {
    return std::hash<std::string_view>{}(symbol);
  }
};
