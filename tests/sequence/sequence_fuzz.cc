// cloudlife_sequence_fuzz: the stateful property test (docs/sequence-testing.md).
//
//   cloudlife_sequence_fuzz --sequences 200 --seed 1            in process, fixed seeds (ctest)
//   cloudlife_sequence_fuzz --seconds 900                       in process, as many as fit
//   cloudlife_sequence_fuzz --driver http --server build/cloudlife --sequences 20
//   cloudlife_sequence_fuzz --crash --server build/cloudlife --sequences 10   kill -9 inside
//   sequences cloudlife_sequence_fuzz --replay failure.txt                run one saved sequence,
//   verbosely
//
// A failure prints the seed, the invariant, and the shortest sequence found that still breaks it
// (also written to sequence-failure-<seed>.txt, replayable with --replay). Exit status: 0 when
// every sequence held, 1 when one failed.
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "crash_safety.h"
#include "generator.h"
#include "isolation.h"
#include "runner.h"
#include "shrink.h"
#include "step.h"
#include "target.h"

namespace cloudlife::sequence {
namespace {

// AddressSanitizer keeps freed blocks in its quarantine (256 MiB by default) and adds shadow memory,
// so under it the resident set says little about the emulator's own footprint: there the budget
// only catches runaway growth.
#if defined(__SANITIZE_ADDRESS__)
constexpr double kDefaultMaxRssMib = 2048;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr double kDefaultMaxRssMib = 2048;
#else
constexpr double kDefaultMaxRssMib = 512;
#endif
#else
constexpr double kDefaultMaxRssMib = 512;
#endif

struct Args {
  std::string driver = "inprocess";
  std::string server;
  std::string replay;
  std::string known_defects;
  std::uint64_t seed = 1;
  std::uint64_t sequences = 0;  // 0: until --seconds run out
  double seconds = 0;
  int length = 30;
  int hang_ms = 10000;
  double max_rss_mib = kDefaultMaxRssMib;
  int max_failures = 1;
  bool crash = false;
  bool shrink = true;
  bool shrink_http = false;
  bool verbose = false;
  RunOptions run;
};

[[noreturn]] void usage(const char* msg) {
  std::fprintf(stderr,
               "cloudlife_sequence_fuzz: %s\n(see the header of tests/sequence/sequence_fuzz.cc)\n",
               msg);
  std::exit(2);
}

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string k = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(("missing value for " + k).c_str());
      return argv[++i];
    };
    if (k == "--driver")
      a.driver = value();
    else if (k == "--server")
      a.server = value();
    else if (k == "--replay")
      a.replay = value();
    else if (k == "--known-defects")
      a.known_defects = value();
    else if (k == "--seed")
      a.seed = std::stoull(value());
    else if (k == "--sequences")
      a.sequences = std::stoull(value());
    else if (k == "--seconds")
      a.seconds = std::stod(value());
    else if (k == "--length")
      a.length = std::stoi(value());
    else if (k == "--slow-ms")
      a.run.slow_ms = std::stod(value());
    else if (k == "--hang-ms")
      a.hang_ms = std::stoi(value());
    else if (k == "--max-rss-mib")
      a.max_rss_mib = std::stod(value());
    else if (k == "--max-failures")
      a.max_failures = std::stoi(value());
    else if (k == "--crash")
      a.crash = true;
    else if (k == "--no-shrink")
      a.shrink = false;
    else if (k == "--shrink-over-http")
      a.shrink_http = true;
    else if (k == "--verbose")
      a.verbose = true;
    else if (k == "--final-checks-only")
      a.run.check_state = false;
    else
      usage(("unknown option " + k).c_str());
  }
  if (a.driver != "inprocess" && a.driver != "http") usage("--driver is inprocess or http");
  if ((a.driver == "http" || a.crash) && a.server.empty()) usage("--server BINARY is required");
  if (a.sequences == 0 && a.seconds <= 0 && a.replay.empty()) a.sequences = 100;
  return a;
}

