#include "protocol/aws_codec.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace cloudlife::protocol {
namespace {

char* put_digits(char* p, int value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    p[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return p + width;
}

}  // namespace

std::size_t format_timestamp(char* buf, core::TimeMs t) {
  // Days from the epoch to a civil date (H. Hinnant's days_from_civil, inverted).
  core::TimeMs days = t >= 0 ? t / core::kDay : -((-t + core::kDay - 1) / core::kDay);
  core::TimeMs in_day = t - days * core::kDay;
  days += 719468;
  const core::TimeMs era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const auto day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const auto month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const auto year = static_cast<int>(static_cast<core::TimeMs>(yoe) + era * 400 + (month <= 2));
  const auto ms = static_cast<int>(in_day % 1000);
  const auto sec = static_cast<int>(in_day / 1000);
  if (year < 0 || year > 9999) {
    return static_cast<std::size_t>(std::snprintf(buf, 32, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                                                  year, month, day, sec / 3600, sec / 60 % 60,
                                                  sec % 60, ms));
  }
  char* p = put_digits(buf, year, 4);
  *p++ = '-';
  p = put_digits(p, month, 2);
  *p++ = '-';
  p = put_digits(p, day, 2);
  *p++ = 'T';
  p = put_digits(p, sec / 3600, 2);
  *p++ = ':';
  p = put_digits(p, sec / 60 % 60, 2);
  *p++ = ':';
  p = put_digits(p, sec % 60, 2);
  *p++ = '.';
  p = put_digits(p, ms, 3);
  *p++ = 'Z';
  return static_cast<std::size_t>(p - buf);
}

void write_timestamp(XmlWriter& xml, std::string_view element, Timestamp t) {
  char buf[32];
  xml.leaf(element, std::string_view(buf, format_timestamp(buf, t.ms)));
}

void write_double(XmlWriter& xml, std::string_view element, Double d) {
  char buf[32];
  const char* end = std::to_chars(buf, buf + sizeof buf, d.v).ptr;
  xml.leaf(element, std::string_view(buf, static_cast<std::size_t>(end - buf)));
}

bool read_string(const QueryParams& p, std::string_view key, std::string& out) {
  const std::string* v = p.find(key);
  if (!v) return false;
  out = *v;
  return true;
}

bool read_integer(const QueryParams& p, std::string_view key, std::int64_t& out) {
  const std::optional<std::int64_t> v = p.integer(key);
  if (!v) return false;
  out = *v;
  return true;
}

bool read_boolean(const QueryParams& p, std::string_view key, bool& out) {
  const std::optional<bool> v = p.boolean(key);
  if (!v) return false;
  out = *v;
  return true;
}

bool read_double(const QueryParams& p, std::string_view key, double& out) {
  const std::string* v = p.find(key);
  if (!v) return false;
  const char* begin = v->data();
  const char* end = begin + v->size();
  if (begin != end && *begin == '+') ++begin;
  auto [ptr, ec] = std::from_chars(begin, end, out);
  if (ec != std::errc{} || ptr != end || begin == end || !std::isfinite(out)) {
    throw ParamError(ParamError::Kind::kNotNumber, p.full_name(key), *v);
  }
  return true;
}

bool read_timestamp(const QueryParams& p, std::string_view key, core::TimeMs& out) {
  const std::string* v = p.find(key);
  if (!v) return false;
  if (std::optional<core::TimeMs> t = core::parse_iso8601(*v)) {
    out = *t;
    return true;
  }
  double seconds = 0;
  const char* end = v->data() + v->size();
  auto [ptr, ec] = std::from_chars(v->data(), end, seconds);
  if (v->empty() || ec != std::errc{} || ptr != end || !std::isfinite(seconds)) {
    throw ParamError(ParamError::Kind::kNotTimestamp, p.full_name(key), *v);
  }
  out = static_cast<core::TimeMs>(std::llround(seconds * 1000));
  return true;
}

}  // namespace cloudlife::protocol
