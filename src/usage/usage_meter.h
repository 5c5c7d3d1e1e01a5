// The usage meter: the ledger, the price book, and the cloud meters that feed the ledger.
// Contract: attach() registers an engine observer, so after every request and every fired event
// each cloud meter walks its model's state (under the engine lock) and reports every billable
// resource to the ledger; nothing in the cloud models calls into usage. A journal replay
// (--state-dir) re-runs the same requests at the same virtual times, so the ledger comes back
// identical. clear() (a reset) forgets the ledger and puts the built-in prices back. All methods
// run with the engine lock held, and take its proof (core/engine_lock.h).
#pragma once

#include <functional>
#include <vector>

#include "core/engine.h"
#include "usage/ledger.h"
#include "usage/prices.h"

namespace cloudlife::usage {

class UsageMeter {
 public:
  // A cloud meter: calls ledger.see() for every resource of its model (engine lock held).
  using CloudMeter = std::function<void(core::LockProof held, Ledger& ledger, core::TimeMs now)>;

  UsageMeter() : prices_(PriceBook::builtin()) {}

  void add_meter(CloudMeter meter) { meters_.push_back(std::move(meter)); }
  void attach(core::Engine& engine) {
    engine.add_observer([this](core::LockProof held, core::TimeMs at) { measure(held, at); });
  }

  // One metering pass at virtual time `now`.
  void measure(core::LockProof held, core::TimeMs now);
  void clear(core::LockProof held);

  const Ledger& ledger(core::LockProof /*held*/) const { return ledger_; }
  const PriceBook& prices(core::LockProof /*held*/) const { return prices_; }
  void set_prices(core::LockProof /*held*/, PriceBook prices) { prices_ = std::move(prices); }

 private:
  Ledger ledger_;
  PriceBook prices_;
  std::vector<CloudMeter> meters_;
};

}  // namespace cloudlife::usage
