#include "protocol/alibaba_signature.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cctype>

#include "protocol/form_decoding.h"

namespace cloudlife::protocol {
namespace {

std::string to_hex(const unsigned char* data, std::size_t n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(kHex[data[i] >> 4]);
    out.push_back(kHex[data[i] & 0xf]);
  }
  return out;
}

std::string hmac(const EVP_MD* md, std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(md, key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  return std::string(reinterpret_cast<const char*>(out), len);
}

std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    const std::size_t end = s.find(sep, start);
    const std::size_t stop = end == std::string_view::npos ? s.size() : end;
    out.emplace_back(s.substr(start, stop - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

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
  for (const std::string& part : split(header.substr(space + 1), ',')) {
    const std::string_view item = trim(part);
    const std::size_t eq = item.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    const std::string_view key = item.substr(0, eq);
    const std::string_view value = item.substr(eq + 1);
    if (key == "Credential") {
      auth.access_key_id = std::string(value);
    } else if (key == "SignedHeaders") {
      auth.signed_headers = split(value, ';');
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
  return base64(hmac(EVP_sha1(), std::string(secret) + "&", string_to_sign));
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
    for (auto it = lo; it != hi; ++it) values.emplace_back(trim(it->second));
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
  const std::string mac = hmac(EVP_sha256(), secret, string_to_sign);
  return to_hex(reinterpret_cast<const unsigned char*>(mac.data()), mac.size());
}

}  // namespace cloudlife::protocol
