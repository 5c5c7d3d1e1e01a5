// EBS volume actions: CreateVolume, AttachVolume, DetachVolume, DeleteVolume, DescribeVolumes.
#include "core/service_error.h"
#include "ec2/api/ec2_call.h"
#include "ec2/api/ec2_decode.h"
#include "ec2/api/ec2_encode.h"
#include "ec2/volumes.h"
#include "protocol/aws_query_envelope.h"

namespace cloudlife::ec2::api {
namespace {

using core::ServiceError;
using protocol::HttpResponse;
using protocol::XmlWriter;

constexpr std::size_t kMaxVolumeIds = 1000;

std::string kms_key_arn(const Ec2Call& call, const std::string& key_id) {
  if (key_id.rfind("arn:", 0) == 0) return key_id;
  return "arn:aws:kms:" + call.ctx.region + ":" + call.ctx.account + ":key/" + key_id;
}

std::string default_kms_key(const Ec2Call& call) {
  // The account's AWS-managed EBS key (alias aws/ebs), stable per account and region.
  return kms_key_arn(call, "aws-ebs-" + call.ctx.account);
}

// The members of a Volume shape (CreateVolumeResponse, or one volumeSet item).
void write_volume_members(XmlWriter& xml, const Volume& v, const Ec2Call& call) {
  xml.leaf("volumeId", v.volume_id);
  xml.leaf("size", v.size);
  xml.leaf("snapshotId", v.snapshot_id);
  xml.leaf("availabilityZone", v.availability_zone);
  xml.leaf("status", v.state);
  xml.leaf("createTime", core::format_iso8601_ms(v.create_time));
  xml.open("attachmentSet");
  if (v.attachment) {
    xml.open("item");
    xml.leaf("volumeId", v.volume_id);
    xml.leaf("instanceId", v.attachment->instance_id);
    xml.leaf("device", v.attachment->device);
    xml.leaf("status", v.attachment->state);
    xml.leaf("attachTime", core::format_iso8601_ms(v.attachment->attach_time));
    xml.leaf("deleteOnTermination", v.attachment->delete_on_termination);
    xml.close();
  }
  xml.close();
  write_tag_set(xml, v.tags);
  xml.leaf("volumeType", v.volume_type);
  if (v.iops) xml.leaf("iops", *v.iops);
  if (v.throughput) xml.leaf("throughput", *v.throughput);
  xml.leaf("encrypted", v.encrypted);
  if (v.encrypted) {
    xml.leaf("kmsKeyId",
             v.kms_key_id.empty() ? default_kms_key(call) : kms_key_arn(call, v.kms_key_id));
  }
  xml.leaf("multiAttachEnabled", false);
}

HttpResponse attachment_response(Ec2Call& call, const AttachmentView& view) {
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  xml.leaf("volumeId", view.volume_id);
  xml.leaf("instanceId", view.attachment.instance_id);
  xml.leaf("device", view.attachment.device);
  xml.leaf("status", view.attachment.state);
  xml.leaf("attachTime", core::format_iso8601_ms(view.attachment.attach_time));
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse create_volume(Ec2Call& call) {
  const auto& p = call.params;
  refuse_unimplemented(p, {"OutpostArn"});  // no Outposts here
  CreateVolumeRequest req;
  req.availability_zone = p.str_or("AvailabilityZone", "");
  req.size = p.integer("Size");
  req.snapshot_id = p.str_or("SnapshotId", "");
  req.volume_type = p.str("VolumeType");
  req.iops = p.integer("Iops");
  req.throughput = p.integer("Throughput");
  req.encrypted = p.boolean("Encrypted");
  req.kms_key_id = p.str_or("KmsKeyId", "");
  req.multi_attach = p.boolean("MultiAttachEnabled").value_or(false);
  req.tag_specifications = decode_tag_specifications(p);
  req.client_token = p.str_or("ClientToken", "");
  req.fingerprint = fingerprint(p, {"ClientToken", "DryRun"});
  req.dry_run = dry_run(p);
  const Volume v = call.run([&](Ec2Partition& part, core::TimeMs now) {
    return ec2::create_volume(call.model, part, req, now);
  });
  call.ctx.created_ids.push_back(v.volume_id);
  XmlWriter xml = protocol::begin_ec2_response("CreateVolume", call.ctx.request_id);
  write_volume_members(xml, v, call);
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse attach_volume(Ec2Call& call) {
  const std::string volume_id = required(call.params, "VolumeId");
  const std::string instance_id = required(call.params, "InstanceId");
  const std::string device = required(call.params, "Device");
  const bool dry = dry_run(call.params);
  const AttachmentView view = call.run([&](Ec2Partition& part, core::TimeMs now) {
    return ec2::attach_volume(call.model, part, volume_id, instance_id, device, dry, now);
  });
  return attachment_response(call, view);
}

HttpResponse detach_volume(Ec2Call& call) {
  DetachVolumeRequest req;
  req.volume_id = required(call.params, "VolumeId");
  req.instance_id = call.params.str_or("InstanceId", "");
  req.device = call.params.str_or("Device", "");
  req.force = call.params.boolean("Force").value_or(false);
  req.dry_run = dry_run(call.params);
  const AttachmentView view = call.run([&](Ec2Partition& part, core::TimeMs now) {
    return ec2::detach_volume(call.model, part, req, now);
  });
  return attachment_response(call, view);
}

HttpResponse delete_volume(Ec2Call& call) {
  const std::string volume_id = required(call.params, "VolumeId");
  const bool dry = dry_run(call.params);
  call.run([&](Ec2Partition& part, core::TimeMs now) {
    ec2::delete_volume(call.model, part, volume_id, dry, now);
  });
  XmlWriter xml = protocol::begin_ec2_response("DeleteVolume", call.ctx.request_id);
  xml.leaf("return", true);
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse describe_volumes(Ec2Call& call) {
  DescribeVolumesRequest req;
  req.volume_ids = call.params.list("VolumeId");
  if (req.volume_ids.size() > kMaxVolumeIds) {
    throw ServiceError("InvalidParameterValue",
                       "The maximum number of volume IDs per request is 1000; " +
                           std::to_string(req.volume_ids.size()) + " were specified.");
  }
  req.filters = decode_filters(call.params);
  req.max_results = call.params.integer("MaxResults");
  req.next_token = call.params.str_or("NextToken", "");
  req.dry_run = dry_run(call.params);
  const DescribeVolumesResult result =
      call.run([&](Ec2Partition& part, core::TimeMs) { return ec2::describe_volumes(part, req); });
  XmlWriter xml = protocol::begin_ec2_response("DescribeVolumes", call.ctx.request_id);
  xml.open("volumeSet");
  for (const Volume& v : result.volumes) {
    xml.open("item");
    write_volume_members(xml, v, call);
    xml.close();
  }
  xml.close();
  xml.leaf_if("nextToken", result.next_token);
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

}  // namespace

void register_volume_actions(Ec2ActionTable& table) {
  table["CreateVolume"] = create_volume;
  table["AttachVolume"] = attach_volume;
  table["DetachVolume"] = detach_volume;
  table["DeleteVolume"] = delete_volume;
  table["DescribeVolumes"] = describe_volumes;
}

}  // namespace cloudlife::ec2::api
