// cloudlife::Emulator — the cloudlife server (EC2, Auto Scaling, Alibaba ECS and the control plane)
// inside a C++ test process, served on a background thread.
// Contract: start() binds (port 0 = a free port) and returns once the server accepts connections;
// it throws std::runtime_error if the address cannot be bound or the emulator already runs.
// endpoint() is "http://HOST:PORT" while running. advance(), reset() and set_timing() act on the
// running server exactly like the control-plane routes (/_cloudlife/clock/advance, /reset,
// /timing) and throw std::logic_error when it is not running; advance() throws
// std::invalid_argument for negative or non-finite seconds. stop() finishes in-flight requests
// and joins the thread; it is idempotent, and the destructor calls it. A stopped Emulator may be
// started again (with fresh state). Not copyable or movable.
#pragma once

#include <memory>
#include <string>

namespace cloudlife {

class Emulator {
 public:
  enum class ClockMode { kReal, kFrozen };
  enum class TimingProfile { kInstant, kRealistic };

  struct Options {
    std::string bind = "127.0.0.1";
    int port = 0;  // 0 picks a free port
    ClockMode clock = ClockMode::kReal;
    TimingProfile timing = TimingProfile::kInstant;
    bool access_log = false;  // one spdlog line per request on the default logger
    int threads = 0;          // HTTP worker threads; 0 = one per CPU the process may use (min 2)
  };

  Emulator();
  explicit Emulator(Options options);
  ~Emulator();
  Emulator(const Emulator&) = delete;
  Emulator& operator=(const Emulator&) = delete;

  void start();
  void stop();
  bool running() const;

  // "http://127.0.0.1:PORT"; empty when not running.
  std::string endpoint() const;
  int port() const;

  // Moves the virtual clock forward, firing every due transition in order.
  void advance(double seconds);
  // Forgets every resource and fault rule; the clock goes back to wall time (mode and timing stay).
  void reset();
  void set_timing(TimingProfile profile);

 private:
  struct Running;
  Options options_;
  std::unique_ptr<Running> running_;
};

}  // namespace cloudlife
