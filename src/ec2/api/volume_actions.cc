// EBS volume actions: CreateVolume, AttachVolume, DetachVolume, DeleteVolume, DescribeVolumes
// (ec2/volumes.h), decoded and encoded by the generated codec
// (codegen/ec2/interfaces_volumes_keys.ops). Outposts, zone IDs, initialization rates, managed
// volumes and EBS cards other than 0 have no model here and are refused with Unsupported rather
// than ignored.
#include <string>

#include "core/service_error.h"
#include "ec2/api/ec2_call.h"
#include "ec2/api/ec2_decode.h"
#include "ec2/api/interface_writers.h"
#include "ec2/volumes.h"
#include "ec2_codec.h"
#include "protocol/aws_errors.h"

namespace cloudlife::ec2::api {
namespace {

using protocol::HttpResponse;
namespace wire = codec::ec2;

constexpr std::size_t kMaxVolumeIds = 1000;

std::string volume_kms_key_arn(const Ec2Call& call, const std::string& key_id) {
  if (key_id.rfind("arn:", 0) == 0) return key_id;
  return "arn:aws:kms:" + call.ctx.region + ":" + call.ctx.account + ":key/" + key_id;
}

std::string default_volume_kms_key(const Ec2Call& call) {
  // The account's AWS-managed EBS key (alias aws/ebs), stable per account and region.
  return volume_kms_key_arn(call, "aws-ebs-" + call.ctx.account);
}

// The members of a Volume shape (CreateVolumeResponse, or one volumeSet item).
void write_ebs_volume_members(wire::VolumeWriter& w, const Volume& v, const Ec2Call& call) {
  w.volume_id(v.volume_id)
      .size(v.size)
      .snapshot_id(v.snapshot_id)
      .availability_zone(v.availability_zone)
      .state(v.state)
      .create_time(v.create_time);
  w.attachments([&](wire::VolumeAttachmentListWriter& list) {
    for (const VolumeAttachment* a : volume_attachments(v)) {
      list.item([&](wire::VolumeAttachmentWriter& x) {
        x.volume_id(v.volume_id)
            .instance_id(a->instance_id)
            .device(a->device)
            .state(a->state)
            .attach_time(a->attach_time)
            .delete_on_termination(a->delete_on_termination);
      });
    }
  });
  if (!v.tags.empty()) w.tags(v.tags.items(), write_resource_tag);
  w.volume_type(v.volume_type);
  if (v.iops) w.iops(*v.iops);
  if (v.throughput) w.throughput(*v.throughput);
  w.encrypted(v.encrypted);
  if (v.encrypted) {
    w.kms_key_id(v.kms_key_id.empty() ? default_volume_kms_key(call)
                                      : volume_kms_key_arn(call, v.kms_key_id));
  }
  w.multi_attach_enabled(v.multi_attach_enabled);
}

// AttachVolume and DetachVolume answer the attachment (a VolumeAttachment shape).
template <class Response>
HttpResponse volume_attachment_response(Ec2Call& call, const AttachmentView& view) {
  Response out(call.ctx.request_id);
  out.volume_id(view.volume_id)
      .instance_id(view.attachment.instance_id)
      .device(view.attachment.device)
      .state(view.attachment.state)
      .attach_time(view.attachment.attach_time);
  return out.finish();
}

HttpResponse create_volume(Ec2Call& call) {
  // No Outposts, zone IDs or initialization rates here.
  refuse_unimplemented(
      call.params, {"OutpostArn", "AvailabilityZoneId", "VolumeInitializationRate", "Operator.*"});
  const auto in = wire::CreateVolumeRequest::decode(call.params);
  CreateVolumeRequest req;
  req.availability_zone = in.availability_zone.value_or("");
  req.size = in.size;
  req.snapshot_id = in.snapshot_id.value_or("");
  req.volume_type = in.volume_type;
  req.iops = in.iops;
  req.throughput = in.throughput;
  req.encrypted = in.encrypted;
  req.kms_key_id = in.kms_key_id.value_or("");
  req.multi_attach = in.multi_attach_enabled.value_or(false);
  req.tag_specifications = to_tag_specifications(in.tag_specifications);
  req.client_token = in.client_token.value_or("");
  req.fingerprint = fingerprint(call.params, {"ClientToken", "DryRun"});
  req.dry_run = in.dry_run.value_or(false);
  const Volume v = call.run([&](Ec2Partition& part, core::TimeMs now) {
    return ec2::create_volume(call.model, part, req, now);
  });
  call.ctx.created_ids.push_back(v.volume_id.str());
  wire::CreateVolumeResponse out(call.ctx.request_id);
  write_ebs_volume_members(out, v, call);
  return out.finish();
}

HttpResponse attach_volume(Ec2Call& call) {
  const auto req = wire::AttachVolumeRequest::decode(call.params);
  if (req.ebs_card_index.value_or(0) != 0) refuse_unimplemented(call.params, {"EbsCardIndex"});
  const bool dry = req.dry_run.value_or(false);
  const AttachmentView view = call.run([&](Ec2Partition& part, core::TimeMs now) {
    return ec2::attach_volume(call.model, part, req.volume_id, req.instance_id, req.device, dry,
                              now);
  });
  return volume_attachment_response<wire::AttachVolumeResponse>(call, view);
}

HttpResponse detach_volume(Ec2Call& call) {
  const auto in = wire::DetachVolumeRequest::decode(call.params);
  DetachVolumeRequest req;
  req.volume_id = in.volume_id;
  req.instance_id = in.instance_id.value_or("");
  req.device = in.device.value_or("");
  req.force = in.force.value_or(false);
  req.dry_run = in.dry_run.value_or(false);
  const AttachmentView view = call.run([&](Ec2Partition& part, core::TimeMs now) {
    return ec2::detach_volume(call.model, part, req, now);
  });
  return volume_attachment_response<wire::DetachVolumeResponse>(call, view);
}

HttpResponse delete_volume(Ec2Call& call) {
  const auto req = wire::DeleteVolumeRequest::decode(call.params);
  const bool dry = req.dry_run.value_or(false);
  call.run([&](Ec2Partition& part, core::TimeMs now) {
    ec2::delete_volume(call.model, part, req.volume_id, dry, now);
  });
  return wire::DeleteVolumeResponse(call.ctx.request_id).finish();
}

HttpResponse describe_volumes(Ec2Call& call) {
  const auto in = wire::DescribeVolumesRequest::decode(call.params);
  if (in.volume_ids.size() > kMaxVolumeIds) {
    throw protocol::aws_error("InvalidParameterValue",
                              {"The maximum number of volume IDs per request is 1000; " +
                               std::to_string(in.volume_ids.size()) + " were specified."});
  }
  if (in.include_managed_resources.value_or(false)) {
    refuse_unimplemented(call.params, {"IncludeManagedResources"});
  }
  DescribeVolumesRequest req;
  req.volume_ids = in.volume_ids;
  req.filters = to_filters(in.filters);
  req.max_results = in.max_results;
  req.next_token = in.next_token.value_or("");
  req.dry_run = in.dry_run.value_or(false);
  const DescribeVolumesResult result =
      call.run([&](Ec2Partition& part, core::TimeMs) { return ec2::describe_volumes(part, req); });
  wire::DescribeVolumesResponse out(call.ctx.request_id);
  out.volumes(result.volumes, [&](wire::VolumeWriter& w, const Volume& v) {
    write_ebs_volume_members(w, v, call);
  });
  if (!result.next_token.empty()) out.next_token(result.next_token);
  return out.finish();
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
