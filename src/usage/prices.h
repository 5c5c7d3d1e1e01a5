// List prices: facts, each with its source and date, looked up by cloud, region, type and SKU.
// Contract: a PriceBook is built from JSON (the built-in data/prices.json, or a team's own rates
// through PUT /_cloudlife/prices) and refuses a malformed document whole (std::invalid_argument,
// nothing replaced). find() answers nothing for a price it does not know: callers report such a
// price as unknown, never as zero. One currency per book.
//
//   {"currency": "USD", "facts": [{"cloud": "ec2", "region": "us-east-1", "type": "instance",
//     "sku": "t3.micro", "amount": 0.0104, "per": "hour", "source": "https://…", "date": "…"}]}
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "usage/billing_rules.h"

namespace cloudlife::usage {

struct PriceFact {
  std::string cloud;
  std::string region;  // "*": any region without its own fact
  std::string type;    // the usage resource type (instance, volume, snapshot, public-ipv4, …)
  std::string sku;     // "" for types with one price (public-ipv4, snapshot)
  double amount = 0;
  std::string per;  // hour | GB-month | month
  std::string source;
  std::string date;
};

class PriceBook {
 public:
  // Throws std::invalid_argument naming the first problem.
  static PriceBook from_json(const nlohmann::json& document);
  // The prices shipped with cloudlife (data/prices.json, compiled in).
  static PriceBook builtin();

  const PriceFact* find(const std::string& cloud, const std::string& region,
                        const std::string& type, const std::string& sku) const;
  const std::string& currency() const { return currency_; }
  nlohmann::json to_json() const;
  // Appends the facts of `more` (a snapshot's book comes back in chunks); its currency must be
  // this book's (else std::invalid_argument).
  void append(const PriceBook& more);

 private:
  std::string currency_ = "USD";
  std::vector<PriceFact> facts_;
};

// The cost of `quantity` (in `rule`'s unit) at a price quoted `per` hour, GB-month or month;
// nothing when the price's unit does not fit the rule (a GB-month price for instance seconds).
std::optional<double> cost_of(Rule rule, double quantity, const std::string& per, double amount);

// The built-in price document (generated from data/prices.json at build time).
const char* builtin_prices_json();

}  // namespace cloudlife::usage
