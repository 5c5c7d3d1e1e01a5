// A small streaming XML writer for response documents.
// Contract: text and attribute values are escaped; elements close in LIFO order; str() returns the
// document so far. Produces compact XML (no indentation) with an optional declaration.
// Cost: writing never allocates per element (open element names live in one arena string); the
// output grows geometrically unless reserve() sized it up front, and take() hands the buffer over
// without a copy.
#pragma once

#include <cstdint>
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
  // Writes `markup` as it is: a run of complete, well-formed elements the caller wrote out (a
  // constant part of an answer, e.g. "<hypervisor>xen</hypervisor>"), neither escaped nor
  // checked, and it opens nothing that close() would close.
  XmlWriter& raw(std::string_view markup) {
    put(markup);
    return *this;
  }

  // Makes room for `bytes` more output, so a large answer is written once into one buffer (the
  // reserved memory is only touched as it is written).
  void reserve(std::size_t bytes) { out_.reserve(len_ + bytes); }
  std::size_t size() const { return len_; }

  // The document so far.
  const std::string& str() {
    out_.resize(len_);
    return out_;
  }
  // Hands the document over without copying it.
  std::string take() {
    out_.resize(len_);
    len_ = 0;
    return std::move(out_);
  }

  static void escape_into(std::string& out, std::string_view text);

 private:
  // `n` bytes to write at the end of the document; out_ is grown ahead of len_ in steps.
  char* grow(std::size_t n) {
    if (len_ + n > out_.size()) expand(n);
    char* at = out_.data() + len_;
    len_ += n;
    return at;
  }
  void expand(std::size_t n);
  void put(std::string_view s);
  void put_escaped(std::string_view text);

  std::string out_;  // bytes [0, len_) are the document; the rest is room to write
  std::size_t len_ = 0;
  std::string names_;                  // the open elements' names, back to back
  std::vector<std::uint32_t> starts_;  // where each open element's name starts in names_
};

}  // namespace cloudlife::protocol
