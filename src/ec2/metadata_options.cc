#include "ec2/metadata_options.h"

#include "core/service_error.h"
#include "ec2/merge_optional.h"

namespace cloudlife::ec2 {
namespace {

void require_either(const std::optional<std::string>& value, const char* parameter, const char* a,
                    const char* b) {
  if (!value || *value == a || *value == b) return;
  throw core::ServiceError("InvalidParameterValue",
                           "Value (" + *value + ") for parameter " + parameter +
                               " is invalid. Valid values: " + a + ", " + b);
}

}  // namespace

bool MetadataOptionsSpec::empty() const {
  return !http_tokens && !http_put_response_hop_limit && !http_endpoint && !http_protocol_ipv6 &&
         !instance_metadata_tags;
}

MetadataOptionsSpec MetadataOptionsSpec::merged_over(const MetadataOptionsSpec& base) const {
  MetadataOptionsSpec out;
  take_first(out.http_tokens, http_tokens, base.http_tokens);
  take_first(out.http_put_response_hop_limit, http_put_response_hop_limit,
             base.http_put_response_hop_limit);
  take_first(out.http_endpoint, http_endpoint, base.http_endpoint);
  take_first(out.http_protocol_ipv6, http_protocol_ipv6, base.http_protocol_ipv6);
  take_first(out.instance_metadata_tags, instance_metadata_tags, base.instance_metadata_tags);
  return out;
}

void validate_metadata_options(const MetadataOptionsSpec& spec) {
  require_either(spec.http_tokens, "HttpTokens", "optional", "required");
  require_either(spec.http_endpoint, "HttpEndpoint", "enabled", "disabled");
  require_either(spec.http_protocol_ipv6, "HttpProtocolIpv6", "enabled", "disabled");
  require_either(spec.instance_metadata_tags, "InstanceMetadataTags", "enabled", "disabled");
  if (const auto& hops = spec.http_put_response_hop_limit; hops && (*hops < 1 || *hops > 64)) {
    throw core::ServiceError(
        "InvalidParameterValue",
        "Value (" + std::to_string(*hops) +
            ") for parameter HttpPutResponseHopLimit is invalid. Valid values: "
            "integers from 1 to 64");
  }
}

InstanceMetadataOptions resolve_metadata_options(const MetadataOptionsSpec& spec) {
  InstanceMetadataOptions out;
  if (spec.http_tokens) out.http_tokens = *spec.http_tokens;
  if (spec.http_put_response_hop_limit) {
    out.http_put_response_hop_limit = *spec.http_put_response_hop_limit;
  }
  if (spec.http_endpoint) out.http_endpoint = *spec.http_endpoint;
  if (spec.http_protocol_ipv6) out.http_protocol_ipv6 = *spec.http_protocol_ipv6;
  if (spec.instance_metadata_tags) out.instance_metadata_tags = *spec.instance_metadata_tags;
  return out;
}

}  // namespace cloudlife::ec2
