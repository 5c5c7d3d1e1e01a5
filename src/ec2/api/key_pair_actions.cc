// EC2 key pair actions: CreateKeyPair, ImportKeyPair, DescribeKeyPairs, DeleteKeyPair
// (ec2/key_pairs.h). PublicKeyMaterial is a blob: base64 on the wire.
#include "ec2/api/ec2_call.h"
#include "ec2/api/ec2_decode.h"
#include "ec2/api/ec2_encode.h"
#include "ec2/key_pairs.h"
#include "ec2/tag_operations.h"
#include "protocol/aws_query_envelope.h"
#include "protocol/crypto.h"

namespace cloudlife::ec2::api {
namespace {

using core::ServiceError;
using protocol::HttpResponse;
using protocol::XmlWriter;

std::vector<Tag> key_pair_tags(const protocol::QueryParams& params) {
  const auto specs = decode_tag_specifications(params);
  validate_tag_specifications(specs, {"key-pair"});
  std::vector<Tag> out;
  for (const TagSpecification& ts : specs) out.insert(out.end(), ts.tags.begin(), ts.tags.end());
  return out;
}

HttpResponse create_key_pair(Ec2Call& call) {
  const std::string name = call.params.str_or("KeyName", "");
  const std::string type = call.params.str_or("KeyType", "");
  const std::string format = call.params.str_or("KeyFormat", "");
  const auto tags = key_pair_tags(call.params);
  const bool dry = dry_run(call.params);
  const CreatedKeyPair created = call.run([&](Ec2Partition& p, core::TimeMs now) {
    return ec2::create_key_pair(p, name, type, format, tags, dry, now);
  });
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  xml.leaf("keyName", created.key_pair.key_name);
  xml.leaf("keyFingerprint", created.key_pair.fingerprint);
  xml.leaf("keyMaterial", created.key_material);
  xml.leaf("keyPairId", created.key_pair.key_pair_id);
  write_tag_set(xml, created.key_pair.tags);
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse import_key_pair(Ec2Call& call) {
  const std::string name = call.params.str_or("KeyName", "");
  const std::string encoded = call.params.str_or("PublicKeyMaterial", "");
  const auto decoded = protocol::base64_decode(encoded);
  if (!encoded.empty() && !decoded) {
    throw ServiceError("InvalidParameterValue",
                       "Value for parameter PublicKeyMaterial is invalid. It must be "
                       "base64-encoded.");
  }
  const auto tags = key_pair_tags(call.params);
  const bool dry = dry_run(call.params);
  const KeyPair k = call.run([&](Ec2Partition& p, core::TimeMs now) {
    return ec2::import_key_pair(p, name, decoded.value_or(""), tags, dry, now);
  });
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  xml.leaf("keyName", k.key_name).leaf("keyFingerprint", k.fingerprint);
  xml.leaf("keyPairId", k.key_pair_id);
  write_tag_set(xml, k.tags);
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse describe_key_pairs(Ec2Call& call) {
  DescribeKeyPairsRequest r;
  r.names = call.params.list("KeyName");
  r.ids = call.params.list("KeyPairId");
  r.filters = decode_filters(call.params);
  r.dry_run = dry_run(call.params);
  const bool include_public = call.params.boolean("IncludePublicKey").value_or(false);
  const std::vector<KeyPair> keys =
      call.run([&](Ec2Partition& p, core::TimeMs) { return ec2::describe_key_pairs(p, r); });
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  xml.open("keySet");
  for (const KeyPair& k : keys) {
    xml.open("item").leaf("keyPairId", k.key_pair_id).leaf("keyName", k.key_name);
    xml.leaf("keyFingerprint", k.fingerprint).leaf("keyType", k.key_type);
    write_tag_set(xml, k.tags);
    if (include_public) xml.leaf("publicKey", k.public_key + " " + k.key_name);
    xml.leaf("createTime", core::format_iso8601_ms(k.create_time));
    xml.close();
  }
  xml.close();
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse delete_key_pair(Ec2Call& call) {
  const std::string name = call.params.str_or("KeyName", "");
  const std::string id = call.params.str_or("KeyPairId", "");
  const bool dry = dry_run(call.params);
  const std::string deleted = call.run(
      [&](Ec2Partition& p, core::TimeMs) { return ec2::delete_key_pair(p, name, id, dry); });
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  xml.leaf("return", true).leaf_if("keyPairId", deleted);
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

}  // namespace

void register_key_pair_actions(Ec2ActionTable& t) {
  t["CreateKeyPair"] = create_key_pair;
  t["ImportKeyPair"] = import_key_pair;
  t["DescribeKeyPairs"] = describe_key_pairs;
  t["DeleteKeyPair"] = delete_key_pair;
}

}  // namespace cloudlife::ec2::api
