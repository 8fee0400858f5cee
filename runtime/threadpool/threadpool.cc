#include "runtime/threadpool/threadpool.h"

#include <chrono>

namespace octet {

namespace {
// How long an idle worker keeps polling for the next job before it sleeps. Operators of one run
// follow each other within microseconds, so spinning this long hides the wake-up latency.
constexpr auto kSpinTime = std::chrono::microseconds(200);

inline void CpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ __volatile__("yield");
#endif
}
}  // namespace

ThreadPool::ThreadPool(int num_threads) {
  for (int i = 1; i < num_threads; ++i) workers_.emplace_back([this, i] { WorkerLoop(i); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
    generation_.fetch_add(1, std::memory_order_release);
  }
  wake_.notify_all();
  for (std::thread& t : workers_) t.join();
}

void ThreadPool::RunChunks(int thread_index) {
  for (;;) {
    const size_t begin = next_.fetch_add(grain_, std::memory_order_relaxed);
    if (begin >= count_) return;
    const size_t end = begin + grain_ < count_ ? begin + grain_ : count_;
    (*task_)(thread_index, begin, end);
  }
}

void ThreadPool::ParallelFor(size_t count, size_t grain, const Task& task) {
  if (count == 0) return;
  if (grain == 0) grain = 1;
  if (workers_.empty() || count <= grain) {
    task(0, 0, count);
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    task_ = &task;
    count_ = count;
    grain_ = grain;
    next_.store(0, std::memory_order_relaxed);
    busy_workers_.store(static_cast<int>(workers_.size()), std::memory_order_relaxed);
    generation_.fetch_add(1, std::memory_order_release);
  }
  wake_.notify_all();
  RunChunks(0);
  // Wait for the workers to finish their chunks: spin first, then sleep.
  const auto spin_until = std::chrono::steady_clock::now() + kSpinTime;
  while (busy_workers_.load(std::memory_order_acquire) != 0) {
    if (std::chrono::steady_clock::now() > spin_until) {
      std::unique_lock<std::mutex> lock(mutex_);
      done_.wait(lock, [this] { return busy_workers_.load(std::memory_order_acquire) == 0; });
      break;
    }
    CpuRelax();
  }
}

void ThreadPool::WorkerLoop(int thread_index) {
  uint64_t seen = 0;
  for (;;) {
    // Spin for a new generation, then sleep until one comes.
    const auto spin_until = std::chrono::steady_clock::now() + kSpinTime;
    uint64_t current = generation_.load(std::memory_order_acquire);
    while (current == seen && std::chrono::steady_clock::now() < spin_until) {
      CpuRelax();
      current = generation_.load(std::memory_order_acquire);
    }
    if (current == seen) {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return generation_.load(std::memory_order_acquire) != seen; });
      current = generation_.load(std::memory_order_acquire);
    }
    seen = current;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stop_) return;
    }
    RunChunks(thread_index);
    if (busy_workers_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      std::lock_guard<std::mutex> lock(mutex_);
      done_.notify_one();
    }
  }
}

}  // namespace octet
