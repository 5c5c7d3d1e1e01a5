// Crash safety inside sequences: kill -9 the real binary (--state-dir, frozen clock) at a random
// point of a generated sequence and check that the restarted server holds exactly the acknowledged
// state (docs/sequence-testing.md).
// Contract: per seed, the sequence runs up to a random step k; the kill comes either between two
// answered requests (then the restarted state and clock must equal those before the kill), or while
// step k's request is in flight (then a copy of the state directory taken before step k, started
// as a second server, must restore the pre-kill state, and the killed server must come back either
// without step k or exactly as that second server is after step k, and with step k whenever its
// answer had arrived before the kill). Each sequence's servers snapshot at their own threshold
// (never, after every mutation, or every few hundred or thousand journal bytes), so kills land
// before, during and after snapshots, and copies of the state directory catch snapshots half
// written.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace cloudlife::sequence {

struct CrashOptions {
  std::string server;
  std::uint64_t seed = 1;
  std::uint64_t sequences = 10;
  double seconds = 0;
  int length = 30;
  bool verbose = false;
  bool shrink = true;
};

int run_crash_safety(const CrashOptions& options,
                     const std::map<std::uint64_t, std::string>& known);

}  // namespace cloudlife::sequence
