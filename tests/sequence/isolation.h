// Running in-process sequences in a forked child, so that a crash (SIGSEGV) or a hang (a request
// that never returns) becomes a reported failure instead of taking the driver down.
// Contract: the child writes its progress (seed, step, a heartbeat per request) into shared
// memory; the parent kills it when the heartbeat is older than hang_ms and reports "hang" at the
// step it was in; a child killed by a signal is reported as "crash" at the step it was in.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "runner.h"

namespace cloudlife::sequence {

struct Progress {
  std::atomic<std::uint64_t> seed{0};
  std::atomic<int> step{0};
  std::atomic<std::int64_t> beat_ms{0};
  std::atomic<std::uint64_t> sequences{0};
  std::atomic<std::uint64_t> steps{0};
  std::atomic<std::uint64_t> requests{0};
  std::atomic<int> failed{0};
  int failure_step = 0;
  char failure_kind[32] = {};
  char failure_detail[4096] = {};
};

// A zeroed Progress in memory shared with children forked later; never freed.
Progress* shared_progress();

std::int64_t steady_ms();

// Runs `steps` (seed `seed`) in process, in a forked child.
std::optional<Failure> run_isolated(const std::vector<Step>& steps, std::uint64_t seed,
                                    const RunOptions& options, int hang_ms);

// What the child does: the body runs in the child and reports a failure through `progress`
// (record_failure) and its exit code. Returns the failure the parent observed, if any.
std::optional<Failure> supervise(Progress* progress, int hang_ms,
                                 const std::function<void()>& body);

void record_failure(Progress* progress, const Failure& f);

// Resident set size of this process (or of `pid`), in MiB.
double rss_mib(int pid = 0);

}  // namespace cloudlife::sequence
