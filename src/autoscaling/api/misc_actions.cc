// register_misc_actions: the process, group tag, lifecycle hook, warm pool and traffic source
// action groups, each in its own file (misc_actions.h).
#include "autoscaling/api/misc_actions.h"

namespace cloudlife::autoscaling::api {

void register_misc_actions(AsgActionTable& t) {
  register_process_actions(t);
  register_group_tag_actions(t);
  register_lifecycle_hook_actions(t);
  register_warm_pool_actions(t);
  register_traffic_source_actions(t);
}

}  // namespace cloudlife::autoscaling::api
