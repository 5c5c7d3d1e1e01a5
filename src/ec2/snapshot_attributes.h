// Snapshot attributes: createVolumePermission (the accounts a snapshot is shared with, and the
// group "all" that makes it public) and productCodes (cloudlife's snapshots carry none), as
// DescribeSnapshotAttribute, ModifySnapshotAttribute and ResetSnapshotAttribute see them, and the
// RestorableBy rule DescribeSnapshots applies.
// Contract: free functions over one partition, called with the engine lock held. Everything is
// validated before anything changes (all-or-nothing); DryRun changes nothing. Rules:
//   - attribute names are productCodes | createVolumePermission (else InvalidParameterValue);
//     only createVolumePermission can be modified or reset;
//   - a group other than "all" is InvalidParameterValue; a user ID that is not 12 digits is
//     InvalidUserID.Malformed;
//   - an encrypted snapshot cannot be made public, and one encrypted under the account's default
//     (AWS managed) key cannot be shared at all (InvalidParameterValue), as EC2 refuses them;
//   - a modification with nothing to add or remove is InvalidParameterCombination.
// docs/supported.md ("Snapshots and images") says what is shared across accounts here.
#pragma once

#include <string>
#include <vector>

#include "ec2/ec2_partition.h"
#include "ec2/snapshot.h"

namespace cloudlife::ec2 {

struct SnapshotPermissionChange {
  std::vector<std::string> add_groups, remove_groups;
  std::vector<std::string> add_user_ids, remove_user_ids;
  bool dry_run = false;
};

bool is_snapshot_attribute_name(const std::string& name);
// InvalidParameterValue unless `name` is createVolumePermission (Modify/Reset).
void require_modifiable_snapshot_attribute(const std::string& name);
// True when `user` ("self", "all" or an account ID) may create volumes from `s`; `caller` is the
// requesting account.
bool snapshot_restorable_by(const Snapshot& s, const std::string& user, const std::string& caller);
void modify_snapshot_volume_permission(Ec2Partition& p, const std::string& snapshot_id,
                                       const SnapshotPermissionChange& change);
// Back to the owner alone.
void reset_snapshot_volume_permission(Ec2Partition& p, const std::string& snapshot_id,
                                      bool dry_run);

}  // namespace cloudlife::ec2
