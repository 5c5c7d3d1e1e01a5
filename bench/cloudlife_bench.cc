// cloudlife_bench: an end-to-end load generator for the cloudlife server.
//
// It fork/execs the real server binary (--port 0 --clock frozen), drives it over loopback with
// cpp-httplib clients speaking the EC2 Query protocol, Auto Scaling awsQuery and ECS pop-core GET
// requests, and prints a compact table followed by one machine-readable line `BENCH_JSON {...}`.
// Three servers are used in turn: EC2 up to 10k instances; Auto Scaling + ECS; EC2 at 100k. Every
// phase is bounded by a request count and a wall-clock budget, and the server is always stopped by
// PID (SIGTERM, then SIGKILL).
//
//   cloudlife_bench --server ./build/cloudlife [--quick] [--duration S] [--server-arg ARG]...
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <latch>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

constexpr const char* kImageId = "ami-0c02fb55956c7d316";  // Amazon Linux 2023, x86_64
constexpr const char* kEc2Prefix = "Version=2016-11-15&Action=";
constexpr const char* kFormType = "application/x-www-form-urlencoded";

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

double us_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
}

// ---------------------------------------------------------------------------------------------
// Options

struct Options {
  std::string server;
  std::vector<std::string> server_args;
  bool quick = false;
  double duration_s = 3.0;  // per concurrency level
  int starts = 10;
  int run_count = 1000;     // RunInstances measured sequentially; also the "1k" population
  int large_count = 10000;  // population for the second RSS point
  int describe_all_iters = 100;
  int describe_id_count = 5000;
  std::vector<int> thread_levels{1, 2, 8};
  int fill_batch = 100;  // instances per RunInstances call when growing to large_count
  // Wall-clock caps: a phase stops at its request count or its budget, whichever comes first.
  double run_budget_s = 60.0;
  double describe_budget_s = 15.0;
  double fill_budget_s = 120.0;
  // Third server: the 100k population (RunInstances MaxCount=huge_batch), DescribeInstances of
  // everything at that size, the same walked with MaxResults pages, and by ID.
  int huge_count = 100000;
  int huge_batch = 1000;
  int huge_describe_iters = 3;
  int huge_by_id_count = 1000;
  double huge_fill_budget_s = 180.0;
  double huge_describe_budget_s = 90.0;
  // Second server: an Auto Scaling group converging to asg_size, then ECS DescribeInstances.
  int asg_size = 1000;
  int asg_describe_iters = 20;
  int asg_max_requests = 200;  // create + describes + clock advances before giving up
  double asg_budget_s = 60.0;
  int ecs_count = 1000;  // RunInstances Amount=100 calls
  int ecs_walks = 10;    // full PageSize=100 walks
  int ecs_page_iters = 500;
  double ecs_budget_s = 20.0;
  // Fourth server: ECS at ecs_huge_count instances, single pages of 100 at random.
  int ecs_huge_count = 100000;
  int ecs_huge_page_iters = 200;
  double ecs_huge_budget_s = 120.0;
  // wrk (Debian's HTTP load generator) for the concurrent figures, when it is installed: the
  // in-process clients share the 2 cores with the server and become the limit.
  std::vector<int> wrk_connections{1, 8};
};

[[noreturn]] void usage(int code) {
  std::fprintf(code == 0 ? stdout : stderr,
               "usage: cloudlife_bench --server PATH [--quick] [--duration SECONDS]\n"
               "                       [--threads 1,2,8] [--server-arg ARG]...\n"
               "  --server PATH      the cloudlife binary (default ./build/cloudlife)\n"
               "  --quick            small counts for a smoke run (<10 s)\n"
               "  --duration S       seconds per concurrency level (default 3, quick 0.4)\n"
               "  --threads LIST     client thread counts for the concurrency phase\n"
               "  --server-arg ARG   extra argument for the server (repeatable)\n");
  std::exit(code);
}

Options parse_options(int argc, char** argv) {
  Options o;
  o.server = "./build/cloudlife";
  std::optional<double> duration;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(2);
      return argv[++i];
    };
    if (a == "--server") {
      o.server = value();
    } else if (a == "--quick") {
      o.quick = true;
    } else if (a == "--duration") {
      duration = std::atof(value().c_str());
    } else if (a == "--server-arg") {
      o.server_args.push_back(value());
    } else if (a == "--threads") {
      o.thread_levels.clear();
      std::stringstream ss(value());
      for (std::string item; std::getline(ss, item, ',');) {
        const int n = std::atoi(item.c_str());
        if (n > 0) o.thread_levels.push_back(n);
      }
      if (o.thread_levels.empty()) usage(2);
    } else if (a == "-h" || a == "--help") {
      usage(0);
    } else {
      std::fprintf(stderr, "cloudlife_bench: unknown argument %s\n", a.c_str());
      usage(2);
    }
  }
  if (o.quick) {
    o.starts = 3;
    o.run_count = 200;
    o.large_count = 1000;
    o.describe_all_iters = 20;
    o.describe_id_count = 500;
    o.duration_s = 0.4;
    o.run_budget_s = 1.5;
    o.describe_budget_s = 0.75;
    o.fill_budget_s = 2.0;
    o.huge_count = 5000;
    o.huge_describe_iters = 3;
    o.huge_by_id_count = 200;
    o.huge_fill_budget_s = 3.0;
    o.huge_describe_budget_s = 3.0;
    o.asg_size = 100;
    o.asg_describe_iters = 5;
    o.asg_budget_s = 3.0;
    o.ecs_count = 300;
    o.ecs_walks = 3;
    o.ecs_page_iters = 50;
    o.ecs_budget_s = 2.0;
    o.ecs_huge_count = 3000;
    o.ecs_huge_page_iters = 50;
    o.ecs_huge_budget_s = 3.0;
  }
  if (duration && *duration > 0) o.duration_s = *duration;
  return o;
}

// ---------------------------------------------------------------------------------------------
// The server process

struct ServerProcess {
  pid_t pid = -1;
  int stdout_fd = -1;
  std::string host;
  int port = 0;
};

// Reads the first stdout line of the child ("cloudlife listening on http://HOST:PORT").
std::optional<std::string> read_first_line(int fd, int timeout_ms) {
  std::string line;
  const auto t0 = Clock::now();
  while (true) {
    const int left = timeout_ms - static_cast<int>(ms_since(t0));
    if (left <= 0) return std::nullopt;
    pollfd pfd{fd, POLLIN, 0};
    const int r = poll(&pfd, 1, left);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return std::nullopt;
    char c;
    const ssize_t n = read(fd, &c, 1);
    if (n <= 0) return std::nullopt;
    if (c == '\n') return line;
    line.push_back(c);
  }
}

