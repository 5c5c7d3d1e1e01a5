// An EBS snapshot as the model keeps it.
// Contract: `state` is pending | completed; a pending snapshot completes at `complete_at` (its
// scheduled event sets it completed); its progress is snapshot_progress(start, complete_at, now).
// A snapshot outlives the volume it was taken from. Who may restore it besides its owner is its
// createVolumePermission (snapshot_attributes.h).
#pragma once

#include <string>
#include <vector>

#include "core/scheduler.h"
#include "core/time.h"
#include "ec2/tags.h"

namespace cloudlife::ec2 {

struct Snapshot {
  std::string snapshot_id;
  std::string volume_id;  // "vol-ffffffff" for a copy, as EC2 shows copies
  int volume_size = 8;    // GiB
  std::string description;
  std::string owner_id;
  std::string state = "pending";
  core::TimeMs start_time = 0;
  core::TimeMs complete_at = 0;
  bool encrypted = false;
  std::string kms_key_id;  // empty = the account's default EBS key (when encrypted)
  TagSet tags;
  core::EventId pending_event = 0;
  // createVolumePermission (ModifySnapshotAttribute): the accounts it is shared with, and whether
  // the group "all" may restore it (public). The owner may always restore it.
  std::vector<std::string> volume_permission_user_ids;
  bool volume_permission_public = false;
};

}  // namespace cloudlife::ec2
