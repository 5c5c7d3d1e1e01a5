// Identifiers: cloud resource IDs and request IDs.
// Contract: resource_id("i") gives "i-" + 17 lowercase hex digits; uuid() gives an RFC 4122
// version-4 UUID. Both draw from ONE process-wide generator (locked), so that the sequence of IDs
// a run creates depends only on the order of the state changes that create them — a journal replay
// (--state-dir) recreates the same IDs. reseed_ids() restarts that sequence. request_id() is for
// per-request identifiers that are not state (thread-local, never replayed): use it for RequestId.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cloudlife::core {

std::string resource_id(std::string_view prefix, int hex_digits = 17);
// An ID that depends on `key` alone ("vpc-" + hex digits of a hash of prefix and key): the same key
// always gives the same ID, and nothing is drawn from the state-ID sequence. For resources that
// exist before any request creates them (each account's default VPC in a region), so a read that
// first brings them into being — never journaled — cannot shift the IDs a replay recreates.
std::string derived_id(std::string_view prefix, std::string_view key, int hex_digits = 17);
std::string uuid();
// n random lowercase hex digits.
std::string random_hex(int n);
// A uniformly drawn integer in [lo, hi].
long long random_between(long long lo, long long hi);

// Restarts the state-ID sequence from `seed`.
void reseed_ids(std::uint64_t seed);
// A fresh seed from the operating system's entropy.
std::uint64_t entropy_seed();

// A random UUID for a response's request ID (not state; not part of the replayed sequence).
std::string request_id();

}  // namespace cloudlife::core
