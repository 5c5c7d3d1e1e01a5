// AMI actions: DescribeImages (the catalogue and the account's own images), CreateImage,
// RegisterImage, DeregisterImage and the image attributes (ec2/image_operations.h), decoded and
// encoded by the generated codec (codegen/ec2/images.ops, settings_types.ops). Instance-store
// bundles (ImageLocation), billing products, UEFI variable stores, kernels/ramdisks and Outposts
// have no model here and are refused with Unsupported rather than ignored.
#include "core/service_error.h"
#include "ec2/api/ec2_call.h"
#include "ec2/api/ec2_decode.h"
#include "ec2/image_operations.h"
#include "ec2_codec.h"
#include "protocol/aws_paging.h"

namespace cloudlife::ec2::api {
namespace {

using protocol::HttpResponse;
namespace wire = codec::ec2;

// One block device mapping as DescribeImages and DescribeImageAttribute write it.
void write_image_block_mapping(wire::BlockDeviceMappingWriter& w, const BlockDeviceSpec& bd) {
  w.device_name(bd.device_name);
  if (!bd.virtual_name.empty()) w.virtual_name(bd.virtual_name);
  if (!bd.ebs) return;
  w.ebs([&](wire::EbsBlockDeviceWriter& e) {
    if (bd.ebs->snapshot_id) e.snapshot_id(*bd.ebs->snapshot_id);
    if (bd.ebs->volume_size) e.volume_size(*bd.ebs->volume_size);
    e.delete_on_termination(bd.ebs->delete_on_termination.value_or(true));
    e.volume_type(bd.ebs->volume_type.value_or("gp2"));
    if (bd.ebs->iops) e.iops(*bd.ebs->iops);
    if (bd.ebs->throughput) e.throughput(*bd.ebs->throughput);
    e.encrypted(bd.ebs->encrypted.value_or(false));
  });
}

void write_described_image(wire::ImageWriter& w, const Image& i) {
  w.image_id(i.image_id);
  w.image_location(!i.image_location.empty()
                       ? i.image_location
                       : (i.owner_alias.empty() ? i.owner_id : i.owner_alias) + "/" + i.name);
  w.state(i.state);
  w.owner_id(i.owner_id);
  w.creation_date(i.creation_date);
  w.public_(i.is_public);
  w.architecture(i.architecture);
  w.image_type("machine");
  if (!i.platform.empty()) w.platform(i.platform);
  w.platform_details(i.platform_details);
  w.usage_operation(i.platform == "windows" ? "RunInstances:0002" : "RunInstances");
  if (!i.owner_alias.empty()) w.image_owner_alias(i.owner_alias);
  w.name(i.name);
  w.description(i.description);
  w.root_device_type(i.root_device_type);
  w.root_device_name(i.root_device_name);
  w.block_device_mappings(image_block_devices(i), write_image_block_mapping);
  w.virtualization_type(i.virtualization_type);
  if (!i.tags.empty()) {
    w.tags(i.tags.items(),
           [](wire::TagWriter& t, const Tag& tag) { t.key(tag.key).value(tag.value); });
  }
  w.hypervisor("xen");
  w.ena_support(i.ena_support);
  if (!i.sriov_net_support.empty()) w.sriov_net_support(i.sriov_net_support);
  if (i.in_catalogue) {
    w.boot_mode(i.architecture == "arm64" ? "uefi" : "legacy-bios");
  } else if (!i.boot_mode.empty()) {
    w.boot_mode(i.boot_mode);
  }
  if (!i.tpm_support.empty()) w.tpm_support(i.tpm_support);
  if (!i.imds_support.empty()) w.imds_support(i.imds_support);
  if (!i.source_instance_id.empty()) w.source_instance_id(i.source_instance_id);
  if (i.deprecation_time != 0) w.deprecation_time(core::format_iso8601_ms(i.deprecation_time));
}

// DescribeImages' pages: MaxResults 5..1000 with an offset NextToken, only without ImageIds (as
// DescribeInstances); without MaxResults or a token every match is answered at once.
constexpr protocol::PageRule kImagePages{
    protocol::PageStyle::kEc2, "maxResults", 1000, 5, 1000, "", "NextToken"};

void check_image_paging(const wire::DescribeImagesRequest& in) {
  if (in.max_results && !in.image_ids.empty()) {
    throw core::ServiceError("InvalidParameterCombination",
                             "The parameter imagesSet cannot be used with the parameter "
                             "maxResults");
  }
  if (in.max_results) protocol::check_page_size(kImagePages, in.max_results);
}

// IncludeDeprecated: deprecated AMIs of other owners (image_deprecation.h). IncludeDisabled:
// disabled AMIs (state "disabled"); no action here disables one, so none is left out.
HttpResponse describe_images(Ec2Call& call) {
  const auto in = wire::DescribeImagesRequest::decode(call.params);
  check_image_paging(in);
  DescribeImagesRequest req;
  req.image_ids = in.image_ids;
  req.owners = in.owners;
  req.executable_by = in.executable_users;
  req.filters = to_filters(in.filters);
  req.caller_account = call.ctx.account;
  req.include_deprecated = in.include_deprecated.value_or(false);
  const bool include_disabled = in.include_disabled.value_or(false);
  std::vector<Image> images = call.run([&](Ec2Partition& part, core::TimeMs now) {
    req.now = now;
    return ec2::describe_images(part, req);
  });
  if (in.dry_run.value_or(false)) throw dry_run_succeeded();
  if (!include_disabled) {
    std::erase_if(images, [](const Image& i) { return i.state == "disabled"; });
  }
  wire::DescribeImagesResponse out(call.ctx.request_id);
  if (!in.max_results && !in.next_token) {
    out.images(images, write_described_image);
    return out.finish();
  }
  const protocol::Page page =
      protocol::aws_page(kImagePages, in.max_results, in.next_token, images.size());
  out.images([&](wire::ImageListWriter& list) {
    for (std::size_t k = page.begin; k < page.end; ++k) {
      list.item([&](wire::ImageWriter& w) { write_described_image(w, images[k]); });
    }
  });
  if (!page.next_token.empty()) out.next_token(page.next_token);
  return out.finish();
}

std::vector<BlockDeviceSpec> model_mappings(const std::vector<wire::BlockDeviceMapping>& in) {
  std::vector<BlockDeviceSpec> out;
  for (const wire::BlockDeviceMapping& m : in) {
    BlockDeviceSpec bd;
    bd.device_name = m.device_name.value_or("");
    if (bd.device_name.empty()) {
      throw core::ServiceError("MissingParameter",
                               "The request must contain the parameter deviceName");
    }
    bd.virtual_name = m.virtual_name.value_or("");
    bd.no_device = m.no_device.has_value();
    if (m.ebs) {
      EbsSpec e;
      if (m.ebs->volume_size) e.volume_size = static_cast<int>(*m.ebs->volume_size);
      e.volume_type = m.ebs->volume_type;
      e.delete_on_termination = m.ebs->delete_on_termination;
      if (m.ebs->iops) e.iops = static_cast<int>(*m.ebs->iops);
      if (m.ebs->throughput) e.throughput = static_cast<int>(*m.ebs->throughput);
      e.encrypted = m.ebs->encrypted;
      e.snapshot_id = m.ebs->snapshot_id;
      bd.ebs = e;
    }
    out.push_back(std::move(bd));
  }
  return out;
}

// Mapping members with no model here (KMS keys of new volumes, Outposts, placement, rates).
void refuse_unmodelled_mapping_members(const protocol::QueryParams& params) {
  refuse_unimplemented(
      params,
      {"BlockDeviceMapping.*.Ebs.KmsKeyId", "BlockDeviceMapping.*.Ebs.OutpostArn",
       "BlockDeviceMapping.*.Ebs.AvailabilityZone", "BlockDeviceMapping.*.Ebs.AvailabilityZoneId",
       "BlockDeviceMapping.*.Ebs.VolumeInitializationRate",
       "BlockDeviceMapping.*.Ebs.EbsCardIndex"});
}

HttpResponse create_image(Ec2Call& call) {
  refuse_unimplemented(call.params, {"SnapshotLocation"});
  refuse_unmodelled_mapping_members(call.params);
  const auto req = wire::CreateImageRequest::decode(call.params);
  CreateImageRequest r;
  r.instance_id = req.instance_id;
  r.name = req.name;
  r.description = req.description.value_or("");
  r.no_reboot = req.no_reboot.value_or(false);
  r.block_devices = model_mappings(req.block_device_mappings);
  r.tag_specifications = to_tag_specifications(req.tag_specifications);
  r.dry_run = req.dry_run.value_or(false);
  const Image image = call.run([&](Ec2Partition& part, core::TimeMs now) {
    return ec2::create_image(call.model, part, r, now);
  });
  call.ctx.created_ids.push_back(image.image_id);
  wire::CreateImageResponse out(call.ctx.request_id);
  out.image_id(image.image_id);
  return out.finish();
}

HttpResponse register_image(Ec2Call& call) {
  refuse_unimplemented(call.params, {"BillingProduct.*", "UefiData", "KernelId", "RamdiskId"});
  refuse_unmodelled_mapping_members(call.params);
  const auto req = wire::RegisterImageRequest::decode(call.params);
  // Terraform's aws_ami sends ImageLocation even when empty; only a bundle location is refused.
  if (!req.image_location.value_or("").empty()) {
    throw core::ServiceError("Unsupported",
                             "The requested configuration is currently not supported: cloudlife "
                             "does not implement the parameter ImageLocation (instance "
                             "store-backed AMIs from S3 bundles).");
  }
  RegisterImageRequest r;
  r.name = req.name;
  r.description = req.description.value_or("");
  r.architecture = req.architecture.value_or("");
  r.virtualization_type = req.virtualization_type.value_or("");
  r.root_device_name = req.root_device_name.value_or("");
  r.block_devices = model_mappings(req.block_device_mappings);
  r.boot_mode = req.boot_mode.value_or("");
  r.tpm_support = req.tpm_support.value_or("");
  r.imds_support = req.imds_support.value_or("");
  r.ena_support = req.ena_support;
  r.sriov_net_support = req.sriov_net_support.value_or("");
  r.tag_specifications = to_tag_specifications(req.tag_specifications);
  r.dry_run = req.dry_run.value_or(false);
  const Image image = call.run([&](Ec2Partition& part, core::TimeMs now) {
    return ec2::register_image(call.model, part, r, now);
  });
  call.ctx.created_ids.push_back(image.image_id);
  wire::RegisterImageResponse out(call.ctx.request_id);
  out.image_id(image.image_id);
  return out.finish();
}

HttpResponse deregister_image(Ec2Call& call) {
  const auto req = wire::DeregisterImageRequest::decode(call.params);
  const bool delete_snapshots = req.delete_associated_snapshots.value_or(false);
  const std::vector<DeletedSnapshotResult> results =
      call.run([&](Ec2Partition& part, core::TimeMs) {
        return ec2::deregister_image(call.model, part, req.image_id, delete_snapshots,
                                     req.dry_run.value_or(false));
      });
  wire::DeregisterImageResponse out(call.ctx.request_id);
  out.return_(true);
  if (delete_snapshots) {
    out.delete_snapshot_results(
        results, [](wire::DeleteSnapshotReturnCodeWriter& w, const DeletedSnapshotResult& d) {
          w.snapshot_id(d.snapshot_id).return_code(d.return_code);
        });
  }
  return out.finish();
}

HttpResponse describe_image_attribute(Ec2Call& call) {
  const auto req = wire::DescribeImageAttributeRequest::decode(call.params);
  if (!is_image_attribute_name(req.attribute)) {
    throw core::ServiceError("InvalidParameterValue", "Value (" + req.attribute +
                                                          ") for parameter attribute is invalid. "
                                                          "Unknown attribute.");
  }
  const Image image = call.run([&](Ec2Partition& part, core::TimeMs) {
    Image found = require_own_image(part, req.image_id);
    if (req.dry_run.value_or(false)) throw dry_run_succeeded();
    return found;
  });
  const std::string& a = req.attribute;
  const auto value = [](const std::string& v) {
    return [v](wire::AttributeValueWriter& w) {
      if (!v.empty()) w.value(v);
    };
  };
  wire::DescribeImageAttributeResponse out(call.ctx.request_id);
  out.image_id(image.image_id);
  if (a == "description") out.description(value(image.description));
  if (a == "kernel") out.kernel_id(value(""));
  if (a == "ramdisk") out.ramdisk_id(value(""));
  if (a == "sriovNetSupport") out.sriov_net_support(value(image.sriov_net_support));
  if (a == "bootMode") out.boot_mode(value(image.boot_mode));
  if (a == "tpmSupport") out.tpm_support(value(image.tpm_support));
  if (a == "uefiData") out.uefi_data(value(""));
  if (a == "imdsSupport") out.imds_support(value(image.imds_support));
  if (a == "deregistrationProtection") out.deregistration_protection(value("disabled"));
  if (a == "lastLaunchedTime") {
    out.last_launched_time(
        value(image.last_launched_time ? core::format_iso8601_ms(image.last_launched_time) : ""));
  }
  if (a == "productCodes") out.product_codes([](wire::ProductCodeListWriter&) {});
  if (a == "launchPermission") {
    out.launch_permissions([&](wire::LaunchPermissionListWriter& list) {
      if (image.is_public) list.item([](wire::LaunchPermissionWriter& w) { w.group("all"); });
      for (const std::string& u : image.launch_user_ids) {
        list.item([&](wire::LaunchPermissionWriter& w) { w.user_id(u); });
      }
    });
  }
  if (a == "blockDeviceMapping") {
    out.block_device_mappings(image.block_devices, write_image_block_mapping);
  }
  return out.finish();
}

// ModifyImageAttribute in both forms: the structures (Description, LaunchPermission.Add/Remove,
// ImdsSupport) and the older Attribute + OperationType + UserId / UserGroup / Value.
HttpResponse modify_image_attribute(Ec2Call& call) {
  const auto req = wire::ModifyImageAttributeRequest::decode(call.params);
  if (!req.product_codes.empty() || !req.organization_arns.empty() ||
      !req.organizational_unit_arns.empty()) {
    throw core::ServiceError("Unsupported",
                             "The requested configuration is currently not supported: cloudlife "
                             "does not implement product codes or organization launch "
                             "permissions.");
  }
  ImageAttributeChange c;
  if (req.description) c.description = req.description->value.value_or("");
  if (req.imds_support) c.imds_support = req.imds_support->value.value_or("");
  const auto take = [](const std::vector<wire::LaunchPermission>& perms,
                       std::vector<std::string>& groups, std::vector<std::string>& users) {
    for (const wire::LaunchPermission& lp : perms) {
      if (lp.organization_arn || lp.organizational_unit_arn) {
        throw core::ServiceError("Unsupported",
                                 "The requested configuration is currently not supported: "
                                 "cloudlife does not implement organization launch permissions.");
      }
      if (lp.group) groups.push_back(*lp.group);
      if (lp.user_id) users.push_back(*lp.user_id);
    }
  };
  if (req.launch_permission) {
    take(req.launch_permission->add, c.add_groups, c.add_user_ids);
    take(req.launch_permission->remove, c.remove_groups, c.remove_user_ids);
  }
  const std::string attribute = req.attribute.value_or("");
  if (attribute == "description" && req.value) c.description = *req.value;
  if (!req.user_ids.empty() || !req.user_groups.empty()) {
    const std::string op = req.operation_type.value_or("");
    if (op != "add" && op != "remove") {
      throw core::ServiceError("MissingParameter",
                               "The request must contain the parameter operationType");
    }
    auto& users = op == "add" ? c.add_user_ids : c.remove_user_ids;
    auto& groups = op == "add" ? c.add_groups : c.remove_groups;
    users.insert(users.end(), req.user_ids.begin(), req.user_ids.end());
    groups.insert(groups.end(), req.user_groups.begin(), req.user_groups.end());
  }
  c.dry_run = req.dry_run.value_or(false);
  call.run([&](Ec2Partition& part, core::TimeMs) {
    ec2::modify_image_attribute(part, req.image_id, c);
  });
  wire::ModifyImageAttributeResponse out(call.ctx.request_id);
  return out.finish();
}

}  // namespace

// image_more_actions.cc: snapshot attributes, AMI deprecation, ResetImageAttribute.
void register_image_more_actions(Ec2ActionTable& table);

void register_image_actions(Ec2ActionTable& table) {
  register_image_more_actions(table);
  table["DescribeImages"] = describe_images;
  table["CreateImage"] = create_image;
  table["RegisterImage"] = register_image;
  table["DeregisterImage"] = deregister_image;
  table["DescribeImageAttribute"] = describe_image_attribute;
  table["ModifyImageAttribute"] = modify_image_attribute;
}

}  // namespace cloudlife::ec2::api
