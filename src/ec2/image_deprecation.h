// AMI deprecation: EnableImageDeprecation / DisableImageDeprecation and what DescribeImages shows
// and hides (docs/supported.md, "Snapshots and images").
// Contract: pure rules plus two partition operations (engine lock held, all-or-nothing, DryRun
// changes nothing). The rules, as the EC2 API reference states them:
//   - DeprecateAt is rounded to the nearest minute; it cannot be in the past
//   (InvalidParameterValue)
//     nor more than 10 years from now, or for a public AMI more than 2 years from its creation
//     date (InvalidParameterValue);
//   - only the owner deprecates its AMI (require_own_image's refusals);
//   - an AMI is deprecated from its deprecation time on; DescribeImages leaves a deprecated AMI out
//     unless the caller owns it, names it in ImageIds, or sets IncludeDeprecated.
#pragma once

#include <string>

#include "core/time.h"
#include "ec2/ec2_partition.h"
#include "ec2/images.h"

namespace cloudlife::ec2 {

// The deprecation time EnableImageDeprecation stores for `requested` (rounded to the minute), or
// its InvalidParameterValue. `created`: the image's creation time.
core::TimeMs checked_deprecation_time(core::TimeMs requested, core::TimeMs now, bool is_public,
                                      core::TimeMs created);
bool is_deprecated(const Image& image, core::TimeMs now);
// Whether DescribeImages lists `image` for `caller`.
bool listed_despite_deprecation(const Image& image, const std::string& caller, core::TimeMs now,
                                bool include_deprecated, bool named_by_id);
void enable_image_deprecation(Ec2Partition& p, const std::string& image_id,
                              core::TimeMs deprecate_at, core::TimeMs now, bool dry_run);
void disable_image_deprecation(Ec2Partition& p, const std::string& image_id, bool dry_run);

}  // namespace cloudlife::ec2
