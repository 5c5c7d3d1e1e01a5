// The usage meter: the ledger, the price book, and the cloud meters that feed the ledger.
// Contract: attach() registers an engine observer, so after every request and every fired event
// each cloud meter reports to the ledger every billable object of its model that may have changed
// (its map handed it out mutable: core::TrackedMap) and those that went away; nothing in the cloud
// models calls into usage. With CLOUDLIFE_USAGE_CHECK=1 in the environment (the test suites set
// it), every pass is followed by the check of the meters (usage/meter_check.h) over every object;
// a missed change is logged and aborts the process, so a test that makes one fails loudly. A
// journal replay (--state-dir) re-runs the same requests at the same virtual times, so the ledger
// comes back identical; a snapshot keeps it (usage/usage_snapshot.h). clear() (a reset) forgets
// the ledger and puts the built-in prices back. All methods run with the engine lock held, and
// take its proof (core/engine_lock.h).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/engine.h"
#include "usage/ledger.h"
#include "usage/meter_check.h"
#include "usage/prices.h"

namespace cloudlife::usage {

class UsageMeter {
 public:
  // A cloud's meter (usage/meter_changes.h): the objects of its model that went away since the
  // last pass, then those that may have changed (engine lock held), the check of the meters
  // (MeterCheck::visit() for every object it bills), and note_all: every object it bills may
  // have changed (the next pass visits them all: after a snapshot is loaded; may be left empty by
  // a meter that is never restored from a snapshot).
  struct CloudMeter {
    std::function<void(core::LockProof held, Ledger& ledger, core::TimeMs now)> report_gone;
    std::function<void(core::LockProof held, Ledger& ledger, core::TimeMs now)> report_changed;
    std::function<void(core::LockProof held, const Ledger& ledger, MeterCheck& check)> check;
    std::function<void(core::LockProof held)> note_all;  // may be empty
  };

  // The CloudMeter of `model` from its cloud's functions (usage/ec2_meter.h, ecs_meter.h).
  template <class Model>
  static CloudMeter meter_of(Model& model,
                             void (*report_gone)(core::LockProof, Model&, Ledger&, core::TimeMs),
                             void (*report_changed)(core::LockProof, Model&, Ledger&, core::TimeMs),
                             void (*check)(core::LockProof, Model&, const Ledger&, MeterCheck&),
                             void (*note_all)(core::LockProof, Model&) = nullptr) {
    CloudMeter meter{
        [&model, report_gone](core::LockProof held, Ledger& ledger, core::TimeMs now) {
          report_gone(held, model, ledger, now);
        },
        [&model, report_changed](core::LockProof held, Ledger& ledger, core::TimeMs now) {
          report_changed(held, model, ledger, now);
        },
        [&model, check](core::LockProof held, const Ledger& ledger, MeterCheck& c) {
          check(held, model, ledger, c);
        },
        nullptr};
    if (note_all) {
      meter.note_all = [&model, note_all](core::LockProof held) { note_all(held, model); };
    }
    return meter;
  }

  UsageMeter();

  void add_meter(CloudMeter meter) { meters_.push_back(std::move(meter)); }
  void attach(core::Engine& engine) {
    engine.add_observer([this](core::LockProof held, core::TimeMs at) { measure(held, at); });
  }

  // One metering pass at virtual time `now`.
  void measure(core::LockProof held, core::TimeMs now);
  // Every object of every model may have changed: the next pass visits them all (CloudMeter's
  // note_all; throws std::logic_error, before noting anything, if a cloud meter has none).
  void note_all(core::LockProof held);
  void clear(core::LockProof held);
  // Runs the check of the meters now; returns the IDs of the objects whose change was missed.
  std::vector<std::string> check(core::LockProof held) const;

  const Ledger& ledger(core::LockProof /*held*/) const { return ledger_; }
  const PriceBook& prices(core::LockProof /*held*/) const { return prices_; }
  void set_prices(core::LockProof /*held*/, PriceBook prices) { prices_ = std::move(prices); }
  // Snapshots only (usage/usage_snapshot.h): the ledger to restore.
  Ledger& restorable_ledger(core::LockProof /*held*/) { return ledger_; }

 private:
  Ledger ledger_;
  PriceBook prices_;
  std::vector<CloudMeter> meters_;
  bool check_every_pass_ = false;  // CLOUDLIFE_USAGE_CHECK=1
};

}  // namespace cloudlife::usage
