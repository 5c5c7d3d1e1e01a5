// The Recurrence of a scheduled action: a five-field Unix cron expression ([Minute] [Hour]
// [Day_of_Month] [Month_of_Year] [Day_of_Week]), evaluated in UTC or in an IANA time zone.
// Contract: parse() returns nullopt for an expression that is not valid cron; fields take `*`,
// numbers, ranges `a-b`, steps `*/n` and `a-b/n`, and lists `a,b`; months and weekdays also take
// names (JAN…DEC, SUN…SAT; weekday 7 is Sunday). When both day fields are restricted a day matches
// either (crontab(5)). next_after() is pure: the first matching local minute strictly after an
// instant, converted to UTC with the zone's rules (a time skipped by a daylight-saving change
// fires at the instant the clocks jumped to; a repeated time fires once, at its first occurrence);
// nullopt when nothing matches within the next eight years.
#pragma once

#include <bitset>
#include <optional>
#include <string>

#include "autoscaling/time_zone.h"
#include "core/time.h"

namespace cloudlife::autoscaling {

struct CronSchedule {
  std::bitset<60> minute_set;
  std::bitset<24> hour_set;
  std::bitset<32> day_set;     // 1..31
  std::bitset<13> month_set;   // 1..12
  std::bitset<7> weekday_set;  // 0 = Sunday
  bool any_day = true;         // day-of-month field is `*`
  bool any_weekday = true;     // day-of-week field is `*`

  static std::optional<CronSchedule> parse(const std::string& expression);
  std::optional<core::TimeMs> next_after(core::TimeMs after, const TimeZone& zone) const;
};

}  // namespace cloudlife::autoscaling
