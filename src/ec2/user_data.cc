#include "ec2/user_data.h"

#include "core/service_error.h"
#include "protocol/crypto.h"

namespace cloudlife::ec2 {

void validate_user_data(const std::optional<std::string>& text) {
  if (!text || text->empty()) return;
  const std::optional<std::string> raw = protocol::base64_decode(*text);
  if (!raw) {
    throw core::ServiceError("InvalidParameterValue", "Invalid BASE64 encoding of user data.");
  }
  if (raw->size() > kMaxUserDataBytes) {
    throw core::ServiceError("InvalidParameterValue", "User data is limited to 16384 bytes");
  }
}

}  // namespace cloudlife::ec2
