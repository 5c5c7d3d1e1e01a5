// Virtual time values and their text forms.
// Contract: every time in cloudlife is an integer count of milliseconds since the Unix epoch (UTC).
// Formatting never consults the wall clock; parsing accepts the ISO 8601 forms the clouds use.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cloudlife::core {

using TimeMs = std::int64_t;

constexpr TimeMs kSecond = 1000;
constexpr TimeMs kMinute = 60 * kSecond;
constexpr TimeMs kHour = 60 * kMinute;
constexpr TimeMs kDay = 24 * kHour;

// The host's wall clock, in milliseconds since the epoch.
TimeMs wall_clock_now();

// "2026-11-21T10:00:00.000Z" (the form EC2 and Auto Scaling responses use).
std::string format_iso8601_ms(TimeMs t);
// "2026-11-21T10:00:00Z" (second precision; activity causes, ECS times use "…T10:00Z" via the next).
std::string format_iso8601_s(TimeMs t);
// "2026-11-21T10:00Z" (minute precision, as Alibaba ECS writes auto-release times).
std::string format_iso8601_min(TimeMs t);
// "2026-11-21 10:00:00" (the form inside EC2's StateTransitionReason "User initiated (… GMT)").
std::string format_space_separated(TimeMs t);

// Parses "YYYY-MM-DDTHH:MM[:SS[.fff]]Z" (UTC only). Returns nothing on any other form.
std::optional<TimeMs> parse_iso8601(std::string_view text);

}  // namespace cloudlife::core
