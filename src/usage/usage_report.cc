#include "usage/usage_report.h"

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <stdexcept>
#include <vector>

namespace cloudlife::usage {

using core::TimeMs;
using nlohmann::json;

namespace {

TimeMs parse_time(const std::string& key, const std::string& value) {
  if (auto t = core::parse_iso8601(value)) return *t;
  char* end = nullptr;
  const long long ms = std::strtoll(value.c_str(), &end, 10);
  if (!value.empty() && *end == '\0' && ms >= 0) return ms;
  throw std::invalid_argument(key + " must be an ISO 8601 UTC time or epoch milliseconds");
}

bool matches(const Resource& r, const UsageQuery& q) {
  return (q.account.empty() || r.key.account == q.account) &&
         (q.region.empty() || r.key.region == q.region) &&
         (q.cloud.empty() || r.key.cloud == q.cloud);
}

const std::string* tag_value(const Resource& r, const std::string& key) {
  for (const auto& [k, v] : r.tags) {
    if (k == key) return &v;
  }
  return nullptr;
}

json group_of(const Resource& r, const UsageQuery& q) {
  if (q.group_by == "resource") return r.key.id;
  if (q.group_by == "type") return r.key.cloud + ":" + r.key.type;
  const std::string* v = tag_value(r, q.group_by.substr(4));
  return v ? json(*v) : json(nullptr);
}

std::vector<const Resource*> sorted(const Ledger& ledger, const UsageQuery& q) {
  std::vector<const Resource*> out;
  for (const auto& [slot, r] : ledger.resources()) {
    if (matches(r, q)) out.push_back(&r);
  }
  std::sort(out.begin(), out.end(), [](const Resource* a, const Resource* b) {
    const TimeMs sa = a->intervals.empty() ? 0 : a->intervals.front().start;
    const TimeMs sb = b->intervals.empty() ? 0 : b->intervals.front().start;
    return std::tie(sa, a->key) < std::tie(sb, b->key);
  });
  return out;
}

json price_json(const PriceFact& f, const std::string& currency) {
  return {{"amount", f.amount},
          {"per", f.per},
          {"currency", currency},
          {"source", f.source},
          {"date", f.date}};
}

struct Total {
  json group;
  std::string unit;
  double quantity = 0;
  double amount = 0;
  std::vector<std::string> unpriced;
};

}  // namespace

UsageQuery parse_usage_query(const std::vector<std::pair<std::string, std::string>>& params) {
  UsageQuery q;
  for (const auto& [key, value] : params) {
    if (key == "account")
      q.account = value;
    else if (key == "region")
      q.region = value;
    else if (key == "cloud") {
      if (value != "ec2" && value != "ecs" && !value.empty()) {
        throw std::invalid_argument("cloud must be \"ec2\" or \"ecs\"");
      }
      q.cloud = value;
    } else if (key == "from")
      q.from = parse_time(key, value);
    else if (key == "to")
      q.to = parse_time(key, value);
    else if (key == "group_by") {
      if (value != "resource" && value != "type" &&
          !(value.rfind("tag:", 0) == 0 && value.size() > 4)) {
        throw std::invalid_argument("group_by must be resource, type or tag:KEY");
      }
      q.group_by = value;
    } else if (key == "priced") {
      if (value != "true" && value != "false") {
        throw std::invalid_argument("priced must be true or false");
      }
      q.priced = value == "true";
    } else {
      throw std::invalid_argument("unknown parameter \"" + key +
                                  "\" (account, region, cloud, from, to, group_by, priced)");
    }
  }
  if (q.from && q.to && *q.from > *q.to) throw std::invalid_argument("from must not be after to");
  return q;
}

json usage_report(const Ledger& ledger, const PriceBook& prices, const UsageQuery& q, TimeMs now) {
  const TimeMs from = q.from.value_or(std::numeric_limits<TimeMs>::min());
  const TimeMs to = q.to.value_or(now);
  json resources = json::array();
  std::vector<Total> totals;
  for (const Resource* r : sorted(ledger, q)) {
    json intervals = json::array();
    double quantity = 0;
    double amount = 0;
    bool unknown_price = false;
    for (const Interval& iv : r->intervals) {
      if (iv.start > to || (iv.end && *iv.end < from)) continue;
      const double qty =
          interval_quantity(r->rule, iv.start, iv.end, iv.paid_until, iv.size_gib, now, from, to);
      json entry{{"start", core::format_iso8601_ms(iv.start)},
                 {"end", iv.end ? json(core::format_iso8601_ms(*iv.end)) : json(nullptr)},
                 {"quantity", qty}};
      if (!iv.sku.empty()) entry["sku"] = iv.sku;
      if (iv.size_gib > 0) entry["size_gib"] = iv.size_gib;
      if (iv.paid_until) entry["paid_until"] = core::format_iso8601_ms(*iv.paid_until);
      if (q.priced) {
        const PriceFact* fact = prices.find(r->key.cloud, r->key.region, r->key.type, iv.sku);
        std::optional<double> cost;
        if (fact) cost = cost_of(r->rule, qty, fact->per, fact->amount);
        entry["price"] = fact ? price_json(*fact, prices.currency()) : json("unknown");
        entry["amount"] = cost ? json(*cost) : json(nullptr);
        if (cost)
          amount += *cost;
        else
          unknown_price = true;
      }
      quantity += qty;
      intervals.push_back(std::move(entry));
    }
    if (intervals.empty()) continue;
    json row{{"id", r->key.id},
             {"cloud", r->key.cloud},
             {"account", r->key.account},
             {"region", r->key.region},
             {"type", r->key.type},
             {"quantity", quantity},
             {"unit", rule_unit(r->rule)},
             {"rule", rule_name(r->rule)},
             {"intervals", intervals}};
    json tags = json::object();
    for (const auto& [k, v] : r->tags) tags[k] = v;
    row["tags"] = tags;
    if (r->gone_at) row["deleted"] = core::format_iso8601_ms(*r->gone_at);
    if (q.priced) {
      row["amount"] = unknown_price ? json(nullptr) : json(amount);
      row["currency"] = prices.currency();
      if (unknown_price) row["price"] = "unknown";
    }
    resources.push_back(std::move(row));

    const json group = group_of(*r, q);
    const std::string unit(rule_unit(r->rule));
    auto t = std::find_if(totals.begin(), totals.end(),
                          [&](const Total& x) { return x.group == group && x.unit == unit; });
    if (t == totals.end()) t = totals.insert(totals.end(), Total{group, unit, 0, 0, {}});
    t->quantity += quantity;
    t->amount += amount;
    if (unknown_price) t->unpriced.push_back(r->key.id);
  }
  json out_totals = json::array();
  for (const Total& t : totals) {
    json row{{"group", t.group}, {"unit", t.unit}, {"quantity", t.quantity}};
    if (q.priced) {
      row["amount"] = t.unpriced.empty() ? json(t.amount) : json(nullptr);
      row["currency"] = prices.currency();
      if (!t.unpriced.empty()) row["unpriced"] = t.unpriced;
    }
    out_totals.push_back(std::move(row));
  }
  json answer{{"now", core::format_iso8601_ms(now)},
              {"to", core::format_iso8601_ms(to)},
              {"group_by", q.group_by},
              {"resources", resources},
              {"totals", out_totals}};
  answer["from"] = q.from ? json(core::format_iso8601_ms(*q.from)) : json(nullptr);
  return answer;
}

json leaks_report(const Ledger& ledger, const UsageQuery& q) {
  std::vector<const Resource*> leaks;
  for (const auto& [slot, r] : ledger.resources()) {
    if (r.leak_since && matches(r, q)) leaks.push_back(&r);
  }
  std::sort(leaks.begin(), leaks.end(), [](const Resource* a, const Resource* b) {
    return std::tie(*a->leak_since, a->key) < std::tie(*b->leak_since, b->key);
  });
  json out = json::array();
  for (const Resource* r : leaks) {
    out.push_back({{"id", r->key.id},
                   {"cloud", r->key.cloud},
                   {"account", r->key.account},
                   {"region", r->key.region},
                   {"type", r->key.type},
                   {"reason", r->leak_reason},
                   {"since", core::format_iso8601_ms(*r->leak_since)},
                   {"since_epoch_ms", *r->leak_since}});
  }
  return {{"leaks", out}};
}

}  // namespace cloudlife::usage
