#include "ec2/snapshot_attributes.h"

#include <algorithm>

#include "core/service_error.h"
#include "ec2/ec2_model.h"
#include "ec2/snapshots.h"

namespace cloudlife::ec2 {
namespace {

using core::ServiceError;

bool is_account_id_text(const std::string& u) {
  return u.size() == 12 &&
         std::all_of(u.begin(), u.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

void check_volume_permission_change(const Snapshot& s, const SnapshotPermissionChange& c) {
  if (c.add_groups.empty() && c.remove_groups.empty() && c.add_user_ids.empty() &&
      c.remove_user_ids.empty()) {
    throw ServiceError("InvalidParameterCombination", "No attributes specified.");
  }
  for (const auto* groups : {&c.add_groups, &c.remove_groups}) {
    for (const std::string& g : *groups) {
      if (g != "all") {
        throw ServiceError("InvalidParameterValue",
                           "Value (" + g + ") for parameter group is invalid. Valid values: all");
      }
    }
  }
  for (const auto* users : {&c.add_user_ids, &c.remove_user_ids}) {
    for (const std::string& u : *users) {
      if (!is_account_id_text(u)) {
        throw ServiceError("InvalidUserID.Malformed", "Invalid user id: \"" + u + "\"");
      }
    }
  }
  if (s.encrypted && !c.add_groups.empty()) {
    throw ServiceError("InvalidParameterValue", "Encrypted snapshots cannot be made public.");
  }
  if (s.encrypted && s.kms_key_id.empty() && !c.add_user_ids.empty()) {
    throw ServiceError("InvalidParameterValue",
                       "Snapshots encrypted with the AWS managed key for EBS cannot be shared.");
  }
}

}  // namespace

bool is_snapshot_attribute_name(const std::string& name) {
  return name == "productCodes" || name == "createVolumePermission";
}

void require_modifiable_snapshot_attribute(const std::string& name) {
  if (name == "createVolumePermission") return;
  throw ServiceError("InvalidParameterValue",
                     "Value (" + name +
                         ") for parameter attribute is invalid. Only createVolumePermission can "
                         "be changed.");
}

bool snapshot_restorable_by(const Snapshot& s, const std::string& user, const std::string& caller) {
  if (user == "all") return s.volume_permission_public;
  const std::string& account = user == "self" ? caller : user;
  if (account == s.owner_id) return true;
  return std::find(s.volume_permission_user_ids.begin(), s.volume_permission_user_ids.end(),
                   account) != s.volume_permission_user_ids.end();
}

void modify_snapshot_volume_permission(Ec2Partition& p, const std::string& snapshot_id,
                                       const SnapshotPermissionChange& c) {
  Snapshot& s = require_snapshot(p, snapshot_id);
  check_volume_permission_change(s, c);
  if (c.dry_run) throw dry_run_succeeded();
  if (!c.add_groups.empty()) s.volume_permission_public = true;
  if (!c.remove_groups.empty()) s.volume_permission_public = false;
  for (const std::string& u : c.add_user_ids) {
    auto& users = s.volume_permission_user_ids;
    if (std::find(users.begin(), users.end(), u) == users.end()) users.push_back(u);
  }
  for (const std::string& u : c.remove_user_ids) std::erase(s.volume_permission_user_ids, u);
}

void reset_snapshot_volume_permission(Ec2Partition& p, const std::string& snapshot_id,
                                      bool dry_run) {
  Snapshot& s = require_snapshot(p, snapshot_id);
  if (dry_run) throw dry_run_succeeded();
  s.volume_permission_user_ids.clear();
  s.volume_permission_public = false;
}

}  // namespace cloudlife::ec2
