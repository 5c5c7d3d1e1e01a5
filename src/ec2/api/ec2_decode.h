// Decoding helpers shared by the EC2 action handlers (the ec2 Query protocol's list and structure
// conventions: "InstanceId.N", "Filter.N.Name" / "Filter.N.Value.M", "TagSpecification.N.Tag.M").
// Contract: pure functions of the parameters; they throw MissingParameter / InvalidParameterValue
// as EC2 words them and never consult state.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "core/service_error.h"
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
// The generated codec's filters (codec::ec2::Filter, from a decoded request) as the model's
// filters, with decode_filters' checks: a filter without a name is "The filter 'null' is invalid",
// more than 200 is FilterLimitExceeded.
template <class CodecFilter>
std::vector<Filter> to_filters(const std::vector<CodecFilter>& decoded) {
  std::vector<Filter> filters;
  filters.reserve(decoded.size());
  for (const CodecFilter& f : decoded) {
    if (!f.name || f.name->empty()) {
      throw core::ServiceError("InvalidParameterValue", "The filter 'null' is invalid");
    }
    filters.push_back(Filter{*f.name, f.values});
  }
  if (filters.size() > 200) {
    throw core::ServiceError("FilterLimitExceeded",
                             "The maximum number of filters per request is 200.");
  }
  return filters;
}
// The generated codec's TagSpecification list (from a decoded request) as the model's.
template <class CodecTagSpecification>
std::vector<TagSpecification> to_tag_specifications(
    const std::vector<CodecTagSpecification>& decoded) {
  std::vector<TagSpecification> out;
  out.reserve(decoded.size());
  for (const CodecTagSpecification& s : decoded) {
    TagSpecification m;
    m.resource_type = s.resource_type.value_or("");
    for (const auto& t : s.tags) m.tags.push_back({t.key.value_or(""), t.value.value_or("")});
    out.push_back(std::move(m));
  }
  return out;
}
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
