// IAM instance profile associations: AssociateIamInstanceProfile,
// DescribeIamInstanceProfileAssociations, ReplaceIamInstanceProfileAssociation,
// DisassociateIamInstanceProfile.
// Contract (docs/supported.md, "IAM instance profiles"): an instance holds at most one association
// (a second: IncorrectState "There is an existing association for instance i-…"); it lives on the
// instance (Instance::iam_profile), so launching with a profile makes one too. Associate and
// Replace answer "associating" (Replace with a new association ID), Disassociate "disassociating"
// and drops the profile from the instance at once; describes show "associated". An unknown ID is
// InvalidAssociationID.NotFound; an instance shutting down or terminated is
// IncorrectInstanceState, and its association is no longer listed. Call under the engine lock;
// each call validates everything before changing anything (DryRun: DryRunOperation instead of the
// change).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ec2/ec2_model.h"
#include "ec2/iam_instance_profile.h"

namespace cloudlife::ec2 {

struct IamProfileAssociation {
  std::string association_id;
  std::string instance_id;
  InstanceIamProfile profile;
  std::string state;  // associating | associated | disassociating
  core::TimeMs timestamp = 0;
};

struct DescribeIamProfileAssociationsRequest {
  std::vector<std::string> association_ids;
  std::vector<Filter> filters;  // instance-id, state
  std::optional<long long> max_results;
  std::string next_token;
};

struct IamProfileAssociationPage {
  std::vector<IamProfileAssociation> associations;
  std::string next_token;
};

IamProfileAssociation associate_iam_profile(Ec2Model& model, Ec2Partition& p,
                                            const std::string& instance_id,
                                            const std::optional<IamProfileSpec>& spec, bool dry_run,
                                            core::TimeMs now);
IamProfileAssociation replace_iam_profile_association(Ec2Partition& p,
                                                      const std::string& association_id,
                                                      const std::optional<IamProfileSpec>& spec,
                                                      bool dry_run, core::TimeMs now);
IamProfileAssociation disassociate_iam_profile(Ec2Partition& p, const std::string& association_id,
                                               bool dry_run);
IamProfileAssociationPage describe_iam_profile_associations(
    Ec2Partition& p, const DescribeIamProfileAssociationsRequest& request);

}  // namespace cloudlife::ec2
