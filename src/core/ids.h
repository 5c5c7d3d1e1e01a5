// Identifiers: cloud resource IDs and request IDs.
// Contract: resource_id("i") gives "i-" + 17 lowercase hex digits; uuid() gives an RFC 4122
// version-4 UUID. Both are thread-safe (one generator per thread) and never repeat in practice.
#pragma once

#include <string>
#include <string_view>

namespace cloudlife::core {

std::string resource_id(std::string_view prefix, int hex_digits = 17);
std::string uuid();
// n random lowercase hex digits.
std::string random_hex(int n);
// A uniformly drawn integer in [lo, hi].
long long random_between(long long lo, long long hi);

}  // namespace cloudlife::core
