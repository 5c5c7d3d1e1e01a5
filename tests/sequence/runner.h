// Runs a step sequence against a Target and checks the invariants after every step.
// Contract: begin() starts a sequence on fresh state; step() renders one Step against what the
// sequence has created so far (pools of IDs read from the answers), sends it, and returns the first
// invariant it breaks, if any; settle() clears faults, lets virtual time run and checks that every
// Auto Scaling group converged. The invariants (docs/sequence-testing.md):
//   answered    - every request gets an answer
//   slow        - no request takes longer than RunOptions::slow_ms
//   5xx         - no 5xx except injected faults
//   bounds      - every group's desired capacity within [Min, Max], its live members (not those
//                 held by a launching hook) within Max plus the rebalancing allowance (10 % of
//                 Max, at least 1), or only protected members above it
//   converge    - after settle(): a group holds exactly its desired capacity (more only when every
//                 extra member is protected from scale-in), nothing left in a transitional state
//   orphan      - no volume attached to a missing or terminated instance, no instance pointing at
//                 a missing volume, no ECS disk in use by a released instance
//   dump        - GET /_cloudlife/state lists the same instances, volumes and ECS instances, in the
//                 same states, as DescribeInstances / DescribeVolumes / ECS DescribeInstances
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "step.h"
#include "target.h"

namespace cloudlife::sequence {

struct Failure {
  std::string kind;  // one of the invariant names above, or "crash" / "hang" / "memory"
  int step = -1;     // index of the step that broke it (steps.size() for the final settle)
  std::string detail;
};

struct RunOptions {
  double slow_ms = 100;      // per request, as measured by the target
  bool check_state = true;   // dump/orphan/bounds checks after every step (not only at the end)
  bool final_settle = true;  // settle() + convergence check after the last step
  bool verbose = false;      // print each rendered request and its status
};

class Runner {
 public:
  Runner(Target& target, RunOptions options) : target_(target), options_(options) {}

  void begin(std::uint64_t seed);
  std::optional<Failure> step(const Step& s);
  // The two halves of step(): the request a step renders to (against the pools so far), and
  // sending it + checking + reading new IDs from the answer. `s` must not be a Settle step.
  Request prepare(const Step& s) { return render(s); }
  std::optional<Failure> apply(const Step& s, const Request& r);
  std::optional<Failure> settle();
  // Runs begin + every step + (optionally) settle; stops at the first failure.
  std::optional<Failure> run(const std::vector<Step>& steps, std::uint64_t seed);
  // A one-line description of the request the last step() sent ("" before any).
  const std::string& last_rendered() const { return last_rendered_; }
  // The number of requests sent so far (steps plus checks).
  std::uint64_t requests() const { return requests_; }

  // Hook for the per-step progress (the fuzz driver's watchdog reads it).
  void (*on_request)(void*) = nullptr;
  void* on_request_arg = nullptr;

 private:
  struct Pool {
    std::vector<std::string> ids;
    std::set<std::string> seen;
    void add(const std::string& id) {
      if (seen.insert(id).second) ids.push_back(id);
    }
  };

  Reply send(const Request& r);
  std::optional<Failure> check_reply(const Reply& reply, const std::string& what);
  std::optional<Failure> check_state();
  std::optional<Failure> check_groups(bool converged);
  Request render(const Step& s);
  void harvest(const Step& s, const Reply& reply);
  std::string virtual_now_plus(std::int64_t seconds);

  Target& target_;
  RunOptions options_;
  int index_ = 0;
  std::uint64_t requests_ = 0;
  std::string last_rendered_;
  Pool instances_, members_, volumes_, vpcs_, subnets_, templates_, configs_, ecs_instances_,
      ecs_disks_;
  std::vector<std::pair<std::string, std::string>> vpc_prefix_;  // VPC ID, "10.N"
  std::set<std::string> injected_codes_;
  bool stuck_injected_ = false;
};

}  // namespace cloudlife::sequence