// Stops the child: SIGTERM, up to 5 s of grace, then SIGKILL. Returns the time it took to exit
// and whether SIGKILL was needed.
std::pair<double, bool> stop_server(ServerProcess& s) {
  if (s.pid <= 0) return {0.0, false};
  const auto t0 = Clock::now();
  kill(s.pid, SIGTERM);
  bool killed = false;
  int status = 0;
  while (true) {
    const pid_t r = waitpid(s.pid, &status, WNOHANG);
    if (r == s.pid || (r < 0 && errno != EINTR)) break;
    if (ms_since(t0) > 5000.0 && !killed) {
      kill(s.pid, SIGKILL);
      killed = true;
      waitpid(s.pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  const double ms = ms_since(t0);
  if (s.stdout_fd >= 0) close(s.stdout_fd);
  s.stdout_fd = -1;
  s.pid = -1;
  return {ms, killed};
}

// fork/exec the server, parse its port from stdout and wait for GET /_cloudlife/health == 200.
// On success returns the start-up time in ms (fork to first health answer).
double start_server(const Options& o, ServerProcess& s) {
  std::vector<std::string> args{o.server, "--port", "0", "--clock", "frozen"};
  args.insert(args.end(), o.server_args.begin(), o.server_args.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
  const auto t0 = Clock::now();
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    // Child: stdout -> pipe; stderr (the per-request access log) -> /dev/null so that it can
    // never block the server.
    // If the bench dies (ctest timeout, ^C), the server dies with it.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    dup2(fds[1], STDOUT_FILENO);
    const int devnull = open("/dev/null", O_WRONLY);
    if (devnull >= 0) dup2(devnull, STDERR_FILENO);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(fds[1]);
  s.pid = pid;
  s.stdout_fd = fds[0];

  const auto line = read_first_line(s.stdout_fd, 10000);
  const std::string marker = "http://";
  const std::size_t at = line ? line->find(marker) : std::string::npos;
  const std::size_t colon = line ? line->rfind(':') : std::string::npos;
  if (at == std::string::npos || colon == std::string::npos || colon < at + marker.size()) {
    stop_server(s);
    throw std::runtime_error("server did not announce its address (is --server right?)");
  }
  s.host = line->substr(at + marker.size(), colon - at - marker.size());
  s.port = std::atoi(line->c_str() + colon + 1);

  while (true) {
    httplib::Client cli(s.host, s.port);
    cli.set_connection_timeout(1, 0);
    cli.set_read_timeout(5, 0);
    auto res = cli.Get("/_cloudlife/health");
    if (res && res->status == 200) break;
    if (ms_since(t0) > 10000.0) {
      stop_server(s);
      throw std::runtime_error("server did not answer /_cloudlife/health within 10 s");
    }
    std::this_thread::sleep_for(std::chrono::microseconds(500));
  }
  return ms_since(t0);
}

// A "VmXXX:" field of /proc/<pid>/status, in MiB.
double proc_status_mib(pid_t pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(field, 0) == 0) return std::atof(line.c_str() + field.size()) / 1024.0;  // kB
  }
  return -1.0;
}

double rss_mib(pid_t pid) {
  return proc_status_mib(pid, "VmRSS:");
}

// Peak RSS since the process started.
double peak_rss_mib(pid_t pid) {
  return proc_status_mib(pid, "VmHWM:");
}

// utime + stime of the process, in ms.
double cpu_ms(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::size_t close_paren = all.rfind(')');
  if (close_paren == std::string::npos) return -1.0;
  std::istringstream fields(all.substr(close_paren + 2));
  std::string f;
  double ticks = 0;
  for (int i = 3; i <= 15 && fields >> f; ++i) {
    if (i == 14 || i == 15) ticks += std::atof(f.c_str());
  }
  return ticks * 1000.0 / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// ---------------------------------------------------------------------------------------------
// Statistics

struct Stats {
  std::size_t n = 0;
  double p50 = 0, p90 = 0, p99 = 0, max = 0, mean = 0;
};

double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0.0;
  auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
  if (rank == 0) rank = 1;
  return sorted[std::min(rank, sorted.size()) - 1];
}

Stats summarize(std::vector<double> v) {
  Stats s;
  s.n = v.size();
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  s.p50 = percentile(v, 50);
  s.p90 = percentile(v, 90);
  s.p99 = percentile(v, 99);
  s.max = v.back();
  double sum = 0;
  for (double x : v) sum += x;
  s.mean = sum / static_cast<double>(v.size());
  return s;
}

double round2(double x) {
  return std::round(x * 100.0) / 100.0;
}

json stats_json(const Stats& s) {
  return {{"n", s.n},
          {"p50_us", round2(s.p50)},
          {"p90_us", round2(s.p90)},
          {"p99_us", round2(s.p99)},
          {"max_us", round2(s.max)},
          {"mean_us", round2(s.mean)}};
}

// ---------------------------------------------------------------------------------------------
// The client

std::unique_ptr<httplib::Client> make_client(const ServerProcess& s) {
  auto cli = std::make_unique<httplib::Client>(s.host, s.port);
  cli->set_keep_alive(true);
  cli->set_tcp_nodelay(true);
  cli->set_connection_timeout(5, 0);
  cli->set_read_timeout(30, 0);
  cli->set_write_timeout(30, 0);
  return cli;
}

struct Reply {
  bool ok = false;
  int status = 0;
  std::string body;
};

Reply post_ec2(httplib::Client& cli, const std::string& form) {
  Reply r;
  auto res = cli.Post("/", form, kFormType);
  if (!res) return r;
  r.status = res->status;
  r.ok = res->status == 200;
  r.body = std::move(res->body);
  return r;
}

std::string run_instances_body(int count) {
  const std::string n = std::to_string(count);
  return std::string(kEc2Prefix) + "RunInstances&ImageId=" + kImageId +
         "&InstanceType=t3.micro&MinCount=" + n + "&MaxCount=" + n;
}

// A default subnet (/20) holds about 4,000 instances, as in EC2: a large population gets VPCs of
// its own, each with one /16 subnet (65,531 addresses), filled up to kInstancesPerBigSubnet.
constexpr int kInstancesPerBigSubnet = 60000;

std::string describe_all_body() {
  return std::string(kEc2Prefix) + "DescribeInstances";
}

std::string describe_id_body(const std::string& id) {
  return std::string(kEc2Prefix) + "DescribeInstances&InstanceId.1=" + id;
}

std::string url_encode(const std::string& v) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : v) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

std::size_t count_of(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t a = haystack.find(needle); a != std::string::npos;
       a = haystack.find(needle, a + needle.size())) {
    ++n;
  }
  return n;
}

// The text of the first <tag>…</tag> of an XML body, or "" when absent or empty.
std::string xml_text(const std::string& xml, const std::string& tag) {
  const std::string open = "<" + tag + ">";
  const std::size_t a = xml.find(open);
  if (a == std::string::npos) return "";
  const std::size_t b = xml.find('<', a + open.size());
  if (b == std::string::npos) return "";
  return xml.substr(a + open.size(), b - a - open.size());
}

Reply get_path(httplib::Client& cli, const std::string& path) {
  Reply r;
  auto res = cli.Get(path);
  if (!res) return r;
  r.status = res->status;
  r.ok = res->status == 200;
  r.body = std::move(res->body);
  return r;
}

// Auto Scaling (awsQuery, Version=2011-01-01) form bodies.
std::string asg_form(const std::string& action) {
  return "Action=" + action + "&Version=2011-01-01";
}

// ECS in the pop-core GET style: every parameter in the query, no signature (--auth off).
std::string ecs_path(const std::string& action) {
  return "/?Action=" + action + "&Version=2014-05-26&RegionId=cn-hangzhou&Format=JSON";
}

// Appends every <instanceId> of a RunInstances response; returns how many were found.
int collect_instance_ids(const std::string& xml, std::vector<std::string>& ids) {
  const std::string open = "<instanceId>";
  int found = 0;
  for (std::size_t a = xml.find(open); a != std::string::npos; a = xml.find(open, a)) {
    a += open.size();
    const std::size_t b = xml.find('<', a);
    if (b == std::string::npos) break;
    ids.push_back(xml.substr(a, b - a));
    ++found;
  }
  return found;
}

std::string snippet(const std::string& body) {
  std::string s = body.substr(0, 300);
  std::replace(s.begin(), s.end(), '\n', ' ');
  return s;
}

struct RunResult {
  int done = 0;  // instances
  int calls = 0;
  int errors = 0;
  double total_ms = 0;
  std::vector<double> lat_us;
};

// Sequential RunInstances calls (`per_call` instances each) over one keep-alive connection until
// `instances` more instances exist or the budget is spent.
// `subnets` (optional): launch the first kInstancesPerBigSubnet into the first, and so on.
RunResult run_instances(httplib::Client& cli, int instances, int per_call, double budget_s,
                        std::vector<std::string>& ids,
                        const std::vector<std::string>& subnets = {}) {
  RunResult r;
  const auto t0 = Clock::now();
  while (r.done < instances) {
    if (r.done > 0 && ms_since(t0) > budget_s * 1000.0) break;
    const int n = std::min(per_call, instances - r.done);
    std::string body = run_instances_body(n);
    if (!subnets.empty()) {
      const std::size_t at = static_cast<std::size_t>(r.done / kInstancesPerBigSubnet);
      body += "&SubnetId=" + subnets[std::min(at, subnets.size() - 1)];
    }
    const auto t = Clock::now();
    Reply rep = post_ec2(cli, body);
    r.lat_us.push_back(us_since(t));
    const int got = rep.ok ? collect_instance_ids(rep.body, ids) : 0;
    if (got == 0) {
      if (++r.errors == 1) {
        std::fprintf(stderr, "RunInstances failed (HTTP %d): %s\n", rep.status,
                     snippet(rep.body).c_str());
      }
      if (r.errors >= 10) break;
      continue;
    }
    r.done += got;
    ++r.calls;
  }
  r.total_ms = ms_since(t0);
  return r;
}

struct LoopResult {
  int done = 0;
  int errors = 0;
  double total_ms = 0;
  std::size_t bytes = 0;
  std::vector<double> lat_us;
};

template <typename MakeBody>
LoopResult request_loop(httplib::Client& cli, int count, double budget_s, MakeBody make_body) {
  LoopResult r;
  r.lat_us.reserve(static_cast<std::size_t>(count));
  const auto t0 = Clock::now();
  for (int i = 0; i < count; ++i) {
    if (i > 0 && ms_since(t0) > budget_s * 1000.0) break;
    const std::string body = make_body(i);
    const auto t = Clock::now();
    Reply rep = post_ec2(cli, body);
    r.lat_us.push_back(us_since(t));
    if (!rep.ok) {
      if (++r.errors == 1) {
        std::fprintf(stderr, "request failed (HTTP %d): %s\n", rep.status,
                     snippet(rep.body).c_str());
      }
      continue;
    }
    r.bytes = rep.body.size();
    ++r.done;
  }
  r.total_ms = ms_since(t0);
  return r;
}

