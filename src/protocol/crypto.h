// Hashes and MACs the signature schemes need (OpenSSL underneath).
// Contract: inputs are raw bytes; *_hex functions return lowercase hex; base64 is standard with
// padding.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cloudlife::protocol {

std::string sha256_hex(std::string_view data);
std::string hmac_sha256(std::string_view key, std::string_view data);  // raw 32 bytes
std::string hmac_sha1(std::string_view key, std::string_view data);    // raw 20 bytes
std::string to_hex(std::string_view raw);
std::string base64_encode(std::string_view raw);
// Inverse of base64_encode; nullopt for text that is not padded standard base64.
std::optional<std::string> base64_decode(std::string_view text);
// Constant-time comparison for signatures.
bool equal_constant_time(std::string_view a, std::string_view b);

}  // namespace cloudlife::protocol
