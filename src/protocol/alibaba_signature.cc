#include "protocol/alibaba_signature.h"

#include <algorithm>
#include <cctype>

#include "protocol/crypto.h"
#include "protocol/form_decoding.h"
#include "protocol/text_fields.h"

namespace cloudlife::protocol {
namespace {

std::string sorted_encoded_pairs(AlibabaParams pairs) {
  std::stable_sort(pairs.begin(), pairs.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string out;
  for (const auto& [name, value] : pairs) {
    if (!out.empty()) out.push_back('&');
    out += percent_encode(name);
    out.push_back('=');
    out += percent_encode(value);
  }
  return out;
}

}  // namespace

std::optional<Acs3Authorization> parse_acs3_authorization(std::string_view header) {
  const std::size_t space = header.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  Acs3Authorization auth;
  auth.algorithm = std::string(header.substr(0, space));
  if (auth.algorithm.rfind("ACS3-", 0) != 0) return std::nullopt;
  for (const std::string& part : split_fields(header.substr(space + 1), ',')) {
    const std::string_view item = trim_space(part);
    const std::size_t eq = item.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    const std::string_view key = item.substr(0, eq);
    const std::string_view value = item.substr(eq + 1);
    if (key == "Credential") {
      auth.access_key_id = std::string(value);
    } else if (key == "SignedHeaders") {
      auth.signed_headers = split_fields(value, ';');
    } else if (key == "Signature") {
      auth.signature = std::string(value);
    }
  }
  if (auth.access_key_id.empty() || auth.signature.empty() || auth.signed_headers.empty()) {
    return std::nullopt;
  }
  return auth;
}

std::string v1_canonicalized_query(const AlibabaParams& params) {
  AlibabaParams kept;
  kept.reserve(params.size());
  for (const auto& p : params) {
    if (p.first != "Signature") kept.push_back(p);
  }
  return sorted_encoded_pairs(std::move(kept));
}

std::string v1_string_to_sign(std::string_view method, const AlibabaParams& params) {
  return std::string(method) + "&" + percent_encode("/") + "&" +
         percent_encode(v1_canonicalized_query(params));
}

std::string v1_signature(std::string_view secret, std::string_view string_to_sign) {
  return base64_encode(hmac_sha1(std::string(secret) + "&", string_to_sign));
}

std::string acs3_canonical_query(const AlibabaParams& query) {
  return sorted_encoded_pairs(query);
}

std::string acs3_canonical_request(std::string_view method, std::string_view uri,
                                   const AlibabaParams& query, const HeaderMap& headers,
                                   const std::vector<std::string>& signed_headers,
                                   std::string_view hashed_payload) {
  std::string out(method);
  out += '\n';
  out += uri.empty() ? std::string_view("/") : uri;
  out += '\n';
  out += acs3_canonical_query(query);
  out += '\n';
  std::string names;
  for (const std::string& name : signed_headers) {
    std::vector<std::string> values;
    auto [lo, hi] = headers.equal_range(name);
    for (auto it = lo; it != hi; ++it) values.emplace_back(trim_space(it->second));
    std::sort(values.begin(), values.end());
    std::string joined;
    for (const std::string& v : values) {
      if (!joined.empty()) joined.push_back(',');
      joined += v;
    }
    out += name;
    out += ':';
    out += joined;
    out += '\n';
    if (!names.empty()) names.push_back(';');
    names += name;
  }
  out += '\n';
  out += names;
  out += '\n';
  out += hashed_payload;
  return out;
}

std::string acs3_string_to_sign(std::string_view canonical_request) {
  return "ACS3-HMAC-SHA256\n" + sha256_hex(canonical_request);
}

std::string acs3_signature(std::string_view secret, std::string_view string_to_sign) {
  return to_hex(hmac_sha256(secret, string_to_sign));
}

}  // namespace cloudlife::protocol
