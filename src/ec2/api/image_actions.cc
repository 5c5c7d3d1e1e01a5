// DescribeImages over the built-in catalogue.
#include "ec2/api/ec2_call.h"
#include "ec2/api/ec2_decode.h"
#include "ec2/image_operations.h"
#include "protocol/aws_query_envelope.h"

namespace cloudlife::ec2::api {
namespace {

using protocol::HttpResponse;
using protocol::XmlWriter;

void write_image(XmlWriter& xml, const Image& i) {
  const bool ebs = i.root_device_type == "ebs";
  xml.open("item");
  xml.leaf("imageId", i.image_id);
  xml.leaf("imageLocation", (i.owner_alias.empty() ? i.owner_id : i.owner_alias) + "/" + i.name);
  xml.leaf("imageState", "available");
  xml.leaf("imageOwnerId", i.owner_id);
  xml.leaf("creationDate", i.creation_date);
  xml.leaf("isPublic", true);
  xml.leaf("architecture", i.architecture);
  xml.leaf("imageType", "machine");
  xml.leaf_if("platform", i.platform);
  xml.leaf("platformDetails", i.platform_details);
  xml.leaf("usageOperation", i.platform == "windows" ? "RunInstances:0002" : "RunInstances");
  xml.leaf_if("imageOwnerAlias", i.owner_alias);
  xml.leaf("name", i.name);
  xml.leaf("description", i.description);
  xml.leaf("rootDeviceType", i.root_device_type);
  xml.leaf("rootDeviceName", i.root_device_name);
  xml.open("blockDeviceMapping");
  if (ebs) {
    xml.open("item").leaf("deviceName", i.root_device_name).open("ebs");
    xml.leaf("snapshotId", image_root_snapshot_id(i));
    xml.leaf("volumeSize", i.root_volume_size);
    xml.leaf("deleteOnTermination", true);
    xml.leaf("volumeType", i.root_volume_type);
    xml.leaf("encrypted", false);
    xml.close().close();
  } else {
    xml.open("item").leaf("deviceName", "/dev/sdb").leaf("virtualName", "ephemeral0").close();
  }
  xml.close();
  xml.leaf("virtualizationType", i.virtualization_type);
  xml.leaf("hypervisor", "xen");
  xml.leaf("enaSupport", true);
  xml.leaf("sriovNetSupport", "simple");
  xml.leaf("bootMode", i.architecture == "arm64" ? "uefi" : "legacy-bios");
  xml.close();
}

HttpResponse describe_images(Ec2Call& call) {
  DescribeImagesRequest req;
  req.image_ids = call.params.list("ImageId");
  req.owners = call.params.list("Owner");
  req.executable_by = call.params.list("ExecutableBy");
  req.filters = decode_filters(call.params);
  req.caller_account = call.ctx.account;
  const std::vector<Image> images = ec2::describe_images(req);
  if (dry_run(call.params)) throw dry_run_succeeded();
  XmlWriter xml = protocol::begin_ec2_response("DescribeImages", call.ctx.request_id);
  xml.open("imagesSet");
  for (const Image& i : images) write_image(xml, i);
  xml.close();
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

}  // namespace

void register_image_actions(Ec2ActionTable& table) {
  table["DescribeImages"] = describe_images;
}

}  // namespace cloudlife::ec2::api
