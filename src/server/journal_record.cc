#include "server/journal_record.h"

#include <charconv>

#include "protocol/crypto.h"
#include "protocol/form_decoding.h"

namespace cloudlife::server {
namespace {

// A cursor over the record's text; every reader answers false on anything it does not handle.
struct JournalRecordCursor {
  std::string_view text;
  std::size_t at = 0;

  bool eat(char c) {
    if (at < text.size() && text[at] == c) {
      ++at;
      return true;
    }
    return false;
  }
  bool peek(char c) const { return at < text.size() && text[at] == c; }

  // A JSON string with the escapes nlohmann and Python write for ASCII text; \u escapes and raw
  // control characters are left to nlohmann.
  bool string(std::string& out) {
    if (!eat('"')) return false;
    out.clear();
    while (at < text.size()) {
      // One pass to the next quote or backslash; a raw control character is not JSON.
      std::size_t run = at;
      while (run < text.size() && text[run] != '"' && text[run] != '\\') {
        if (static_cast<unsigned char>(text[run]) < 0x20) return false;
        ++run;
      }
      if (run == text.size()) return false;
      out.append(text.substr(at, run - at));
      at = run + 1;
      if (text[run] == '"') return true;
      if (at >= text.size()) return false;
      switch (text[at++]) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        default:
          return false;  // \uXXXX: nlohmann decodes it
      }
    }
    return false;
  }

  bool integer(core::TimeMs& out) {
    const char* begin = text.data() + at;
    const char* end = text.data() + text.size();
    // JSON allows no leading zero ("007"): leave such text to nlohmann, which refuses it.
    const char* digits = begin < end && *begin == '-' ? begin + 1 : begin;
    if (end - digits > 1 && digits[0] == '0' && digits[1] >= '0' && digits[1] <= '9') return false;
    const auto [ptr, ec] = std::from_chars(begin, end, out);
    if (ec != std::errc() || ptr == begin) return false;
    // A fraction or an exponent is a number nlohmann reads as a double: not ours.
    if (ptr < end && (*ptr == '.' || *ptr == 'e' || *ptr == 'E')) return false;
    at += static_cast<std::size_t>(ptr - begin);
    return true;
  }
};

bool read_journaled_bytes(JournalRecordCursor& c, std::string& out, bool base64) {
  if (!c.string(out)) return false;
  if (!base64) return true;
  out = protocol::base64_decode(out).value_or("");
  return true;
}

// {"n":…,"v":…} (or "n64"/"v64"): one journaled header.
bool read_journaled_header(JournalRecordCursor& c, protocol::HttpRequest& request) {
  if (!c.eat('{')) return false;
  std::string key, name, value;
  bool plain_name = false, plain_value = false, b64_name = false, b64_value = false;
  std::string name64, value64;
  while (true) {
    if (!c.string(key) || !c.eat(':')) return false;
    if (key == "n") {
      if (!read_journaled_bytes(c, name, false)) return false;
      plain_name = true;
    } else if (key == "v") {
      if (!read_journaled_bytes(c, value, false)) return false;
      plain_value = true;
    } else if (key == "n64") {
      if (!read_journaled_bytes(c, name64, true)) return false;
      b64_name = true;
    } else if (key == "v64") {
      if (!read_journaled_bytes(c, value64, true)) return false;
      b64_value = true;
    } else {
      return false;
    }
    if (c.eat('}')) break;
    if (!c.eat(',')) return false;
  }
  // As get_bytes(): the base64 member wins; a missing one reads as "".
  request.headers.emplace(b64_name     ? name64
                          : plain_name ? name
                                       : "",
                          b64_value     ? value64
                          : plain_value ? value
                                        : "");
  return true;
}

void finish_journaled_request(protocol::HttpRequest& request) {
  if (auto pairs = protocol::decode_form(request.raw_query)) request.query = std::move(*pairs);
  request.remote_addr = "journal";
}

}  // namespace

std::optional<JournalRecord> read_journal_record(std::string_view text) {
  JournalRecordCursor c{text};
  JournalRecord r;
  r.request.method = "POST";
  std::string key;
  // Plain and base64 forms of the byte members: the base64 one wins, whatever the order.
  std::optional<std::string> b64[3];
  std::string* plain[3] = {&r.request.path, &r.request.raw_query, &r.request.body};
  if (!c.eat('{')) return std::nullopt;
  if (!c.eat('}')) {
    while (true) {
      if (!c.string(key) || !c.eat(':')) return std::nullopt;
      bool ok = true;
      if (key == "t") {
        ok = c.string(r.kind);
      } else if (key == "m") {
        ok = c.string(r.request.method);
      } else if (key == "p" || key == "q" || key == "b") {
        ok = c.string(*plain[key == "p" ? 0 : key == "q" ? 1 : 2]);
      } else if (key == "p64" || key == "q64" || key == "b64") {
        std::string v;
        ok = read_journaled_bytes(c, v, true);
        b64[key == "p64" ? 0 : key == "q64" ? 1 : 2] = std::move(v);
      } else if (key == "e") {
        ok = c.string(r.error_code);
      } else if (key == "mode_after") {
        ok = c.string(r.mode_after);
      } else if (key == "v" || key == "w" || key == "v_after") {
        core::TimeMs t = 0;
        ok = c.integer(t);
        (key == "v" ? r.virtual_at : key == "w" ? r.wall_at : r.virtual_after) = t;
      } else if (key == "s") {
        core::TimeMs s = 0;
        ok = c.integer(s) && s >= 0 && s < 1000;
        r.status = static_cast<int>(s);
      } else if (key == "h") {
        ok = c.eat('[');
        if (ok && !c.eat(']')) {
          while (ok) {
            ok = read_journaled_header(c, r.request);
            if (ok && c.eat(']')) break;
            ok = ok && c.eat(',');
          }
        }
      } else {
        return std::nullopt;  // a member this reader does not know: nlohmann's turn
      }
      if (!ok) return std::nullopt;
      if (c.eat('}')) break;
      if (!c.eat(',')) return std::nullopt;
    }
  }
  if (c.at != text.size()) return std::nullopt;
  for (int i = 0; i < 3; ++i) {
    if (b64[i]) *plain[i] = std::move(*b64[i]);
  }
  finish_journaled_request(r.request);
  return r;
}

JournalRecord journal_record_from_json(const nlohmann::json& r) {
  const auto bytes = [&](const nlohmann::json& o, const std::string& key) -> std::string {
    if (o.contains(key + "64")) {
      return protocol::base64_decode(o[key + "64"].get<std::string>()).value_or("");
    }
    return o.value(key, "");
  };
  JournalRecord out;
  out.kind = r.value("t", "");
  out.request.method = r.value("m", "POST");
  out.request.path = bytes(r, "p");
  out.request.raw_query = bytes(r, "q");
  out.request.body = bytes(r, "b");
  for (const auto& h : r.value("h", nlohmann::json::array())) {
    out.request.headers.emplace(bytes(h, "n"), bytes(h, "v"));
  }
  finish_journaled_request(out.request);
  if (r.contains("v")) out.virtual_at = r["v"].get<core::TimeMs>();
  if (r.contains("w")) out.wall_at = r["w"].get<core::TimeMs>();
  if (r.contains("v_after")) out.virtual_after = r["v_after"].get<core::TimeMs>();
  out.status = r.value("s", 200);
  out.error_code = r.value("e", "");
  out.mode_after = r.value("mode_after", "real");
  return out;
}

}  // namespace cloudlife::server
