#include "ec2/imds_tokens.h"
#include "core/splitmix.h"

#include <cstdio>

namespace cloudlife::ec2 {
namespace {}  // namespace

std::string ImdsTokens::issue(const std::string& instance_id, long long ttl_seconds,
                              core::TimeMs now) {
  if (now >= next_sweep_) {
    std::erase_if(tokens_, [&](const auto& kv) { return kv.second.expires_at <= now; });
    next_sweep_ = now + core::kMinute;
  }
  std::uint64_t h = core::splitmix64(++issued_);
  for (unsigned char c : instance_id) h = core::splitmix64(h ^ c);
  std::string token = "AQAEA";
  char part[17];
  for (std::uint64_t k = 0; k < 3; ++k) {
    std::snprintf(part, sizeof part, "%016llx",
                  static_cast<unsigned long long>(core::splitmix64(h + k)));
    token += part;
  }
  tokens_[token] = Entry{instance_id, now + ttl_seconds * core::kSecond};
  return token;
}

bool ImdsTokens::valid(const std::string& token, const std::string& instance_id,
                       core::TimeMs now) const {
  auto it = tokens_.find(token);
  return it != tokens_.end() && it->second.instance_id == instance_id &&
         now < it->second.expires_at;
}

void ImdsTokens::clear() {
  tokens_.clear();
  issued_ = 0;
  next_sweep_ = 0;
}

}  // namespace cloudlife::ec2