// Known defects: "<seed> <description>" per line; those seeds are skipped and listed.
std::map<std::uint64_t, std::string> load_known_defects(const std::string& path) {
  std::map<std::uint64_t, std::string> out;
  if (path.empty()) return out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::uint64_t seed = 0;
    if (!(words >> seed)) continue;
    std::string rest;
    std::getline(words, rest);
    out[seed] = rest;
  }
  return out;
}

std::string render_sequence(const std::vector<Step>& steps) {
  std::string out;
  for (const auto& s : steps) out += to_text(s) + "\n";
  return out;
}

// Re-runs the sequence in process with verbose output, so the report shows the concrete requests.
void print_concrete(const std::vector<Step>& steps, std::uint64_t seed, RunOptions options) {
  options.verbose = true;
  std::printf("the concrete requests (in process, seed %" PRIu64 "):\n", seed);
  run_isolated(steps, seed, options, 10000);
}

struct Found {
  std::uint64_t seed;
  Failure failure;
  std::vector<Step> shrunk;
  bool reproducible = true;
};

// Runs one sequence in some other way than in process (over HTTP), for shrinking.
using Oracle = std::function<std::optional<Failure>(const std::vector<Step>&)>;

// Shrinks a failure (in process, or with `oracle` when given) and prints the report.
Found report(const Args& args, std::uint64_t seed, const std::vector<Step>& steps, const Failure& f,
             const Oracle& oracle = nullptr) {
  std::printf("\n=== FAILURE seed %" PRIu64 ": %s at step %d: %s\n", seed, f.kind.c_str(), f.step,
              f.detail.c_str());
  std::vector<Step> shrunk = steps;
  if (f.step >= 0 && static_cast<std::size_t>(f.step) + 1 < shrunk.size())
    shrunk.resize(f.step + 1);
  const std::string kind = f.kind;
  // The shrinker looks for the same kind of failure, in process. Over HTTP "no answer" is what a
  // crash or a hang of the server looks like.
  auto same = [&](const std::optional<Failure>& g) {
    if (!g) return false;
    if (kind == "answered") return g->kind == "crash" || g->kind == "hang" || g->kind == "answered";
    return g->kind == kind;
  };
  RunOptions options = args.run;
  int runs = 0;
  auto run_once = [&](const std::vector<Step>& c) {
    return oracle ? oracle(c) : run_isolated(c, seed, options, args.hang_ms);
  };
  auto still_fails = [&](const std::vector<Step>& c) {
    ++runs;
    return same(run_once(c));
  };
  if (args.shrink) {
    if (!still_fails(shrunk) && !still_fails(shrunk) && !still_fails(shrunk)) {
      // A slow request that three reruns do not repeat was the machine's load (the host is shared),
      // not the emulator: it is logged, not counted.
      std::printf("(the failure does not reproduce in process in 3 reruns: not shrunk%s)\n",
                  kind == "slow" ? "; a one-off slow request is not counted" : "");
      if (kind == "slow") {
        std::printf("=== END FAILURE seed %" PRIu64 "\n\n", seed);
        return {seed, f, shrunk, false};
      }
    } else {
      shrunk = shrink(shrunk, still_fails, 3000);
    }
  }
  const auto again = run_once(shrunk);
  std::printf("shrunk from %zu to %zu steps in %d runs; seed %" PRIu64 "; the shrunk sequence:\n",
              steps.size(), shrunk.size(), runs, seed);
  std::printf("%s", render_sequence(shrunk).c_str());
  if (again)
    std::printf("it fails with: %s at step %d: %s\n", again->kind.c_str(), again->step,
                again->detail.c_str());
  const std::string file = "sequence-failure-" + std::to_string(seed) + ".txt";
  std::ofstream out(file);
  out << "# seed " << seed << ": " << f.kind << ": " << f.detail << "\n"
      << "# replay: cloudlife_sequence_fuzz --replay " << file << " --seed " << seed << "\n"
      << render_sequence(shrunk);
  std::printf("written to %s\n", file.c_str());
  if (f.kind != "hang" && !oracle) print_concrete(shrunk, seed, options);
  std::printf("=== END FAILURE seed %" PRIu64 "\n\n", seed);
  std::fflush(stdout);
  return {seed, f, shrunk};
}

