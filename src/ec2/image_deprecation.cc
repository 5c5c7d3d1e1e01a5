#include "ec2/image_deprecation.h"

#include "core/service_error.h"
#include "ec2/ec2_model.h"
#include "ec2/image_operations.h"

namespace cloudlife::ec2 {
namespace {

using core::ServiceError;

// 10 and 2 calendar years as EC2 counts them here: 365.25 days a year.
constexpr core::TimeMs kDeprecationYear = 365 * core::kDay + 6 * core::kHour;

}  // namespace

core::TimeMs checked_deprecation_time(core::TimeMs requested, core::TimeMs now, bool is_public,
                                      core::TimeMs created) {
  if (requested < now) {
    throw ServiceError(
        "InvalidParameterValue",
        "The deprecation time (" + core::format_iso8601_s(requested) + ") cannot be in the past.");
  }
  const core::TimeMs rounded =
      (requested + core::kMinute / 2) / core::kMinute * core::kMinute;  // nearest minute
  if (is_public && rounded > created + 2 * kDeprecationYear) {
    throw ServiceError("InvalidParameterValue",
                       "The deprecation time of a public AMI cannot be more than 2 years after "
                       "its creation date (" +
                           core::format_iso8601_s(created) + ").");
  }
  if (rounded > now + 10 * kDeprecationYear) {
    throw ServiceError("InvalidParameterValue",
                       "The deprecation time cannot be more than 10 years from now.");
  }
  return rounded;
}

bool is_deprecated(const Image& image, core::TimeMs now) {
  return image.deprecation_time != 0 && image.deprecation_time <= now;
}

bool listed_despite_deprecation(const Image& image, const std::string& caller, core::TimeMs now,
                                bool include_deprecated, bool named_by_id) {
  return !is_deprecated(image, now) || include_deprecated || named_by_id ||
         image.owner_id == caller;
}

void enable_image_deprecation(Ec2Partition& p, const std::string& image_id,
                              core::TimeMs deprecate_at, core::TimeMs now, bool dry_run) {
  Image& image = require_own_image(p, image_id);
  const core::TimeMs created = core::parse_iso8601(image.creation_date).value_or(now);
  const core::TimeMs at = checked_deprecation_time(deprecate_at, now, image.is_public, created);
  if (dry_run) throw dry_run_succeeded();
  image.deprecation_time = at;
}

void disable_image_deprecation(Ec2Partition& p, const std::string& image_id, bool dry_run) {
  Image& image = require_own_image(p, image_id);
  if (dry_run) throw dry_run_succeeded();
  image.deprecation_time = 0;
}

}  // namespace cloudlife::ec2
