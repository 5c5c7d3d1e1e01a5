#include "server/credentials.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/glob.h"

namespace cloudlife::server {
namespace {

std::vector<std::string> patterns(const nlohmann::json& policy, const char* name) {
  std::vector<std::string> out;
  if (!policy.contains(name)) return out;
  if (!policy[name].is_array()) throw std::invalid_argument(std::string(name) + " must be a list");
  for (const auto& p : policy[name]) {
    if (!p.is_string()) throw std::invalid_argument(std::string(name) + " entries are strings");
    out.push_back(p.get<std::string>());
  }
  return out;
}

}  // namespace

bool Policy::allows(const std::string& qualified_action) const {
  for (const std::string& d : deny) {
    if (core::glob_match(d, qualified_action)) return false;
  }
  if (allow.empty()) return true;
  for (const std::string& a : allow) {
    if (core::glob_match(a, qualified_action)) return true;
  }
  return false;
}

CredentialStore CredentialStore::load(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::invalid_argument("cannot read credentials file " + path);
  std::stringstream text;
  text << in.rdbuf();
  return parse(text.str());
}

CredentialStore CredentialStore::parse(const std::string& json_text) {
  const auto doc = nlohmann::json::parse(json_text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("credentials") ||
      !doc["credentials"].is_array()) {
    throw std::invalid_argument("the credentials file must be {\"credentials\": [...]}");
  }
  CredentialStore store;
  for (const auto& entry : doc["credentials"]) {
    if (!entry.is_object() || !entry.contains("access_key") || !entry["access_key"].is_string() ||
        !entry.contains("secret_key") || !entry["secret_key"].is_string()) {
      throw std::invalid_argument("each credential needs string access_key and secret_key");
    }
    Credential c;
    c.access_key = entry["access_key"].get<std::string>();
    c.secret_key = entry["secret_key"].get<std::string>();
    if (entry.contains("account") && !entry["account"].is_string()) {
      throw std::invalid_argument("account of " + c.access_key + " must be a string of 12 digits");
    }
    c.account = entry.value("account", std::string("123456789012"));
    if (c.account.size() != 12 || c.account.find_first_not_of("0123456789") != std::string::npos) {
      throw std::invalid_argument("account of " + c.access_key + " must be 12 digits");
    }
    if (entry.contains("policy")) {
      if (!entry["policy"].is_object()) throw std::invalid_argument("policy must be an object");
      c.policy = Policy{patterns(entry["policy"], "allow"), patterns(entry["policy"], "deny")};
    }
    if (store.by_key_.contains(c.access_key)) {
      throw std::invalid_argument("access key " + c.access_key + " is listed twice");
    }
    const std::string key = c.access_key;
    store.by_key_.emplace(key, std::move(c));
  }
  return store;
}

const Credential* CredentialStore::find(const std::string& access_key) const {
  auto it = by_key_.find(access_key);
  return it == by_key_.end() ? nullptr : &it->second;
}

}  // namespace cloudlife::server
