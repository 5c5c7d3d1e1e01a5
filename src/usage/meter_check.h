// The check of the meters (CLOUDLIFE_USAGE_CHECK=1, docs/architecture.md "The usage meter"):
// after a pass over what changed, every billable object of every model must agree with what the
// ledger remembers of it: the same fingerprint, and no memo left for an object that went away. An
// object that disagrees changed without passing a door of its map (core::TrackedMap): its change
// was missed. Cloud meters fill a MeterCheck by calling visit() for every object they bill.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "usage/ledger.h"

namespace cloudlife::usage {

struct MeterCheck {
  std::size_t objects = 0;
  std::vector<std::string> disagreeing;  // IDs of objects whose change the passes missed

  void visit(const Ledger& ledger, const void* object, std::string_view id,
             std::uint64_t fingerprint) {
    ++objects;
    if (!ledger.agrees(object, id, fingerprint)) disagreeing.emplace_back(id);
  }
};

}  // namespace cloudlife::usage
