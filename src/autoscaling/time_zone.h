// IANA time zones read from the system tz database (TZif files under /usr/share/zoneinfo; GCC 12's
// libstdc++ has no std::chrono::locate_zone). Used by scheduled actions' TimeZone.
// Contract: TimeZone::load answers nullptr for a name that is not a zone (or escapes the database
// directory); a loaded zone is immutable and shared. Offsets are seconds east of UTC. Instants
// before the first transition use the file's first local time type; instants after the last
// transition keep the last offset (Debian ships "fat" files whose transitions run to 2037, so
// daylight-saving changes are exact until then).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cloudlife::autoscaling {

class TimeZone {
 public:
  // The zone called `name` ("America/New_York", "Etc/UTC", "UTC"), cached after the first load.
  static std::shared_ptr<const TimeZone> load(const std::string& name);
  // Parses TZif bytes (version 1 or 2+; the 64-bit block when present). Throws std::runtime_error
  // for anything that is not a TZif file.
  static TimeZone parse(std::string_view bytes);
  static TimeZone utc();

  long long offset_at(long long utc_seconds) const;
  // A local wall-clock time as UTC: the earlier instant when the local time occurs twice (clocks
  // set back), and the instant the clocks jumped over it when it does not occur (clocks set
  // forward: 02:30 on a spring-forward day is 03:30 daylight time).
  long long to_utc(long long local_seconds) const;

 private:
  std::vector<long long> transitions_;  // UTC seconds, ascending
  std::vector<int> offset_after_;       // offset in force from transitions_[i] on
  int initial_offset_ = 0;
};

}  // namespace cloudlife::autoscaling
