#include "autoscaling/group_summary.h"

#include <fmt/format.h>

namespace cloudlife::autoscaling {

std::string group_state_summary(const Group& g) {
  std::string out = fmt::format("group={} min={} max={} desired={} zones=[{}]", g.name, g.min_size,
                                g.max_size, g.desired, fmt::join(g.zones, ","));
  if (!g.suspended.empty()) {
    out += " suspended=[";
    bool first = true;
    for (const auto& [process, reason] : g.suspended) {
      out += (first ? "" : ",") + process;
      first = false;
    }
    out += "]";
  }
  out += fmt::format(" new_instances_protected={} members=[", g.new_instances_protected);
  bool first = true;
  for (const Member& m : g.members) {
    out += fmt::format("{}{} {} {} {}{}{}{}", first ? "" : "; ", m.instance_id, m.zone, m.state,
                       m.health, m.protected_from_scale_in ? " protected" : "",
                       m.rebalance_launch ? " rebalancing" : "", m.warm ? " warm" : "");
    first = false;
  }
  return out + "]";
}

}  // namespace cloudlife::autoscaling
