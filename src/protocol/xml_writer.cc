#include "protocol/xml_writer.h"

#include <algorithm>
#include <charconv>
#include <cstring>

namespace cloudlife::protocol {

XmlWriter::XmlWriter(bool declaration) {
  // One block for the usual answer (an instance is ~4 KB): growing from 1 KB took six expansions,
  // each a copy. Larger answers reserve() ahead.
  out_.reserve(8192);
  names_.reserve(256);
  if (declaration) put("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
}

void XmlWriter::expand(std::size_t n) {
  // Zero-fills at most a step beyond what is needed, so a large reserve() stays untouched (and
  // not resident) until written; beyond the capacity the string grows geometrically. The step is
  // small while the answer is (a one-instance answer does not clear its whole first 8 KB).
  const std::size_t step = out_.size() < 64 * 1024 ? 2 * 1024 : 64 * 1024;
  out_.resize(
      std::max(len_ + n, std::min(out_.size() + step, std::max(out_.capacity(), len_ + n))));
}

void XmlWriter::put(std::string_view s) {
  if (!s.empty()) std::memcpy(grow(s.size()), s.data(), s.size());
}

namespace {

// Length of the well-formed UTF-8 sequence starting at text[i], or 0 when it is not one.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t n = 0;
  if (lead >= 0xC2 && lead <= 0xDF)
    n = 2;
  else if (lead >= 0xE0 && lead <= 0xEF)
    n = 3;
  else if (lead >= 0xF0 && lead <= 0xF4)
    n = 4;
  else
    return 0;
  if (i + n > text.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  const unsigned char second = byte(i + 1);
  if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F) ||
      (lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second > 0x8F)) {
    return 0;  // overlong, surrogate or beyond U+10FFFF
  }
  return n;
}

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// True for the bytes escape_into() must look at: markup characters, controls and non-ASCII.
constexpr bool needs_care(unsigned char u) {
  return u < 0x20 || u >= 0x80 || u == '&' || u == '<' || u == '>' || u == '"' || u == '\'';
}

struct CareTable {
  bool care[256] = {};
  constexpr CareTable() {
    for (int c = 0; c < 256; ++c) care[c] = needs_care(static_cast<unsigned char>(c));
  }
};
constexpr CareTable kCare;

// Calls append(piece) for the escaped form of `text`, in order: plain runs are passed whole.
template <class Append>
void escape(std::string_view text, Append&& append) {
  std::size_t run = 0;  // start of the plain run not yet appended
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto u = static_cast<unsigned char>(text[i]);
    if (!kCare.care[u]) continue;
    if (u == '\t' || u == '\n') continue;
    if (u >= 0x80) {
      if (const std::size_t n = utf8_sequence_length(text, i); n > 0) {
        i += n - 1;  // well-formed: stays in the plain run
        continue;
      }
    }
    append(text.substr(run, i - run));
    run = i + 1;
    switch (u) {
      case '&':
        append("&amp;");
        break;
      case '<':
        append("&lt;");
        break;
      case '>':
        append("&gt;");
        break;
      case '"':
        append("&quot;");
        break;
      case '\'':
        append("&apos;");
        break;
      case '\r':
        append("&#13;");
        break;
      // XML 1.0 allows no other control character, not even as a reference; and the document
      // must stay well-formed UTF-8.
      default:
        append(kReplacement);
    }
  }
  append(text.substr(run));
}

bool is_plain(std::string_view text) {
  for (const char c : text) {
    if (kCare.care[static_cast<unsigned char>(c)]) return false;
  }
  return true;
}

}  // namespace

void XmlWriter::escape_into(std::string& out, std::string_view text) {
  escape(text, [&](std::string_view piece) { out.append(piece); });
}

void XmlWriter::put_escaped(std::string_view text) {
  escape(text, [&](std::string_view piece) { put(piece); });
}

XmlWriter& XmlWriter::open(std::string_view name) {
  char* p = grow(name.size() + 2);
  *p++ = '<';
  std::memcpy(p, name.data(), name.size());
  p[name.size()] = '>';
  starts_.push_back(static_cast<std::uint32_t>(names_.size()));
  names_.append(name);
  return *this;
}

XmlWriter& XmlWriter::open_with_xmlns(std::string_view name, std::string_view xmlns) {
  put("<");
  put(name);
  put(" xmlns=\"");
  put_escaped(xmlns);
  put("\">");
  starts_.push_back(static_cast<std::uint32_t>(names_.size()));
  names_.append(name);
  return *this;
}

XmlWriter& XmlWriter::close() {
  if (starts_.empty()) return *this;
  const std::size_t start = starts_.back();
  const std::size_t n = names_.size() - start;
  char* p = grow(n + 3);
  *p++ = '<';
  *p++ = '/';
  std::memcpy(p, names_.data() + start, n);
  p[n] = '>';
  names_.resize(start);
  starts_.pop_back();
  return *this;
}

XmlWriter& XmlWriter::leaf(std::string_view name, std::string_view text) {
  if (!is_plain(text)) {
    put("<");
    put(name);
    put(">");
    put_escaped(text);
    put("</");
    put(name);
    put(">");
    return *this;
  }
  // The common case, in one step: <name>text</name>.
  char* p = grow(2 * name.size() + text.size() + 5);
  *p++ = '<';
  std::memcpy(p, name.data(), name.size());
  p += name.size();
  *p++ = '>';
  if (!text.empty()) std::memcpy(p, text.data(), text.size());
  p += text.size();
  *p++ = '<';
  *p++ = '/';
  std::memcpy(p, name.data(), name.size());
  p[name.size()] = '>';
  return *this;
}

XmlWriter& XmlWriter::leaf(std::string_view name, bool value) {
  return leaf(name, std::string_view(value ? "true" : "false"));
}

XmlWriter& XmlWriter::leaf(std::string_view name, long long value) {
  char buf[24];
  const char* end = std::to_chars(buf, buf + sizeof buf, value).ptr;  // 24 bytes always suffice
  return leaf(name, std::string_view(buf, static_cast<std::size_t>(end - buf)));
}
XmlWriter& XmlWriter::empty(std::string_view name) {
  char* p = grow(name.size() + 3);
  *p++ = '<';
  std::memcpy(p, name.data(), name.size());
  p[name.size()] = '/';
  p[name.size() + 1] = '>';
  return *this;
}

XmlWriter& XmlWriter::leaf_if(std::string_view name, std::string_view text) {
  if (!text.empty()) leaf(name, text);
  return *this;
}

}  // namespace cloudlife::protocol
