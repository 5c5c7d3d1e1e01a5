// The virtual clock every cloud reads its "now" from.
// Contract: in `real` mode now() is the wall clock plus an offset that advance() grows; in `frozen`
// mode now() moves only through advance() (or set_to()). now() never goes backwards except through
// reset_to_wall(). Not thread-safe: the Engine's lock guards it.
#pragma once

#include <functional>
#include <optional>
#include <string_view>

#include "core/time.h"

namespace cloudlife::core {

enum class ClockMode { kReal, kFrozen };

std::string_view clock_mode_name(ClockMode mode);
std::optional<ClockMode> parse_clock_mode(std::string_view text);

class VirtualClock {
 public:
  using WallSource = std::function<TimeMs()>;

  explicit VirtualClock(ClockMode mode = ClockMode::kReal, WallSource wall = wall_clock_now);

  TimeMs now() const;
  ClockMode mode() const { return mode_; }
  // The wall time now() is measured from (a snapshot records it next to now()).
  TimeMs wall_now() const { return wall_(); }

  // Moves virtual time forward by `delta` (>= 0).
  void advance(TimeMs delta);
  // Moves virtual time forward to `t`; earlier values are ignored.
  void set_to(TimeMs t);
  // Switches mode, keeping the current virtual time.
  void set_mode(ClockMode mode);
  // Puts virtual time back on the wall clock (offset 0 / frozen at wall now).
  void reset_to_wall();
  // Sets mode and virtual time exactly, even backwards (restoring a journal only).
  void restore(ClockMode mode, TimeMs virtual_now);

 private:
  ClockMode mode_;
  WallSource wall_;
  TimeMs offset_ = 0;  // real mode
  TimeMs frozen_ = 0;  // frozen mode
};

}  // namespace cloudlife::core
