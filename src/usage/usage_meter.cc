#include "usage/usage_meter.h"

namespace cloudlife::usage {

void UsageMeter::measure(core::LockProof held, core::TimeMs now) {
  ledger_.begin_pass();
  for (const CloudMeter& meter : meters_) meter(held, ledger_, now);
  ledger_.end_pass(now);
}

void UsageMeter::clear(core::LockProof /*held*/) {
  ledger_.clear();
  prices_ = PriceBook::builtin();
}

}  // namespace cloudlife::usage
