// AWS Signature Version 4 verification for Query-protocol requests (docs/wire.md "SigV4
// verification").
// Contract: recomputes the signature from the raw request exactly as every captured client signs
// it (canonical URI = path, canonical query from the query string, the SignedHeaders' values
// trimmed with inner spaces collapsed, payload hash = x-amz-content-sha256 or sha256(body)) and
// compares it in constant time. Time checks are separate (check_sigv4_time) and use wall time.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"
#include "protocol/http_message.h"
#include "protocol/sigv4.h"

namespace cloudlife::protocol {

std::string sigv4_canonical_request(const HttpRequest& request, const SigV4Authorization& auth);
std::string sigv4_string_to_sign(const HttpRequest& request, const SigV4Authorization& auth);
std::string sigv4_signature(const HttpRequest& request, const SigV4Authorization& auth,
                            std::string_view secret);
bool verify_sigv4(const HttpRequest& request, const SigV4Authorization& auth,
                  std::string_view secret);

// Parses X-Amz-Date ("20261121T221448Z") to epoch milliseconds.
std::optional<core::TimeMs> parse_amz_date(std::string_view text);

}  // namespace cloudlife::protocol
