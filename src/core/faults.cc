#include "core/faults.h"

#include "faults_state_reflection.inc"  // generated: reflect() of FaultRule

#include <algorithm>
#include <stdexcept>

#include "core/state_archive.h"

namespace cloudlife::core {
namespace {

using nlohmann::json;

std::string kind_name(FaultKind k) {
  switch (k) {
    case FaultKind::kError:
      return "error";
    case FaultKind::kStuck:
      return "stuck";
    case FaultKind::kStateCodeHighByte:
      return "state-code-high-byte";
  }
  return "error";
}

bool criterion(const std::string& want, const std::string& have) {
  return want.empty() || want == have;
}

bool criterion_any(const std::string& want, const std::vector<std::string>& have) {
  return want.empty() || std::find(have.begin(), have.end(), want) != have.end();
}

std::string string_field(const json& spec, const char* name) {
  if (!spec.contains(name)) return "";
  if (!spec[name].is_string()) throw std::invalid_argument(std::string(name) + " must be a string");
  return spec[name].get<std::string>();
}

}  // namespace

json FaultRule::to_json() const {
  json j{{"id", id},
         {"kind", kind_name(kind)},
         {"probability", probability},
         {"seed", seed},
         {"hits", hits}};
  j["count"] = count ? json(*count) : json(nullptr);
  json match = json::object();
  auto put = [&](const char* name, const std::string& v) {
    if (!v.empty()) match[name] = v;
  };
  put("cloud", cloud);
  put("action", action);
  put("account", account);
  put("region", region);
  put("zone", zone);
  put("instance_type", instance_type);
  put("instance_id", instance_id);
  j["match"] = match;
  if (kind == FaultKind::kError) {
    j["code"] = code;
    j["message"] = message;
    j["http_status"] = http_status;
  }
  if (kind == FaultKind::kStuck) j["transition"] = transition;
  return j;
}

std::optional<InjectedError> FaultRegistry::known_error(const std::string& code) const {
  for (const InjectedError& e : catalog_.known_errors) {
    if (e.code == code) return e;
  }
  return std::nullopt;
}

json FaultRegistry::add(const json& spec) {
  if (!spec.is_object()) throw std::invalid_argument("a fault rule is a JSON object");
  FaultRule rule;
  const std::string kind = string_field(spec, "kind");
  if (kind.empty() || kind == "error") {
    rule.kind = FaultKind::kError;
  } else if (kind == "stuck") {
    rule.kind = FaultKind::kStuck;
  } else if (kind == "state-code-high-byte") {
    rule.kind = FaultKind::kStateCodeHighByte;
  } else {
    throw std::invalid_argument("unknown fault kind \"" + kind +
                                "\" (error, stuck, state-code-high-byte)");
  }
  const json match = spec.contains("match") ? spec["match"] : json::object();
  if (!match.is_object()) throw std::invalid_argument("match must be an object");
  auto pick = [&](const char* name) {
    std::string top = string_field(spec, name);
    return top.empty() ? string_field(match, name) : top;
  };
  rule.cloud = pick("cloud");
  rule.action = pick("action");
  rule.account = pick("account");
  rule.region = pick("region");
  rule.zone = pick("zone");
  rule.instance_type = pick("instance_type");
  rule.instance_id = pick("instance_id");
  const auto& clouds = catalog_.clouds;
  if (!rule.cloud.empty() && !clouds.empty() &&
      std::find(clouds.begin(), clouds.end(), rule.cloud) == clouds.end()) {
    std::string names;
    for (const std::string& c : clouds) names += (names.empty() ? "" : ", ") + c;
    throw std::invalid_argument("cloud must be one of " + names);
  }
  if (rule.kind == FaultKind::kError) {
    rule.code = string_field(spec, "code");
    if (rule.code.empty()) throw std::invalid_argument("an error fault needs a \"code\"");
    const auto known = known_error(rule.code);
    rule.message = string_field(spec, "message");
    if (rule.message.empty()) rule.message = known ? known->message : rule.code;
    rule.http_status = known ? known->http_status : 400;
    if (spec.contains("http_status")) {
      if (!spec["http_status"].is_number_integer()) {
        throw std::invalid_argument("http_status must be an integer");
      }
      rule.http_status = spec["http_status"].get<int>();
      if (rule.http_status < 400 || rule.http_status > 599) {
        throw std::invalid_argument("http_status must be between 400 and 599");
      }
    }
  }
  if (rule.kind == FaultKind::kStuck) {
    rule.transition = string_field(spec, "transition");
    if (!rule.transition.empty() && rule.transition != "stopping" &&
        rule.transition != "shutting-down" && rule.transition != "pending") {
      throw std::invalid_argument("transition must be stopping, shutting-down or pending");
    }
  }
  if (spec.contains("count") && !spec["count"].is_null()) {
    if (!spec["count"].is_number_integer() || spec["count"].get<long long>() < 1) {
      throw std::invalid_argument("count must be a positive integer");
    }
    rule.count = spec["count"].get<long long>();
  }
  if (spec.contains("probability")) {
    if (!spec["probability"].is_number())
      throw std::invalid_argument("probability must be a number");
    rule.probability = spec["probability"].get<double>();
    if (!(rule.probability > 0.0 && rule.probability <= 1.0)) {
      throw std::invalid_argument("probability must be in (0, 1]");
    }
  }
  std::lock_guard<std::mutex> lock(mutex_);
  rule.id = "fault-" + std::to_string(next_id_++);
  rule.seed = spec.contains("seed") && spec["seed"].is_number_unsigned()
                  ? spec["seed"].get<std::uint64_t>()
                  : next_id_;
  rule.rng.seed(rule.seed);
  rules_.push_back(std::move(rule));
  any_ = true;
  return rules_.back().to_json();
}

json FaultRegistry::list() const {
  std::lock_guard<std::mutex> lock(mutex_);
  json out = json::array();
  for (const FaultRule& r : rules_) out.push_back(r.to_json());
  return out;
}

bool FaultRegistry::remove(const std::string& id) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto before = rules_.size();
  std::erase_if(rules_, [&](const FaultRule& r) { return r.id == id; });
  any_ = !rules_.empty();
  return rules_.size() != before;
}

