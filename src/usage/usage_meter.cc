#include "usage/usage_meter.h"

#include <cstdlib>
#include <stdexcept>
#include <string_view>

#include <spdlog/spdlog.h>

namespace cloudlife::usage {

UsageMeter::UsageMeter() : prices_(PriceBook::builtin()) {
  const char* check = std::getenv("CLOUDLIFE_USAGE_CHECK");
  check_every_pass_ = check != nullptr && std::string_view(check) == "1";
}

void UsageMeter::measure(core::LockProof held, core::TimeMs now) {
  ledger_.begin_pass();
  // Every cloud's departures before any arrival: an erased record's address may hold a new record
  // of another cloud's model already (usage/meter_changes.h).
  for (const CloudMeter& meter : meters_) meter.report_gone(held, ledger_, now);
  for (const CloudMeter& meter : meters_) meter.report_changed(held, ledger_, now);
  if (!check_every_pass_) return;
  const std::vector<std::string> missed = check(held);
  if (missed.empty()) return;
  spdlog::critical("usage meter: the pass at {} ms missed a change of {} object(s), first {}", now,
                   missed.size(), missed.front());
  std::abort();
}

std::vector<std::string> UsageMeter::check(core::LockProof held) const {
  MeterCheck check;
  for (const CloudMeter& meter : meters_) meter.check(held, ledger_, check);
  if (check.objects != ledger_.live_objects()) {
    // A memo outlived its object: an erasure that did not pass the map's erase().
    check.disagreeing.push_back("(" + std::to_string(ledger_.live_objects()) +
                                " objects remembered, " + std::to_string(check.objects) +
                                " exist)");
  }
  return std::move(check.disagreeing);
}

void UsageMeter::note_all(core::LockProof held) {
  for (const CloudMeter& meter : meters_) {
    if (!meter.note_all) {
      throw std::logic_error(
          "usage meter: a cloud meter cannot note all its objects (meter_of "
          "without note_all)");
    }
  }
  for (const CloudMeter& meter : meters_) meter.note_all(held);
}

void UsageMeter::clear(core::LockProof /*held*/) {
  ledger_.clear();
  prices_ = PriceBook::builtin();
}

}  // namespace cloudlife::usage
