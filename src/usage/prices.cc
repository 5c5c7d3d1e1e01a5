#include "usage/prices.h"

#include <cmath>
#include <stdexcept>

namespace cloudlife::usage {

using nlohmann::json;

namespace {

std::string required_string(const json& fact, const char* field, std::size_t index) {
  if (!fact.contains(field) || !fact[field].is_string() || fact[field].get<std::string>().empty()) {
    throw std::invalid_argument("facts[" + std::to_string(index) + "]." + field +
                                " must be a non-empty string");
  }
  return fact[field].get<std::string>();
}

}  // namespace

PriceBook PriceBook::from_json(const json& document) {
  if (!document.is_object()) throw std::invalid_argument("the price list must be a JSON object");
  PriceBook book;
  if (document.contains("currency")) {
    if (!document["currency"].is_string() || document["currency"].get<std::string>().empty()) {
      throw std::invalid_argument("\"currency\" must be a non-empty string");
    }
    book.currency_ = document["currency"].get<std::string>();
  }
  if (!document.contains("facts") || !document["facts"].is_array()) {
    throw std::invalid_argument("\"facts\" must be an array of price facts");
  }
  std::size_t i = 0;
  for (const json& f : document["facts"]) {
    if (!f.is_object()) {
      throw std::invalid_argument("facts[" + std::to_string(i) + "] must be an object");
    }
    PriceFact fact;
    fact.cloud = required_string(f, "cloud", i);
    fact.region = required_string(f, "region", i);
    fact.type = required_string(f, "type", i);
    if (f.contains("sku") && !f["sku"].is_string()) {
      throw std::invalid_argument("facts[" + std::to_string(i) + "].sku must be a string");
    }
    fact.sku = f.value("sku", "");
    if (!f.contains("amount") || !f["amount"].is_number() ||
        !std::isfinite(f["amount"].get<double>()) || f["amount"].get<double>() < 0) {
      throw std::invalid_argument("facts[" + std::to_string(i) + "].amount must be a number >= 0");
    }
    fact.amount = f["amount"].get<double>();
    fact.per = required_string(f, "per", i);
    if (fact.per != "hour" && fact.per != "GB-month" && fact.per != "month") {
      throw std::invalid_argument("facts[" + std::to_string(i) +
                                  "].per must be \"hour\", \"GB-month\" or \"month\"");
    }
    fact.source = required_string(f, "source", i);
    fact.date = required_string(f, "date", i);
    book.facts_.push_back(std::move(fact));
    ++i;
  }
  return book;
}

PriceBook PriceBook::builtin() {
  static const PriceBook book = from_json(json::parse(builtin_prices_json()));
  return book;
}

const PriceFact* PriceBook::find(const std::string& cloud, const std::string& region,
                                 const std::string& type, const std::string& sku) const {
  const PriceFact* any_region = nullptr;
  for (const PriceFact& f : facts_) {
    if (f.cloud != cloud || f.type != type || f.sku != sku) continue;
    if (f.region == region) return &f;
    if (f.region == "*") any_region = &f;
  }
  return any_region;
}

json PriceBook::to_json() const {
  json facts = json::array();
  for (const PriceFact& f : facts_) {
    facts.push_back({{"cloud", f.cloud},
                     {"region", f.region},
                     {"type", f.type},
                     {"sku", f.sku},
                     {"amount", f.amount},
                     {"per", f.per},
                     {"source", f.source},
                     {"date", f.date}});
  }
  return {{"currency", currency_}, {"facts", facts}};
}

void PriceBook::append(const PriceBook& more) {
  if (more.currency_ != currency_) {
    throw std::invalid_argument("price facts in " + more.currency_ + " added to a book in " +
                                currency_);
  }
  facts_.insert(facts_.end(), more.facts_.begin(), more.facts_.end());
}

std::optional<double> cost_of(Rule rule, double quantity, const std::string& per, double amount) {
  switch (rule) {
    case Rule::kEc2InstanceSeconds:
    case Rule::kPerSecond:
      if (per == "hour") return quantity / 3600.0 * amount;
      return std::nullopt;
    case Rule::kGibSeconds:
      if (per == "GB-month") return quantity / kSecondsPerPriceMonth * amount;
      if (per == "hour") return quantity / 3600.0 * amount;  // per GiB-hour
      return std::nullopt;
    case Rule::kHours:
      if (per == "hour") return quantity * amount;
      return std::nullopt;
    case Rule::kSubscriptionHours:
      if (per == "month") return quantity / 730.0 * amount;
      if (per == "hour") return quantity * amount;
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace cloudlife::usage
