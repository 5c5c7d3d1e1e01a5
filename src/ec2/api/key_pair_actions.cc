// EC2 key pair actions: CreateKeyPair, ImportKeyPair, DescribeKeyPairs, DeleteKeyPair
// (ec2/key_pairs.h), decoded and encoded by the generated codec
// (codegen/ec2/interfaces_volumes_keys.ops). PublicKeyMaterial is a blob: base64 on the wire.
#include <string>
#include <vector>

#include "core/service_error.h"
#include "ec2/api/ec2_call.h"
#include "ec2/api/ec2_decode.h"
#include "ec2/api/interface_writers.h"
#include "ec2/key_pairs.h"
#include "ec2/tag_operations.h"
#include "ec2_codec.h"
#include "protocol/aws_errors.h"
#include "protocol/crypto.h"

namespace cloudlife::ec2::api {
namespace {

using protocol::HttpResponse;
namespace wire = codec::ec2;

std::vector<Tag> key_pair_tags(const std::vector<wire::TagSpecification>& decoded) {
  const std::vector<TagSpecification> specs = to_tag_specifications(decoded);
  validate_tag_specifications(specs, {"key-pair"});
  std::vector<Tag> out;
  for (const TagSpecification& ts : specs) out.insert(out.end(), ts.tags.begin(), ts.tags.end());
  return out;
}

HttpResponse create_key_pair(Ec2Call& call) {
  const auto req = wire::CreateKeyPairRequest::decode(call.params);
  const std::string type = req.key_type.value_or("");
  const std::string format = req.key_format.value_or("");
  const auto tags = key_pair_tags(req.tag_specifications);
  const bool dry = req.dry_run.value_or(false);
  const CreatedKeyPair created = call.run([&](Ec2Partition& p, core::TimeMs now) {
    return ec2::create_key_pair(p, req.key_name, type, format, tags, dry, now);
  });
  const KeyPair& k = created.key_pair;
  wire::CreateKeyPairResponse out(call.ctx.request_id);
  out.key_name(k.key_name)
      .key_fingerprint(k.fingerprint)
      .key_material(created.key_material)
      .key_pair_id(k.key_pair_id);
  if (!k.tags.empty()) out.tags(k.tags.items(), write_resource_tag);
  return out.finish();
}

HttpResponse import_key_pair(Ec2Call& call) {
  const auto req = wire::ImportKeyPairRequest::decode(call.params);
  const auto decoded = protocol::base64_decode(req.public_key_material);
  if (!decoded) {
    throw protocol::aws_error("InvalidParameterValue",
                              {"Value for parameter PublicKeyMaterial is invalid. It must be "
                               "base64-encoded."});
  }
  const auto tags = key_pair_tags(req.tag_specifications);
  const bool dry = req.dry_run.value_or(false);
  const KeyPair k = call.run([&](Ec2Partition& p, core::TimeMs now) {
    return ec2::import_key_pair(p, req.key_name, *decoded, tags, dry, now);
  });
  wire::ImportKeyPairResponse out(call.ctx.request_id);
  out.key_name(k.key_name).key_fingerprint(k.fingerprint).key_pair_id(k.key_pair_id);
  if (!k.tags.empty()) out.tags(k.tags.items(), write_resource_tag);
  return out.finish();
}

HttpResponse describe_key_pairs(Ec2Call& call) {
  const auto req = wire::DescribeKeyPairsRequest::decode(call.params);
  DescribeKeyPairsRequest r;
  r.names = req.key_names;
  r.ids = req.key_pair_ids;
  r.filters = to_filters(req.filters);
  r.dry_run = req.dry_run.value_or(false);
  const bool include_public = req.include_public_key.value_or(false);
  const std::vector<KeyPair> keys =
      call.run([&](Ec2Partition& p, core::TimeMs) { return ec2::describe_key_pairs(p, r); });
  wire::DescribeKeyPairsResponse out(call.ctx.request_id);
  out.key_pairs(keys, [&](wire::KeyPairInfoWriter& w, const KeyPair& k) {
    w.key_pair_id(k.key_pair_id)
        .key_name(k.key_name)
        .key_fingerprint(k.fingerprint)
        .key_type(k.key_type);
    if (!k.tags.empty()) w.tags(k.tags.items(), write_resource_tag);
    if (include_public) w.public_key(k.public_key + " " + k.key_name);
    w.create_time(k.create_time);
  });
  return out.finish();
}

HttpResponse delete_key_pair(Ec2Call& call) {
  const auto req = wire::DeleteKeyPairRequest::decode(call.params);
  const std::string name = req.key_name.value_or("");
  const std::string id = req.key_pair_id.value_or("");
  const bool dry = req.dry_run.value_or(false);
  const std::string deleted = call.run(
      [&](Ec2Partition& p, core::TimeMs) { return ec2::delete_key_pair(p, name, id, dry); });
  wire::DeleteKeyPairResponse out(call.ctx.request_id);
  out.return_(true);
  if (!deleted.empty()) out.key_pair_id(deleted);
  return out.finish();
}

}  // namespace

void register_key_pair_actions(Ec2ActionTable& t) {
  t["CreateKeyPair"] = create_key_pair;
  t["ImportKeyPair"] = import_key_pair;
  t["DescribeKeyPairs"] = describe_key_pairs;
  t["DeleteKeyPair"] = delete_key_pair;
}

}  // namespace cloudlife::ec2::api