void FaultRegistry::clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  rules_.clear();
  any_ = false;
}

bool FaultRegistry::fires(FaultRule& rule, const FaultContext& ctx) {
  if (rule.count && *rule.count <= 0) return false;
  if (!criterion(rule.cloud, ctx.cloud) || !criterion(rule.action, ctx.action) ||
      !criterion(rule.account, ctx.account) || !criterion(rule.region, ctx.region) ||
      !criterion_any(rule.zone, ctx.zones) ||
      !criterion_any(rule.instance_type, ctx.instance_types) ||
      !criterion_any(rule.instance_id, ctx.instance_ids)) {
    return false;
  }
  if (rule.probability < 1.0) {
    std::uniform_real_distribution<double> draw(0.0, 1.0);
    if (draw(rule.rng) >= rule.probability) return false;
  }
  if (rule.count) --*rule.count;
  ++rule.hits;
  return true;
}

std::optional<InjectedError> FaultRegistry::error_for(const FaultContext& ctx) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!any_) return std::nullopt;
  for (FaultRule& r : rules_) {
    if (r.kind == FaultKind::kError && fires(r, ctx)) {
      return InjectedError{r.code, r.message, r.http_status};
    }
  }
  return std::nullopt;
}

bool FaultRegistry::should_stick(const FaultContext& ctx, const std::string& transition) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!any_) return false;
  for (FaultRule& r : rules_) {
    if (r.kind == FaultKind::kStuck && criterion(r.transition, transition) && fires(r, ctx)) {
      return true;
    }
  }
  return false;
}

int FaultRegistry::state_code_high_byte(const FaultContext& ctx) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!any_) return 0;
  for (FaultRule& r : rules_) {
    if (r.kind == FaultKind::kStateCodeHighByte && fires(r, ctx)) {
      std::uniform_int_distribution<int> byte(1, 255);
      return byte(r.rng);
    }
  }
  return 0;
}

void save_faults(const FaultRegistry& faults, const std::function<void(json)>& emit) {
  std::lock_guard<std::mutex> lock(faults.mutex_);
  emit(json{{"s", "faults"}, {"f", {{"next_id", faults.next_id_}, {"any", faults.any_}}}});
  archive::emit_chunks(
      json{{"s", "faults"}}, "rules", faults.rules_.begin(), faults.rules_.end(),
      [](const FaultRule& rule) { return archive::save(rule); }, emit);
}

void load_faults_record(FaultRegistry& faults, const json& record, archive::Reader& reader) {
  if (auto f = record.find("f"); f != record.end()) {
    const std::uint64_t next_id = f->at("next_id").get<std::uint64_t>();
    const bool any = f->at("any").get<bool>();
    std::lock_guard<std::mutex> lock(faults.mutex_);
    faults.rules_.clear();
    faults.next_id_ = next_id;
    faults.any_ = any;
    return;
  }
  std::vector<FaultRule> loaded;
  for (const json& item : record.at("rules")) {
    FaultRule rule;
    archive::load(item, rule, reader);
    loaded.push_back(std::move(rule));
  }
  std::lock_guard<std::mutex> lock(faults.mutex_);
  for (FaultRule& rule : loaded) faults.rules_.push_back(std::move(rule));
  faults.any_ = faults.any_ || !faults.rules_.empty();
}

}  // namespace cloudlife::core
