#include "protocol/sigv4_verify.h"

#include <algorithm>
#include <vector>

#include "protocol/crypto.h"
#include "protocol/form_decoding.h"

namespace cloudlife::protocol {
namespace {

std::string collapse_spaces(std::string_view v) {
  std::string out;
  bool in_space = false;
  for (char c : v) {
    if (c == ' ' || c == '\t') {
      in_space = true;
      continue;
    }
    if (in_space && !out.empty()) out.push_back(' ');
    in_space = false;
    out.push_back(c);
  }
  return out;
}

std::string encode_path(std::string_view path) {
  std::string out;
  std::size_t start = 0;
  if (path.empty()) return "/";
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    auto segment = percent_decode(path.substr(start, slash - start), false);
    out += percent_encode(segment ? *segment : std::string(path.substr(start, slash - start)));
    if (slash < path.size()) out.push_back('/');
    start = slash + 1;
  }
  return out;
}

}  // namespace

std::string sigv4_canonical_request(const HttpRequest& request, const SigV4Authorization& auth) {
  std::vector<std::pair<std::string, std::string>> query = request.query;
  std::sort(query.begin(), query.end());
  std::string canonical_query;
  for (const auto& [k, v] : query) {
    if (!canonical_query.empty()) canonical_query.push_back('&');
    canonical_query += percent_encode(k) + "=" + percent_encode(v);
  }
  std::string headers;
  for (const std::string& name : auth.signed_headers) {
    std::string value;
    auto [begin, end] = request.headers.equal_range(name);
    for (auto it = begin; it != end; ++it) {
      if (!value.empty()) value.push_back(',');
      value += collapse_spaces(it->second);
    }
    headers += name + ":" + value + "\n";
  }
  std::string signed_names;
  for (const std::string& name : auth.signed_headers) {
    if (!signed_names.empty()) signed_names.push_back(';');
    signed_names += name;
  }
  std::string_view payload_hash = request.header("x-amz-content-sha256");
  const std::string computed = payload_hash.empty() ? sha256_hex(request.body) : "";
  return request.method + "\n" + encode_path(request.path) + "\n" + canonical_query + "\n" +
         headers + "\n" + signed_names + "\n" +
         (payload_hash.empty() ? computed : std::string(payload_hash));
}

std::string sigv4_string_to_sign(const HttpRequest& request, const SigV4Authorization& auth) {
  return auth.algorithm + "\n" + std::string(request.header("x-amz-date")) + "\n" + auth.date +
         "/" + auth.region + "/" + auth.service + "/" + auth.terminator + "\n" +
         sha256_hex(sigv4_canonical_request(request, auth));
}

std::string sigv4_signature(const HttpRequest& request, const SigV4Authorization& auth,
                            std::string_view secret) {
  std::string key = "AWS4" + std::string(secret);
  for (const std::string& part : {auth.date, auth.region, auth.service, auth.terminator}) {
    key = hmac_sha256(key, part);
  }
  return to_hex(hmac_sha256(key, sigv4_string_to_sign(request, auth)));
}

bool verify_sigv4(const HttpRequest& request, const SigV4Authorization& auth,
                  std::string_view secret) {
  const std::string_view amz_date = request.header("x-amz-date");
  if (amz_date.size() < 8 || amz_date.substr(0, 8) != auth.date) return false;
  return equal_constant_time(sigv4_signature(request, auth, secret), auth.signature);
}

std::optional<core::TimeMs> parse_amz_date(std::string_view t) {
  if (t.size() != 16 || t[8] != 'T' || t[15] != 'Z') return std::nullopt;
  const std::string iso = std::string(t.substr(0, 4)) + "-" + std::string(t.substr(4, 2)) + "-" +
                          std::string(t.substr(6, 2)) + "T" + std::string(t.substr(9, 2)) + ":" +
                          std::string(t.substr(11, 2)) + ":" + std::string(t.substr(13, 2)) + "Z";
  return core::parse_iso8601(iso);
}

}  // namespace cloudlife::protocol
