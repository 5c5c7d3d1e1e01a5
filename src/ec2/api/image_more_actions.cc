// Snapshot attributes and AMI deprecation / attribute reset (codegen/ec2/images_more.ops):
// DescribeSnapshotAttribute, ModifySnapshotAttribute, ResetSnapshotAttribute, ResetImageAttribute,
// EnableImageDeprecation, DisableImageDeprecation. The rules are the model's
// (ec2/snapshot_attributes.h, ec2/image_deprecation.h, ec2/image_operations.h); this file decodes
// both request forms of ModifySnapshotAttribute and writes the answers.
#include <string>
#include <vector>

#include "core/service_error.h"
#include "ec2/api/ec2_call.h"
#include "ec2/api/ec2_decode.h"
#include "ec2/image_deprecation.h"
#include "ec2/image_operations.h"
#include "ec2/snapshot_attributes.h"
#include "ec2/snapshots.h"
#include "ec2_codec.h"
#include "protocol/aws_errors.h"

namespace cloudlife::ec2::api {
namespace {

using protocol::HttpResponse;
namespace wire = codec::ec2;

void require_snapshot_attribute_name(const std::string& name) {
  if (!is_snapshot_attribute_name(name)) {
    throw core::ServiceError("InvalidParameterValue", "Value (" + name +
                                                          ") for parameter attribute is invalid. "
                                                          "Unknown attribute.");
  }
}

HttpResponse describe_snapshot_attribute(Ec2Call& call) {
  const auto req = wire::DescribeSnapshotAttributeRequest::decode(call.params);
  require_snapshot_attribute_name(req.attribute);
  const Snapshot s = call.run([&](Ec2Partition& part, core::TimeMs) {
    Snapshot found = require_snapshot(part, req.snapshot_id);
    if (req.dry_run.value_or(false)) throw dry_run_succeeded();
    return found;
  });
  wire::DescribeSnapshotAttributeResponse out(call.ctx.request_id);
  out.snapshot_id(s.snapshot_id);
  if (req.attribute == "productCodes") {
    out.product_codes([](wire::ProductCodeListWriter&) {});  // none on cloudlife's snapshots
  } else {
    out.create_volume_permissions([&](wire::CreateVolumePermissionListWriter& list) {
      if (s.volume_permission_public) {
        list.item([](wire::CreateVolumePermissionWriter& w) { w.group("all"); });
      }
      for (const std::string& u : s.volume_permission_user_ids) {
        list.item([&](wire::CreateVolumePermissionWriter& w) { w.user_id(u); });
      }
    });
  }
  return out.finish();
}

void take_volume_permissions(const std::vector<wire::CreateVolumePermission>& perms,
                             std::vector<std::string>& groups, std::vector<std::string>& users) {
  for (const wire::CreateVolumePermission& p : perms) {
    if (p.group) groups.push_back(*p.group);
    if (p.user_id) users.push_back(*p.user_id);
  }
}

// Both forms: CreateVolumePermission.Add/Remove, or Attribute + OperationType + UserId.N /
// UserGroup.N (the older one, as the AWS CLI's --user-ids / --group-names send it).
HttpResponse modify_snapshot_attribute(Ec2Call& call) {
  const auto req = wire::ModifySnapshotAttributeRequest::decode(call.params);
  if (req.attribute) require_modifiable_snapshot_attribute(*req.attribute);
  SnapshotPermissionChange c;
  if (req.create_volume_permission) {
    take_volume_permissions(req.create_volume_permission->add, c.add_groups, c.add_user_ids);
    take_volume_permissions(req.create_volume_permission->remove, c.remove_groups,
                            c.remove_user_ids);
  }
  if (!req.user_ids.empty() || !req.group_names.empty() || req.operation_type) {
    const std::string op = req.operation_type.value_or("");
    if (op != "add" && op != "remove") {
      if (!req.operation_type) protocol::throw_ec2_missing_parameter("OperationType");
      throw core::ServiceError("InvalidParameterValue",
                               "Value (" + op +
                                   ") for parameter operationType is invalid. Valid values: add, "
                                   "remove");
    }
    auto& users = op == "add" ? c.add_user_ids : c.remove_user_ids;
    auto& groups = op == "add" ? c.add_groups : c.remove_groups;
    users.insert(users.end(), req.user_ids.begin(), req.user_ids.end());
    groups.insert(groups.end(), req.group_names.begin(), req.group_names.end());
  }
  c.dry_run = req.dry_run.value_or(false);
  call.run([&](Ec2Partition& part, core::TimeMs) {
    modify_snapshot_volume_permission(part, req.snapshot_id, c);
  });
  return wire::ModifySnapshotAttributeResponse(call.ctx.request_id).finish();
}

HttpResponse reset_snapshot_attribute(Ec2Call& call) {
  const auto req = wire::ResetSnapshotAttributeRequest::decode(call.params);
  require_snapshot_attribute_name(req.attribute);
  require_modifiable_snapshot_attribute(req.attribute);
  call.run([&](Ec2Partition& part, core::TimeMs) {
    reset_snapshot_volume_permission(part, req.snapshot_id, req.dry_run.value_or(false));
  });
  return wire::ResetSnapshotAttributeResponse(call.ctx.request_id).finish();
}

HttpResponse reset_image_attribute(Ec2Call& call) {
  const auto req = wire::ResetImageAttributeRequest::decode(call.params);
  call.run([&](Ec2Partition& part, core::TimeMs) {
    ec2::reset_image_attribute(part, req.image_id, req.attribute, req.dry_run.value_or(false));
  });
  return wire::ResetImageAttributeResponse(call.ctx.request_id).finish();
}

HttpResponse enable_image_deprecation(Ec2Call& call) {
  const auto req = wire::EnableImageDeprecationRequest::decode(call.params);
  call.run([&](Ec2Partition& part, core::TimeMs now) {
    ec2::enable_image_deprecation(part, req.image_id, req.deprecate_at, now,
                                  req.dry_run.value_or(false));
  });
  wire::EnableImageDeprecationResponse out(call.ctx.request_id);
  out.return_(true);
  return out.finish();
}

HttpResponse disable_image_deprecation(Ec2Call& call) {
  const auto req = wire::DisableImageDeprecationRequest::decode(call.params);
  call.run([&](Ec2Partition& part, core::TimeMs) {
    ec2::disable_image_deprecation(part, req.image_id, req.dry_run.value_or(false));
  });
  wire::DisableImageDeprecationResponse out(call.ctx.request_id);
  out.return_(true);
  return out.finish();
}

}  // namespace

void register_image_more_actions(Ec2ActionTable& table) {
  table["DescribeSnapshotAttribute"] = describe_snapshot_attribute;
  table["ModifySnapshotAttribute"] = modify_snapshot_attribute;
  table["ResetSnapshotAttribute"] = reset_snapshot_attribute;
  table["ResetImageAttribute"] = reset_image_attribute;
  table["EnableImageDeprecation"] = enable_image_deprecation;
  table["DisableImageDeprecation"] = disable_image_deprecation;
}

}  // namespace cloudlife::ec2::api
