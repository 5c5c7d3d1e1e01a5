// A fixed pool of worker threads running submitted tasks in FIFO order.
// Contract: submit() never blocks on a running task; join() runs every task already submitted,
// then ends the threads (submit() after join() is refused with false). The destructor joins.
// default_worker_count() is one thread per CPU this process may run on (its affinity mask), at
// least 2.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace cloudlife::server {

class WorkerPool {
 public:
  explicit WorkerPool(int threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  bool submit(std::function<void()> task);
  void join();
  int size() const { return static_cast<int>(threads_.size()); }

 private:
  void run();

  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> tasks_;
  bool quit_ = false;
  std::vector<std::thread> threads_;
};

int default_worker_count();

}  // namespace cloudlife::server
