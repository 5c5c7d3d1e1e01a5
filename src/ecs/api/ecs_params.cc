#include "ecs/api/ecs_params.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "ecs/ecs_errors.h"

namespace cloudlife::ecs::api {

std::string Params::required(const std::string& name) const {
  auto v = q_.str(name);
  if (!v || v->empty()) throw errors::missing_parameter(name);
  return *v;
}

std::optional<bool> Params::boolean(const std::string& name) const {
  auto v = q_.str(name);
  if (!v || v->empty()) return std::nullopt;
  std::string lower = *v;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "true") return true;
  if (lower == "false") return false;
  throw errors::invalid_parameter(name);
}

std::optional<long long> Params::integer(const std::string& name) const {
  auto v = q_.str(name);
  if (!v || v->empty()) return std::nullopt;
  std::size_t i = (*v)[0] == '-' ? 1 : 0;
  if (i == v->size() || v->size() > 18) throw errors::invalid_parameter(name);
  for (std::size_t k = i; k < v->size(); ++k) {
    if (!std::isdigit(static_cast<unsigned char>((*v)[k]))) throw errors::invalid_parameter(name);
  }
  return std::stoll(*v);
}

std::optional<std::vector<std::string>> Params::json_array(
    const std::string& name, const std::string& malformed_code) const {
  auto v = q_.str(name);
  if (!v || v->empty()) return std::nullopt;
  const nlohmann::json parsed = nlohmann::json::parse(*v, nullptr, false);
  auto malformed = [&]() {
    return core::ServiceError(malformed_code,
                              "The specified parameter \"" + name + "\" is not valid.", 400);
  };
  if (!parsed.is_array()) throw malformed();
  std::vector<std::string> out;
  for (const auto& item : parsed) {
    if (!item.is_string()) throw malformed();
    out.push_back(item.get<std::string>());
  }
  return out;
}

std::vector<Tag> Params::tags(const std::string& prefix) const {
  std::vector<Tag> out;
  for (const protocol::QueryParams& t : q_.structs(prefix)) {
    Tag tag{t.str_or("Key", ""), t.str_or("Value", "")};
    if (tag.key.empty()) throw errors::invalid_parameter(prefix + ".N.Key");
    out.push_back(std::move(tag));
  }
  return out;
}

PageRequest Params::page(long long default_size, long long max_size, bool allow_tokens) const {
  PageRequest page;
  page.page_size = default_size;
  if (allow_tokens && (q_.has("MaxResults") || q_.has("NextToken"))) {
    page.token_mode = true;
    const long long max_results = integer("MaxResults").value_or(default_size);
    if (max_results < 0) throw errors::invalid_parameter("MaxResults");
    page.page_size = std::clamp<long long>(max_results < 10 ? 10 : max_results, 1, max_size);
    page.next_token = str("NextToken");
    return page;
  }
  page.page_number = integer("PageNumber").value_or(1);
  if (page.page_number < 1) throw errors::invalid_parameter("PageNumber");
  page.page_size = integer("PageSize").value_or(default_size);
  if (page.page_size < 1 || page.page_size > max_size) throw errors::invalid_parameter("PageSize");
  return page;
}

std::string Params::fingerprint() const {
  static const std::set<std::string> kCommon = {
      "AccessKeyId",     "Action",         "Format",        "Signature",
      "SignatureMethod", "SignatureNonce", "SignatureType", "SignatureVersion",
      "SecurityToken",   "Timestamp",      "Version",       "ClientToken"};
  std::string out;
  for (const auto& [k, v] : q_.entries()) {
    if (kCommon.contains(k)) continue;
    out += k;
    out += '=';
    out += v;
    out += '\n';
  }
  return out;
}

Language accept_language(const Params& p) {
  std::string v = p.str("AcceptLanguage", "zh-CN");
  std::transform(v.begin(), v.end(), v.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  if (v == "zh-cn") return Language::kChinese;
  static const std::set<std::string> kOthers = {"en-us", "zh-tw", "zh_tw", "ja", "fr", "de", "ko"};
  if (!kOthers.contains(v)) throw errors::invalid_parameter("AcceptLanguage");
  return Language::kEnglish;
}

std::vector<std::string> comma_list(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

}  // namespace cloudlife::ecs::api
