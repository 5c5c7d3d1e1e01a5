#include "autoscaling/cron_schedule.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <sstream>
#include <vector>

namespace cloudlife::autoscaling {
namespace {

constexpr std::array<const char*, 12> kMonths = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                 "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr std::array<const char*, 7> kWeekdays = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

std::optional<int> field_number(const std::string& text, const char* const* names, int name_base,
                                std::size_t name_count) {
  if (text.empty()) return std::nullopt;
  if (std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    if (text.size() > 3) return std::nullopt;
    return std::stoi(text);
  }
  std::string upper;
  for (char c : text)
    upper.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  for (std::size_t i = 0; i < name_count; ++i) {
    if (upper == names[i]) return name_base + static_cast<int>(i);
  }
  return std::nullopt;
}

// One field into `set` (values lo..hi); false when malformed or out of range.
template <std::size_t N>
bool parse_field(const std::string& field, int lo, int hi, std::bitset<N>& set,
                 const char* const* names = nullptr, int name_base = 0,
                 std::size_t name_count = 0) {
  std::stringstream items(field);
  std::string item;
  bool any = false;
  while (std::getline(items, item, ',')) {
    any = true;
    int step = 1;
    if (auto slash = item.find('/'); slash != std::string::npos) {
      auto s = field_number(item.substr(slash + 1), nullptr, 0, 0);
      if (!s || *s < 1) return false;
      step = *s;
      item = item.substr(0, slash);
    }
    int from = lo, to = hi;
    if (item == "?") item = "*";
    if (item != "*") {
      const auto dash = item.find('-');
      auto a = field_number(item.substr(0, dash), names, name_base, name_count);
      if (!a) return false;
      from = to = *a;
      if (dash != std::string::npos) {
        auto b = field_number(item.substr(dash + 1), names, name_base, name_count);
        if (!b) return false;
        to = *b;
      } else if (step != 1) {
        to = hi;  // "5/15": from 5 every 15
      }
    }
    if (from < lo || to > hi || from > to) return false;
    for (int v = from; v <= to; v += step) set.set(static_cast<std::size_t>(v));
  }
  return any;
}

}  // namespace

std::optional<CronSchedule> CronSchedule::parse(const std::string& expression) {
  std::stringstream in(expression);
  std::vector<std::string> fields;
  for (std::string f; in >> f;) fields.push_back(f);
  if (fields.size() != 5) return std::nullopt;
  CronSchedule c;
  std::bitset<8> weekdays;
  if (!parse_field(fields[0], 0, 59, c.minute_set) || !parse_field(fields[1], 0, 23, c.hour_set) ||
      !parse_field(fields[2], 1, 31, c.day_set) ||
      !parse_field(fields[3], 1, 12, c.month_set, kMonths.data(), 1, kMonths.size()) ||
      !parse_field(fields[4], 0, 7, weekdays, kWeekdays.data(), 0, kWeekdays.size())) {
    return std::nullopt;
  }
  for (std::size_t d = 0; d < 7; ++d) c.weekday_set[d] = weekdays[d];
  if (weekdays[7]) c.weekday_set.set(0);
  c.any_day = fields[2] == "*" || fields[2] == "?";
  c.any_weekday = fields[4] == "*" || fields[4] == "?";
  return c;
}

std::optional<core::TimeMs> CronSchedule::next_after(core::TimeMs after,
                                                     const TimeZone& zone) const {
  using namespace std::chrono;
  const long long after_s = after / 1000;  // a fire at after_s*1000 <= after never qualifies
  const long long local_now = after_s + zone.offset_at(after_s);
  sys_days day{days{(local_now >= 0 ? local_now : local_now - 86399) / 86400}};
  for (int k = 0; k < 366 * 8 + 2; ++k, day += days{1}) {
    const year_month_day ymd{day};
    if (!month_set[static_cast<unsigned>(ymd.month())]) continue;
    const bool dom = day_set[static_cast<unsigned>(ymd.day())];
    const bool dow = weekday_set[weekday{day}.c_encoding()];
    const bool match = any_day && any_weekday ? true
                       : any_day              ? dow
                       : any_weekday          ? dom
                                              : (dom || dow);
    if (!match) continue;
    const long long base = day.time_since_epoch().count() * 86400LL;
    for (int h = 0; h < 24; ++h) {
      if (!hour_set[static_cast<std::size_t>(h)]) continue;
      for (int m = 0; m < 60; ++m) {
        if (!minute_set[static_cast<std::size_t>(m)]) continue;
        const long long utc = zone.to_utc(base + h * 3600LL + m * 60LL);
        if (utc * 1000 > after) return utc * 1000;
      }
    }
  }
  return std::nullopt;
}

}  // namespace cloudlife::autoscaling
