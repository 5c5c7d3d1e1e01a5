// IMDSv2 session tokens (PUT latest/api/token): each belongs to one instance and expires after its
// TTL of 1–21,600 seconds of virtual time (docs/imds.md).
// Contract: issue() answers a new opaque token; valid() is true only for a token issued for that
// instance that has not expired — a token of another instance, an expired or an unknown one is
// refused. Tokens are numbered from a counter (reset by clear()), so a journal replay issues the
// same tokens. Expired tokens are forgotten as new ones are issued. Used under the engine lock.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>

#include "core/time.h"

namespace cloudlife::ec2 {

class ImdsTokens {
 public:
  static constexpr long long kMinTtlSeconds = 1;
  static constexpr long long kMaxTtlSeconds = 21600;

  std::string issue(const std::string& instance_id, long long ttl_seconds, core::TimeMs now);
  bool valid(const std::string& token, const std::string& instance_id, core::TimeMs now) const;
  void clear();
  std::size_t size() const { return tokens_.size(); }

  // A token's owner and end (public so that snapshots can name it).
  struct Entry {
    std::string instance_id;
    core::TimeMs expires_at = 0;
  };
  // Snapshots reach the private members (scripts/gen_state_reflection.py).
  template <class V>
  friend void reflect(V& v, ImdsTokens& x);

 private:
  std::unordered_map<std::string, Entry> tokens_;
  std::uint64_t issued_ = 0;
  core::TimeMs next_sweep_ = 0;
};

}  // namespace cloudlife::ec2
