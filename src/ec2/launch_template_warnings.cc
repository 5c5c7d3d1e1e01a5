#include "ec2/launch_template_warnings.h"

#include "ec2/images.h"

namespace cloudlife::ec2 {

std::vector<ValidationIssue> launch_template_warnings(const LaunchSpec& data) {
  std::vector<ValidationIssue> issues;
  // "resolve:ssm:NAME" is resolved at launch, like any image.
  if (data.image_id && !data.image_id->empty() && !is_well_formed_image_id(*data.image_id) &&
      data.image_id->rfind("resolve:ssm:", 0) != 0) {
    issues.push_back({"InvalidAMIID.Malformed",
                      "Invalid id: \"" + *data.image_id + "\" (expecting \"ami-...\")"});
  }
  return issues;
}

}  // namespace cloudlife::ec2