// The same loop on a plain keep-alive socket that reads the answer in 256 KiB pieces. The
// cpp-httplib client (Debian's shared library, built with 4 KiB reads, each after a poll) spends
// milliseconds of its own reading a 4 MB answer; this client measures request -> last byte of
// the server's answer with little client time in it (docs/performance.md, "DescribeInstances
// over 1,000: where the wall time went").
template <typename MakeBody>
LoopResult raw_request_loop(const ServerProcess& s, int count, double budget_s,
                            MakeBody make_body) {
  LoopResult r;
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(s.port));
  if (fd < 0 || inet_pton(AF_INET, s.host.c_str(), &addr.sin_addr) != 1 ||
      connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    if (fd >= 0) close(fd);
    r.errors = 1;
    return r;
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  std::vector<char> buf(256 * 1024);
  const auto t0 = Clock::now();
  for (int i = 0; i < count; ++i) {
    if (i > 0 && ms_since(t0) > budget_s * 1000.0) break;
    const std::string body = make_body(i);
    const std::string request = "POST / HTTP/1.1\r\nHost: " + s.host + ":" +
                                std::to_string(s.port) + "\r\nContent-Type: " + kFormType +
                                "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
                                body;
    const auto t = Clock::now();
    bool ok = write(fd, request.data(), request.size()) == static_cast<ssize_t>(request.size());
    std::string head;
    std::size_t want = 0;  // bytes of the whole answer, once the head is in
    std::size_t got = 0;
    int status = 0;
    while (ok) {
      const ssize_t n = read(fd, buf.data(), buf.size());
      if (n <= 0) {
        ok = false;
        break;
      }
      got += static_cast<std::size_t>(n);
      if (want == 0) {
        head.append(buf.data(), static_cast<std::size_t>(n));
        const std::size_t end = head.find("\r\n\r\n");
        if (end == std::string::npos) continue;
        status = std::atoi(head.c_str() + 9);
        std::string lower = head.substr(0, end);
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const std::size_t cl = lower.find("content-length:");
        want = end + 4 +
               (cl == std::string::npos ? 0 : std::strtoull(lower.c_str() + cl + 15, nullptr, 10));
      }
      if (got >= want) break;
    }
    r.lat_us.push_back(us_since(t));
    if (!ok || status != 200) {
      ++r.errors;
      if (!ok) break;
      continue;
    }
    r.bytes = want - (head.find("\r\n\r\n") + 4);
    ++r.done;
  }
  r.total_ms = ms_since(t0);
  close(fd);
  return r;
}

struct ConcurrentResult {
  int threads = 0;
  long long requests = 0;
  long long errors = 0;
  double elapsed_s = 0;
  Stats lat;
};

// N threads, each with its own keep-alive connection, DescribeInstances by one random ID for a
// fixed duration. Connections are opened (one warm-up request each) before the clock starts.
ConcurrentResult concurrent_describe(const ServerProcess& s, int threads, double duration_s,
                                     const std::vector<std::string>& ids) {
  ConcurrentResult out;
  out.threads = threads;
  std::vector<std::vector<double>> lat(static_cast<std::size_t>(threads));
  std::vector<long long> errors(static_cast<std::size_t>(threads), 0);
  std::latch ready(threads + 1);
  std::atomic<bool> go{false};
  Clock::time_point deadline;
  std::atomic<long long> deadline_ns{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      auto cli = make_client(s);
      std::mt19937 rng(static_cast<unsigned>(1234 + t));
      std::uniform_int_distribution<std::size_t> pick(0, ids.size() - 1);
      post_ec2(*cli, describe_id_body(ids[pick(rng)]));  // connect + warm up
      auto& mine = lat[static_cast<std::size_t>(t)];
      mine.reserve(200000);
      ready.count_down();
      while (!go.load(std::memory_order_acquire)) std::this_thread::yield();
      const Clock::time_point end{Clock::duration(deadline_ns.load())};
      while (Clock::now() < end) {
        const std::string body = describe_id_body(ids[pick(rng)]);
        const auto t0 = Clock::now();
        Reply rep = post_ec2(*cli, body);
        mine.push_back(us_since(t0));
        if (!rep.ok) {
          ++errors[static_cast<std::size_t>(t)];
          if (errors[static_cast<std::size_t>(t)] > 100) break;
        }
      }
    });
  }
  ready.arrive_and_wait();
  const auto start = Clock::now();
  deadline = start +
             std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(duration_s));
  deadline_ns.store(deadline.time_since_epoch().count());
  go.store(true, std::memory_order_release);
  for (auto& w : workers) w.join();
  out.elapsed_s = ms_since(start) / 1000.0;
  std::vector<double> all;
  for (auto& v : lat) all.insert(all.end(), v.begin(), v.end());
  for (long long e : errors) out.errors += e;
  out.requests = static_cast<long long>(all.size()) - out.errors;
  out.lat = summarize(std::move(all));
  return out;
}

// ---------------------------------------------------------------------------------------------
// wrk

struct WrkResult {
  bool ran = false;
  int connections = 0;
  double rps = 0;
  long long requests = 0;
  long long errors = 0;  // non-2xx answers and socket errors
  std::string latency;   // wrk's "Latency avg stdev max" line
};

std::optional<std::string> find_wrk() {
  for (const char* dir : {"/usr/bin/", "/usr/local/bin/"}) {
    const std::string path = std::string(dir) + "wrk";
    if (access(path.c_str(), X_OK) == 0) return path;
  }
  return std::nullopt;
}

// Runs wrk with `connections` keep-alive connections (threads = min(connections, 2)) for
// `duration_s`, POSTing DescribeInstances by one ID drawn at random from `ids` per request.
WrkResult wrk_describe_by_id(const std::string& wrk, const ServerProcess& s, int connections,
                             double duration_s, const std::vector<std::string>& ids) {
  WrkResult r;
  r.connections = connections;
  char script[] = "/tmp/cloudlife-bench-XXXXXX.lua";
  const int fd = mkstemps(script, 4);
  if (fd < 0) return r;
  std::string lua =
      "wrk.method = \"POST\"\n"
      "wrk.headers[\"Content-Type\"] = \"application/x-www-form-urlencoded\"\n"
      "local ids = {";
  for (std::size_t i = 0; i < ids.size() && i < 1000; ++i) lua += "\"" + ids[i] + "\",";
  lua +=
      "}\n"
      "request = function()\n"
      "  local body = \"Action=DescribeInstances&Version=2016-11-15&InstanceId.1=\" .. "
      "ids[math.random(#ids)]\n"
      "  return wrk.format(nil, nil, nil, body)\n"
      "end\n"
      "done = function(summary, latency, requests)\n"
      "  io.write(string.format(\"WRK_ERRORS %d\\n\", summary.errors.status + "
      "summary.errors.connect + summary.errors.read + summary.errors.write + "
      "summary.errors.timeout))\n"
      "end\n";
  const bool written = write(fd, lua.data(), lua.size()) == static_cast<ssize_t>(lua.size());
  close(fd);
  if (!written) {
    unlink(script);
    return r;
  }
  const int threads = std::min(connections, 2);
  const std::string cmd =
      wrk + " -t" + std::to_string(threads) + " -c" + std::to_string(connections) + " -d" +
      std::to_string(std::max(1, static_cast<int>(duration_s + 0.5))) + "s -s " + script +
      " http://127.0.0.1:" + std::to_string(s.port) + "/ 2>&1";
  if (FILE* out = popen(cmd.c_str(), "r")) {
    char line[512];
    while (std::fgets(line, sizeof line, out)) {
      const std::string l(line);
      if (l.find("Requests/sec:") != std::string::npos) {
        r.rps = std::atof(l.c_str() + l.find(':') + 1);
        r.ran = true;
      } else if (l.find("requests in") != std::string::npos) {
        r.requests = std::atoll(l.c_str());
      } else if (l.rfind("WRK_ERRORS ", 0) == 0) {
        r.errors = std::atoll(l.c_str() + 11);
      } else if (l.find("Latency") != std::string::npos && r.latency.empty()) {
        r.latency = l.substr(l.find("Latency") + 7);
        while (!r.latency.empty() && (r.latency.back() == '\n' || r.latency.back() == ' ')) {
          r.latency.pop_back();
        }
        const std::size_t first = r.latency.find_first_not_of(' ');
        r.latency = first == std::string::npos ? "" : r.latency.substr(first);
      }
    }
    pclose(out);
  }
  unlink(script);
  return r;
}

