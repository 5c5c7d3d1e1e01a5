// The supported-actions listing behind `cloudlife --list-actions` and docs/coverage.md.
// Contract: supported_actions() reads the action registries of every cloud (EC2, Auto Scaling and
// the ELB APIs it registers with, Alibaba ECS) — nothing is listed by hand. Each cloud's actions
// are sorted.
// render_actions() prints them as "cloud<TAB>Action" lines followed by one "# cloud: N of M …"
// summary line per AWS service ("text"), or as the Markdown coverage page ("markdown"); the output
// is deterministic.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace cloudlife::server {

struct CloudActions {
  std::string cloud;    // ec2, autoscaling, elb, elbv2, ecs
  std::string title;    // "AWS EC2"
  std::string version;  // API version clients send
  std::vector<std::string> actions;
  std::size_t model_total = 0;  // operations in the AWS service model (0: no model, e.g. ECS)
};

std::vector<CloudActions> supported_actions();

// `format` is "text" or "markdown".
std::string render_actions(const std::vector<CloudActions>& clouds, const std::string& format);

}  // namespace cloudlife::server
