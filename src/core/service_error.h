// The error every service model throws when a request is refused.
// Contract: thrown before any state changes (validate first, then mutate), so a refused request
// never half-applies. `code` and `message` are the cloud's own; `http_status` is what the cloud
// answers with. Protocol encoders turn it into the cloud's error envelope.
#pragma once

#include <stdexcept>
#include <string>

namespace cloudlife::core {

class ServiceError : public std::runtime_error {
 public:
  ServiceError(std::string code, std::string message, int http_status = 400)
      : std::runtime_error(message),
        code_(std::move(code)),
        message_(std::move(message)),
        http_status_(http_status) {}

  const std::string& code() const { return code_; }
  const std::string& message() const { return message_; }
  int http_status() const { return http_status_; }

 private:
  std::string code_;
  std::string message_;
  int http_status_;
};

}  // namespace cloudlife::core
