#include "ec2/launch_type_rules.h"

#include <algorithm>

#include "core/service_error.h"
#include "ec2/regions.h"

namespace cloudlife::ec2 {

using core::ServiceError;

void require_matching_architecture(const InstanceTypeInfo& type, const Image& image) {
  const auto& archs = type.architectures;
  if (std::find(archs.begin(), archs.end(), image.architecture) != archs.end()) return;
  // A type that runs 32- and 64-bit images (t2, m1) is named by its 64-bit architecture.
  const bool x86 = std::find(archs.begin(), archs.end(), "x86_64") != archs.end();
  const std::string type_arch = x86 ? "x86_64" : archs.empty() ? "" : archs.front();
  throw ServiceError(
      "InvalidParameterValue",
      "The architecture '" + type_arch +
          "' of the specified instance type does not match the architecture '" +
          image.architecture +
          "' of the specified AMI. Specify an instance type and an AMI that have matching "
          "architectures, and try again. You can use 'describe-instance-types' or "
          "'describe-images' to discover the architecture of the instance type or AMI.");
}

std::vector<std::string> offering_zone_names(const std::string& type, const std::string& region) {
  std::vector<std::string> names;
  const std::vector<int> numbers = offered_zone_numbers(type, region);
  for (const ZoneInfo& z : zones_of(region)) {
    if (std::find(numbers.begin(), numbers.end(), z.number) != numbers.end()) {
      names.push_back(z.name);
    }
  }
  return names;
}

void require_offered_in_zone(const std::string& type, const std::string& region,
                             const std::string& zone) {
  require_offered_in_zone(type, offering_zone_names(type, region), zone);
}

void require_offered_in_zone(const std::string& type, const std::vector<std::string>& offered,
                             const std::string& zone) {
  if (std::find(offered.begin(), offered.end(), zone) != offered.end()) return;
  if (offered.empty()) {
    throw ServiceError("Unsupported",
                       "The requested configuration is currently not supported. Please check the "
                       "documentation for supported configurations.");
  }
  std::string list;
  for (const std::string& z : offered) list += (list.empty() ? "" : ", ") + z;
  throw ServiceError("Unsupported", "Your requested instance type (" + type +
                                        ") is not supported in your requested Availability Zone (" +
                                        zone +
                                        "). Please retry your request by not specifying an "
                                        "Availability Zone or choosing " +
                                        list + ".");
}

}  // namespace cloudlife::ec2
