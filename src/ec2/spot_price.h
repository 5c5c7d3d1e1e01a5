// cloudlife's Spot price model: a deterministic price per instance type, Availability Zone and
// product description that changes every virtual hour (docs/spot.md "Prices").
// Contract: pure. on_demand_price() is a made-up but stable list price from the type's size and
// family (not AWS's price list); spot_price() is between 30 % and 55 % of it, drawn from a hash of
// (type, zone, product, hour) — the same on every run. price_changes() lists the prices in effect
// over [from, to]: the change in effect at `from`, then every later change, newest first (as
// DescribeSpotPriceHistory answers). Prices print with six decimals ("0.012345").
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/time.h"

namespace cloudlife::ec2 {

inline constexpr core::TimeMs kSpotPricePeriod = core::kHour;

double on_demand_price(const std::string& instance_type);
double spot_price(const std::string& instance_type, const std::string& zone,
                  const std::string& product_description, core::TimeMs at);
std::string format_price(double price);
// Parses "0.05" (a MaxPrice / SpotPrice); nullopt when it is not a positive decimal.
std::optional<double> parse_price(const std::string& text);

struct SpotPricePoint {
  std::string instance_type, zone, product_description;
  double price = 0;
  core::TimeMs timestamp = 0;  // when this price took effect
};

std::vector<SpotPricePoint> price_changes(const std::string& instance_type, const std::string& zone,
                                          const std::string& product_description, core::TimeMs from,
                                          core::TimeMs to);

// The first hour boundary at or after `after` whose price is above `max_price` (a price-driven
// interruption), or at or below it when `above` is false (a price-too-low request that can now be
// fulfilled); searches `horizon` ahead, nullopt when none.
std::optional<core::TimeMs> next_price_crossing(const std::string& instance_type,
                                                const std::string& zone,
                                                const std::string& product_description,
                                                double max_price, bool above, core::TimeMs after,
                                                core::TimeMs horizon = 90 * core::kDay);

// The instance types DescribeSpotPriceHistory answers for when none is named: the current
// general-purpose, compute, memory and burstable families in their common sizes.
const std::vector<std::string>& spot_priced_types();

// The product descriptions DescribeSpotPriceHistory knows.
const std::vector<std::string>& spot_product_descriptions();

}  // namespace cloudlife::ec2
