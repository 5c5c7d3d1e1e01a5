// application/x-www-form-urlencoded decoding (request bodies and query strings).
// Contract: '+' is a space, %XX is a byte; a malformed escape ("%4", "%zz") makes the whole input
// malformed (nullopt) rather than guessing. Pairs keep wire order; a key without '=' has value "".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cloudlife::protocol {

using FormPairs = std::vector<std::pair<std::string, std::string>>;

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space = true);
std::optional<FormPairs> decode_form(std::string_view body);
// RFC 3986 encoding of everything but unreserved characters (A-Z a-z 0-9 - _ . ~).
std::string percent_encode(std::string_view text);

}  // namespace cloudlife::protocol
