// User data (RunInstances UserData, launch template data, ModifyInstanceAttribute userData).
// Contract: the wire value is base64 text; validate_user_data refuses text that is not base64
// ("Invalid BASE64 encoding of user data.") and data larger than 16 KB (16,384 bytes) once decoded
// ("User data is limited to 16384 bytes"), both InvalidParameterValue, as EC2 does.
#pragma once

#include <optional>
#include <string>

namespace cloudlife::ec2 {

constexpr std::size_t kMaxUserDataBytes = 16384;

void validate_user_data(const std::optional<std::string>& base64_text);

}  // namespace cloudlife::ec2
