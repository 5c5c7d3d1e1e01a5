// A small streaming XML writer for response documents.
// Contract: text and attribute values are escaped; elements close in LIFO order; str() returns the
// document so far. Produces compact XML (no indentation) with an optional declaration.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cloudlife::protocol {

class XmlWriter {
 public:
  explicit XmlWriter(bool declaration = true);

  XmlWriter& open(std::string_view name);
  XmlWriter& open_with_xmlns(std::string_view name, std::string_view xmlns);
  XmlWriter& close();
  // <name>text</name>
  XmlWriter& leaf(std::string_view name, std::string_view text);
  XmlWriter& leaf(std::string_view name, const std::string& text) {
    return leaf(name, std::string_view(text));
  }
  XmlWriter& leaf(std::string_view name, const char* text) {
    return leaf(name, std::string_view(text));
  }
  XmlWriter& leaf(std::string_view name, bool value);
  XmlWriter& leaf(std::string_view name, long long value);
  XmlWriter& leaf(std::string_view name, int value) {
    return leaf(name, static_cast<long long>(value));
  }
  XmlWriter& leaf(std::string_view name, long value) {
    return leaf(name, static_cast<long long>(value));
  }
  // <name/>
  XmlWriter& empty(std::string_view name);
  // Only when `text` is non-empty.
  XmlWriter& leaf_if(std::string_view name, std::string_view text);

  const std::string& str() const { return out_; }
  std::string take() { return std::move(out_); }

  static void escape_into(std::string& out, std::string_view text);

 private:
  std::string out_;
  std::vector<std::string> stack_;
};

}  // namespace cloudlife::protocol
