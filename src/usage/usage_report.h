// The answers of GET /_cloudlife/usage and GET /_cloudlife/leaks, built from the ledger.
// Contract: pure reads of a ledger and a price book at virtual `now`; parse_usage_query() refuses
// bad parameters with std::invalid_argument (the control plane answers 400). Usage lists each
// resource that billed within [from, to) with its intervals and quantity in its rule's unit (an EC2
// instance's quantity is billed seconds, unit "s"), and totals per group (resource, type or the
// value of one tag) and unit. With priced=true every interval carries its price fact and amount;
// a price the book does not know is reported as unknown (amount null), never as zero.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/time.h"
#include "usage/ledger.h"
#include "usage/prices.h"

namespace cloudlife::usage {

struct UsageQuery {
  std::string account;  // "" = any
  std::string region;
  std::string cloud;
  std::optional<core::TimeMs> from;
  std::optional<core::TimeMs> to;
  std::string group_by = "type";  // resource | type | tag:KEY
  bool priced = false;
};

UsageQuery parse_usage_query(const std::vector<std::pair<std::string, std::string>>& params);

nlohmann::json usage_report(const Ledger& ledger, const PriceBook& prices, const UsageQuery& q,
                            core::TimeMs now);

// Leaks, filtered by account, region and cloud ("" = any), oldest first.
nlohmann::json leaks_report(const Ledger& ledger, const UsageQuery& q);

}  // namespace cloudlife::usage
