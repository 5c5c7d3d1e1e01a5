#include "ecs/api/answer_writer.h"

#include "core/json_escape.h"

namespace cloudlife::ecs::api {
namespace {

// The length of the valid UTF-8 sequence at s[i] (0 when invalid).
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  std::size_t n = 0;
  std::uint32_t min = 0;
  if (c >= 0xc2 && c <= 0xdf) {
    n = 2;
    min = 0x80;
  } else if (c >= 0xe0 && c <= 0xef) {
    n = 3;
    min = 0x800;
  } else if (c >= 0xf0 && c <= 0xf4) {
    n = 4;
    min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  std::uint32_t cp = c & (0xff >> (n + 1));
  for (std::size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return n;
}

}  // namespace

AnswerWriter::AnswerWriter(bool xml) : xml_(xml), xml_writer_(true) {}

void AnswerWriter::reserve(std::size_t bytes) {
  if (xml_) {
    xml_writer_.reserve(bytes);
  } else {
    json_.reserve(bytes);
  }
}

void AnswerWriter::json_string(std::string& out, std::string_view s) {
  out += '"';
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
      std::size_t j = i + 1;
      while (j < s.size()) {
        const auto d = static_cast<unsigned char>(s[j]);
        if (d < 0x20 || d >= 0x80 || d == '"' || d == '\\') break;
        ++j;
      }
      out.append(s.data() + i, j - i);
      i = j;
      continue;
    }
    if (c >= 0x80) {
      const std::size_t n = utf8_length(s, i);
      if (n == 0) {
        out += "\xef\xbf\xbd";
        ++i;
      } else {
        out.append(s.data() + i, n);
        i += n;
      }
      continue;
    }
    core::append_json_escaped_ascii(out, c);
    ++i;
  }
  out += '"';
}

void AnswerWriter::separator() {
  Frame& f = frames_.back();
  if (!f.first) json_ += ',';
  f.first = false;
}

void AnswerWriter::key(std::string_view name) {
  separator();
  json_ += '"';
  json_.append(name);
  json_ += "\":";
}

void AnswerWriter::begin(std::string_view root) {
  frames_.push_back({});
  if (xml_) {
    xml_writer_.open(root);
  } else {
    json_ += '{';
  }
}

std::string AnswerWriter::finish() {
  frames_.clear();
  if (xml_) {
    xml_writer_.close();
    return xml_writer_.take();
  }
  json_ += '}';
  return std::move(json_);
}

void AnswerWriter::field(std::string_view name, std::string_view value) {
  if (xml_) {
    xml_writer_.leaf(name, value);
    return;
  }
  key(name);
  json_string(json_, value);
}

void AnswerWriter::field(std::string_view name, long long value) {
  if (xml_) {
    xml_writer_.leaf(name, value);
    return;
  }
  key(name);
  json_ += std::to_string(value);
}

void AnswerWriter::field(std::string_view name, bool value) {
  if (xml_) {
    xml_writer_.leaf(name, value);
    return;
  }
  key(name);
  json_ += value ? "true" : "false";
}

void AnswerWriter::open(std::string_view name) {
  if (xml_) {
    xml_writer_.open(name);
  } else {
    key(name);
    json_ += '{';
  }
  frames_.push_back({});
}

void AnswerWriter::close() {
  frames_.pop_back();
  if (xml_) {
    xml_writer_.close();
  } else {
    json_ += '}';
  }
}

void AnswerWriter::open_list(std::string_view wrapper, std::string_view item) {
  if (xml_) {
    xml_writer_.open(wrapper);
  } else {
    key(wrapper);
    json_ += "{\"";
    json_.append(item);
    json_ += "\":[";
  }
  frames_.push_back({true, item});
}

void AnswerWriter::close_list() {
  frames_.pop_back();
  if (xml_) {
    xml_writer_.close();
  } else {
    json_ += "]}";
  }
}

void AnswerWriter::item() {
  if (xml_) {
    xml_writer_.open(frames_.back().item);
  } else {
    separator();
    json_ += '{';
  }
  frames_.push_back({});
}

void AnswerWriter::close_item() {
  close();
}

void AnswerWriter::string_item(std::string_view value) {
  if (xml_) {
    xml_writer_.leaf(frames_.back().item, value);
    return;
  }
  separator();
  json_string(json_, value);
}

}  // namespace cloudlife::ecs::api
