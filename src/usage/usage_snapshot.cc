#include "usage/usage_snapshot.h"

#include "usage_state_reflection.inc"  // generated: reflect() of Resource and its parts

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace cloudlife::usage {
namespace {

using nlohmann::json;

constexpr const char* kSection = "usage";

void load_head(core::LockProof held, UsageMeter& meter, const json& record) {
  meter.restorable_ledger(held).restore_begin(record.at("buckets").get<std::size_t>());
  meter.set_prices(
      held, PriceBook::from_json({{"currency", record.at("currency")}, {"facts", json::array()}}));
}

void load_prices(core::LockProof held, UsageMeter& meter, const json& record) {
  PriceBook book = meter.prices(held);
  book.append(PriceBook::from_json({{"currency", book.currency()}, {"facts", record.at("facts")}}));
  meter.set_prices(held, std::move(book));
}

void load_resources(core::LockProof held, UsageMeter& meter, const json& record,
                    core::archive::Reader& reader) {
  Ledger& ledger = meter.restorable_ledger(held);
  for (const json& item : record.at("items")) {
    if (!item.is_object() || !item.contains("key")) {
      throw std::invalid_argument("usage snapshot: a resource needs its key");
    }
    Resource resource;
    core::archive::load(item, resource, reader);
    ledger.restore(std::move(resource));
  }
}

}  // namespace

void save_usage(core::LockProof held, const UsageMeter& meter,
                const std::function<void(json)>& emit) {
  const Ledger& ledger = meter.ledger(held);
  const PriceBook& prices = meter.prices(held);
  emit(json{{"s", kSection},
            {"r", "head"},
            {"currency", prices.currency()},
            {"buckets", ledger.resource_buckets()}});
  const json book = prices.to_json();
  const json& facts = book.at("facts");
  core::archive::emit_chunks(
      json{{"s", kSection}, {"r", "prices"}}, "facts", facts.begin(), facts.end(),
      [](const json& fact) { return fact; }, emit);
  // Last first: restoring them in this order into as many buckets gives back the iteration order.
  std::vector<const Resource*> order;
  order.reserve(ledger.resources().size());
  for (const auto& [slot, resource] : ledger.resources()) order.push_back(&resource);
  core::archive::emit_chunks(
      json{{"s", kSection}, {"r", "resources"}}, "items", order.rbegin(), order.rend(),
      [](const Resource* resource) { return core::archive::save(*resource); }, emit);
}

bool load_usage_record(core::LockProof held, UsageMeter& meter, const json& record,
                       core::archive::Reader& reader) {
  if (record.value("s", "") != kSection) return false;
  const std::string kind = record.at("r").get<std::string>();
  if (kind == "head") {
    load_head(held, meter, record);
  } else if (kind == "prices") {
    load_prices(held, meter, record);
  } else if (kind == "resources") {
    load_resources(held, meter, record, reader);
  } else {
    throw std::invalid_argument("usage snapshot: unknown record \"" + kind + "\"");
  }
  return true;
}

void finish_usage_load(core::LockProof held, UsageMeter& meter, core::TimeMs now) {
  meter.note_all(held);
  meter.measure(held, now);
}

}  // namespace cloudlife::usage
