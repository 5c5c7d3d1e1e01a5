// Decoding helpers shared by the EC2 action handlers (the ec2 Query protocol's list and structure
// conventions: "InstanceId.N", "Filter.N.Name" / "Filter.N.Value.M", "TagSpecification.N.Tag.M").
// Contract: pure functions of the parameters; they throw MissingParameter / InvalidParameterValue
// as EC2 words them and never consult state.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "ec2/filters.h"
#include "ec2/launch_spec.h"
#include "protocol/query_params.h"

namespace cloudlife::ec2::api {

// The parameter or MissingParameter "The request must contain the parameter NAME".
std::string required(const protocol::QueryParams& params, const std::string& name);
// A list parameter that must have at least one member (MissingParameter otherwise).
std::vector<std::string> required_list(const protocol::QueryParams& params, const std::string& name,
                                       const std::string& label);
std::vector<Filter> decode_filters(const protocol::QueryParams& params);
std::vector<Tag> decode_tags(const protocol::QueryParams& params, const std::string& list_name);
std::vector<TagSpecification> decode_tag_specifications(const protocol::QueryParams& params);
std::vector<BlockDeviceSpec> decode_block_devices(const protocol::QueryParams& params);
// IamInstanceProfile.Arn / .Name (of RunInstances, launch template data and the association
// actions); nullopt when neither is given.
std::optional<IamProfileSpec> decode_iam_profile(const protocol::QueryParams& params);
// The launch parameters shared by RunInstances and LaunchTemplateData (scope the params first).
LaunchSpec decode_launch_spec(const protocol::QueryParams& params);
// "Value" of an AttributeBooleanValue / AttributeValue structure ("DisableApiTermination.Value").
std::optional<bool> attribute_bool(const protocol::QueryParams& params, const std::string& name);
std::optional<std::string> attribute_value(const protocol::QueryParams& params,
                                           const std::string& name);
bool dry_run(const protocol::QueryParams& params);
// Parameters of the EC2 API that cloudlife does not implement (docs/supported.md lists them): the
// first parameter matching one of `patterns` ('*' matches any run, e.g.
// "NetworkInterface.*.Description") is refused with Unsupported (400) rather than accepted and
// ignored.
void refuse_unimplemented(const protocol::QueryParams& params,
                          std::initializer_list<const char*> patterns);
// A canonical text of all parameters but the listed ones (for ClientToken idempotency).
std::string fingerprint(const protocol::QueryParams& params,
                        const std::vector<std::string>& excluded);

}  // namespace cloudlife::ec2::api
