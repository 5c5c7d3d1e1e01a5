#include "protocol/xml_writer.h"

namespace cloudlife::protocol {

XmlWriter::XmlWriter(bool declaration) {
  out_.reserve(1024);
  if (declaration) out_ = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
}

void XmlWriter::escape_into(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\r': out += "&#13;"; break;
      default:
        // XML 1.0 allows no other control character, not even as a reference: U+FFFD instead.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') {
          out += "\xEF\xBF\xBD";
        } else {
          out.push_back(c);
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
