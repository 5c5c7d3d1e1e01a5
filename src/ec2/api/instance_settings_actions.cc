// CPU credits (Describe/ModifyInstanceCreditSpecification(s),
// Get/ModifyDefaultCreditSpecification), ModifyInstanceMetadataOptions,
// ModifyInstanceMaintenanceOptions, GetConsoleOutput and GetPasswordData, decoded and encoded by
// the generated codec (codegen/ec2/settings_types.ops).
#include "core/service_error.h"
#include "ec2/api/ec2_call.h"
#include "ec2/api/ec2_decode.h"
#include "ec2/credit_specifications.h"
#include "ec2/instance_settings.h"
#include "ec2/maintenance_options.h"
#include "ec2_codec.h"  // generated from codegen/ec2/settings_types.ops
#include "protocol/aws_errors.h"
#include "protocol/crypto.h"

namespace cloudlife::ec2::api {
namespace {

using protocol::HttpResponse;
namespace wire = codec::ec2;

HttpResponse describe_instance_credit_specifications(Ec2Call& call) {
  const auto in = wire::DescribeInstanceCreditSpecificationsRequest::decode(call.params);
  DescribeCreditSpecificationsRequest req;
  req.instance_ids = in.instance_ids;
  req.filters = to_filters(in.filters);
  req.max_results = in.max_results;
  req.next_token = in.next_token.value_or("");
  const bool dry = in.dry_run.value_or(false);
  const DescribeCreditSpecificationsResult result = call.run([&](Ec2Partition& part, core::TimeMs) {
    auto r = describe_credit_specifications(part, req);
    if (dry) throw dry_run_succeeded();
    return r;
  });
  wire::DescribeInstanceCreditSpecificationsResponse out(call.ctx.request_id);
  out.instance_credit_specifications(
      result.items, [](wire::InstanceCreditSpecificationWriter& w, const InstanceCreditView& v) {
        w.instance_id(v.instance_id).cpu_credits(v.cpu_credits);
      });
  if (!result.next_token.empty()) out.next_token(result.next_token);
  return out.finish();
}

HttpResponse modify_instance_credit_specification(Ec2Call& call) {
  refuse_unimplemented(call.params, {"ClientToken"});
  const auto in = wire::ModifyInstanceCreditSpecificationRequest::decode(call.params);
  std::vector<CreditModification> changes;
  for (const wire::InstanceCreditSpecificationRequest& item : in.instance_credit_specifications) {
    // The model leaves CpuCredits optional; EC2 refuses an item without it.
    if (item.cpu_credits.value_or("").empty()) protocol::throw_ec2_missing_parameter("CpuCredits");
    changes.push_back({item.instance_id, *item.cpu_credits});
  }
  const bool dry = in.dry_run.value_or(false);
  const CreditModificationResult result = call.run([&](Ec2Partition& part, core::TimeMs) {
    return modify_credit_specifications(part, changes, dry);
  });
  wire::ModifyInstanceCreditSpecificationResponse out(call.ctx.request_id);
  out.successful_instance_credit_specifications(
      result.succeeded, [](wire::SuccessfulInstanceCreditSpecificationItemWriter& w,
                           const std::string& id) { w.instance_id(id); });
  out.unsuccessful_instance_credit_specifications(
      result.failed, [](wire::UnsuccessfulInstanceCreditSpecificationItemWriter& w,
                        const CreditModificationFailure& f) {
        w.instance_id(f.instance_id)
            .error([&](wire::UnsuccessfulInstanceCreditSpecificationItemErrorWriter& e) {
              e.code(f.code).message(f.message);
            });
      });
  return out.finish();
}

// Get/ModifyDefaultCreditSpecification answer the same structure.
template <class Response>
HttpResponse family_credit_response(Ec2Call& call, const std::string& family,
                                    const std::string& credits) {
  Response out(call.ctx.request_id);
  out.instance_family_credit_specification([&](wire::InstanceFamilyCreditSpecificationWriter& w) {
    w.instance_family(family).cpu_credits(credits);
  });
  return out.finish();
}

HttpResponse get_default_credit_specification(Ec2Call& call) {
  const auto in = wire::GetDefaultCreditSpecificationRequest::decode(call.params);
  const bool dry = in.dry_run.value_or(false);
  const std::string credits = call.run([&](Ec2Partition& part, core::TimeMs) {
    std::string c = default_credit_specification(part, in.instance_family);
    if (dry) throw dry_run_succeeded();
    return c;
  });
  return family_credit_response<wire::GetDefaultCreditSpecificationResponse>(
      call, in.instance_family, credits);
}

HttpResponse modify_default_credit_specification(Ec2Call& call) {
  const auto in = wire::ModifyDefaultCreditSpecificationRequest::decode(call.params);
  const bool dry = in.dry_run.value_or(false);
  const std::string credits = call.run([&](Ec2Partition& part, core::TimeMs) {
    return ec2::modify_default_credit_specification(part, in.instance_family, in.cpu_credits, dry);
  });
  return family_credit_response<wire::ModifyDefaultCreditSpecificationResponse>(
      call, in.instance_family, credits);
}

HttpResponse modify_instance_metadata_options(Ec2Call& call) {
  const auto in = wire::ModifyInstanceMetadataOptionsRequest::decode(call.params);
  MetadataOptionsSpec change;
  change.http_tokens = in.http_tokens;
  if (in.http_put_response_hop_limit) {
    change.http_put_response_hop_limit = static_cast<int>(*in.http_put_response_hop_limit);
  }
  change.http_endpoint = in.http_endpoint;
  change.http_protocol_ipv6 = in.http_protocol_ipv6;
  change.instance_metadata_tags = in.instance_metadata_tags;
  const bool dry = in.dry_run.value_or(false);
  const Instance inst = call.run([&](Ec2Partition& part, core::TimeMs now) {
    return ec2::modify_instance_metadata_options(call.model, part, in.instance_id, change, dry,
                                                 now);
  });
  wire::ModifyInstanceMetadataOptionsResponse out(call.ctx.request_id);
  out.instance_id(inst.instance_id);
  out.instance_metadata_options([&](wire::InstanceMetadataOptionsResponseWriter& w) {
    w.state("pending")
        .http_tokens(inst.metadata.http_tokens)
        .http_put_response_hop_limit(inst.metadata.http_put_response_hop_limit)
        .http_endpoint(inst.metadata.http_endpoint)
        .http_protocol_ipv6(inst.metadata.http_protocol_ipv6)
        .instance_metadata_tags(inst.metadata.instance_metadata_tags);
  });
  return out.finish();
}

HttpResponse modify_instance_maintenance_options(Ec2Call& call) {
  refuse_unimplemented(call.params, {"RebootMigration"});
  const auto in = wire::ModifyInstanceMaintenanceOptionsRequest::decode(call.params);
  // The model leaves AutoRecovery optional (RebootMigration is the other choice, refused above).
  if (in.auto_recovery.value_or("").empty()) {
    protocol::throw_ec2_missing_parameter("AutoRecovery");
  }
  const bool dry = in.dry_run.value_or(false);
  const Instance inst = call.run([&](Ec2Partition& part, core::TimeMs) {
    Instance& i = *call.model.require_instances(part, {in.instance_id}).front();
    modify_auto_recovery(i, *in.auto_recovery, dry);
    return i;
  });
  wire::ModifyInstanceMaintenanceOptionsResponse out(call.ctx.request_id);
  out.instance_id(inst.instance_id).auto_recovery(inst.auto_recovery);
  return out.finish();
}

// Latest: the serial console as it is now rather than the output buffered at the last transition
// (instance_settings.h).
HttpResponse get_console_output(Ec2Call& call) {
  const auto in = wire::GetConsoleOutputRequest::decode(call.params);
  const bool dry = in.dry_run.value_or(false);
  const bool latest = in.latest.value_or(false);
  const ConsoleOutput result = call.run([&](Ec2Partition& part, core::TimeMs now) {
    return console_output(call.model, part, in.instance_id, latest, now, dry);
  });
  wire::GetConsoleOutputResponse out(call.ctx.request_id);
  out.instance_id(result.instance_id);
  if (result.timestamp) out.timestamp(result.timestamp);
  if (!result.text.empty()) out.output(protocol::base64_encode(result.text));
  return out.finish();
}

// The Administrator password of a Windows instance, encrypted with its key pair, once EC2Launch
// has set it; empty before, and for every other instance (instance_settings.h).
HttpResponse get_password_data(Ec2Call& call) {
  const auto in = wire::GetPasswordDataRequest::decode(call.params);
  const bool dry = in.dry_run.value_or(false);
  const PasswordData result = call.run([&](Ec2Partition& part, core::TimeMs now) {
    return password_data(call.model, part, in.instance_id, now, dry);
  });
  wire::GetPasswordDataResponse out(call.ctx.request_id);
  out.instance_id(result.instance_id).timestamp(result.timestamp).password_data(result.data);
  return out.finish();
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
