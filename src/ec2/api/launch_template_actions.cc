// Launch template actions: CreateLaunchTemplate, CreateLaunchTemplateVersion,
// ModifyLaunchTemplate, DescribeLaunchTemplates, DescribeLaunchTemplateVersions,
// DeleteLaunchTemplate, DeleteLaunchTemplateVersions.
#include "core/service_error.h"
#include "ec2/api/ec2_call.h"
#include "ec2/api/ec2_decode.h"
#include "ec2/api/ec2_encode.h"
#include "ec2/launch_template_operations.h"
#include "ec2/launch_template_warnings.h"
#include "protocol/aws_query_envelope.h"

namespace cloudlife::ec2::api {
namespace {

using protocol::HttpResponse;
using protocol::QueryParams;
using protocol::XmlWriter;

std::string created_by(const Ec2Call& call) {
  return "arn:aws:iam::" + call.ctx.account + ":root";
}

TemplateSelector selector_of(const QueryParams& p) {
  return TemplateSelector{p.str_or("LaunchTemplateId", ""), p.str_or("LaunchTemplateName", "")};
}

void write_template(XmlWriter& xml, const char* element, const LaunchTemplate& lt) {
  xml.open(element);
  xml.leaf("launchTemplateId", lt.id);
  xml.leaf("launchTemplateName", lt.name);
  xml.leaf("createTime", core::format_iso8601_ms(lt.create_time));
  xml.leaf("createdBy", lt.created_by);
  xml.leaf("defaultVersionNumber", lt.default_version);
  xml.leaf("latestVersionNumber", lt.latest_version);
  write_tag_set(xml, lt.tags);
  xml.close();
}

// ResponseLaunchTemplateData, with the element names of the botocore model.
void write_template_data(XmlWriter& xml, const LaunchSpec& d) {
  xml.open("launchTemplateData");
  if (d.ebs_optimized) xml.leaf("ebsOptimized", *d.ebs_optimized);
  if (!d.block_devices.empty()) {
    xml.open("blockDeviceMappingSet");
    for (const BlockDeviceSpec& bd : d.block_devices) {
      xml.open("item");
      xml.leaf("deviceName", bd.device_name);
      xml.leaf_if("virtualName", bd.virtual_name);
      if (bd.no_device) xml.leaf("noDevice", "");
      if (bd.ebs) {
        const EbsSpec& e = *bd.ebs;
        xml.open("ebs");
        if (e.encrypted) xml.leaf("encrypted", *e.encrypted);
        if (e.delete_on_termination) xml.leaf("deleteOnTermination", *e.delete_on_termination);
        if (e.iops) xml.leaf("iops", *e.iops);
        if (e.snapshot_id) xml.leaf("snapshotId", *e.snapshot_id);
        if (e.volume_size) xml.leaf("volumeSize", *e.volume_size);
        if (e.volume_type) xml.leaf("volumeType", *e.volume_type);
        if (e.throughput) xml.leaf("throughput", *e.throughput);
        xml.close();
      }
      xml.close();
    }
    xml.close();
  }
  if (d.subnet_id || d.associate_public_ip || d.private_ip || d.network_interface_id ||
      d.interface_description || d.interface_delete_on_termination) {
    xml.open("networkInterfaceSet").open("item");
    if (d.associate_public_ip) xml.leaf("associatePublicIpAddress", *d.associate_public_ip);
    if (d.interface_delete_on_termination) {
      xml.leaf("deleteOnTermination", *d.interface_delete_on_termination);
    }
    if (d.interface_description) xml.leaf("description", *d.interface_description);
    xml.leaf("deviceIndex", 0);
    if (d.network_interface_id) xml.leaf("networkInterfaceId", *d.network_interface_id);
    if (d.private_ip) xml.leaf("privateIpAddress", *d.private_ip);
    if (d.subnet_id) xml.leaf("subnetId", *d.subnet_id);
    xml.close().close();
  }
  if (d.image_id) xml.leaf("imageId", *d.image_id);
  if (d.instance_type) xml.leaf("instanceType", *d.instance_type);
  if (d.key_name) xml.leaf("keyName", *d.key_name);
  if (d.iam_profile) {
    xml.open("iamInstanceProfile");
    if (d.iam_profile->arn) xml.leaf("arn", *d.iam_profile->arn);
    if (d.iam_profile->name) xml.leaf("name", *d.iam_profile->name);
    xml.close();
  }
  if (d.monitoring) xml.open("monitoring").leaf("enabled", *d.monitoring).close();
  if (d.availability_zone || d.tenancy || d.host_id) {
    xml.open("placement");
    if (d.availability_zone) xml.leaf("availabilityZone", *d.availability_zone);
    if (d.tenancy) xml.leaf("tenancy", *d.tenancy);
    if (d.host_id) xml.leaf("hostId", *d.host_id);
    xml.close();
  }
  if (d.disable_api_termination) xml.leaf("disableApiTermination", *d.disable_api_termination);
  if (d.shutdown_behavior) xml.leaf("instanceInitiatedShutdownBehavior", *d.shutdown_behavior);
  if (d.user_data) xml.leaf("userData", *d.user_data);
  if (!d.tag_specifications.empty()) {
    xml.open("tagSpecificationSet");
    for (const TagSpecification& ts : d.tag_specifications) {
      xml.open("item");
      xml.leaf("resourceType", ts.resource_type);
      xml.open("tagSet");
      for (const Tag& t : ts.tags) {
        xml.open("item").leaf("key", t.key).leaf("value", t.value).close();
      }
      xml.close();
      xml.close();
    }
    xml.close();
  }
  if (!d.security_group_ids.empty()) {
    xml.open("securityGroupIdSet");
    for (const std::string& g : d.security_group_ids) xml.leaf("item", g);
    xml.close();
  }
  if (!d.security_group_names.empty()) {
    xml.open("securityGroupSet");
    for (const std::string& g : d.security_group_names) xml.leaf("item", g);
    xml.close();
  }
  if (d.market) {
    xml.open("instanceMarketOptions");
    xml.leaf("marketType", d.market->market_type);
    xml.open("spotOptions");
    xml.leaf_if("maxPrice", d.market->max_price);
    xml.leaf("spotInstanceType", d.market->spot_instance_type);
    xml.leaf("instanceInterruptionBehavior", d.market->interruption_behavior);
    xml.close();
    xml.close();
  }
  if (d.hibernation_configured) {
    xml.open("hibernationOptions").leaf("configured", *d.hibernation_configured).close();
  }
  if (d.disable_api_stop) xml.leaf("disableApiStop", *d.disable_api_stop);
  if (d.cpu_credits) xml.open("creditSpecification").leaf("cpuCredits", *d.cpu_credits).close();
  if (d.auto_recovery) {
    xml.open("maintenanceOptions").leaf("autoRecovery", *d.auto_recovery).close();
  }
  if (!d.metadata_options.empty()) {
    // A template's options are stored, not applied to anything: their state is always "applied".
    const MetadataOptionsSpec& m = d.metadata_options;
    xml.open("metadataOptions").leaf("state", "applied");
    if (m.http_tokens) xml.leaf("httpTokens", *m.http_tokens);
    if (m.http_put_response_hop_limit) {
      xml.leaf("httpPutResponseHopLimit", *m.http_put_response_hop_limit);
    }
    if (m.http_endpoint) xml.leaf("httpEndpoint", *m.http_endpoint);
    if (m.http_protocol_ipv6) xml.leaf("httpProtocolIpv6", *m.http_protocol_ipv6);
    if (m.instance_metadata_tags) xml.leaf("instanceMetadataTags", *m.instance_metadata_tags);
    xml.close();
  }
  xml.close();
}

void write_version(XmlWriter& xml, const LaunchTemplateVersionView& v) {
  xml.leaf("launchTemplateId", v.template_id);
  xml.leaf("launchTemplateName", v.template_name);
  xml.leaf("versionNumber", v.version.number);
  xml.leaf_if("versionDescription", v.version.description);
  xml.leaf("createTime", core::format_iso8601_ms(v.version.create_time));
  xml.leaf("createdBy", v.version.created_by);
  xml.leaf("defaultVersion", v.is_default);
  write_template_data(xml, v.version.data);
}

HttpResponse template_response(Ec2Call& call, const LaunchTemplate& lt) {
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  write_template(xml, "launchTemplate", lt);
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

// ValidationWarning: what the stored data would be refused for at launch (nothing when clean).
void write_warning(XmlWriter& xml, const LaunchSpec& data) {
  const std::vector<ValidationIssue> issues = launch_template_warnings(data);
  if (issues.empty()) return;
  xml.open("warning").open("errorSet");
  for (const ValidationIssue& i : issues) {
    xml.open("item").leaf("code", i.code).leaf("message", i.message).close();
  }
  xml.close().close();
}

// What CreateLaunchTemplate and CreateLaunchTemplateVersion both carry: the version's data and
// description, and the call's idempotency and DryRun parameters.
template <class Request>
void decode_version_request(Ec2Call& call, Request& req) {
  const auto& p = call.params;
  req.version_description = p.str_or("VersionDescription", "");
  const QueryParams data = p.scope("LaunchTemplateData.");
  req.has_data = !data.entries().empty();
  req.data = decode_launch_spec(data);
  req.client_token = p.str_or("ClientToken", "");
  req.fingerprint = fingerprint(p, {"ClientToken", "DryRun"});
  req.created_by = created_by(call);
  req.dry_run = dry_run(p);
}

HttpResponse create_launch_template(Ec2Call& call) {
  const auto& p = call.params;
  CreateLaunchTemplateRequest req;
  req.name = p.str_or("LaunchTemplateName", "");
  decode_version_request(call, req);
  req.tag_specifications = decode_tag_specifications(p);
  const LaunchTemplate lt = call.run([&](Ec2Partition& part, core::TimeMs now) {
    return ec2::create_launch_template(part, req, now);
  });
  call.ctx.created_ids.push_back(lt.id);
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  write_template(xml, "launchTemplate", lt);
  write_warning(xml, req.data);
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse create_launch_template_version(Ec2Call& call) {
  const auto& p = call.params;
  CreateLaunchTemplateVersionRequest req;
  req.selector = selector_of(p);
  req.source_version = p.str_or("SourceVersion", "");
  decode_version_request(call, req);
  const LaunchTemplateVersionView v = call.run([&](Ec2Partition& part, core::TimeMs now) {
    return ec2::create_launch_template_version(part, req, now);
  });
  XmlWriter xml = protocol::begin_ec2_response("CreateLaunchTemplateVersion", call.ctx.request_id);
  xml.open("launchTemplateVersion");
  write_version(xml, v);
  xml.close();
  write_warning(xml, v.version.data);
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse modify_launch_template(Ec2Call& call) {
  const TemplateSelector selector = selector_of(call.params);
  // The SDK member DefaultVersion travels as SetDefaultVersion.
  std::optional<std::string> default_version = call.params.str("SetDefaultVersion");
  if (!default_version) default_version = call.params.str("DefaultVersion");
  const bool dry = dry_run(call.params);
  const LaunchTemplate lt = call.run([&](Ec2Partition& part, core::TimeMs) {
    return ec2::modify_launch_template(part, selector, default_version, dry);
  });
  return template_response(call, lt);
}

HttpResponse delete_launch_template(Ec2Call& call) {
  const TemplateSelector selector = selector_of(call.params);
  const bool dry = dry_run(call.params);
  const LaunchTemplate lt = call.run([&](Ec2Partition& part, core::TimeMs) {
    return ec2::delete_launch_template(part, selector, dry);
  });
  return template_response(call, lt);
}

HttpResponse delete_launch_template_versions(Ec2Call& call) {
  const TemplateSelector selector = selector_of(call.params);
  const std::vector<std::string> versions = call.params.list("LaunchTemplateVersion");
  const bool dry = dry_run(call.params);
  const std::vector<DeleteVersionOutcome> outcomes =
      call.run([&](Ec2Partition& part, core::TimeMs) {
        return ec2::delete_launch_template_versions(part, selector, versions, dry);
      });
  XmlWriter xml = protocol::begin_ec2_response("DeleteLaunchTemplateVersions", call.ctx.request_id);
  xml.open("successfullyDeletedLaunchTemplateVersionSet");
  for (const DeleteVersionOutcome& o : outcomes) {
    if (!o.error_code.empty()) continue;
    xml.open("item");
    xml.leaf("launchTemplateId", o.template_id);
    xml.leaf("launchTemplateName", o.template_name);
    xml.leaf("versionNumber", o.version);
    xml.close();
  }
  xml.close();
  xml.open("unsuccessfullyDeletedLaunchTemplateVersionSet");
  for (const DeleteVersionOutcome& o : outcomes) {
    if (o.error_code.empty()) continue;
    xml.open("item");
    xml.leaf("launchTemplateId", o.template_id);
    xml.leaf("launchTemplateName", o.template_name);
    if (!o.version.empty() && o.version.find_first_not_of("0123456789") == std::string::npos) {
      xml.leaf("versionNumber", o.version);
    }
    xml.open("responseError").leaf("code", o.error_code).leaf("message", o.error_message).close();
    xml.close();
  }
  xml.close();
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse describe_launch_templates(Ec2Call& call) {
  DescribeLaunchTemplatesRequest req;
  req.ids = call.params.list("LaunchTemplateId");
  req.names = call.params.list("LaunchTemplateName");
  req.filters = decode_filters(call.params);
  req.max_results = call.params.integer("MaxResults");
  req.next_token = call.params.str_or("NextToken", "");
  const bool dry = dry_run(call.params);
  const DescribeLaunchTemplatesResult result = call.run([&](Ec2Partition& part, core::TimeMs) {
    DescribeLaunchTemplatesResult r = ec2::describe_launch_templates(part, req);
    if (dry) throw dry_run_succeeded();
    return r;
  });
  XmlWriter xml = protocol::begin_ec2_response("DescribeLaunchTemplates", call.ctx.request_id);
  xml.open("launchTemplates");
  for (const LaunchTemplate& lt : result.templates) write_template(xml, "item", lt);
  xml.close();
  xml.leaf_if("nextToken", result.next_token);
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse describe_launch_template_versions(Ec2Call& call) {
  DescribeLaunchTemplateVersionsRequest req;
  req.selector = selector_of(call.params);
  req.versions = call.params.list("LaunchTemplateVersion");
  req.min_version = call.params.str_or("MinVersion", "");
  req.max_version = call.params.str_or("MaxVersion", "");
  req.filters = decode_filters(call.params);
  req.max_results = call.params.integer("MaxResults");
  req.next_token = call.params.str_or("NextToken", "");
  const bool dry = dry_run(call.params);
  const DescribeLaunchTemplateVersionsResult result =
      call.run([&](Ec2Partition& part, core::TimeMs) {
        DescribeLaunchTemplateVersionsResult r = ec2::describe_launch_template_versions(part, req);
        if (dry) throw dry_run_succeeded();
        return r;
      });
  XmlWriter xml =
      protocol::begin_ec2_response("DescribeLaunchTemplateVersions", call.ctx.request_id);
  xml.open("launchTemplateVersionSet");
  for (const LaunchTemplateVersionView& v : result.versions) {
    xml.open("item");
    write_version(xml, v);
    xml.close();
  }
  xml.close();
  xml.leaf_if("nextToken", result.next_token);
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

// GetLaunchTemplateData: the launch parameters an existing instance would need.
HttpResponse get_launch_template_data(Ec2Call& call) {
  const std::string id = required(call.params, "InstanceId");
  const bool dry = dry_run(call.params);
  const LaunchSpec data = call.run([&](Ec2Partition& part, core::TimeMs) {
    const Instance& inst = *call.model.require_instances(part, {id}).front();
    if (dry) throw dry_run_succeeded();
    return launch_data_of(part, inst);
  });
  XmlWriter xml = protocol::begin_ec2_response("GetLaunchTemplateData", call.ctx.request_id);
  write_template_data(xml, data);
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

}  // namespace

void register_launch_template_actions(Ec2ActionTable& table) {
  table["GetLaunchTemplateData"] = get_launch_template_data;
  table["CreateLaunchTemplate"] = create_launch_template;
  table["CreateLaunchTemplateVersion"] = create_launch_template_version;
  table["ModifyLaunchTemplate"] = modify_launch_template;
  table["DeleteLaunchTemplate"] = delete_launch_template;
  table["DeleteLaunchTemplateVersions"] = delete_launch_template_versions;
  table["DescribeLaunchTemplates"] = describe_launch_templates;
  table["DescribeLaunchTemplateVersions"] = describe_launch_template_versions;
}

}  // namespace cloudlife::ec2::api
