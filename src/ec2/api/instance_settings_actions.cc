// CPU credits (Describe/ModifyInstanceCreditSpecification(s),
// Get/ModifyDefaultCreditSpecification), ModifyInstanceMetadataOptions,
// ModifyInstanceMaintenanceOptions, GetConsoleOutput and GetPasswordData.
#include "core/service_error.h"
#include "ec2/api/ec2_call.h"
#include "ec2/api/ec2_decode.h"
#include "ec2/credit_specifications.h"
#include "ec2/instance_settings.h"
#include "ec2/maintenance_options.h"
#include "protocol/aws_query_envelope.h"
#include "protocol/crypto.h"

namespace cloudlife::ec2::api {
namespace {

using core::ServiceError;
using protocol::HttpResponse;
using protocol::XmlWriter;

std::optional<long long> max_results(const protocol::QueryParams& params) {
  auto v = params.integer("MaxResults");
  return v ? std::optional<long long>(*v) : std::nullopt;
}

HttpResponse describe_instance_credit_specifications(Ec2Call& call) {
  DescribeCreditSpecificationsRequest req;
  req.instance_ids = call.params.list("InstanceId");
  req.filters = decode_filters(call.params);
  req.max_results = max_results(call.params);
  req.next_token = call.params.str_or("NextToken", "");
  const bool dry = dry_run(call.params);
  const DescribeCreditSpecificationsResult result = call.run([&](Ec2Partition& part, core::TimeMs) {
    auto r = describe_credit_specifications(part, req);
    if (dry) throw dry_run_succeeded();
    return r;
  });
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  xml.open("instanceCreditSpecificationSet");
  for (const InstanceCreditView& v : result.items) {
    xml.open("item").leaf("instanceId", v.instance_id).leaf("cpuCredits", v.cpu_credits).close();
  }
  xml.close();
  xml.leaf_if("nextToken", result.next_token);
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse modify_instance_credit_specification(Ec2Call& call) {
  std::vector<CreditModification> changes;
  for (const protocol::QueryParams& item : call.params.structs("InstanceCreditSpecification")) {
    changes.push_back({required(item, "InstanceId"), required(item, "CpuCredits")});
  }
  if (changes.empty()) {
    throw ServiceError("MissingParameter",
                       "The request must contain the parameter InstanceCreditSpecification");
  }
  const bool dry = dry_run(call.params);
  const CreditModificationResult result = call.run([&](Ec2Partition& part, core::TimeMs) {
    return modify_credit_specifications(part, changes, dry);
  });
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  xml.open("successfulInstanceCreditSpecificationSet");
  for (const std::string& id : result.succeeded) xml.open("item").leaf("instanceId", id).close();
  xml.close();
  xml.open("unsuccessfulInstanceCreditSpecificationSet");
  for (const CreditModificationFailure& f : result.failed) {
    xml.open("item").leaf("instanceId", f.instance_id).open("error");
    xml.leaf("code", f.code).leaf("message", f.message).close().close();
  }
  xml.close();
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse family_credit_response(Ec2Call& call, const std::string& family,
                                    const std::string& credits) {
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  xml.open("instanceFamilyCreditSpecification");
  xml.leaf("instanceFamily", family).leaf("cpuCredits", credits);
  xml.close();
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse get_default_credit_specification(Ec2Call& call) {
  const std::string family = required(call.params, "InstanceFamily");
  const bool dry = dry_run(call.params);
  const std::string credits = call.run([&](Ec2Partition& part, core::TimeMs) {
    std::string c = default_credit_specification(part, family);
    if (dry) throw dry_run_succeeded();
    return c;
  });
  return family_credit_response(call, family, credits);
}

HttpResponse modify_default_credit_specification(Ec2Call& call) {
  const std::string family = required(call.params, "InstanceFamily");
  const std::string wanted = required(call.params, "CpuCredits");
  const bool dry = dry_run(call.params);
  const std::string credits = call.run([&](Ec2Partition& part, core::TimeMs) {
    return ec2::modify_default_credit_specification(part, family, wanted, dry);
  });
  return family_credit_response(call, family, credits);
}

HttpResponse modify_instance_metadata_options(Ec2Call& call) {
  const auto& p = call.params;
  const std::string id = required(p, "InstanceId");
  MetadataOptionsSpec change;
  change.http_tokens = p.str("HttpTokens");
  if (auto v = p.integer("HttpPutResponseHopLimit")) {
    change.http_put_response_hop_limit = static_cast<int>(*v);
  }
  change.http_endpoint = p.str("HttpEndpoint");
  change.http_protocol_ipv6 = p.str("HttpProtocolIpv6");
  change.instance_metadata_tags = p.str("InstanceMetadataTags");
  const bool dry = dry_run(p);
  const Instance inst = call.run([&](Ec2Partition& part, core::TimeMs now) {
    return ec2::modify_instance_metadata_options(call.model, part, id, change, dry, now);
  });
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  xml.leaf("instanceId", inst.instance_id);
  xml.open("instanceMetadataOptions");
  xml.leaf("state", "pending");
  xml.leaf("httpTokens", inst.metadata.http_tokens);
  xml.leaf("httpPutResponseHopLimit", inst.metadata.http_put_response_hop_limit);
  xml.leaf("httpEndpoint", inst.metadata.http_endpoint);
  xml.leaf("httpProtocolIpv6", inst.metadata.http_protocol_ipv6);
  xml.leaf("instanceMetadataTags", inst.metadata.instance_metadata_tags);
  xml.close();
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse modify_instance_maintenance_options(Ec2Call& call) {
  refuse_unimplemented(call.params, {"RebootMigration"});
  const std::string id = required(call.params, "InstanceId");
  const std::string auto_recovery = required(call.params, "AutoRecovery");
  const bool dry = dry_run(call.params);
  const Instance inst = call.run([&](Ec2Partition& part, core::TimeMs) {
    Instance& i = *call.model.require_instances(part, {id}).front();
    modify_auto_recovery(i, auto_recovery, dry);
    return i;
  });
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  xml.leaf("instanceId", inst.instance_id);
  xml.leaf("autoRecovery", inst.auto_recovery);
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse get_console_output(Ec2Call& call) {
  const std::string id = required(call.params, "InstanceId");
  const bool dry = dry_run(call.params);
  const ConsoleOutput out = call.run(
      [&](Ec2Partition& part, core::TimeMs) { return console_output(call.model, part, id, dry); });
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  xml.leaf("instanceId", out.instance_id);
  if (out.timestamp) xml.leaf("timestamp", core::format_iso8601_ms(out.timestamp));
  if (!out.text.empty()) xml.leaf("output", protocol::base64_encode(out.text));
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

// EC2 generates and encrypts a password only for Windows instances with a key pair, some minutes
// after launch; cloudlife generates none (docs/supported.md), so the answer is the empty password
// data EC2 gives Linux instances and Windows ones before their password is ready.
HttpResponse get_password_data(Ec2Call& call) {
  const std::string id = required(call.params, "InstanceId");
  const bool dry = dry_run(call.params);
  const Instance inst = call.run([&](Ec2Partition& part, core::TimeMs) {
    const Instance i = *call.model.require_instances(part, {id}).front();
    if (dry) throw dry_run_succeeded();
    return i;
  });
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  xml.leaf("instanceId", inst.instance_id);
  xml.leaf("timestamp",
           core::format_iso8601_ms(inst.booted_at ? inst.booted_at : inst.launch_time));
  xml.empty("passwordData");
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

}  // namespace

void register_instance_settings_actions(Ec2ActionTable& table) {
  table["DescribeInstanceCreditSpecifications"] = describe_instance_credit_specifications;
  table["ModifyInstanceCreditSpecification"] = modify_instance_credit_specification;
  table["GetDefaultCreditSpecification"] = get_default_credit_specification;
  table["ModifyDefaultCreditSpecification"] = modify_default_credit_specification;
  table["ModifyInstanceMetadataOptions"] = modify_instance_metadata_options;
  table["ModifyInstanceMaintenanceOptions"] = modify_instance_maintenance_options;
  table["GetConsoleOutput"] = get_console_output;
  table["GetPasswordData"] = get_password_data;
}

}  // namespace cloudlife::ec2::api
