// Fault injection rules: which requests fail, which transitions stick, which answers carry a
// state-code high byte.
// Contract: a rule matches a FaultContext when every criterion it sets equals the context's value
// (empty criteria match anything; a list-valued context such as instance IDs matches when any
// element equals). A matching rule fires with its probability, drawn from its own generator seeded
// by the rule's seed (so a seeded run is reproducible), until its count is used up; exhausted
// rules stay listed with their hit count. Thread-safe (own lock): checked on every request.
// Snapshots (docs/architecture.md, "Snapshots"), section "faults": save_faults() emits, under the
// registry's lock,
//   {"s": "faults", "f": {"next_id": n, "any": bool}}
// then the rules in order, at most archive::kChunkItems a record, each by member name (reflect()
// below; "rng" is its generator's position, std::mt19937_64's state as text):
//   {"s": "faults", "rules": [{"id": "fault-1", "kind": 0, "cloud": "", ..., "hits": 3,
//                              "rng": "..."}, ...]}
// load_faults_record() applies one, in the order saved: "f" forgets every rule and puts back the
// ID sequence; "rules" appends. The catalog is configuration, not saved.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace cloudlife::core {

namespace archive {
class Reader;
}  // namespace archive

struct FaultContext {
  std::string cloud;  // as the server's FaultCatalog names the clouds
  std::string action;
  std::string account;
  std::string region;
  std::vector<std::string> zones;
  std::vector<std::string> instance_types;
  std::vector<std::string> instance_ids;
};

enum class FaultKind { kError, kStuck, kStateCodeHighByte };

struct FaultRule {
  std::string id;
  FaultKind kind = FaultKind::kError;
  // Match criteria ("" = any).
  std::string cloud, action, account, region, zone, instance_type, instance_id;
  std::string transition;  // kStuck: "stopping" | "shutting-down" | "pending" | "" (any)
  // kError
  std::string code, message;
  int http_status = 400;
  // Firing
  std::optional<long long> count;  // remaining; nullopt = unlimited
  double probability = 1.0;
  std::uint64_t seed = 0;
  long long hits = 0;
  std::mt19937_64 rng;

  nlohmann::json to_json() const;
};

struct InjectedError {
  std::string code;
  std::string message;
  int http_status;
};

// What the clouds contribute: the names rules may match on and the default message and HTTP
// status of the error codes they throw (the core itself knows no cloud).
struct FaultCatalog {
  std::vector<std::string> clouds;  // accepted values of "cloud" (empty: any)
  std::vector<InjectedError> known_errors;
};

class FaultRegistry {
 public:
  explicit FaultRegistry(FaultCatalog catalog = {}) : catalog_(std::move(catalog)) {}

  // Validates and stores a rule from its JSON form; throws std::invalid_argument with the reason.
  nlohmann::json add(const nlohmann::json& spec);
  nlohmann::json list() const;
  bool remove(const std::string& id);
  void clear();

  std::optional<InjectedError> error_for(const FaultContext& ctx);
  bool should_stick(const FaultContext& ctx, const std::string& transition);
  // 0 when no rule applies, else a high byte in 1..255 to OR into state codes (<< 8).
  int state_code_high_byte(const FaultContext& ctx);

  // Default HTTP status and message of a code from the catalog.
  std::optional<InjectedError> known_error(const std::string& code) const;

 private:
  friend void save_faults(const FaultRegistry& faults,
                          const std::function<void(nlohmann::json)>& emit);
  friend void load_faults_record(FaultRegistry& faults, const nlohmann::json& record,
                                 archive::Reader& reader);
  bool fires(FaultRule& rule, const FaultContext& ctx);

  FaultCatalog catalog_;
  mutable std::mutex mutex_;
  std::vector<FaultRule> rules_;
  std::uint64_t next_id_ = 1;
  bool any_ = false;  // fast path: no rules at all
};

void save_faults(const FaultRegistry& faults, const std::function<void(nlohmann::json)>& emit);
void load_faults_record(FaultRegistry& faults, const nlohmann::json& record,
                        archive::Reader& reader);

// The state-code high byte of one answer, drawn from the registry the first time the answer
// writes a state code and the same for every state code after that (so a counted rule is used up
// only by answers that carry a state code, once per answer). Converts to the byte (0: no rule).
class StateCodeHighByte {
 public:
  StateCodeHighByte() = default;
  StateCodeHighByte(FaultRegistry* registry, FaultContext ctx)
      : registry_(registry), ctx_(std::move(ctx)) {}
  operator int() {  // NOLINT(google-explicit-constructor): encoders take the byte as an int
    if (!drawn_) drawn_ = registry_ ? registry_->state_code_high_byte(ctx_) : 0;
    return *drawn_;
  }

 private:
  FaultRegistry* registry_ = nullptr;
  FaultContext ctx_;
  std::optional<int> drawn_;
};

}  // namespace cloudlife::core