// ---------------------------------------------------------------------------------------------
// Output

void row(const char* metric, const std::string& value) {
  std::printf("  %-46s %s\n", metric, value.c_str());
  std::fflush(stdout);
}

std::string fmt(const char* f, double a) {
  char buf[128];
  std::snprintf(buf, sizeof buf, f, a);
  return buf;
}

std::string lat_str(const Stats& s) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "p50 %.0f us  p99 %.0f us  max %.0f us", s.p50, s.p99, s.max);
  return buf;
}

double per_s(double n, double ms) {
  return ms > 0 ? n * 1000.0 / ms : 0.0;
}

json loop_json(const LoopResult& r, const Stats& lat, std::size_t instances, double cpu) {
  return {{"instances", instances},
          {"count", r.done},
          {"errors", r.errors},
          {"total_ms", round2(r.total_ms)},
          {"rps", round2(per_s(r.done, r.total_ms))},
          {"bytes", r.bytes},
          {"server_cpu_us_per_req", round2(r.done ? cpu * 1000.0 / r.done : 0)},
          {"latency", stats_json(lat)}};
}

// Auto Scaling: CreateLaunchConfiguration, then a group of asg_size, timed from the
// CreateAutoScalingGroup call until DescribeAutoScalingGroups lists asg_size InService members.
// Convergence happens on requests (frozen clock, instant profile); if a describe is not converged
// yet, the virtual clock is advanced 10 s and the group described again, within asg_max_requests
// requests and asg_budget_s.
json autoscaling_phase(const Options& o, const ServerProcess& s, long long& errors) {
  auto cli = make_client(s);
  char buf[256];
  const std::string n = std::to_string(o.asg_size);
  std::printf("\n[Auto Scaling group of %d converging, 1 keep-alive connection]\n", o.asg_size);
  const Reply lc = post_ec2(*cli, asg_form("CreateLaunchConfiguration") +
                                      "&LaunchConfigurationName=bench-lc"
                                      "&ImageId=ami-0123456789abcdef0&InstanceType=t3.micro");
  if (!lc.ok) {
    throw std::runtime_error("CreateLaunchConfiguration failed (HTTP " + std::to_string(lc.status) +
                             "): " + snippet(lc.body));
  }
  const std::string describe =
      asg_form("DescribeAutoScalingGroups") + "&AutoScalingGroupNames.member.1=bench-asg";
  const std::string in_service_tag = "<LifecycleState>InService</LifecycleState>";

  const double cpu0 = cpu_ms(s.pid);
  const auto t0 = Clock::now();
  const Reply create =
      post_ec2(*cli, asg_form("CreateAutoScalingGroup") +
                         "&AutoScalingGroupName=bench-asg&LaunchConfigurationName=bench-lc"
                         "&MinSize=0&MaxSize=" +
                         n + "&DesiredCapacity=" + n +
                         "&AvailabilityZones.member.1=us-east-1a"
                         "&AvailabilityZones.member.2=us-east-1b"
                         "&AvailabilityZones.member.3=us-east-1c");
  const double create_ms = ms_since(t0);
  if (!create.ok) {
    throw std::runtime_error("CreateAutoScalingGroup failed (HTTP " +
                             std::to_string(create.status) + "): " + snippet(create.body));
  }
  int requests = 1, describes = 0, advances = 0;
  std::size_t in_service = 0;
  std::vector<double> describe_lat;
  while (true) {
    const auto t = Clock::now();
    const Reply d = post_ec2(*cli, describe);
    describe_lat.push_back(us_since(t));
    ++requests;
    ++describes;
    if (!d.ok) {
      std::fprintf(stderr, "DescribeAutoScalingGroups failed (HTTP %d): %s\n", d.status,
                   snippet(d.body).c_str());
      break;
    }
    in_service = count_of(d.body, in_service_tag);
    if (in_service >= static_cast<std::size_t>(o.asg_size)) break;
    if (requests >= o.asg_max_requests || ms_since(t0) > o.asg_budget_s * 1000.0) break;
    auto res = cli->Post("/_cloudlife/clock/advance", R"({"seconds":10})", "application/json");
    ++requests;
    ++advances;
    if (!res || res->status != 200) {
      std::fprintf(stderr, "POST /_cloudlife/clock/advance failed\n");
      break;
    }
  }
  const double converge_ms = ms_since(t0);
  const double converge_cpu = cpu_ms(s.pid) - cpu0;
  const bool converged = in_service >= static_cast<std::size_t>(o.asg_size);
  if (!converged) {
    ++errors;
    std::fprintf(stderr,
                 "Auto Scaling group did not converge: %zu of %d InService after %d requests\n",
                 in_service, o.asg_size, requests);
  }

  // The converged group, described again (a client's waiter polling it).
  const double cpu_again = cpu_ms(s.pid);
  const LoopResult again =
      request_loop(*cli, o.asg_describe_iters, o.describe_budget_s, [&](int) { return describe; });
  const double again_cpu = cpu_ms(s.pid) - cpu_again;
  errors += again.errors;
  const Stats again_lat = summarize(again.lat_us);
  const double rss = rss_mib(s.pid);

  std::snprintf(buf, sizeof buf, "%.1f ms", create_ms);
  row("CreateAutoScalingGroup call", buf);
  std::snprintf(buf, sizeof buf,
                "%.1f ms wall, %d requests (1 create + %d describe + %d advance), CPU %.0f ms",
                converge_ms, requests, describes, advances, converge_cpu);
  row(("create -> " + std::to_string(in_service) + " InService").c_str(), buf);
  std::snprintf(buf, sizeof buf, "%s, %.0f bytes", lat_str(again_lat).c_str(),
                static_cast<double>(again.bytes));
  row(("DescribeAutoScalingGroups x" + std::to_string(again.done) + " (converged)").c_str(), buf);
  row("RSS after", fmt("%.1f MiB", rss));

  return {{"group_size", o.asg_size},
          {"converged", converged},
          {"in_service", in_service},
          {"create_ms", round2(create_ms)},
          {"converge_ms", round2(converge_ms)},
          {"requests", requests},
          {"describes", describes},
          {"advances", advances},
          {"server_cpu_ms", round2(converge_cpu)},
          {"first_describe_us", describe_lat.empty() ? 0.0 : round2(describe_lat.front())},
          {"describe_converged", loop_json(again, again_lat, in_service, again_cpu)},
          {"rss_mib", round2(rss)}};
}

