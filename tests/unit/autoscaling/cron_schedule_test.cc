// CronSchedule parsing and next-run arithmetic, in UTC and across daylight-saving changes read
// from the system tz database (TimeZone).
#include "autoscaling/cron_schedule.h"

#include <gtest/gtest.h>

#include "core/time.h"

namespace cloudlife::autoscaling {
namespace {

core::TimeMs at(const char* iso) {
  return *core::parse_iso8601(iso);
}
std::string iso(std::optional<core::TimeMs> t) {
  return t ? core::format_iso8601_s(*t) : std::string("none");
}

TEST(CronSchedule, RefusesWhatIsNotFiveValidFields) {
  for (const char* bad : {"", "* * * *", "* * * * * *", "60 * * * *", "* 24 * * *", "* * 0 * *",
                          "* * * 13 *", "* * * * 8", "5-1 * * * *", "*/0 * * * *", "a * * * *",
                          "1,,2 * * * *"}) {
    EXPECT_FALSE(CronSchedule::parse(bad)) << bad;
  }
  for (const char* good : {"* * * * *", "30 0 1 1,6,12 *", "*/15 9-17 * * MON-FRI",
                           "0 0 * JAN,jul 7", "5/20 * * * *", "0 12 ? * *"}) {
    EXPECT_TRUE(CronSchedule::parse(good)) << good;
  }
}

TEST(CronSchedule, NextRunIsStrictlyAfterInUtc) {
  const TimeZone utc = TimeZone::utc();
  const auto c = *CronSchedule::parse("30 0 1 1,6,12 *");
  EXPECT_EQ(iso(c.next_after(at("2026-11-26T17:00:00Z"), utc)), "2026-12-01T00:30:00Z");
  EXPECT_EQ(iso(c.next_after(at("2026-12-01T00:30:00Z"), utc)), "2027-01-01T00:30:00Z");
  const auto every15 = *CronSchedule::parse("*/15 * * * *");
  EXPECT_EQ(iso(every15.next_after(at("2026-11-26T17:00:00Z"), utc)), "2026-11-26T17:15:00Z");
  EXPECT_EQ(iso(every15.next_after(at("2026-11-26T16:59:59.999Z"), utc)), "2026-11-26T17:00:00Z");
}

TEST(CronSchedule, BothDayFieldsRestrictedMatchEither) {
  const TimeZone utc = TimeZone::utc();
  // The 13th, or any Friday: after Sun 2026-11-01 the first is Fri 2026-11-06.
  const auto c = *CronSchedule::parse("0 0 13 * FRI");
  EXPECT_EQ(iso(c.next_after(at("2026-11-01T00:00:00Z"), utc)), "2026-11-06T00:00:00Z");
  const auto weekday_only = *CronSchedule::parse("0 0 * * 7");  // 7 = Sunday
  EXPECT_EQ(iso(weekday_only.next_after(at("2026-11-26T00:00:00Z"), utc)), "2026-11-29T00:00:00Z");
}

TEST(CronSchedule, NeverMatchingDateHasNoNextRun) {
  EXPECT_FALSE(CronSchedule::parse("0 0 31 2 *")->next_after(0, TimeZone::utc()));
}

TEST(TimeZone, NewYorkOffsetsAndDaylightSavingChanges) {
  auto ny = TimeZone::load("America/New_York");
  ASSERT_TRUE(ny);
  EXPECT_EQ(ny->offset_at(at("2027-01-15T12:00:00Z") / 1000), -5 * 3600);
  EXPECT_EQ(ny->offset_at(at("2027-07-15T12:00:00Z") / 1000), -4 * 3600);
  // 09:00 local every day: 14:00Z in winter, 13:00Z once clocks go forward on 2027-03-14.
  const auto c = *CronSchedule::parse("0 9 * * *");
  EXPECT_EQ(iso(c.next_after(at("2027-03-13T00:00:00Z"), *ny)), "2027-03-13T14:00:00Z");
  EXPECT_EQ(iso(c.next_after(at("2027-03-13T14:00:00Z"), *ny)), "2027-03-14T13:00:00Z");
  // 02:30 does not exist on 2027-03-14: it runs when the clocks jumped (03:30 EDT = 07:30Z).
  const auto gap = *CronSchedule::parse("30 2 * * *");
  EXPECT_EQ(iso(gap.next_after(at("2027-03-14T05:00:00Z"), *ny)), "2027-03-14T07:30:00Z");
  // 01:30 happens twice on 2027-11-07: it runs once, at the first (EDT, 05:30Z).
  const auto twice = *CronSchedule::parse("30 1 * * *");
  EXPECT_EQ(iso(twice.next_after(at("2027-11-07T00:00:00Z"), *ny)), "2027-11-07T05:30:00Z");
  EXPECT_EQ(iso(twice.next_after(at("2027-11-07T05:30:00Z"), *ny)), "2027-11-08T06:30:00Z");
}

TEST(TimeZone, UnknownOrEscapingNamesAreNotZones) {
  EXPECT_FALSE(TimeZone::load("Mars/Olympus_Mons"));
  EXPECT_FALSE(TimeZone::load("../../etc/passwd"));
  EXPECT_FALSE(TimeZone::load("/etc/passwd"));
  EXPECT_FALSE(TimeZone::load("America"));  // a directory
  EXPECT_TRUE(TimeZone::load("Etc/UTC"));
  EXPECT_THROW(TimeZone::parse("not a zone file at all, but long enough to hold a header..."),
               std::runtime_error);
}

}  // namespace
}  // namespace cloudlife::autoscaling