void beat(void* arg) {
  auto* p = static_cast<Progress*>(arg);
  p->beat_ms = steady_ms();
  p->requests.fetch_add(1, std::memory_order_relaxed);
}

int run_in_process(const Args& args, const std::map<std::uint64_t, std::string>& known) {
  Progress* progress = shared_progress();
  const std::int64_t start = steady_ms();
  const std::int64_t deadline =
      args.seconds > 0 ? start + static_cast<std::int64_t>(args.seconds * 1000) : 0;
  std::uint64_t next_seed = args.seed;
  const std::uint64_t last_seed = args.sequences ? args.seed + args.sequences : UINT64_MAX;
  std::vector<Found> found;
  std::vector<std::string> signatures;
  std::map<std::string, int> repeats;
  int noise = 0;
  std::int64_t last_report = start;
  while (next_seed < last_seed && (!deadline || steady_ms() < deadline)) {
    const std::uint64_t from = next_seed;
    auto f = supervise(progress, args.hang_ms, [&] {
      auto target = make_in_process_target();
      Runner runner(*target, args.run);
      runner.on_request = beat;
      runner.on_request_arg = progress;
      for (std::uint64_t seed = from; seed < last_seed; ++seed) {
        if (deadline && steady_ms() >= deadline) return;
        progress->seed = seed;
        if (known.count(seed)) continue;
        const auto steps = generate(seed, args.length);
        runner.begin(seed);
        for (std::size_t i = 0; i < steps.size(); ++i) {
          progress->step = static_cast<int>(i);
          if (auto failure = runner.step(steps[i])) {
            record_failure(progress, *failure);
            return;
          }
        }
        progress->step = static_cast<int>(steps.size());
        if (args.run.final_settle) {
          if (auto failure = runner.settle()) {
            record_failure(progress, *failure);
            return;
          }
        }
        progress->steps.fetch_add(steps.size(), std::memory_order_relaxed);
        progress->sequences.fetch_add(1, std::memory_order_relaxed);
        if (rss_mib() > args.max_rss_mib) {
          record_failure(progress,
                         {"memory", static_cast<int>(steps.size()),
                          "resident set above " + std::to_string(args.max_rss_mib) + " MiB"});
          return;
        }
        if (steady_ms() - last_report > 30000) {
          last_report = steady_ms();
          const double secs = static_cast<double>(last_report - start) / 1000.0;
          std::printf("... %" PRIu64 " sequences, %.0f sequences/s\n", progress->sequences.load(),
                      static_cast<double>(progress->sequences.load()) / secs);
          std::fflush(stdout);
        }
      }
      progress->seed = last_seed;
    });
    if (!f) break;  // the child finished its range or its time
    const std::uint64_t seed = progress->seed;
    const auto steps = generate(seed, args.length);
    // One report per kind of failure at one kind of step; repeats are only counted.
    const std::string signature = f->kind + " at " +
                                  (f->step >= 0 && static_cast<std::size_t>(f->step) < steps.size()
                                       ? std::string(op_name(steps[f->step].op))
                                       : std::string("settle"));
    if (repeats[signature] == 0) {
      Found fd = report(args, seed, steps, *f);
      if (fd.reproducible) {
        ++repeats[signature];
        found.push_back(std::move(fd));
        signatures.push_back(signature);
      } else {
        ++noise;
      }
    } else {
      ++repeats[signature];
    }
    if (static_cast<int>(found.size()) >= args.max_failures) break;
    next_seed = seed + 1;
  }
  const double secs = static_cast<double>(steady_ms() - start) / 1000.0;
  std::printf("sequence fuzz (in process): %" PRIu64 " sequences, %" PRIu64 " steps, %" PRIu64
              " requests in %.1f s: %.0f sequences/s, %.0f requests/s; %zu distinct failure(s); %d"
              " one-off slow request(s) ignored\n",
              progress->sequences.load(), progress->steps.load(), progress->requests.load(), secs,
              static_cast<double>(progress->sequences.load()) / secs,
              static_cast<double>(progress->requests.load()) / secs, found.size(), noise);
  for (std::size_t i = 0; i < found.size(); ++i) {
    const auto& fd = found[i];
    std::printf("  seed %" PRIu64 ": %s (%d sequence(s); %zu steps after shrinking): %s\n", fd.seed,
                signatures[i].c_str(), repeats[signatures[i]], fd.shrunk.size(),
                fd.failure.detail.substr(0, 200).c_str());
  }
  return found.empty() ? 0 : 1;
}