// ECS: ecs_count instances in cn-hangzhou with RunInstances Amount=100 (pop-core GET style), then
// DescribeInstances PageSize=100 walked over every page, and single pages at random.
json ecs_phase(const Options& o, const ServerProcess& s, long long& errors) {
  auto cli = make_client(s);
  char buf[256];
  std::printf("\n[ECS DescribeInstances, pop-core GET, 1 keep-alive connection]\n");
  std::vector<double> run_lat;
  int created = 0, run_errors = 0;
  const auto t_run = Clock::now();
  while (created < o.ecs_count && run_errors < 10) {
    if (created > 0 && ms_since(t_run) > o.ecs_budget_s * 1000.0) break;
    const int amount = std::min(100, o.ecs_count - created);
    const std::string path = ecs_path("RunInstances") +
                             "&ImageId=aliyun_3_x64_20G_alibase_20240819.vhd"
                             "&InstanceType=ecs.g7.large&Amount=" +
                             std::to_string(amount);
    const auto t = Clock::now();
    const Reply r = get_path(*cli, path);
    run_lat.push_back(us_since(t));
    const json body = r.ok ? json::parse(r.body, nullptr, false) : json();
    const json* set = nullptr;
    if (body.is_object() && body.contains("InstanceIdSets") &&
        body["InstanceIdSets"].contains("InstanceIdSet")) {
      set = &body["InstanceIdSets"]["InstanceIdSet"];
    }
    if (!set || !set->is_array() || set->empty()) {
      if (++run_errors == 1) {
        std::fprintf(stderr, "ECS RunInstances failed (HTTP %d): %s\n", r.status,
                     snippet(r.body).c_str());
      }
      continue;
    }
    created += static_cast<int>(set->size());
  }
  const double run_ms = ms_since(t_run);
  errors += run_errors;
  if (created == 0) throw std::runtime_error("no ECS RunInstances call succeeded");
  const Stats run_stats = summarize(run_lat);

  const int pages = (created + 99) / 100;
  auto page_path = [](int page) {
    return ecs_path("DescribeInstances") + "&PageSize=100&PageNumber=" + std::to_string(page);
  };
  // Full walks: pages 1..pages back to back (what a client does after reading TotalCount from the
  // first page). Bodies are checked after the clock stops.
  std::vector<double> walk_ms, walk_page_us;
  std::size_t walk_bytes = 0;
  const auto t_walks = Clock::now();
  for (int w = 0; w < o.ecs_walks; ++w) {
    if (w > 0 && ms_since(t_walks) > o.ecs_budget_s * 1000.0) break;
    std::vector<Reply> bodies;
    const auto tw = Clock::now();
    for (int page = 1; page <= pages; ++page) {
      const auto t = Clock::now();
      bodies.push_back(get_path(*cli, page_path(page)));
      walk_page_us.push_back(us_since(t));
    }
    walk_ms.push_back(ms_since(tw));
    std::size_t seen = 0;
    walk_bytes = 0;
    bool ok = true;
    for (const Reply& r : bodies) {
      walk_bytes += r.body.size();
      const json body = r.ok ? json::parse(r.body, nullptr, false) : json();
      if (!body.is_object() || !body.contains("Instances") ||
          body.value("TotalCount", -1) != created) {
        ok = false;
        if (++errors == 1) {
          std::fprintf(stderr, "ECS DescribeInstances page failed (HTTP %d): %s\n", r.status,
                       snippet(r.body).c_str());
        }
        break;
      }
      seen += body["Instances"]["Instance"].size();
    }
    if (ok && seen != static_cast<std::size_t>(created)) {
      ++errors;
      std::fprintf(stderr, "ECS DescribeInstances walk saw %zu of %d instances\n", seen, created);
    }
  }
  const Stats walk_stats = summarize(walk_ms);  // in ms
  const Stats walk_page_stats = summarize(walk_page_us);

  // Single pages, at random.
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> pick(1, pages);
  std::vector<double> page_lat;
  std::size_t page_bytes = 0;
  const auto t_pages = Clock::now();
  for (int i = 0; i < o.ecs_page_iters; ++i) {
    if (i > 0 && ms_since(t_pages) > o.ecs_budget_s * 1000.0) break;
    const std::string path = page_path(pick(rng));
    const auto t = Clock::now();
    const Reply r = get_path(*cli, path);
    page_lat.push_back(us_since(t));
    if (!r.ok) {
      if (++errors == 1) {
        std::fprintf(stderr, "ECS DescribeInstances failed (HTTP %d): %s\n", r.status,
                     snippet(r.body).c_str());
      }
      continue;
    }
    page_bytes = r.body.size();
  }
  const double pages_ms = ms_since(t_pages);
  const Stats page_stats = summarize(page_lat);
  const double rss = rss_mib(s.pid);

  std::snprintf(buf, sizeof buf, "%.0f ms total; per call %s", run_ms, lat_str(run_stats).c_str());
  row(("RunInstances Amount=100 x" + std::to_string(run_lat.size()) + " (" +
       std::to_string(created) + " instances)")
          .c_str(),
      buf);
  std::snprintf(buf, sizeof buf, "p50 %.2f ms  max %.2f ms (n=%zu walks, %zu bytes)",
                walk_stats.p50, walk_stats.max, walk_stats.n, walk_bytes);
  row(("all " + std::to_string(pages) + " pages of PageSize=100").c_str(), buf);
  row("  per page within the walks", lat_str(walk_page_stats));
  std::snprintf(buf, sizeof buf, "%s, %.0f bytes, %.0f req/s", lat_str(page_stats).c_str(),
                static_cast<double>(page_bytes), per_s(page_stats.n, pages_ms));
  row(("single page, random PageNumber (n=" + std::to_string(page_stats.n) + ")").c_str(), buf);
  row("RSS after (with the Auto Scaling group)", fmt("%.1f MiB", rss));

  return {{"instances", created},
          {"run_instances",
           {{"calls", run_lat.size()},
            {"amount", 100},
            {"total_ms", round2(run_ms)},
            {"latency", stats_json(run_stats)}}},
          {"walk",
           {{"pages", pages},
            {"walks", walk_stats.n},
            {"p50_ms", round2(walk_stats.p50)},
            {"max_ms", round2(walk_stats.max)},
            {"bytes", walk_bytes},
            {"page_latency", stats_json(walk_page_stats)}}},
          {"page",
           {{"count", page_stats.n},
            {"bytes", page_bytes},
            {"rps", round2(per_s(page_stats.n, pages_ms))},
            {"latency", stats_json(page_stats)}}},
          {"rss_mib", round2(rss)}};
}

// ECS at ecs_huge_count instances on a fresh server (RunInstances Amount=100), then single
// DescribeInstances pages of PageSize=100 at random PageNumbers: what one page costs when the
// region is large.
json ecs_huge_phase(const Options& o, const ServerProcess& s, long long& errors) {
  auto cli = make_client(s);
  char buf[256];
  std::printf("\n[ECS at %d instances, fresh server, 1 keep-alive connection]\n", o.ecs_huge_count);
  int created = 0, run_errors = 0;
  const double cpu0 = cpu_ms(s.pid);
  const auto t_run = Clock::now();
  while (created < o.ecs_huge_count && run_errors < 10) {
    if (created > 0 && ms_since(t_run) > o.ecs_huge_budget_s * 1000.0) break;
    const int amount = std::min(100, o.ecs_huge_count - created);
    const Reply r = get_path(*cli, ecs_path("RunInstances") +
                                       "&ImageId=aliyun_3_x64_20G_alibase_20240819.vhd"
                                       "&InstanceType=ecs.g7.large&Amount=" +
                                       std::to_string(amount));
    if (!r.ok) {
      if (++run_errors == 1) {
        std::fprintf(stderr, "ECS RunInstances failed (HTTP %d): %s\n", r.status,
                     snippet(r.body).c_str());
      }
      continue;
    }
    created += amount;
  }
  const double run_ms = ms_since(t_run);
  const double run_cpu = cpu_ms(s.pid) - cpu0;
  errors += run_errors;
  if (created == 0) throw std::runtime_error("no ECS RunInstances call succeeded");
  const double rss = rss_mib(s.pid);
  const int pages = (created + 99) / 100;
  std::mt19937 rng(11);
  std::uniform_int_distribution<int> pick(1, pages);
  std::vector<double> lat;
  std::size_t bytes = 0;
  const double cpu1 = cpu_ms(s.pid);
  const auto t_pages = Clock::now();
  for (int i = 0; i < o.ecs_huge_page_iters; ++i) {
    if (i > 0 && ms_since(t_pages) > o.ecs_huge_budget_s * 1000.0) break;
    const std::string path =
        ecs_path("DescribeInstances") + "&PageSize=100&PageNumber=" + std::to_string(pick(rng));
    const auto t = Clock::now();
    const Reply r = get_path(*cli, path);
    lat.push_back(us_since(t));
    const json body = r.ok ? json::parse(r.body, nullptr, false) : json();
    if (!body.is_object() || body.value("TotalCount", -1) != created) {
      if (++errors == 1) {
        std::fprintf(stderr, "ECS DescribeInstances failed (HTTP %d): %s\n", r.status,
                     snippet(r.body).c_str());
      }
      continue;
    }
    bytes = r.body.size();
  }
  const double page_cpu = cpu_ms(s.pid) - cpu1;
  const Stats st = summarize(lat);
  std::snprintf(buf, sizeof buf, "%.0f ms total, CPU %.1f us/instance", run_ms,
                created ? run_cpu * 1000.0 / created : 0.0);
  row(("RunInstances Amount=100 -> " + std::to_string(created)).c_str(), buf);
  row("RSS with the ECS population", fmt("%.1f MiB", rss));
  std::snprintf(buf, sizeof buf, "%s, %zu bytes, CPU %.0f us/page", lat_str(st).c_str(), bytes,
                st.n ? page_cpu * 1000.0 / static_cast<double>(st.n) : 0.0);
  row(("one page of 100, random PageNumber (n=" + std::to_string(st.n) + ")").c_str(), buf);
  return {{"instances", created},
          {"fill_ms", round2(run_ms)},
          {"rss_mib", round2(rss)},
          {"page",
           {{"count", st.n},
            {"bytes", bytes},
            {"server_cpu_us_per_page", st.n ? round2(page_cpu * 1000.0 / st.n) : 0.0},
            {"latency", stats_json(st)}}}};
}

