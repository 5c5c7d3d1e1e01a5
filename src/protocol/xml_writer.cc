#include "protocol/xml_writer.h"

namespace cloudlife::protocol {

XmlWriter::XmlWriter(bool declaration) {
  out_.reserve(1024);
  if (declaration) out_ = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
}

namespace {

// Length of the well-formed UTF-8 sequence starting at text[i], or 0 when it is not one.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t n = 0;
  if (lead >= 0xC2 && lead <= 0xDF) n = 2;
  else if (lead >= 0xE0 && lead <= 0xEF) n = 3;
  else if (lead >= 0xF0 && lead <= 0xF4) n = 4;
  else return 0;
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

}  // namespace

void XmlWriter::escape_into(std::string& out, std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\r': out += "&#13;"; break;
      default: {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 && c != '\t' && c != '\n') {
          // XML 1.0 allows no other control character, not even as a reference.
          out += kReplacement;
        } else if (u < 0x80) {
          out.push_back(c);
        } else if (const std::size_t n = utf8_sequence_length(text, i); n > 0) {
          out.append(text.substr(i, n));
          i += n - 1;
        } else {
          out += kReplacement;  // the document must stay well-formed UTF-8
        }
      }
    }
  }
}

XmlWriter& XmlWriter::open(std::string_view name) {
  out_.push_back('<');
  out_.append(name);
  out_.push_back('>');
  stack_.emplace_back(name);
  return *this;
}

XmlWriter& XmlWriter::open_with_xmlns(std::string_view name, std::string_view xmlns) {
  out_.push_back('<');
  out_.append(name);
  out_.append(" xmlns=\"");
  escape_into(out_, xmlns);
  out_.append("\">");
  stack_.emplace_back(name);
  return *this;
}

XmlWriter& XmlWriter::close() {
  if (stack_.empty()) return *this;
  out_.append("</");
  out_.append(stack_.back());
  out_.push_back('>');
  stack_.pop_back();
  return *this;
}

XmlWriter& XmlWriter::leaf(std::string_view name, std::string_view text) {
  out_.push_back('<');
  out_.append(name);
  out_.push_back('>');
  escape_into(out_, text);
  out_.append("</");
  out_.append(name);
  out_.push_back('>');
  return *this;
}

XmlWriter& XmlWriter::leaf(std::string_view name, bool value) {
  return leaf(name, std::string_view(value ? "true" : "false"));
}

XmlWriter& XmlWriter::leaf(std::string_view name, long long value) {
  return leaf(name, std::string_view(std::to_string(value)));
}

XmlWriter& XmlWriter::empty(std::string_view name) {
  out_.push_back('<');
  out_.append(name);
  out_.append("/>");
  return *this;
}

XmlWriter& XmlWriter::leaf_if(std::string_view name, std::string_view text) {
  if (!text.empty()) leaf(name, text);
  return *this;
}

}  // namespace cloudlife::protocol