int run_http(const Args& args, const std::map<std::uint64_t, std::string>& known) {
  const std::int64_t start = steady_ms();
  const std::int64_t deadline =
      args.seconds > 0 ? start + static_cast<std::int64_t>(args.seconds * 1000) : 0;
  const std::uint64_t last_seed = args.sequences ? args.seed + args.sequences : UINT64_MAX;
  auto server =
      std::make_unique<ServerProcess>(args.server, std::vector<std::string>{"--clock", "frozen"});
  auto target = make_http_target(server->endpoint(), args.hang_ms);
  std::uint64_t sequences = 0, steps_run = 0, requests = 0;
  std::vector<Found> found;
  std::map<std::string, int> repeats;
  for (std::uint64_t seed = args.seed; seed < last_seed; ++seed) {
    if (deadline && steady_ms() >= deadline) break;
    if (known.count(seed)) continue;
    const auto steps = generate(seed, args.length);
    Runner runner(*target, args.run);
    auto f = runner.run(steps, seed);
    requests += runner.requests();
    if (!f && !server->alive()) f = Failure{"answered", -1, "the server is gone"};
    if (!f) {
      ++sequences;
      steps_run += steps.size();
      continue;
    }
    bool died = !server->alive();
    if (died) {
      f->kind = "crash";
      f->detail += " (the server died: " + server->stderr_tail() + ")";
    } else if (f->kind == "answered") {  // alive but not answering: spinning
      f->kind = "hang";
      f->detail += " (the server is alive but does not answer)";
      server->kill9();
      died = true;
    }
    const std::string signature = f->kind + " at " +
                                  (f->step >= 0 && static_cast<std::size_t>(f->step) < steps.size()
                                       ? std::string(op_name(steps[f->step].op))
                                       : std::string("settle"));
    if (repeats[signature]++ > 0) {
      std::printf("seed %" PRIu64 ": %s again\n", seed, signature.c_str());
      server = std::make_unique<ServerProcess>(args.server,
                                               std::vector<std::string>{"--clock", "frozen"});
      target = make_http_target(server->endpoint(), args.hang_ms);
      continue;
    }
    Oracle over_http = nullptr;
    if (args.shrink_http) {
      // Each candidate runs over HTTP; a server that died or hangs is replaced by a fresh one.
      over_http = [&](const std::vector<Step>& c) -> std::optional<Failure> {
        if (!server->alive() || died) {
          server = std::make_unique<ServerProcess>(args.server,
                                                   std::vector<std::string>{"--clock", "frozen"});
          target = make_http_target(server->endpoint(), args.hang_ms);
        }
        Runner r(*target, args.run);
        auto g = r.run(c, seed);
        died = g.has_value() && g->kind == "answered";
        if (died) {
          g->kind = server->alive() ? "hang" : "crash";
          server->kill9();
        }
        return g;
      };
    }
    Found fd = report(args, seed, steps, *f, over_http);
    if (!fd.reproducible && !died) continue;
    found.push_back(std::move(fd));
    // Confirm the shrunk sequence over HTTP against a fresh server.
    server =
        std::make_unique<ServerProcess>(args.server, std::vector<std::string>{"--clock", "frozen"});
    target = make_http_target(server->endpoint(), args.hang_ms);
    Runner confirm(*target, args.run);
    const auto g = confirm.run(found.back().shrunk, seed);
    std::printf(
        "over HTTP the shrunk sequence %s%s\n", g ? "fails too: " : "passes",
        g ? (g->kind + " at step " + std::to_string(g->step) + ": " + g->detail.substr(0, 300))
                .c_str()
          : "");
    if (!server->alive()) {
      std::printf("(the server died)\n");
      server = std::make_unique<ServerProcess>(args.server,
                                               std::vector<std::string>{"--clock", "frozen"});
      target = make_http_target(server->endpoint(), args.hang_ms);
    }
    if (static_cast<int>(found.size()) >= args.max_failures) break;
  }
  const double secs = static_cast<double>(steady_ms() - start) / 1000.0;
  std::printf("sequence fuzz (HTTP): %" PRIu64 " sequences, %" PRIu64 " steps, %" PRIu64
              " requests in %.1f s: %.1f sequences/s; server RSS %.1f MiB; %zu failure(s)\n",
              sequences, steps_run, requests, secs, static_cast<double>(sequences) / secs,
              rss_mib(server->pid()), found.size());
  if (rss_mib(server->pid()) > args.max_rss_mib) {
    std::printf("FAILURE: the server's resident set is above %.0f MiB\n", args.max_rss_mib);
    return 1;
  }
  return found.empty() ? 0 : 1;
}