std::vector<std::string> create_big_subnets(httplib::Client& cli, int instances) {
  std::vector<std::string> subnets;
  for (int i = 0; i * kInstancesPerBigSubnet < instances; ++i) {
    const std::string cidr = "10." + std::to_string(i) + ".0.0%2F16";
    const Reply vpc = post_ec2(cli, std::string(kEc2Prefix) + "CreateVpc&CidrBlock=" + cidr);
    const std::string vpc_id = xml_text(vpc.body, "vpcId");
    const Reply subnet = post_ec2(
        cli, std::string(kEc2Prefix) + "CreateSubnet&VpcId=" + vpc_id + "&CidrBlock=" + cidr);
    const std::string subnet_id = xml_text(subnet.body, "subnetId");
    if (!vpc.ok || !subnet.ok || subnet_id.empty()) {
      throw std::runtime_error("could not create a /16 subnet for the large population: " +
                               snippet(vpc.ok ? subnet.body : vpc.body));
    }
    subnets.push_back(subnet_id);
  }
  return subnets;
}

// EC2 at huge_count instances on a fresh server: RunInstances MaxCount=huge_batch, RSS,
// DescribeInstances of everything in one call, the same walked with MaxResults=1000 pages, and by
// a single ID.
json huge_phase(const Options& o, const ServerProcess& s, long long& errors) {
  auto cli = make_client(s);
  char buf[256];
  std::printf("\n[EC2 at %d instances, fresh server, 1 keep-alive connection]\n", o.huge_count);
  const double rss_idle = rss_mib(s.pid);
  std::vector<std::string> ids;
  ids.reserve(static_cast<std::size_t>(o.huge_count));
  const std::vector<std::string> subnets = create_big_subnets(*cli, o.huge_count);
  double cpu0 = cpu_ms(s.pid);
  const RunResult fill =
      run_instances(*cli, o.huge_count, o.huge_batch, o.huge_fill_budget_s, ids, subnets);
  const double fill_cpu = cpu_ms(s.pid) - cpu0;
  errors += fill.errors;
  if (ids.empty()) throw std::runtime_error("no RunInstances call succeeded");
  const std::size_t n = ids.size();
  const double rss_filled = rss_mib(s.pid);
  const double per_10k = (rss_filled - rss_idle) * 10000.0 / static_cast<double>(n);
  const Stats fill_lat = summarize(fill.lat_us);

  // One DescribeInstances with no filter and no MaxResults: the whole population in one body.
  cpu0 = cpu_ms(s.pid);
  const LoopResult all = request_loop(*cli, o.huge_describe_iters, o.huge_describe_budget_s,
                                      [](int) { return describe_all_body(); });
  const double all_cpu = cpu_ms(s.pid) - cpu0;
  errors += all.errors;
  const Stats all_lat = summarize(all.lat_us);
  const double rss_after_all = rss_mib(s.pid);
  const double peak = peak_rss_mib(s.pid);

  // The same population walked with MaxResults=1000 / NextToken, once.
  std::vector<double> page_lat;
  std::size_t walk_instances = 0, walk_bytes = 0;
  std::string token;
  const auto t_walk = Clock::now();
  while (true) {
    std::string body = describe_all_body() + "&MaxResults=1000";
    if (!token.empty()) body += "&NextToken=" + url_encode(token);
    const auto t = Clock::now();
    const Reply r = post_ec2(*cli, body);
    page_lat.push_back(us_since(t));
    if (!r.ok) {
      ++errors;
      std::fprintf(stderr, "DescribeInstances MaxResults page failed (HTTP %d): %s\n", r.status,
                   snippet(r.body).c_str());
      break;
    }
    walk_bytes += r.body.size();
    walk_instances += count_of(r.body, "<instanceId>");
    token = xml_text(r.body, "nextToken");
    if (token.empty()) break;
    if (ms_since(t_walk) > o.huge_describe_budget_s * 1000.0) break;
  }
  const double walk_ms = ms_since(t_walk);
  const Stats page_stats = summarize(page_lat);
  if (token.empty() && walk_instances != n) {
    ++errors;
    std::fprintf(stderr, "MaxResults walk saw %zu of %zu instances\n", walk_instances, n);
  }

  // By a single ID.
  std::mt19937 rng(99);
  std::uniform_int_distribution<std::size_t> pick(0, n - 1);
  cpu0 = cpu_ms(s.pid);
  const LoopResult by_id = request_loop(*cli, o.huge_by_id_count, o.describe_budget_s,
                                        [&](int) { return describe_id_body(ids[pick(rng)]); });
  const double by_id_cpu = cpu_ms(s.pid) - cpu0;
  errors += by_id.errors;
  const Stats by_id_lat = summarize(by_id.lat_us);

  std::snprintf(buf, sizeof buf,
                "%.0f ms total (%d calls), per call p50 %.1f ms, CPU %.1f us/instance%s",
                fill.total_ms, fill.calls, fill_lat.p50 / 1000.0,
                fill.done ? fill_cpu * 1000.0 / fill.done : 0.0,
                fill.done < o.huge_count ? "  (stopped by time budget)" : "");
  row(("RunInstances MaxCount=" + std::to_string(o.huge_batch) + " -> " + std::to_string(n))
          .c_str(),
      buf);
  std::snprintf(buf, sizeof buf, "%.1f MiB (idle %.1f; %.1f MiB per 10k)", rss_filled, rss_idle,
                per_10k);
  row(("RSS at " + std::to_string(n) + " instances").c_str(), buf);
  std::snprintf(buf, sizeof buf, "p50 %.1f ms  max %.1f ms, %.0f bytes, CPU %.0f ms/req",
                all_lat.p50 / 1000.0, all_lat.max / 1000.0, static_cast<double>(all.bytes),
                all.done ? all_cpu / all.done : 0.0);
  row(("DescribeInstances all x" + std::to_string(all.done)).c_str(), buf);
  std::snprintf(buf, sizeof buf, "%.1f MiB after; peak %.1f MiB", rss_after_all, peak);
  row("RSS after DescribeInstances all", buf);
  std::snprintf(buf, sizeof buf,
                "%.0f ms for %zu pages (%zu instances, %zu bytes); page p50 %.1f ms", walk_ms,
                page_stats.n, walk_instances, walk_bytes, page_stats.p50 / 1000.0);
  row("DescribeInstances MaxResults=1000 walk", buf);
  std::snprintf(buf, sizeof buf, "%s, CPU %.0f us/req", lat_str(by_id_lat).c_str(),
                by_id.done ? by_id_cpu * 1000.0 / by_id.done : 0.0);
  row(("DescribeInstances InstanceId.1 x" + std::to_string(by_id.done)).c_str(), buf);

  return {{"instances", n},
          {"fill",
           {{"calls", fill.calls},
            {"per_call", o.huge_batch},
            {"total_ms", round2(fill.total_ms)},
            {"server_cpu_us_per_instance", round2(fill.done ? fill_cpu * 1000.0 / fill.done : 0)},
            {"latency", stats_json(fill_lat)}}},
          {"rss_mib",
           {{"idle", round2(rss_idle)},
            {"filled", round2(rss_filled)},
            {"per_10k_instances", round2(per_10k)},
            {"after_describe_all", round2(rss_after_all)},
            {"peak", round2(peak)}}},
          {"describe_all", loop_json(all, all_lat, n, all_cpu)},
          {"describe_paged",
           {{"max_results", 1000},
            {"pages", page_stats.n},
            {"instances", walk_instances},
            {"bytes", walk_bytes},
            {"total_ms", round2(walk_ms)},
            {"latency", stats_json(page_stats)}}},
          {"describe_by_id", loop_json(by_id, by_id_lat, n, by_id_cpu)}};
}

