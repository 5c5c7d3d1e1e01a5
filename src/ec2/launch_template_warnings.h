// What CreateLaunchTemplate / CreateLaunchTemplateVersion report in the response's Warning
// (ValidationWarning: a list of {Code, Message}) instead of refusing: EC2 stores launch template
// data without checking the image, which is validated when something launches from the template
// (docs/supported.md, "Launch templates").
// Contract: a pure function of the version's data; an empty list means no Warning element. The
// codes and messages are those RunInstances answers for the same value.
// Usage:
//   for (const ValidationIssue& w : launch_template_warnings(request.data)) ...
#pragma once

#include <string>
#include <vector>

#include "ec2/launch_spec.h"

namespace cloudlife::ec2 {

struct ValidationIssue {
  std::string code;
  std::string message;
};

std::vector<ValidationIssue> launch_template_warnings(const LaunchSpec& data);

}  // namespace cloudlife::ec2
