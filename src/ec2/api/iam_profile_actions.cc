// EC2 IAM instance profile association actions: AssociateIamInstanceProfile,
// DescribeIamInstanceProfileAssociations, ReplaceIamInstanceProfileAssociation,
// DisassociateIamInstanceProfile (rules in ec2/iam_profile_associations.h; decoded and encoded
// by the generated codec: codegen/ec2/iam_profiles.ops). None of the four has DryRun in the EC2
// model, so none reads it.
#include "core/service_error.h"
#include "ec2/api/ec2_call.h"
#include "ec2/api/ec2_decode.h"
#include "ec2/iam_profile_associations.h"
#include "ec2_codec.h"  // generated from codegen/ec2/iam_profiles.ops

namespace cloudlife::ec2::api {
namespace {

namespace wire = codec::ec2;
using protocol::HttpResponse;

// The decoder has already refused a request without IamInstanceProfile.Arn or .Name.
IamProfileSpec spec_of(const wire::IamInstanceProfileSpecification& in) {
  return IamProfileSpec{in.arn, in.name};
}

void put_association(wire::IamInstanceProfileAssociationWriter& w, const IamProfileAssociation& a) {
  w.association_id(a.association_id)
      .instance_id(a.instance_id)
      .iam_instance_profile(
          [&](wire::IamInstanceProfileWriter& p) { p.arn(a.profile.arn).id(a.profile.id); })
      .state(a.state)
      .timestamp(a.timestamp);
}

template <class Response>
HttpResponse one_association(const Ec2Call& call, const IamProfileAssociation& a) {
  Response out(call.ctx.request_id);
  out.iam_instance_profile_association(
      [&](wire::IamInstanceProfileAssociationWriter& w) { put_association(w, a); });
  return out.finish();
}

HttpResponse associate(Ec2Call& call) {
  const auto req = wire::AssociateIamInstanceProfileRequest::decode(call.params);
  const std::optional<IamProfileSpec> spec = spec_of(req.iam_instance_profile);
  const auto a = call.run([&](Ec2Partition& part, core::TimeMs now) {
    return associate_iam_profile(call.model, part, req.instance_id, spec, false, now);
  });
  return one_association<wire::AssociateIamInstanceProfileResponse>(call, a);
}

HttpResponse replace(Ec2Call& call) {
  const auto req = wire::ReplaceIamInstanceProfileAssociationRequest::decode(call.params);
  const std::optional<IamProfileSpec> spec = spec_of(req.iam_instance_profile);
  const auto a = call.run([&](Ec2Partition& part, core::TimeMs now) {
    return replace_iam_profile_association(part, req.association_id, spec, false, now);
  });
  return one_association<wire::ReplaceIamInstanceProfileAssociationResponse>(call, a);
}

HttpResponse disassociate(Ec2Call& call) {
  const auto req = wire::DisassociateIamInstanceProfileRequest::decode(call.params);
  const auto a = call.run([&](Ec2Partition& part, core::TimeMs) {
    return disassociate_iam_profile(part, req.association_id, false);
  });
  return one_association<wire::DisassociateIamInstanceProfileResponse>(call, a);
}

HttpResponse describe(Ec2Call& call) {
  const auto in = wire::DescribeIamInstanceProfileAssociationsRequest::decode(call.params);
  DescribeIamProfileAssociationsRequest req;
  req.association_ids = in.association_ids;
  req.filters = to_filters(in.filters);
  req.max_results = in.max_results;
  req.next_token = in.next_token.value_or("");
  const IamProfileAssociationPage page = call.run([&](Ec2Partition& part, core::TimeMs) {
    return describe_iam_profile_associations(part, req);
  });
  wire::DescribeIamInstanceProfileAssociationsResponse out(call.ctx.request_id);
  out.iam_instance_profile_associations(page.associations, put_association);
  if (!page.next_token.empty()) out.next_token(page.next_token);
  return out.finish();
}

}  // namespace

void register_iam_profile_actions(Ec2ActionTable& table) {
  table["AssociateIamInstanceProfile"] = associate;
  table["DescribeIamInstanceProfileAssociations"] = describe;
  table["ReplaceIamInstanceProfileAssociation"] = replace;
  table["DisassociateIamInstanceProfile"] = disassociate;
}

}  // namespace cloudlife::ec2::api
