// EBS snapshot actions: CreateSnapshot, CopySnapshot, DeleteSnapshot, DescribeSnapshots
// (ec2/snapshots.h), decoded and encoded by the generated codec (codegen/ec2/images.ops).
// Outposts and time-based copies have no model here and are refused with Unsupported.
// CopySnapshot's PresignedUrl (which the SDKs compute for a copy from another region) is accepted
// but not checked: cloudlife does not verify signatures (docs/supported.md).
#include <string>
#include <vector>

#include "core/service_error.h"
#include "ec2/api/ec2_call.h"
#include "ec2/api/ec2_decode.h"
#include "ec2/api/presigned_copy.h"
#include "ec2/regions.h"
#include "ec2/snapshots.h"
#include "ec2_codec.h"

namespace cloudlife::ec2::api {
namespace {

using core::ServiceError;
using protocol::HttpResponse;
namespace wire = codec::ec2;

std::string kms_key_arn(const Ec2Call& call, const std::string& key_id) {
  if (key_id.rfind("arn:", 0) == 0) return key_id;
  // Empty: the account's AWS-managed EBS key (alias aws/ebs), as volume_actions.cc names it.
  const std::string id = key_id.empty() ? "aws-ebs-" + call.ctx.account : key_id;
  return "arn:aws:kms:" + call.ctx.region + ":" + call.ctx.account + ":key/" + id;
}

struct SnapshotView {
  Snapshot snapshot;
  std::string progress;
};

template <class W>
void write_snapshot(W& w, const SnapshotView& view, const Ec2Call& call) {
  const Snapshot& s = view.snapshot;
  w.snapshot_id(s.snapshot_id)
      .volume_id(s.volume_id)
      .state(s.state)
      .start_time(s.start_time)
      .progress(view.progress)
      .owner_id(s.owner_id)
      .description(s.description)
      .volume_size(s.volume_size)
      .encrypted(s.encrypted);
  if (s.encrypted) w.kms_key_id(kms_key_arn(call, s.kms_key_id));
  w.tags(s.tags.items(),
         [](wire::TagWriter& t, const Tag& tag) { t.key(tag.key).value(tag.value); });
  w.storage_tier("standard");
  if (s.state == "completed") w.completion_time(s.complete_at);
}

HttpResponse create_snapshot(Ec2Call& call) {
  refuse_unimplemented(call.params, {"OutpostArn", "Location"});
  const auto req = wire::CreateSnapshotRequest::decode(call.params);
  CreateSnapshotRequest r;
  r.volume_id = req.volume_id;
  r.description = req.description.value_or("");
  r.tag_specifications = to_tag_specifications(req.tag_specifications);
  r.dry_run = req.dry_run.value_or(false);
  const SnapshotView view = call.run([&](Ec2Partition& part, core::TimeMs now) {
    Snapshot s = ec2::create_snapshot(call.model, part, r, now);
    return SnapshotView{s, snapshot_progress_text(s, now)};
  });
  call.ctx.created_ids.push_back(view.snapshot.snapshot_id);
  wire::CreateSnapshotResponse out(call.ctx.request_id);
  write_snapshot(out, view, call);
  return out.finish();
}

HttpResponse copy_snapshot(Ec2Call& call) {
  refuse_unimplemented(call.params, {"DestinationOutpostArn", "CompletionDurationMinutes",
                                     "DestinationAvailabilityZone"});
  const auto req = wire::CopySnapshotRequest::decode(call.params);
  CopySnapshotRequest r;
  r.source_region = req.source_region;
  r.source_snapshot_id = req.source_snapshot_id;
  r.description = req.description;
  r.destination_region = req.destination_region;
  r.encrypted = req.encrypted.value_or(false);
  r.kms_key_id = req.kms_key_id.value_or("");
  r.tag_specifications = to_tag_specifications(req.tag_specifications);
  r.dry_run = req.dry_run.value_or(false);
  if (!find_region(r.source_region)) {
    throw ServiceError("InvalidParameterValue",
                       "Value (" + r.source_region + ") for parameter sourceRegion is invalid.");
  }
  if (req.presigned_url) {
    check_copy_snapshot_presigned_url(*req.presigned_url, r.source_snapshot_id, r.source_region,
                                      r.destination_region.value_or(call.ctx.region));
  }
  const Snapshot copy = call.run([&](Ec2Partition& part, core::TimeMs now) {
    Ec2Partition& source = r.source_region == part.key.region
                               ? part
                               : call.model.partition(part, {part.key.account, r.source_region});
    return ec2::copy_snapshot(call.model, part, source, r, now);
  });
  call.ctx.created_ids.push_back(copy.snapshot_id);
  wire::CopySnapshotResponse out(call.ctx.request_id);
  out.snapshot_id(copy.snapshot_id);
  out.tags(copy.tags.items(),
           [](wire::TagWriter& t, const Tag& tag) { t.key(tag.key).value(tag.value); });
  return out.finish();
}

HttpResponse delete_snapshot(Ec2Call& call) {
  const auto req = wire::DeleteSnapshotRequest::decode(call.params);
  call.run([&](Ec2Partition& part, core::TimeMs) {
    ec2::delete_snapshot(part, req.snapshot_id, req.dry_run.value_or(false));
  });
  wire::DeleteSnapshotResponse out(call.ctx.request_id);
  return out.finish();
}

HttpResponse describe_snapshots(Ec2Call& call) {
  const auto req = wire::DescribeSnapshotsRequest::decode(call.params);
  DescribeSnapshotsRequest r;
  r.snapshot_ids = req.snapshot_ids;
  r.owner_ids = req.owner_ids;
  r.restorable_by_user_ids = req.restorable_by_user_ids;
  r.filters = to_filters(req.filters);
  if (req.max_results) r.max_results = *req.max_results;
  r.next_token = req.next_token.value_or("");
  r.dry_run = req.dry_run.value_or(false);
  std::string next_token;
  const std::vector<SnapshotView> views = call.run([&](Ec2Partition& part, core::TimeMs now) {
    DescribeSnapshotsResult result = ec2::describe_snapshots(part, r, now);
    next_token = result.next_token;
    std::vector<SnapshotView> out;
    out.reserve(result.snapshots.size());
    for (Snapshot& s : result.snapshots) {
      const std::string progress = snapshot_progress_text(s, now);
      out.push_back(SnapshotView{std::move(s), progress});
    }
    return out;
  });
  wire::DescribeSnapshotsResponse out(call.ctx.request_id);
  out.snapshots(
      views, [&](wire::SnapshotWriter& w, const SnapshotView& v) { write_snapshot(w, v, call); });
  if (!next_token.empty()) out.next_token(next_token);
  return out.finish();
}

}  // namespace

void register_snapshot_actions(Ec2ActionTable& table) {
  table["CreateSnapshot"] = create_snapshot;
  table["CopySnapshot"] = copy_snapshot;
  table["DeleteSnapshot"] = delete_snapshot;
  table["DescribeSnapshots"] = describe_snapshots;
}

}  // namespace cloudlife::ec2::api
