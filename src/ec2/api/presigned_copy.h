// CopySnapshot's PresignedUrl: the request for the source Region that the SDKs presign and send
// along with every CopySnapshot (botocore adds it, with DestinationRegion, whenever SourceRegion
// is given). cloudlife authenticates the copy request itself, so what it checks in the URL is
// that it asks for this very copy.
// Contract: pure. A URL that is not an EC2 CopySnapshot request for the same SourceSnapshotId,
// SourceRegion and (when the URL names it) DestinationRegion is InvalidParameterValue
// "The presigned URL does not authorize this copy: …"; an absent URL is fine (the API makes it
// optional for a copy within a Region).
#pragma once

#include <string>
#include <string_view>

namespace cloudlife::ec2::api {

void check_copy_snapshot_presigned_url(std::string_view url, const std::string& source_snapshot_id,
                                       const std::string& source_region,
                                       const std::string& destination_region);

}  // namespace cloudlife::ec2::api
