#include "ec2/iam_instance_profile.h"

#include <cstdint>
#include <regex>

#include "core/service_error.h"

namespace cloudlife::ec2 {
namespace {

std::uint64_t fnv1a(const std::string& text, std::uint64_t seed) {
  std::uint64_t h = seed;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

bool well_formed_arn(const std::string& arn) {
  static const std::regex kArn(
      R"(arn:aws[a-z-]*:iam::\d{12}:instance-profile/([\w+=,.@-]+/)*[\w+=,.@-]{1,128})");
  return std::regex_match(arn, kArn);
}

}  // namespace

void validate_iam_profile(const std::optional<IamProfileSpec>& spec) {
  if (!spec) return;
  if (spec->arn && spec->name) {
    throw core::ServiceError("InvalidParameterCombination",
                             "The parameter 'iamInstanceProfile.name' may not be used in "
                             "combination with 'iamInstanceProfile.arn'");
  }
  if (spec->arn && !well_formed_arn(*spec->arn)) {
    throw core::ServiceError("InvalidParameterValue",
                             "Value (" + *spec->arn +
                                 ") for parameter iamInstanceProfile.arn is invalid. Invalid IAM "
                                 "Instance Profile ARN");
  }
  if (spec->name && spec->name->empty()) {
    throw core::ServiceError("InvalidParameterValue",
                             "Value () for parameter iamInstanceProfile.name is invalid. Invalid "
                             "IAM Instance Profile name");
  }
}

std::string iam_profile_name_of_arn(const std::string& arn) {
  return arn.substr(arn.rfind('/') + 1);
}

std::string iam_profile_id(const std::string& account, const std::string& name) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  const std::string key = account + ":" + name;
  std::uint64_t h = fnv1a(key, 14695981039346656037ULL);
  std::string id = "AIPA";
  for (int i = 0; i < 17; ++i) {
    if (i == 10) h = fnv1a(key, h ^ 0x9e3779b97f4a7c15ULL);  // 10 digits per 64 bits
    id += kAlphabet[h % 36];
    h /= 36;
  }
  return id;
}

InstanceIamProfile resolve_iam_profile(const IamProfileSpec& spec, const std::string& account) {
  if (spec.arn) {
    // The profile belongs to the account its ARN names: arn:aws:iam::<account>:instance-profile/…
    const std::size_t start = spec.arn->find("::") + 2;
    const std::string owner = spec.arn->substr(start, spec.arn->find(':', start) - start);
    InstanceIamProfile out;
    out.arn = *spec.arn;
    out.id = iam_profile_id(owner, iam_profile_name_of_arn(*spec.arn));
    return out;
  }
  const std::string name = spec.name.value_or("");
  InstanceIamProfile out;
  out.arn = "arn:aws:iam::" + account + ":instance-profile/" + name;
  out.id = iam_profile_id(account, name);
  return out;
}

}  // namespace cloudlife::ec2
