// Identifiers: cloud resource IDs and request IDs.
// Contract: resource_id("i") gives "i-" + 17 lowercase hex digits; uuid() gives an RFC 4122
// version-4 UUID. Both draw from the state-ID sequence of the engine whose lock this thread holds:
// each Engine owns one IdGenerator and binds it (IdScope) for the duration of transact(),
// advance(), reset_with() and with_lock(), so two engines in one process (two cloudlife::Emulator
// objects) never share or reseed each other's sequence, and the IDs a run creates depend only on
// the order of the state changes that create them — a journal replay (--state-dir) recreates the
// same IDs. A draw outside any engine (single-threaded tests calling a model directly, values that
// are not state such as an ECS OrderId) uses a process-wide fallback sequence. request_id() is for
// per-request identifiers that are not state (thread-local, never replayed): use it for RequestId.
#pragma once

#include <cstdint>
#include <mutex>
#include <random>
#include <string>
#include <string_view>

namespace cloudlife::core {

// One state-ID sequence (locked: the engine's events and requests may draw from any thread).
class IdGenerator {
 public:
  IdGenerator();  // seeded from the operating system's entropy
  explicit IdGenerator(std::uint64_t seed) : gen_(seed) {}
  IdGenerator(const IdGenerator&) = delete;
  IdGenerator& operator=(const IdGenerator&) = delete;

  // Restarts the sequence from `seed`.
  void reseed(std::uint64_t seed);
  // n random lowercase hex digits.
  std::string hex(int n);
  // A uniformly drawn integer in [lo, hi].
  long long between(long long lo, long long hi);

  // The sequence's position (a snapshot keeps it, core/engine_snapshot.h) and putting it back: the
  // draws after restore_position(p) are those that followed when position() gave p.
  std::mt19937_64 position() const;
  void restore_position(const std::mt19937_64& position);

 private:
  mutable std::mutex mutex_;
  std::mt19937_64 gen_;
};

// Binds `generator` as this thread's state-ID sequence while the scope lives (nests: the previous
// binding comes back on exit).
class IdScope {
 public:
  explicit IdScope(IdGenerator& generator);
  ~IdScope();
  IdScope(const IdScope&) = delete;
  IdScope& operator=(const IdScope&) = delete;

 private:
  IdGenerator* previous_;
};

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

// A fresh seed from the operating system's entropy.
std::uint64_t entropy_seed();

// A random UUID for a response's request ID (not state; not part of the replayed sequence).
std::string request_id();

}  // namespace cloudlife::core
