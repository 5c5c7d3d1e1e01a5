// The visible instances of one partition by zone, by status and by both, each list in launch
// order, so a DescribeInstances filtered on them costs in proportion to the page, not the region.
// Contract: add() takes a new instance (its launch sequence number is the greatest so far),
// remove() one whose release has begun (before its record goes). Zones never change. A status can
// change with virtual time alone (Pending -> Starting -> Running, a reboot's Stopping ->
// Starting, CreateInstance's Pending -> Stopped), so an instance is "unsettled" from add() or
// touch() (every model change that starts a transition calls it) until refresh() finds it
// settled; refresh() re-reads the status of the unsettled instances only and moves those whose
// status changed. After refresh(now), status(s) lists exactly the instances whose status at
// `now` is s.
//
//   index.add(r, "Pending");
//   index.refresh(now, status_at, settled_at);   // before reading status lists
//   for (const InstanceRecord* r : *index.status("Running")) …
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ecs/ecs_types.h"

namespace cloudlife::ecs {

class InstanceIndex {
 public:
  using List = std::vector<const InstanceRecord*>;  // ascending launch sequence number

  void add(const InstanceRecord& r, const std::string& status);
  void remove(const InstanceRecord& r);
  // The instance's status may change from now on without another model call.
  void touch(const InstanceRecord& r);
  // status_at(r): the status now; settled(r): true when it can no longer change with time alone.
  void refresh(const std::function<std::string(const InstanceRecord&)>& status_at,
               const std::function<bool(const InstanceRecord&)>& settled);

  // The list of a zone, a status, or both (empty when there is none).
  const List& zone(std::string_view zone_id) const;
  const List& status(std::string_view status) const;
  const List& zone_status(std::string_view zone_id, std::string_view status) const;
  std::size_t unsettled_count() const { return unsettled_.size(); }

 private:
  struct Entry {
    std::string status;
    bool unsettled = false;
  };
  std::map<std::string, List, std::less<>> by_zone_;
  std::map<std::string, List, std::less<>> by_status_;
  std::map<std::string, List, std::less<>> by_zone_status_;  // "zone/status"
  std::unordered_map<const InstanceRecord*, Entry> entries_;
  std::vector<const InstanceRecord*> unsettled_;
};

}  // namespace cloudlife::ecs
