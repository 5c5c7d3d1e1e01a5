// EBS snapshot operations: CreateSnapshot, CopySnapshot, DeleteSnapshot, DescribeSnapshots.
// Contract: free functions over one partition, called with the engine lock held (inside
// Engine::transact). Each validates everything first and throws core::ServiceError before
// changing anything; then it applies its change whole. A new snapshot is pending and completes
// after the "snapshot-pending" phase (an "ec2.snapshot-completed" TimedEvent,
// ec2/resource_events.h, whose handler runs on_snapshot_completed(), re-finds it by ID); its
// progress is snapshot_progress() of the virtual time. A snapshot a registered image maps cannot be
// deleted (InvalidSnapshot.InUse); deleting a volume leaves its snapshots alone.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "ec2/ec2_model.h"
#include "ec2/filters.h"
#include "ec2/launch_spec.h"
#include "ec2/snapshot.h"
#include "ec2/volume.h"

namespace cloudlife::ec2 {

struct CreateSnapshotRequest {
  std::string volume_id;
  std::string description;
  std::vector<TagSpecification> tag_specifications;
  bool dry_run = false;
};

struct CopySnapshotRequest {
  std::string source_region;
  std::string source_snapshot_id;
  std::optional<std::string> description;
  std::optional<std::string> destination_region;
  bool encrypted = false;
  std::string kms_key_id;
  std::vector<TagSpecification> tag_specifications;
  bool dry_run = false;
};

struct DescribeSnapshotsRequest {
  std::vector<std::string> snapshot_ids;
  std::vector<std::string> owner_ids;               // account IDs, "self", "amazon", …
  std::vector<std::string> restorable_by_user_ids;  // account IDs, "self", "all"
  std::vector<Filter> filters;
  std::optional<long long> max_results;
  std::string next_token;
  bool dry_run = false;
};

struct DescribeSnapshotsResult {
  std::vector<Snapshot> snapshots;
  std::string next_token;
};

// "snap-" followed by 8 or 17 lowercase hex digits.
bool is_well_formed_snapshot_id(const std::string& id);
// The message of InvalidSnapshot.NotFound for one ID.
std::string snapshot_not_found_message(const std::string& id);
// The snapshot, or InvalidSnapshotID.Malformed / InvalidSnapshot.NotFound.
Snapshot& require_snapshot(Ec2Partition& p, const std::string& id);
// Percent done (0–100) of a snapshot started at `start` that completes at `complete_at`, seen at
// `now`: proportional to the time elapsed, 100 from complete_at on.
int snapshot_progress(core::TimeMs start, core::TimeMs complete_at, core::TimeMs now);
// "NN%" as EC2 shows it (100% once completed).
std::string snapshot_progress_text(const Snapshot& s, core::TimeMs now);
// The first registered image (pending or available) whose mappings use the snapshot, or "".
std::string image_using_snapshot(const Ec2Partition& p, const std::string& snapshot_id);

// A new pending snapshot of `volume` (no checks: the callers validated), stored in the partition.
Snapshot& take_snapshot(Ec2Model& model, Ec2Partition& p, const Volume& volume,
                        const std::string& description, const std::vector<Tag>& tags,
                        core::TimeMs now);
Snapshot create_snapshot(Ec2Model& model, Ec2Partition& p, const CreateSnapshotRequest& request,
                         core::TimeMs now);
// `source`: the partition of the source region (the same as `p` for a copy within the region).
Snapshot copy_snapshot(Ec2Model& model, Ec2Partition& p, Ec2Partition& source,
                       const CopySnapshotRequest& request, core::TimeMs now);
void delete_snapshot(Ec2Partition& p, const std::string& snapshot_id, bool dry_run);
DescribeSnapshotsResult describe_snapshots(Ec2Partition& p, const DescribeSnapshotsRequest& request,
                                           core::TimeMs now);
// The completion event fired: a snapshot still pending is completed (nothing when it is gone).
void on_snapshot_completed(Ec2Partition& p, const std::string& snapshot_id);

}  // namespace cloudlife::ec2
