// EBS snapshots: create, copy, delete, describe.
#include "ec2/snapshots.h"
#include "protocol/aws_ids.h"

#include <algorithm>

#include "core/ids.h"
#include "core/service_error.h"
#include "ec2/regions.h"
#include "ec2/snapshot_attributes.h"
#include "ec2/tag_operations.h"
#include "ec2/volumes.h"

namespace cloudlife::ec2 {
namespace {

using V = std::vector<std::string>;

using core::ServiceError;

constexpr long long kSnapshotPageCap = 1000;
constexpr const char* kTokenPrefix = "cl1s.";
// The volume ID EC2 shows for a copied snapshot (it was taken from no volume of this region).
constexpr const char* kCopiedVolumeId = "vol-ffffffff";

std::vector<Tag> snapshot_tags(const std::vector<TagSpecification>& specs) {
  validate_tag_specifications(specs, {"snapshot"});
  std::vector<Tag> out;
  for (const TagSpecification& ts : specs) out.insert(out.end(), ts.tags.begin(), ts.tags.end());
  return out;
}

void schedule_completion(Ec2Model& model, Ec2Partition& p, Snapshot& s) {
  s.pending_event = model.engine().scheduler().schedule(
      s.complete_at, core::TimedEvent{.kind = model.resource_events().snapshot_completed,
                                      .part = p.key,
                                      .subject = s.snapshot_id,
                                      .args = {}});
}

Snapshot& store_new(Ec2Model& model, Ec2Partition& p, Snapshot s, core::TimeMs now) {
  s.snapshot_id = core::resource_id("snap");
  s.owner_id = p.key.account;
  s.state = "pending";
  s.start_time = now;
  s.complete_at = now + model.engine().timing().duration(core::TimingPhase::kSnapshotPending);
  const std::string id = s.snapshot_id;
  Snapshot& stored = p.snapshots.emplace(id, std::move(s)).first->second;
  schedule_completion(model, p, stored);
  return stored;
}

std::optional<std::vector<std::string>> snapshot_filter_values(const Snapshot& s,
                                                               const std::string& name,
                                                               core::TimeMs now) {
  if (name == "snapshot-id") return V{s.snapshot_id};
  if (name == "volume-id") return V{s.volume_id};
  if (name == "status") return V{s.state};
  if (name == "owner-id") return V{s.owner_id};
  if (name == "owner-alias") return V{};
  if (name == "description") return V{s.description};
  if (name == "progress") return V{snapshot_progress_text(s, now)};
  if (name == "start-time") return V{core::format_iso8601_ms(s.start_time)};
  if (name == "volume-size") return V{std::to_string(s.volume_size)};
  if (name == "encrypted") return V{s.encrypted ? "true" : "false"};
  if (name == "storage-tier") return V{"standard"};
  return tag_filter_values(s.tags, name);
}

bool snapshot_owned_by(const Snapshot& s, const std::string& owner, const std::string& caller) {
  if (owner == "self") return s.owner_id == caller;
  return s.owner_id == owner;  // "amazon" / "aws-marketplace" own none of the account's snapshots
}

}  // namespace

bool is_well_formed_snapshot_id(const std::string& id) {
  return protocol::is_well_formed_aws_id(id, "snap-");
}

std::string snapshot_not_found_message(const std::string& id) {
  return "The snapshot '" + id + "' does not exist.";
}

Snapshot& require_snapshot(Ec2Partition& p, const std::string& id) {
  if (!is_well_formed_snapshot_id(id)) {
    throw ServiceError("InvalidSnapshotID.Malformed",
                       "Invalid id: \"" + id + "\" (expecting \"snap-...\")");
  }
  auto it = p.snapshots.find(id);
  if (it == p.snapshots.end()) {
    throw ServiceError("InvalidSnapshot.NotFound", snapshot_not_found_message(id));
  }
  return it->second;
}

int snapshot_progress(core::TimeMs start, core::TimeMs complete_at, core::TimeMs now) {
  if (now >= complete_at) return 100;
  if (now <= start || complete_at <= start) return 0;
  return static_cast<int>((now - start) * 100 / (complete_at - start));
}

std::string snapshot_progress_text(const Snapshot& s, core::TimeMs now) {
  const int pct = s.state == "completed"
                      ? 100
                      : std::min(99, snapshot_progress(s.start_time, s.complete_at, now));
  return std::to_string(pct) + "%";
}

std::string image_using_snapshot(const Ec2Partition& p, const std::string& snapshot_id) {
  for (const auto& [id, image] : p.images) {
    for (const BlockDeviceSpec& bd : image.block_devices) {
      if (bd.ebs && bd.ebs->snapshot_id == snapshot_id) return id;
    }
  }
  return "";
}

Snapshot& take_snapshot(Ec2Model& model, Ec2Partition& p, const Volume& volume,
                        const std::string& description, const std::vector<Tag>& tags,
                        core::TimeMs now) {
  Snapshot s;
  s.volume_id = volume.volume_id;
  s.volume_size = volume.size;
  s.description = description;
  s.encrypted = volume.encrypted;
  s.kms_key_id = volume.kms_key_id;
  for (const Tag& t : tags) s.tags.set(t.key, t.value);
  return store_new(model, p, std::move(s), now);
}

Snapshot create_snapshot(Ec2Model& model, Ec2Partition& p, const CreateSnapshotRequest& r,
                         core::TimeMs now) {
  const Volume& v = require_volume(p, r.volume_id);
  const std::vector<Tag> tags = snapshot_tags(r.tag_specifications);
  if (v.state == "creating" || v.state == "deleting") {
    throw ServiceError("IncorrectState",
                       "The volume '" + r.volume_id + "' is in the '" + v.state + "' state.");
  }
  if (r.dry_run) throw dry_run_succeeded();
  return take_snapshot(model, p, v, r.description, tags, now);
}

Snapshot copy_snapshot(Ec2Model& model, Ec2Partition& p, Ec2Partition& source,
                       const CopySnapshotRequest& r, core::TimeMs now) {
  if (r.destination_region && *r.destination_region != p.key.region) {
    throw ServiceError("InvalidParameterValue",
                       "Value (" + *r.destination_region +
                           ") for parameter destinationRegion is invalid. The destination region "
                           "must be the region the request is sent to (" +
                           p.key.region + ").");
  }
  const Snapshot& src = require_snapshot(source, r.source_snapshot_id);
  const std::vector<Tag> tags = snapshot_tags(r.tag_specifications);
  if (!r.kms_key_id.empty() && !r.encrypted) {
    throw ServiceError("InvalidParameterDependency",
                       "The parameter KmsKeyId requires the parameter Encrypted to be set.");
  }
  if (src.state != "completed") {
    throw ServiceError("IncorrectState",
                       "Snapshot '" + r.source_snapshot_id + "' is not in a 'completed' state.");
  }
  if (r.dry_run) throw dry_run_succeeded();
  Snapshot copy;
  copy.volume_id = kCopiedVolumeId;
  copy.volume_size = src.volume_size;
  copy.description =
      r.description.value_or("[Copied " + src.snapshot_id + " from " + r.source_region + "]");
  copy.encrypted = src.encrypted || r.encrypted;
  copy.kms_key_id = r.kms_key_id.empty() ? src.kms_key_id : r.kms_key_id;
  for (const Tag& t : tags) copy.tags.set(t.key, t.value);
  return store_new(model, p, std::move(copy), now);
}

void delete_snapshot(Ec2Partition& p, const std::string& snapshot_id, bool dry_run) {
  require_snapshot(p, snapshot_id);
  const std::string image = image_using_snapshot(p, snapshot_id);
  if (!image.empty()) {
    throw ServiceError("InvalidSnapshot.InUse",
                       "The snapshot " + snapshot_id + " is currently in use by " + image);
  }
  if (dry_run) throw dry_run_succeeded();
  // A pending completion finds the snapshot gone and does nothing.
  p.snapshots.erase(snapshot_id);
}

void on_snapshot_completed(Ec2Partition& p, const std::string& snapshot_id) {
  auto it = p.snapshots.find(snapshot_id);
  if (it == p.snapshots.end()) return;
  it->second.pending_event = 0;
  if (it->second.state == "pending") it->second.state = "completed";
}

DescribeSnapshotsResult describe_snapshots(Ec2Partition& p, const DescribeSnapshotsRequest& r,
                                           core::TimeMs now) {
  if (r.max_results && !r.snapshot_ids.empty()) {
    throw ServiceError("InvalidParameterCombination",
                       "The parameter snapshotSet cannot be used with the parameter maxResults");
  }
  if (r.max_results && *r.max_results < 5) {
    throw ServiceError("InvalidParameterValue",
                       "Value ( " + std::to_string(*r.max_results) +
                           " ) for parameter maxResults is invalid. Expecting a value greater "
                           "than 5.");
  }
  std::string after;
  if (!r.next_token.empty()) {
    if (r.next_token.rfind(kTokenPrefix, 0) != 0 ||
        !is_well_formed_snapshot_id(r.next_token.substr(5))) {
      throw ServiceError("InvalidParameterValue", "Value ( " + r.next_token +
                                                      " ) for parameter NextToken is invalid. "
                                                      "The token is invalid.");
    }
    after = r.next_token.substr(5);
  }
  for (const Filter& f : r.filters) {
    if (!snapshot_filter_values(Snapshot{}, f.name, now)) {
      throw ServiceError("InvalidParameterValue", "The filter '" + f.name + "' is invalid");
    }
  }
  for (const std::string& id : r.snapshot_ids) {
    if (!is_well_formed_snapshot_id(id)) {
      throw ServiceError("InvalidSnapshotID.Malformed",
                         "Invalid id: \"" + id + "\" (expecting \"snap-...\")");
    }
  }
  for (const std::string& id : r.snapshot_ids) {
    if (!p.snapshots.count(id)) {
      throw ServiceError("InvalidSnapshot.NotFound", snapshot_not_found_message(id));
    }
  }
  if (r.dry_run) throw dry_run_succeeded();

  DescribeSnapshotsResult result;
  const long long limit = r.max_results ? std::min(*r.max_results, kSnapshotPageCap) : -1;
  const std::string& caller = p.key.account;
  auto it = after.empty() ? p.snapshots.begin() : p.snapshots.upper_bound(after);
  for (; it != p.snapshots.end(); ++it) {
    const Snapshot& s = it->second;
    if (!r.snapshot_ids.empty() && std::find(r.snapshot_ids.begin(), r.snapshot_ids.end(),
                                             s.snapshot_id) == r.snapshot_ids.end()) {
      continue;
    }
    if (!r.owner_ids.empty() &&
        std::none_of(r.owner_ids.begin(), r.owner_ids.end(),
                     [&](const std::string& o) { return snapshot_owned_by(s, o, caller); })) {
      continue;
    }
    if (!r.restorable_by_user_ids.empty() &&
        std::none_of(r.restorable_by_user_ids.begin(), r.restorable_by_user_ids.end(),
                     [&](const std::string& u) { return snapshot_restorable_by(s, u, caller); })) {
      continue;
    }
    bool match = true;
    for (const Filter& f : r.filters) {
      bool any = false;
      for (const std::string& v :
           snapshot_filter_values(s, f.name, now).value_or(std::vector<std::string>{})) {
        any = any || matches_any(f.values, v);
      }
      if (!any) {
        match = false;
        break;
      }
    }
    if (!match) continue;
    if (limit >= 0 && static_cast<long long>(result.snapshots.size()) == limit) {
      result.next_token = kTokenPrefix + result.snapshots.back().snapshot_id;
      return result;
    }
    result.snapshots.push_back(s);
  }
  return result;
}

}  // namespace cloudlife::ec2
