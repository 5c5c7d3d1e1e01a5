// EC2 IAM instance profile association actions: AssociateIamInstanceProfile,
// DescribeIamInstanceProfileAssociations, ReplaceIamInstanceProfileAssociation,
// DisassociateIamInstanceProfile (rules in ec2/iam_profile_associations.h).
#include "core/service_error.h"
#include "core/time.h"
#include "ec2/api/ec2_call.h"
#include "ec2/api/ec2_decode.h"
#include "ec2/iam_profile_associations.h"
#include "protocol/aws_query_envelope.h"

namespace cloudlife::ec2::api {
namespace {

using protocol::HttpResponse;
using protocol::XmlWriter;

void write_association(XmlWriter& xml, const IamProfileAssociation& a) {
  xml.leaf("associationId", a.association_id);
  xml.leaf("instanceId", a.instance_id);
  xml.open("iamInstanceProfile").leaf("arn", a.profile.arn).leaf("id", a.profile.id).close();
  xml.leaf("state", a.state);
  xml.leaf("timestamp", core::format_iso8601_ms(a.timestamp));
}

HttpResponse one_association(Ec2Call& call, const IamProfileAssociation& a) {
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  xml.open("iamInstanceProfileAssociation");
  write_association(xml, a);
  xml.close();
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse associate(Ec2Call& call) {
  const std::optional<IamProfileSpec> spec = decode_iam_profile(call.params);
  const std::string instance_id = call.params.str_or("InstanceId", "");
  const bool dry = dry_run(call.params);
  return one_association(call, call.run([&](Ec2Partition& part, core::TimeMs now) {
    return associate_iam_profile(call.model, part, instance_id, spec, dry, now);
  }));
}

HttpResponse replace(Ec2Call& call) {
  const std::optional<IamProfileSpec> spec = decode_iam_profile(call.params);
  const std::string association_id = call.params.str_or("AssociationId", "");
  const bool dry = dry_run(call.params);
  return one_association(call, call.run([&](Ec2Partition& part, core::TimeMs now) {
    return replace_iam_profile_association(part, association_id, spec, dry, now);
  }));
}

HttpResponse disassociate(Ec2Call& call) {
  const std::string association_id = call.params.str_or("AssociationId", "");
  const bool dry = dry_run(call.params);
  return one_association(call, call.run([&](Ec2Partition& part, core::TimeMs) {
    return disassociate_iam_profile(part, association_id, dry);
  }));
}

HttpResponse describe(Ec2Call& call) {
  DescribeIamProfileAssociationsRequest req;
  req.association_ids = call.params.list("AssociationId");
  req.filters = decode_filters(call.params);
  if (auto v = call.params.integer("MaxResults")) req.max_results = *v;
  req.next_token = call.params.str_or("NextToken", "");
  const bool dry = dry_run(call.params);
  const IamProfileAssociationPage page = call.run([&](Ec2Partition& part, core::TimeMs) {
    IamProfileAssociationPage found = describe_iam_profile_associations(part, req);
    if (dry) throw dry_run_succeeded();
    return found;
  });
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  xml.open("iamInstanceProfileAssociationSet");
  for (const IamProfileAssociation& a : page.associations) {
    xml.open("item");
    write_association(xml, a);
    xml.close();
  }
  xml.close();
  xml.leaf_if("nextToken", page.next_token);
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

}  // namespace

void register_iam_profile_actions(Ec2ActionTable& table) {
  table["AssociateIamInstanceProfile"] = associate;
  table["DescribeIamInstanceProfileAssociations"] = describe;
  table["ReplaceIamInstanceProfileAssociation"] = replace;
  table["DisassociateIamInstanceProfile"] = disassociate;
}

}  // namespace cloudlife::ec2::api