int run(const Options& o) {
  json j;
  j["quick"] = o.quick;
  j["server"] = o.server;
  j["server_args"] = o.server_args;
  j["cores"] = std::thread::hardware_concurrency();
  std::printf("cloudlife bench: server %s, %s mode, %u cores\n", o.server.c_str(),
              o.quick ? "quick" : "full", std::thread::hardware_concurrency());
  char buf[256];

  // 1. Start-up time: fork/exec to the first answer of GET /_cloudlife/health.
  {
    std::vector<double> starts, stops;
    for (int i = 0; i < o.starts; ++i) {
      ServerProcess s;
      starts.push_back(start_server(o, s));
      stops.push_back(stop_server(s).first);
    }
    std::sort(starts.begin(), starts.end());
    std::sort(stops.begin(), stops.end());
    const std::size_t n = starts.size();
    const double median = n % 2 ? starts[n / 2] : (starts[n / 2 - 1] + starts[n / 2]) / 2.0;
    j["startup_ms"] = {{"runs", n},
                       {"median", round2(median)},
                       {"min", round2(starts.front())},
                       {"max", round2(starts.back())},
                       {"sigterm_exit_median", round2(stops[n / 2])}};
    std::printf("\n[start-up]\n");
    std::snprintf(buf, sizeof buf, "%.1f ms median (min %.1f, max %.1f); SIGTERM exit %.1f ms",
                  median, starts.front(), starts.back(), stops[n / 2]);
    row(("fork/exec -> first /health answer (n=" + std::to_string(n) + ")").c_str(), buf);
  }

  ServerProcess s;
  start_server(o, s);
  int rc = 0;
  long long errors = 0;
  try {
    auto cli = make_client(s);
    std::vector<std::string> ids;
    const double rss_idle = rss_mib(s.pid);

    // 3. RunInstances x run_count, one instance each, sequential, one keep-alive connection.
    std::printf("\n[RunInstances, 1 instance per call, sequential, 1 keep-alive connection]\n");
    double cpu0 = cpu_ms(s.pid);
    const RunResult runs = run_instances(*cli, o.run_count, 1, o.run_budget_s, ids);
    const double run_cpu = cpu_ms(s.pid) - cpu0;
    errors += runs.errors;
    if (runs.done == 0) throw std::runtime_error("no RunInstances call succeeded");
    const double rss_small = rss_mib(s.pid);
    const std::size_t small_n = ids.size();
    const Stats run_lat = summarize(runs.lat_us);
    j["run_instances"] = {{"count", runs.calls},
                          {"errors", runs.errors},
                          {"total_ms", round2(runs.total_ms)},
                          {"rps", round2(per_s(runs.calls, runs.total_ms))},
                          {"server_cpu_us_per_req", round2(run_cpu * 1000.0 / runs.calls)},
                          {"latency", stats_json(run_lat)}};
    std::snprintf(buf, sizeof buf, "%.0f ms, %.1f req/s, server CPU %.0f us/req%s", runs.total_ms,
                  per_s(runs.calls, runs.total_ms), run_cpu * 1000.0 / runs.calls,
                  runs.calls < o.run_count ? "  (stopped by time budget)" : "");
    row(("x" + std::to_string(runs.calls) + " total").c_str(), buf);
    row("latency", lat_str(run_lat));

    // 4. DescribeInstances, no filter, whole body.
    std::printf("\n[DescribeInstances, no filter, %zu instances]\n", small_n);
    cpu0 = cpu_ms(s.pid);
    const LoopResult all_small = request_loop(*cli, o.describe_all_iters, o.describe_budget_s,
                                              [](int) { return describe_all_body(); });
    const Stats all_small_lat = summarize(all_small.lat_us);
    j["describe_all"] = loop_json(all_small, all_small_lat, small_n, cpu_ms(s.pid) - cpu0);
    errors += all_small.errors;
    row(("latency (n=" + std::to_string(all_small.done) + ")").c_str(), lat_str(all_small_lat));
    row("response body", fmt("%.0f bytes", static_cast<double>(all_small.bytes)));
    cpu0 = cpu_ms(s.pid);
    const LoopResult all_raw = raw_request_loop(s, o.describe_all_iters, o.describe_budget_s,
                                                [](int) { return describe_all_body(); });
    const Stats all_raw_lat = summarize(all_raw.lat_us);
    j["describe_all_raw_client"] = loop_json(all_raw, all_raw_lat, small_n, cpu_ms(s.pid) - cpu0);
    errors += all_raw.errors;
    row(("plain-socket client (n=" + std::to_string(all_raw.done) + ")").c_str(),
        lat_str(all_raw_lat));

    // 5. DescribeInstances by a single InstanceId.1, sequential.
    std::printf("\n[DescribeInstances InstanceId.1, sequential, %zu instances]\n", small_n);
    std::mt19937 rng(42);
    std::uniform_int_distribution<std::size_t> pick(0, ids.size() - 1);
    cpu0 = cpu_ms(s.pid);
    const LoopResult by_id = request_loop(*cli, o.describe_id_count, o.describe_budget_s,
                                          [&](int) { return describe_id_body(ids[pick(rng)]); });
    const double id_cpu = cpu_ms(s.pid) - cpu0;
    const Stats by_id_lat = summarize(by_id.lat_us);
    j["describe_by_id"] = loop_json(by_id, by_id_lat, small_n, id_cpu);
    errors += by_id.errors;
    std::snprintf(buf, sizeof buf, "%.1f req/s (n=%d), server CPU %.0f us/req",
                  per_s(by_id.done, by_id.total_ms), by_id.done,
                  by_id.done ? id_cpu * 1000.0 / by_id.done : 0.0);
    row("throughput", buf);
    row("latency", lat_str(by_id_lat));

    // 6. Concurrent DescribeInstances by ID.
    std::printf("\n[DescribeInstances InstanceId.1, N threads x 1 keep-alive connection, %.1f s]\n",
                o.duration_s);
    json cj = json::array();
    for (int n : o.thread_levels) {
      const ConcurrentResult c = concurrent_describe(s, n, o.duration_s, ids);
      const double rps = c.elapsed_s > 0 ? static_cast<double>(c.requests) / c.elapsed_s : 0.0;
      errors += c.errors;
      cj.push_back({{"threads", c.threads},
                    {"duration_s", round2(c.elapsed_s)},
                    {"requests", c.requests},
                    {"errors", c.errors},
                    {"rps", round2(rps)},
                    {"p50_us", round2(c.lat.p50)},
                    {"p99_us", round2(c.lat.p99)}});
      std::snprintf(buf, sizeof buf, "%8.1f req/s   p50 %.0f us  p99 %.0f us%s", rps, c.lat.p50,
                    c.lat.p99, c.errors ? "  (errors!)" : "");
      row((std::to_string(c.threads) + " thread(s)").c_str(), buf);
    }
    j["concurrent_describe_by_id"] = cj;

    // 6b. The same with wrk as the load generator (avg / stdev / max latency as wrk prints them).
    if (const auto wrk = find_wrk()) {
      std::printf("\n[DescribeInstances InstanceId.1, wrk, N keep-alive connections, %.1f s]\n",
                  o.duration_s);
      json wj = json::array();
      for (int n : o.wrk_connections) {
        const WrkResult w = wrk_describe_by_id(*wrk, s, n, o.duration_s, ids);
        if (!w.ran) {
          ++errors;
          std::fprintf(stderr, "cloudlife_bench: wrk with %d connections did not run\n", n);
          continue;
        }
        errors += w.errors;
        wj.push_back({{"connections", n},
                      {"requests", w.requests},
                      {"errors", w.errors},
                      {"rps", round2(w.rps)},
                      {"latency", w.latency}});
        std::snprintf(buf, sizeof buf, "%8.1f req/s   latency avg/stdev/max %s%s", w.rps,
                      w.latency.c_str(), w.errors ? "  (errors!)" : "");
        row((std::to_string(n) + " connection(s)").c_str(), buf);
      }
      j["wrk_describe_by_id"] = wj;
    } else {
      std::printf(
          "\n[wrk not installed: skipping the wrk figures (scripts/install-deps.sh --test)]\n");
    }

    // 2. Memory: grow to large_count with batched RunInstances, then read RSS again.
    std::printf("\n[memory]\n");
    cpu0 = cpu_ms(s.pid);
    const RunResult fill = run_instances(*cli, o.large_count - static_cast<int>(ids.size()),
                                         o.fill_batch, o.fill_budget_s, ids);
    const double fill_cpu = cpu_ms(s.pid) - cpu0;
    errors += fill.errors;
    const double rss_large = rss_mib(s.pid);
    const std::size_t large_n = ids.size();
    // Per 10k: the slope between the two populations (batched calls), and the slope from idle to
    // the first population (one call per instance, so it includes per-call state such as events).
    const double per_10k = large_n > small_n ? (rss_large - rss_small) * 10000.0 /
                                                   static_cast<double>(large_n - small_n)
                                             : 0.0;
    const double per_10k_single =
        small_n > 0 ? (rss_small - rss_idle) * 10000.0 / static_cast<double>(small_n) : 0.0;
    j["rss_mib"] = {{"idle", round2(rss_idle)},
                    {"after", json::array({{{"instances", small_n}, {"mib", round2(rss_small)}},
                                           {{"instances", large_n}, {"mib", round2(rss_large)}}})},
                    {"per_10k_instances", round2(per_10k)},
                    {"per_10k_single_calls", round2(per_10k_single)}};
    j["run_instances_batched"] = {
        {"instances", fill.done},
        {"calls", fill.calls},
        {"per_call", o.fill_batch},
        {"total_ms", round2(fill.total_ms)},
        {"server_cpu_us_per_instance", round2(fill.done ? fill_cpu * 1000.0 / fill.done : 0)},
        {"latency", stats_json(summarize(fill.lat_us))}};
    row("RSS idle", fmt("%.1f MiB", rss_idle));
    row(("RSS after " + std::to_string(small_n) + " instances (1 per call)").c_str(),
        fmt("%.1f MiB", rss_small));
    std::snprintf(buf, sizeof buf, "%.1f MiB  (%d calls, %.0f ms)", rss_large, fill.calls,
                  fill.total_ms);
    row(("RSS after " + std::to_string(large_n) + " instances (+" + std::to_string(o.fill_batch) +
         " per call)")
            .c_str(),
        buf);
    std::snprintf(buf, sizeof buf, "%.1f MiB batched; %.1f MiB at 1 call per instance", per_10k,
                  per_10k_single);
    row("RSS per 10k instances", buf);

    // Scaling: the same calls against the large population.
    std::printf("\n[at %zu instances]\n", large_n);
    std::vector<std::string> more_ids;
    cpu0 = cpu_ms(s.pid);
    const RunResult runs_large =
        run_instances(*cli, std::max(20, o.run_count / 5), 1, o.describe_budget_s, more_ids);
    const double runs_large_cpu = cpu_ms(s.pid) - cpu0;
    errors += runs_large.errors;
    const Stats runs_large_lat = summarize(runs_large.lat_us);
    std::uniform_int_distribution<std::size_t> pick_large(0, ids.size() - 1);
    cpu0 = cpu_ms(s.pid);
    const LoopResult by_id_large =
        request_loop(*cli, o.describe_id_count / 2, o.describe_budget_s,
                     [&](int) { return describe_id_body(ids[pick_large(rng)]); });
    const double by_id_large_cpu = cpu_ms(s.pid) - cpu0;
    const Stats by_id_large_lat = summarize(by_id_large.lat_us);
    cpu0 = cpu_ms(s.pid);
    const LoopResult all_large =
        request_loop(*cli, std::max(3, o.describe_all_iters / 10), o.describe_budget_s,
                     [](int) { return describe_all_body(); });
    const double all_large_cpu = cpu_ms(s.pid) - cpu0;
    const Stats all_large_lat = summarize(all_large.lat_us);
    errors += by_id_large.errors + all_large.errors;
    j["at_large"] = {
        {"instances", large_n},
        {"run_instances",
         {{"count", runs_large.calls},
          {"rps", round2(per_s(runs_large.calls, runs_large.total_ms))},
          {"server_cpu_us_per_req",
           round2(runs_large.calls ? runs_large_cpu * 1000.0 / runs_large.calls : 0)},
          {"latency", stats_json(runs_large_lat)}}},
        {"describe_by_id", loop_json(by_id_large, by_id_large_lat, large_n, by_id_large_cpu)},
        {"describe_all", loop_json(all_large, all_large_lat, large_n, all_large_cpu)}};
    std::snprintf(buf, sizeof buf, "%s, CPU %.0f us/req", lat_str(runs_large_lat).c_str(),
                  runs_large.calls ? runs_large_cpu * 1000.0 / runs_large.calls : 0.0);
    row(("RunInstances x" + std::to_string(runs_large.calls)).c_str(), buf);
    std::snprintf(buf, sizeof buf, "%s, CPU %.0f us/req", lat_str(by_id_large_lat).c_str(),
                  by_id_large.done ? by_id_large_cpu * 1000.0 / by_id_large.done : 0.0);
    row(("DescribeInstances InstanceId.1 x" + std::to_string(by_id_large.done)).c_str(), buf);
    std::snprintf(buf, sizeof buf, "%s, %.0f bytes", lat_str(all_large_lat).c_str(),
                  static_cast<double>(all_large.bytes));
    row(("DescribeInstances all x" + std::to_string(all_large.done)).c_str(), buf);

    // The same RunInstances, each at its own virtual time (1 ms of POST /_cloudlife/clock/advance
    // before it), as with the default real clock: every call is followed by a usage metering pass
    // over the whole population (src/usage/usage_meter.h), which the frozen clock above defers.
    const int stepped_calls = std::max(10, o.run_count / 20);
    std::vector<double> stepped_us;
    int stepped_errors = 0;
    cpu0 = cpu_ms(s.pid);
    const auto stepped_t0 = Clock::now();
    for (int k = 0; k < stepped_calls; ++k) {
      if (k > 0 && ms_since(stepped_t0) > o.describe_budget_s * 1000.0) break;
      auto adv = cli->Post("/_cloudlife/clock/advance", R"({"seconds":0.001})", "application/json");
      const auto t = Clock::now();
      Reply rep = post_ec2(*cli, run_instances_body(1));
      stepped_us.push_back(us_since(t));
      if (!adv || adv->status != 200 || !rep.ok) ++stepped_errors;
    }
    const double stepped_cpu = cpu_ms(s.pid) - cpu0;
    errors += stepped_errors;
    const Stats stepped_lat = summarize(stepped_us);
    const double stepped_cpu_us =
        stepped_us.empty() ? 0 : stepped_cpu * 1000.0 / static_cast<double>(stepped_us.size());
    j["at_large"]["run_instances_clock_stepped"] = {
        {"count", stepped_us.size()},
        {"errors", stepped_errors},
        {"server_cpu_us_per_call_and_advance", round2(stepped_cpu_us)},
        {"latency", stats_json(stepped_lat)}};
    std::snprintf(buf, sizeof buf, "%s, CPU %.0f us/(call+advance)", lat_str(stepped_lat).c_str(),
                  stepped_cpu_us);
    row(("RunInstances x" + std::to_string(stepped_us.size()) + ", clock +1 ms before each")
            .c_str(),
        buf);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cloudlife_bench: %s\n", e.what());
    rc = 1;
  }
  const auto [stop_ms, killed] = stop_server(s);

  // The remaining phases each get a fresh server, so that their figures do not depend on the
  // population above (and the 100k population does not slow the others down).
  auto guarded = [&](const char* what, auto phase) {
    try {
      phase();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "cloudlife_bench: %s: %s\n", what, e.what());
      rc = 1;
    }
  };
  auto on_fresh_server = [&](const char* what, auto phase) {
    ServerProcess fresh;
    guarded(what, [&] {
      start_server(o, fresh);
      phase(fresh);
    });
    stop_server(fresh);
  };
  // RunInstances as in step 3, on a plain keep-alive socket: the cpp-httplib client's own cost
  // (a poll and a 4 KiB read at a time, a growing body string) is a large part of a ~80 us round
  // trip, so this row shows what the server sustains with little client time in it.
  on_fresh_server("RunInstances, plain-socket client", [&](const ServerProcess& f) {
    std::printf("\n[RunInstances, 1 instance per call, sequential, plain-socket client]\n");
    const double cpu0 = cpu_ms(f.pid);
    const LoopResult runs =
        raw_request_loop(f, o.run_count, o.run_budget_s, [](int) { return run_instances_body(1); });
    const double cpu = cpu_ms(f.pid) - cpu0;
    errors += runs.errors;
    const Stats lat = summarize(runs.lat_us);
    j["run_instances_raw_client"] = loop_json(runs, lat, static_cast<std::size_t>(runs.done), cpu);
    std::snprintf(buf, sizeof buf, "%.0f ms, %.1f req/s, server CPU %.0f us/req", runs.total_ms,
                  per_s(runs.done, runs.total_ms), runs.done ? cpu * 1000.0 / runs.done : 0.0);
    row(("x" + std::to_string(runs.done) + " total").c_str(), buf);
    row("latency", lat_str(lat));
  });
  on_fresh_server("Auto Scaling / ECS", [&](const ServerProcess& f) {
    guarded("Auto Scaling", [&] { j["autoscaling"] = autoscaling_phase(o, f, errors); });
    guarded("ECS", [&] { j["ecs"] = ecs_phase(o, f, errors); });
  });
  on_fresh_server("100k", [&](const ServerProcess& f) { j["huge"] = huge_phase(o, f, errors); });
  on_fresh_server("ECS at scale",
                  [&](const ServerProcess& f) { j["ecs_huge"] = ecs_huge_phase(o, f, errors); });

  if (errors > 0) {
    std::fprintf(stderr, "cloudlife_bench: %lld failed requests\n", errors);
    rc = 1;
  }
  j["errors"] = errors;
  j["shutdown"] = {{"ms", round2(stop_ms)}, {"sigkill", killed}};
  j["ok"] = rc == 0;
  std::printf("\nBENCH_JSON %s\n", j.dump().c_str());
  std::fflush(stdout);
  return rc;
}

}  // namespace

int main(int argc, char** argv) {
  signal(SIGPIPE, SIG_IGN);
  const Options o = parse_options(argc, argv);
  if (access(o.server.c_str(), X_OK) != 0) {
    std::fprintf(stderr, "cloudlife_bench: %s is not an executable (use --server PATH)\n",
                 o.server.c_str());
    return 2;
  }
  try {
    return run(o);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cloudlife_bench: %s\n", e.what());
    return 1;
  }
}
