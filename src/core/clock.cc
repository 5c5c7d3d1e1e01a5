#include "core/clock.h"

#include <utility>

namespace cloudlife::core {

std::string_view clock_mode_name(ClockMode mode) {
  return mode == ClockMode::kReal ? "real" : "frozen";
}

std::optional<ClockMode> parse_clock_mode(std::string_view text) {
  if (text == "real") return ClockMode::kReal;
  if (text == "frozen") return ClockMode::kFrozen;
  return std::nullopt;
}

VirtualClock::VirtualClock(ClockMode mode, WallSource wall) : mode_(mode), wall_(std::move(wall)) {
  frozen_ = wall_();
}

TimeMs VirtualClock::now() const { return mode_ == ClockMode::kReal ? wall_() + offset_ : frozen_; }

void VirtualClock::advance(TimeMs delta) {
  if (delta <= 0) return;
  if (mode_ == ClockMode::kReal) {
    offset_ += delta;
  } else {
    frozen_ += delta;
  }
}

void VirtualClock::set_to(TimeMs t) { advance(t - now()); }

void VirtualClock::set_mode(ClockMode mode) {
  if (mode == mode_) return;
  const TimeMs current = now();
  mode_ = mode;
  if (mode_ == ClockMode::kFrozen) {
    frozen_ = current;
  } else {
    offset_ = current - wall_();
  }
}

void VirtualClock::restore(ClockMode mode, TimeMs virtual_now) {
  mode_ = mode;
  frozen_ = virtual_now;
  offset_ = virtual_now - wall_();
}

void VirtualClock::reset_to_wall() {
  offset_ = 0;
  frozen_ = wall_();
}

}  // namespace cloudlife::core
