#include "protocol/aws_errors.h"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

namespace cloudlife::protocol {
namespace {

// Sorted by code (a unit test checks the order and that each code appears once). Each template is
// the exact wording of the throw sites (docs/architecture.md "Errors"): where AWS words one code
// several ways (LoadBalancerNotFound in Classic ELB and ELBv2, InvalidInstance, VolumeInUse …) the
// template is "{}" and throw sites pass the whole text; where it differs only for several ids, the
// fourth field is the plural template (aws_error_n).
constexpr AwsErrorSpec kCatalogue[] = {
    {"AlreadyExists", 400, "{}"},
    {"DependencyViolation", 400, "{}"},
    {"DryRunOperation", 412, "Request would have succeeded, but DryRun flag is set."},
    {"DuplicateListener", 400,
     "A listener already exists on this port for this load balancer '{}'"},
    {"DuplicateLoadBalancerName", 400,
     "A load balancer with the same name '{}' exists, but with different settings"},
    {"DuplicateTagKeys", 400, "A tag key was specified more than once."},
    {"DuplicateTargetGroupName", 400,
     "A target group with the same name '{}' exists, but with different settings"},
    {"FilterLimitExceeded", 400, "The maximum number of filters per request is 200."},
    {"IdempotentInstanceTerminated", 400, "{}"},
    {"IdempotentParameterMismatch", 400, "{}"},
    {"IncorrectInstanceState", 400, "{}"},
    {"IncorrectState", 400, "{}"},
    {"InstanceLimitExceeded", 400, "{}"},
    {"InternalError", 500, "An internal error has occurred"},
    {"InternalFailure", 500, "An internal error has occurred"},
    {"InvalidAMIID.Malformed", 400, "Invalid id: \"{}\" (expecting \"ami-...\")"},
    {"InvalidAMIID.NotFound", 400, "The image id '[{}]' does not exist",
     "The image ids '[{}]' do not exist"},
    {"InvalidAction", 400, "The action {} is not valid for this web service."},
    {"InvalidAssociationID.NotFound", 400, "The association ID '{}' does not exist"},
    {"InvalidAttachment.NotFound", 400, "{}"},
    {"InvalidConfigurationRequest", 400, "{}"},
    {"InvalidID", 400, "The ID '{}' is not valid"},
    {"InvalidInput", 400, "{}"},
    {"InvalidInstance", 400, "{}"},
    {"InvalidInstanceAttributeValue", 400, "{}"},
    {"InvalidInstanceID.Malformed", 400, "Invalid id: \"{}\""},
    {"InvalidInstanceID.NotFound", 400, "The instance ID '{}' does not exist",
     "The instance IDs '{}' do not exist"},
    {"InvalidLaunchTemplateId.Malformed", 400, "{}"},
    {"InvalidLaunchTemplateId.NotFound", 400,
     "The specified launch template, with template ID {}, does not exist."},
    {"InvalidLaunchTemplateId.VersionNotFound", 400, "{}"},
    {"InvalidLaunchTemplateName.AlreadyExistsException", 400,
     "Launch template name already in use."},
    {"InvalidLaunchTemplateName.MalformedException", 400, "{}"},
    {"InvalidLaunchTemplateName.NotFoundException", 400, "{}"},
    {"InvalidLoadBalancerAction", 400, "{}"},
    {"InvalidNextToken", 400, "The token '{}' is invalid."},
    {"InvalidParameterCombination", 400, "{}"},
    {"InvalidParameterDependency", 400, "{}"},
    {"InvalidParameterValue", 400, "{}"},
    {"InvalidSecurityGroup", 400, "One or more of the specified security groups do not exist."},
    {"InvalidSnapshotID.Malformed", 400, "Invalid id: \"{}\" (expecting \"snap-...\")"},
    {"InvalidSubnet", 400, "{}"},
    {"InvalidSubnet.Conflict", 400, "{}"},
    {"InvalidSubnet.Range", 400, "The CIDR '{}' is invalid."},
    {"InvalidSubnetID.NotFound", 400, "The subnet ID '{}' does not exist"},
    {"InvalidTarget", 400,
     "The following targets are not in a running state and cannot be registered: '{}'"},
    {"InvalidVolume.NotFound", 400, "The volume '{}' does not exist.",
     "The volumes '{}' do not exist."},
    {"InvalidVolume.ZoneMismatch", 400, "{}"},
    {"InvalidVolumeID.Malformed", 400, "Invalid id: \"{}\" (expecting \"vol-...\")"},
    {"InvalidVpc.Range", 400, "The CIDR '{}' is invalid."},
    {"InvalidVpcID.NotFound", 400, "The vpc ID '{}' does not exist"},
    {"InvalidZone.NotFound", 400, "{}"},
    {"LimitExceeded", 400, "{}"},
    {"ListenerNotFound", 400, "One or more listeners not found"},
    {"LoadBalancerNotFound", 400, "{}"},
    {"MissingInput", 400, "{}"},
    {"MissingParameter", 400, "The request must contain the parameter {}"},
    {"NotImplemented", 501, "cloudlife does not implement {}"},
    {"OperationNotPermitted", 400, "{}"},
    {"PriorityInUse", 400, "Priority '{}' is currently in use"},
    {"ResourceInUse", 400, "{}"},
    {"RuleNotFound", 400, "One or more rules not found"},
    {"ScalingActivityInProgress", 400, "{}"},
    {"SubnetNotFound", 400, "One or more subnets not found"},
    {"TagLimitExceeded", 400, "{}"},
    {"TargetGroupNotFound", 400, "One or more target groups not found"},
    {"TooManyTags", 400, "{}"},
    {"UnauthorizedOperation", 403, "You are not authorized to perform this operation."},
    {"Unsupported", 400, "The requested configuration is currently not supported: {}"},
    {"UnsupportedHibernationConfiguration", 400, "{}"},
    {"UnsupportedOperation", 400, "{}"},
    {"VPCIdNotSpecified", 400, "No default VPC for this user"},
    {"ValidationError", 400, "{}"},
    {"VolumeInUse", 400, "{}"},
};

}  // namespace

std::span<const AwsErrorSpec> aws_error_catalogue() {
  return kCatalogue;
}

const AwsErrorSpec* find_aws_error(std::string_view code) {
  const auto* it =
      std::lower_bound(std::begin(kCatalogue), std::end(kCatalogue), code,
                       [](const AwsErrorSpec& e, std::string_view c) { return e.code < c; });
  return it != std::end(kCatalogue) && it->code == code ? it : nullptr;
}

std::string format_aws_message(std::string_view templ,
                               std::initializer_list<std::string_view> args) {
  std::string out;
  out.reserve(templ.size() + 32);
  const auto* arg = args.begin();
  for (std::size_t i = 0; i < templ.size(); ++i) {
    if (templ[i] == '{' && i + 1 < templ.size() && templ[i + 1] == '}' && arg != args.end()) {
      out.append(*arg++);
      ++i;
    } else {
      out.push_back(templ[i]);
    }
  }
  return out;
}

core::ServiceError aws_error(std::string_view code, std::initializer_list<std::string_view> args) {
  const AwsErrorSpec* spec = find_aws_error(code);
  if (!spec)
    throw std::logic_error("error code missing from the AWS catalogue: " + std::string(code));
  return core::ServiceError(std::string(code), format_aws_message(spec->message, args),
                            spec->http_status);
}

core::ServiceError aws_error_n(std::string_view code, std::size_t count,
                               std::initializer_list<std::string_view> args) {
  const AwsErrorSpec* spec = find_aws_error(code);
  if (!spec || (count > 1 && spec->plural.empty()))
    throw std::logic_error("no plural template in the AWS catalogue for " + std::string(code));
  return core::ServiceError(std::string(code),
                            format_aws_message(count > 1 ? spec->plural : spec->message, args),
                            spec->http_status);
}

void throw_ec2_missing_parameter(std::string_view wire_name) {
  throw aws_error("MissingParameter", {wire_name});
}

std::string query_validation_path(std::string_view wire_name) {
  // Split on '.', then write each name with a lower-case first letter and "member.N" as "N.member".
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const std::size_t dot = wire_name.find('.', start);
    parts.push_back(wire_name.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  auto is_index = [](std::string_view s) {
    return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
  };
  std::string path;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (!path.empty()) path += '.';
    if (parts[i] == "member" && i + 1 < parts.size() && is_index(parts[i + 1])) {
      path.append(parts[i + 1]).append(".member");
      ++i;
      continue;
    }
    std::string name(parts[i]);
    if (!name.empty())
      name[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(name[0])));
    path += name;
  }
  return path;
}

void throw_query_missing_parameter(std::string_view wire_name) {
  throw aws_error("ValidationError", {"1 validation error detected: Value null at '" +
                                      query_validation_path(wire_name) +
                                      "' failed to satisfy constraint: Member must not be null"});
}

}  // namespace cloudlife::protocol
