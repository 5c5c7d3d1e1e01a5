// libFuzzer target: fault rules from control-plane JSON (core/faults.h FaultRegistry::add).
// Input: the JSON body of POST /_cloudlife/faults ({"kind":"error","code":...,"match":{...}}).
// Checks beyond "no crash": add() rejects bad rules only with std::invalid_argument (its
// contract), an accepted rule is listed and serialises, and matching it against a context built
// from its own criteria never throws.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "core/faults.h"
#include "fuzz_http.h"

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

std::string text_of(const nlohmann::json& rule, const char* key) {
  const auto it = rule.find(key);
  return it != rule.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto spec = nlohmann::json::parse(cloudlife::fuzz::as_text(data, size), nullptr, false);
  if (spec.is_discarded()) return 0;
  cloudlife::core::FaultRegistry registry;
  nlohmann::json rule;
  try {
    rule = registry.add(spec);
  } catch (const std::invalid_argument&) {
    check(registry.list().empty());  // nothing half-applied
    return 0;
  }
  check(rule.is_object());
  const nlohmann::json listed = registry.list();
  check(listed.is_array() && listed.size() == 1);
  (void)listed.dump();

  cloudlife::core::FaultContext ctx;
  const nlohmann::json match = rule.contains("match") ? rule["match"] : rule;
  ctx.cloud = text_of(match, "cloud");
  ctx.action = text_of(match, "action");
  ctx.account = text_of(match, "account");
  ctx.region = text_of(match, "region");
  ctx.zones = {text_of(match, "zone")};
  ctx.instance_types = {text_of(match, "instance_type")};
  ctx.instance_ids = {text_of(match, "instance_id")};
  for (int i = 0; i < 4; ++i) {
    if (auto e = registry.error_for(ctx)) check(e->http_status >= 400 && e->http_status <= 599);
    (void)registry.should_stick(ctx, "stopping");
    const int high = registry.state_code_high_byte(ctx);
    check(high >= 0 && high <= 255);
  }
  const std::string id = text_of(rule, "id");
  check(registry.remove(id));
  check(registry.list().empty());
  return 0;
}
