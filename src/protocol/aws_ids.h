// The one resource-id validator of the AWS describes: is `id` a well-formed EC2-style id
// (prefix, then 8 or 17 lower-case hex digits: "i-0123456789abcdef0", "vol-1234abcd")?
// Contract: pure; require_well_formed_ids throws the catalogue's `malformed_code` for the first
// malformed id, its template filled with the id (InvalidInstanceID.Malformed → Invalid id:
// "i-xyz"; InvalidVolumeID.Malformed → Invalid id: "v" (expecting "vol-...")), before any lookup.
// Folding in the older checks (by their owners): Ec2Model::is_well_formed_instance_id
// (src/ec2/instances_state.cc) is is_well_formed_aws_id(id, "i-"); is_hex_id(id, prefix)
// (src/ec2/volumes.cc) is this function; is_well_formed_image_id (src/ec2/images.cc) is
// is_well_formed_aws_id(id, "ami-").
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cloudlife::protocol {

bool is_well_formed_aws_id(std::string_view id, std::string_view prefix);

void require_well_formed_ids(const std::vector<std::string>& ids, std::string_view prefix,
                             std::string_view malformed_code);

}  // namespace cloudlife::protocol
