#include "ec2/imds_tokens.h"

#include <cstdio>

namespace cloudlife::ec2 {
namespace {

std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

std::string ImdsTokens::issue(const std::string& instance_id, long long ttl_seconds,
                              core::TimeMs now) {
  if (now >= next_sweep_) {
    std::erase_if(tokens_, [&](const auto& kv) { return kv.second.expires_at <= now; });
    next_sweep_ = now + core::kMinute;
  }
  std::uint64_t h = mix(++issued_);
  for (unsigned char c : instance_id) h = mix(h ^ c);
  std::string token = "AQAEA";
  char part[17];
  for (std::uint64_t k = 0; k < 3; ++k) {
    std::snprintf(part, sizeof part, "%016llx", static_cast<unsigned long long>(mix(h + k)));
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
