// What the EC2 action handlers share beside the generated codec (codec::ec2, docs/architecture.md
// "The AWS codec"): the decoded filters and tag specifications as the model's types, the refusal
// of parameters cloudlife does not implement (named exactly as the client sent them), and the
// ClientToken fingerprint of a request.
// Contract: pure functions of their inputs; they throw InvalidParameterValue / FilterLimitExceeded
// / Unsupported as EC2 words them and never consult state.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "core/service_error.h"
#include "ec2/filters.h"
#include "ec2/launch_spec.h"  // TagSpecification
#include "protocol/query_params.h"

namespace cloudlife::ec2::api {

// The generated codec's filters (codec::ec2::Filter, from a decoded request) as the model's
// filters: a filter without a name is "The filter 'null' is invalid",
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
