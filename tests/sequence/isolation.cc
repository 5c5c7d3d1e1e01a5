#include "isolation.h"

#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fstream>
#include <thread>

namespace cloudlife::sequence {

Progress* shared_progress() {
  void* mem =
      mmap(nullptr, sizeof(Progress), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) std::abort();
  return new (mem) Progress();
}

std::int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void record_failure(Progress* progress, const Failure& f) {
  progress->failure_step = f.step;
  std::snprintf(progress->failure_kind, sizeof progress->failure_kind, "%s", f.kind.c_str());
  std::snprintf(progress->failure_detail, sizeof progress->failure_detail, "%s", f.detail.c_str());
  progress->failed = 1;
}

double rss_mib(int pid) {
  std::ifstream in(pid ? "/proc/" + std::to_string(pid) + "/statm" : "/proc/self/statm");
  long pages = 0, resident = 0;
  in >> pages >> resident;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) /
         (1024.0 * 1024.0);
}

std::optional<Failure> supervise(Progress* progress, int hang_ms,
                                 const std::function<void()>& body) {
  progress->failed = 0;
  progress->beat_ms = steady_ms();
  std::fflush(stdout);
  const pid_t pid = fork();
  if (pid < 0) std::abort();
  if (pid == 0) {
    body();
    std::fflush(stdout);
    _exit(progress->failed ? 3 : 0);
  }
  for (;;) {
    int status = 0;
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) {
      if (WIFSIGNALED(status)) {
        return Failure{"crash", progress->step.load(),
                       std::string("the emulator died: signal ") +
                           std::to_string(WTERMSIG(status)) + " (" + strsignal(WTERMSIG(status)) +
                           ")"};
      }
      if (progress->failed) {
        return Failure{progress->failure_kind, progress->failure_step, progress->failure_detail};
      }
      if (WEXITSTATUS(status) != 0) {
        return Failure{"crash", progress->step.load(),
                       "the emulator exited with status " + std::to_string(WEXITSTATUS(status))};
      }
      return std::nullopt;
    }
    if (steady_ms() - progress->beat_ms.load() > hang_ms) {
      kill(pid, SIGKILL);
      waitpid(pid, nullptr, 0);
      return Failure{"hang", progress->step.load(),
                     "no answer for " + std::to_string(hang_ms) + " ms (RSS then unknown; killed)"};
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

namespace {

void beat(void* arg) {
  auto* p = static_cast<Progress*>(arg);
  p->beat_ms = steady_ms();
  p->requests.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace

std::optional<Failure> run_isolated(const std::vector<Step>& steps, std::uint64_t seed,
                                    const RunOptions& options, int hang_ms) {
  static Progress* progress = shared_progress();
  return supervise(progress, hang_ms, [&] {
    auto target = make_in_process_target();
    Runner runner(*target, options);
    runner.on_request = beat;
    runner.on_request_arg = progress;
    progress->seed = seed;
    runner.begin(seed);
    for (std::size_t i = 0; i < steps.size(); ++i) {
      progress->step = static_cast<int>(i);
      if (auto f = runner.step(steps[i])) {
        record_failure(progress, *f);
        return;
      }
    }
    progress->step = static_cast<int>(steps.size());
    if (options.final_settle) {
      if (auto f = runner.settle()) record_failure(progress, *f);
    }
  });
}

}  // namespace cloudlife::sequence
