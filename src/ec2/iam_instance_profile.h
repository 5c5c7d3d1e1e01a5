// The IAM instance profile of RunInstances and of launch template data (IamInstanceProfile.Arn or
// IamInstanceProfile.Name), and what an instance reports of it.
// Contract (docs/supported.md, "IAM instance profiles"): a request names the profile by ARN or by
// name, never both (InvalidParameterCombination); an ARN must read
// arn:aws:iam::<12 digits>:instance-profile/[path/]<name> (InvalidParameterValue otherwise). There
// is no IAM here, so any well-formed profile is accepted. The instance reports the given ARN, or
// arn:aws:iam::<account>:instance-profile/<name> for a name, and an id AIPA + 17 uppercase
// alphanumerics derived from the account and the profile name alone (stable, deterministic).
// Usage:
//   validate_iam_profile(spec.iam_profile);
//   instance.iam_profile = resolve_iam_profile(*spec.iam_profile, account);
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace cloudlife::ec2 {

struct IamProfileSpec {
  std::optional<std::string> arn;
  std::optional<std::string> name;
};

struct InstanceIamProfile {
  std::string arn;
  std::string id;
  // The instance's one association with the profile (iip-assoc-…), made at launch or by
  // AssociateIamInstanceProfile / ReplaceIamInstanceProfileAssociation.
  std::string association_id;
  std::int64_t associated_at = 0;  // core::TimeMs
};

// Throws the ServiceError EC2 answers for a spec naming both, or a malformed ARN.
void validate_iam_profile(const std::optional<IamProfileSpec>& spec);
// The profile name an ARN ends with (its path dropped).
std::string iam_profile_name_of_arn(const std::string& arn);
std::string iam_profile_id(const std::string& account, const std::string& name);
InstanceIamProfile resolve_iam_profile(const IamProfileSpec& spec, const std::string& account);

}  // namespace cloudlife::ec2
