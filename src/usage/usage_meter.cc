#include "usage/usage_meter.h"

namespace cloudlife::usage {

void UsageMeter::measure(core::TimeMs now) {
  ledger_.begin_pass();
  for (const CloudMeter& meter : meters_) meter(ledger_, now);
  ledger_.end_pass(now);
}

void UsageMeter::clear() {
  ledger_.clear();
  prices_ = PriceBook::builtin();
}

}  // namespace cloudlife::usage
