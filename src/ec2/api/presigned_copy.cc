#include "ec2/api/presigned_copy.h"

#include <optional>

#include "protocol/aws_errors.h"
#include "protocol/form_decoding.h"

namespace cloudlife::ec2::api {
namespace {

[[noreturn]] void refuse_presigned_url(const std::string& why) {
  throw protocol::aws_error("InvalidParameterValue",
                            {"The presigned URL does not authorize this copy: " + why + "."});
}

std::optional<std::string> presigned_query_value(const protocol::FormPairs& pairs,
                                                 std::string_view key) {
  for (const auto& [k, v] : pairs) {
    if (k == key) return v;
  }
  return std::nullopt;
}

}  // namespace

void check_copy_snapshot_presigned_url(std::string_view url, const std::string& source_snapshot_id,
                                       const std::string& source_region,
                                       const std::string& destination_region) {
  const std::size_t q = url.find('?');
  if (q == std::string_view::npos) refuse_presigned_url("it carries no request");
  const auto pairs = protocol::decode_form(url.substr(q + 1));
  if (!pairs) refuse_presigned_url("its query string is malformed");
  const auto expect = [&](std::string_view key, const std::string& wanted, bool optional) {
    const std::optional<std::string> got = presigned_query_value(*pairs, key);
    if (!got && optional) return;
    if (!got || *got != wanted) {
      refuse_presigned_url(std::string(key) + " is '" + got.value_or("") + "', not '" + wanted +
                           "'");
    }
  };
  expect("Action", "CopySnapshot", false);
  expect("SourceSnapshotId", source_snapshot_id, false);
  expect("SourceRegion", source_region, false);
  if (!destination_region.empty()) expect("DestinationRegion", destination_region, true);
}

}  // namespace cloudlife::ec2::api
