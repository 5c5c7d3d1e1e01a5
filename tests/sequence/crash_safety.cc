#include "crash_safety.h"

#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "generator.h"
#include "isolation.h"
#include "runner.h"
#include "shrink.h"
#include "target.h"

namespace cloudlife::sequence {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct TempDir {
  fs::path path;
  TempDir() {
    char tmpl[] = "/tmp/cloudlife-seq-state-XXXXXX";
    if (!mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// Snapshots at random moments (issue 14): per sequence, never, after every mutation, or each time
// the journal passes a few hundred or thousand bytes.
std::size_t snapshot_every_for(std::uint64_t seed) {
  static constexpr std::size_t kChoices[] = {0, 1, 700, 5000};
  return kChoices[seed % 4];
}

// Copies a running server's state directory. Between requests only its snapshot writer changes
// it: a temporary file renamed into a snapshot, and files two generations old deleted. A file that
// vanishes between the listing and its copy is skipped; the copy then restores from the snapshot
// before, as a restart after a kill mid-write does.
void copy_live_state_dir(const fs::path& from, const fs::path& to) {
  for (const auto& entry : fs::directory_iterator(from)) {
    std::error_code ec;
    fs::copy_file(entry.path(), to / entry.path().filename(), fs::copy_options::overwrite_existing,
                  ec);
    if (ec && fs::exists(entry.path())) throw fs::filesystem_error("copy", entry.path(), ec);
  }
}

std::vector<std::string> server_args(const fs::path& dir, std::size_t snapshot_every) {
  return {"--clock",    "frozen",           "--state-dir",
          dir.string(), "--snapshot-every", std::to_string(snapshot_every)};
}

// A read (DescribeSubnets, DescribeAutoScalingGroups) creates its account/region partition with
// nothing in it, and reads are not journaled: an empty partition is not state, so it is left out.
json without_empty_partitions(json state) {
  if (state.contains("ec2")) {
    json kept = json::array();
    for (auto& p : state["ec2"]["partitions"]) {
      if (!p["instances"].empty() || !p["volumes"].empty() || !p["launch_templates"].empty()) {
        kept.push_back(std::move(p));
      }
    }
    state["ec2"]["partitions"] = std::move(kept);
  }
  if (state.contains("autoscaling") && state["autoscaling"].is_object()) {
    json kept = json::object();
    for (auto& [key, p] : state["autoscaling"].items()) {
      if (p != json{{"activities", 0}}) kept[key] = p;
    }
    state["autoscaling"] = std::move(kept);
  }
  return state;
}

// The state dump and the clock, or null when the server did not answer.
json snapshot(Target& t) {
  const Reply s = t.send({Request::Kind::kControl, "GET", "/_cloudlife/state", "", ""});
  const Reply c = t.send({Request::Kind::kControl, "GET", "/_cloudlife/clock", "", ""});
  if (!s.answered || !c.answered || s.status != 200 || c.status != 200) return nullptr;
  return json{{"state", without_empty_partitions(json::parse(s.body))},
              {"clock", json::parse(c.body)}};
}

// The first place where two JSON values differ, as a path.
std::string first_difference(const json& a, const json& b, const std::string& path = "") {
  if (a.type() != b.type())
    return path + ": " + a.dump().substr(0, 200) + " vs " + b.dump().substr(0, 200);
  if (a.is_object()) {
    for (auto it = a.begin(); it != a.end(); ++it) {
      if (!b.contains(it.key())) return path + "/" + it.key() + ": only before the crash";
      if (it.value() != b[it.key()])
        return first_difference(it.value(), b[it.key()], path + "/" + it.key());
    }
    for (auto it = b.begin(); it != b.end(); ++it) {
      if (!a.contains(it.key())) return path + "/" + it.key() + ": only after the restart";
    }
  } else if (a.is_array()) {
    if (a.size() != b.size()) {
      return path + ": " + std::to_string(a.size()) + " items vs " + std::to_string(b.size());
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (a[i] != b[i]) return first_difference(a[i], b[i], path + "/" + std::to_string(i));
    }
  }
  return path + ": " + a.dump().substr(0, 200) + " vs " + b.dump().substr(0, 200);
}

// The state with every resource ID replaced by its prefix ("subnet-*") and every list sorted: what
// is left when only the IDs differ. Used to recognise known defect K1 (an ID shift after restart).
json without_ids(const json& v) {
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    const auto dash = s.find('-');
    if (dash != std::string::npos && dash <= 6 && s.size() > dash + 10 &&
        s.find_first_not_of("0123456789abcdef", dash + 1) == std::string::npos) {
      return s.substr(0, dash) + "-*";
    }
    return v;
  }
  if (v.is_object()) {
    json out = json::object();
    for (auto it = v.begin(); it != v.end(); ++it) out[it.key()] = without_ids(it.value());
    return out;
  }
  if (v.is_array()) {
    std::vector<std::string> items;
    for (const auto& e : v) items.push_back(without_ids(e).dump());
    std::sort(items.begin(), items.end());
    json out = json::array();
    for (const auto& e : items) out.push_back(json::parse(e));
    return out;
  }
  return v;
}

struct Outcome {
  bool ok = true;
  std::string detail;
  bool id_shift_only = false;  // the states differ only in resource IDs (known defect K1)
};

// A failed comparison, marked when nothing but the IDs differ.
Outcome differs(const std::string& what, const json& expected, const json& actual) {
  Outcome o{false, what + first_difference(expected, actual)};
  o.id_shift_only = without_ids(expected) == without_ids(actual);
  if (o.id_shift_only) o.detail += " [only resource IDs differ]";
  return o;
}

struct KillPoint {
  std::size_t at = 0;
  bool in_flight = false;
  int delay_us = 0;
};

KillPoint kill_point(std::uint64_t seed, const std::vector<Step>& steps) {
  SplitMix64 rng(seed ^ 0x5eedc0ffeeULL);
  KillPoint k;
  k.at = rng.below(static_cast<std::uint32_t>(steps.size()));
  k.in_flight = rng.below(2) == 1 && steps[k.at].op != Op::kSettle;
  k.delay_us = static_cast<int>(rng.below(3000));
  return k;
}

Outcome one_sequence(const CrashOptions& o, std::uint64_t seed, const std::vector<Step>& steps,
                     const KillPoint& k) {
  const std::size_t kill_at = k.at;
  const bool in_flight = k.in_flight;
  const int delay_us = k.delay_us;

  const std::size_t every = snapshot_every_for(seed);
  TempDir dir_a;
  auto a = std::make_unique<ServerProcess>(o.server, server_args(dir_a.path, every));
  auto target_a = make_http_target(a->endpoint(), 10000);
  RunOptions run;
  run.check_state = false;
  run.final_settle = false;
  run.slow_ms = 1e9;  // timing is not what this test is about
  Runner runner(*target_a, run);
  runner.begin(seed);
  for (std::size_t i = 0; i < kill_at; ++i) {
    if (auto f = runner.step(steps[i])) {
      return {false,
              "before the kill, step " + std::to_string(i) + ": " + f->kind + ": " + f->detail};
    }
  }
  const json before = snapshot(*target_a);
  if (before.is_null()) return {false, "no state before the kill"};
  const std::string where =
      "kill at step " + std::to_string(kill_at) + " (" +
      (kill_at < steps.size() ? std::string(op_name(steps[kill_at].op)) : "end") + ", " +
      (in_flight ? "in flight after " + std::to_string(delay_us) + " us" : "between requests") +
      ")";
  if (!in_flight) {
    a->kill9();
    a = std::make_unique<ServerProcess>(o.server, server_args(dir_a.path, every));
    auto t = make_http_target(a->endpoint(), 10000);
    const json after = snapshot(*t);
    if (after != before) return differs(where + ": the restarted state differs: ", before, after);
    return {true, where};
  }
  TempDir dir_b;
  copy_live_state_dir(dir_a.path, dir_b.path);
  const Request request = runner.prepare(steps[kill_at]);
  Reply in_flight_reply;
  std::thread sender([&] {
    auto t = make_http_target(a->endpoint(), 10000);
    in_flight_reply = t->send(request);
  });
  std::this_thread::sleep_for(std::chrono::microseconds(delay_us));
  a->kill9();
  sender.join();
  const bool acknowledged = in_flight_reply.answered;

  a = std::make_unique<ServerProcess>(o.server, server_args(dir_a.path, every));
  auto t_a = make_http_target(a->endpoint(), 10000);
  const json after = snapshot(*t_a);
  ServerProcess b(o.server, server_args(dir_b.path, every));
  auto t_b = make_http_target(b.endpoint(), 10000);
  const json b_before = snapshot(*t_b);
  if (b_before != before) {
    return differs(where + ": a copy of the state directory restores a different state: ", before,
                   b_before);
  }
  const Reply b_reply = t_b->send(request);
  const json b_after = snapshot(*t_b);
  if (acknowledged && in_flight_reply.status != b_reply.status) {
    return {false, where + ": the same request answered " + std::to_string(in_flight_reply.status) +
                       " before the kill and " + std::to_string(b_reply.status) + " on the copy"};
  }
  if (after == b_after) return {true, where + (acknowledged ? " (acknowledged, kept)" : " (kept)")};
  if (after == before && !(acknowledged && b_after != before)) {
    return {true, where + " (not acknowledged, lost)"};
  }
  if (after == before) {
    return {false, where + ": the request was acknowledged (" +
                       std::to_string(in_flight_reply.status) +
                       ") but the restarted server lost it: " + first_difference(b_after, after)};
  }
  return {false,
          where + ": the restarted state is neither the state before the request nor after it: " +
              first_difference(b_after, after)};
}

}  // namespace

int run_crash_safety(const CrashOptions& o, const std::map<std::uint64_t, std::string>& known) {
  const std::int64_t start = steady_ms();
  const std::int64_t deadline =
      o.seconds > 0 ? start + static_cast<std::int64_t>(o.seconds * 1000) : 0;
  int failures = 0, known_hits = 0;
  std::uint64_t done = 0;
  // Known defect K1 is listed in the known-defects file under the pseudo-seed 0.
  const bool known_id_shift = known.count(0) > 0;
  for (std::uint64_t seed = o.seed; seed < o.seed + o.sequences; ++seed) {
    if (deadline && steady_ms() >= deadline) break;
    if (seed != 0 && known.count(seed)) continue;
    const auto steps = generate(seed, o.length);
    const KillPoint k = kill_point(seed, steps);
    auto attempt = [&](const std::vector<Step>& st, const KillPoint& kp) {
      try {
        return one_sequence(o, seed, st, kp);
      } catch (const std::exception& e) {
        return Outcome{false, std::string("error: ") + e.what()};
      }
    };
    Outcome r = attempt(steps, k);
    if (!r.ok && o.shrink) {
      // Shrink what runs before a kill between requests (deterministic, unlike a kill in flight).
      const std::vector<Step> prefix(steps.begin(), steps.begin() + static_cast<long>(k.at));
      auto between_fails = [&](const std::vector<Step>& c) {
        const Outcome out = attempt(c, KillPoint{c.size(), false, 0});
        return !out.ok && out.detail.find("state differs") != std::string::npos;
      };
      if (between_fails(prefix)) {
        const auto shrunk = shrink(prefix, between_fails, 400);
        const Outcome again = attempt(shrunk, KillPoint{shrunk.size(), false, 0});
        std::printf("seed %" PRIu64 ": shrunk to %zu steps, then kill -9 between requests: %s\n",
                    seed, shrunk.size(), again.detail.c_str());
        for (const auto& st : shrunk) std::printf("  %s\n", to_text(st).c_str());
      }
    }
    ++done;
    if (!r.ok && r.id_shift_only && known_id_shift) {
      ++known_hits;
      std::printf("seed %" PRIu64 ": KNOWN DEFECT K1 (IDs change across a restart): %s\n", seed,
                  r.detail.c_str());
      continue;
    }
    if (o.verbose || !r.ok)
      std::printf("seed %" PRIu64 ": %s%s\n", seed, r.ok ? "ok: " : "FAILURE: ", r.detail.c_str());
    if (!r.ok) {
      ++failures;
      const std::string file = "sequence-crash-" + std::to_string(seed) + ".txt";
      std::ofstream out(file);
      out << "# crash safety, seed " << seed << ": " << r.detail << "\n";
      for (const auto& s : steps) out << to_text(s) << "\n";
      std::printf("the sequence (seed %" PRIu64 ") is in %s\n", seed, file.c_str());
    }
  }
  const double secs = static_cast<double>(steady_ms() - start) / 1000.0;
  std::printf("crash safety: %" PRIu64
              " sequences killed at a random point in %.1f s; %d failure(s); %d"
              " sequence(s) hit known defect K1 (IDs change across a restart; nothing lost or "
              "half-applied)\n",
              done, secs, failures, known_hits);
  return failures ? 1 : 0;
}

}  // namespace cloudlife::sequence