int run_replay(const Args& args) {
  std::ifstream in(args.replay);
  if (!in) usage(("cannot read " + args.replay).c_str());
  std::stringstream ss;
  ss << in.rdbuf();
  const auto steps = parse_steps(ss.str());
  if (!steps) usage("the replay file has a malformed line");
  RunOptions options = args.run;
  options.verbose = true;
  if (args.driver == "http") {
    ServerProcess server(args.server, {"--clock", "frozen"});
    auto target = make_http_target(server.endpoint(), args.hang_ms);
    Runner runner(*target, options);
    const auto f = runner.run(*steps, args.seed);
    std::printf("%s\n",
                f ? (f->kind + " at step " + std::to_string(f->step) + ": " + f->detail).c_str()
                  : "passed");
    return f ? 1 : 0;
  }
  const auto f = run_isolated(*steps, args.seed, options, args.hang_ms);
  std::printf(
      "%s\n",
      f ? (f->kind + " at step " + std::to_string(f->step) + ": " + f->detail).c_str() : "passed");
  return f ? 1 : 0;
}

}  // namespace
}  // namespace cloudlife::sequence

int main(int argc, char** argv) {
  using namespace cloudlife::sequence;
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  const Args args = parse(argc, argv);
  if (!args.replay.empty()) return run_replay(args);
  const auto known = load_known_defects(args.known_defects);
  if (!known.empty()) {
    std::printf("KNOWN DEFECTS (these seeds are skipped; each is reported separately):\n");
    for (const auto& [seed, why] : known) std::printf("  seed %" PRIu64 ":%s\n", seed, why.c_str());
  }
  if (args.crash) {
    CrashOptions c;
    c.server = args.server;
    c.seed = args.seed;
    c.sequences = args.sequences ? args.sequences : 10;
    c.seconds = args.seconds;
    c.length = args.length;
    c.verbose = args.verbose;
    c.shrink = args.shrink;
    return run_crash_safety(c, known);
  }
  return args.driver == "http" ? run_http(args, known) : run_in_process(args, known);
}
