#include "runtime/threadpool/threadpool.h"

#include <chrono>

namespace octet {

namespace {
// How long an idle thread keeps polling before it sleeps. Operators of one run follow each other
// within microseconds, so spinning this long hides the wake-up latency.
constexpr auto kSpinTime = std::chrono::microseconds(200);

inline void CpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ __volatile__("yield");
#endif
}
}  // namespace

ThreadPool::ThreadPool(int num_threads) : divisor_(2 * static_cast<uint64_t>(num_threads)) {
  for (int i = 1; i < num_threads; ++i) workers_.emplace_back([this, i] { WorkerLoop(i); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_.store(true, std::memory_order_relaxed);
    generation_.fetch_add(1, std::memory_order_release);
  }
  wake_.notify_all();
  for (std::thread& t : workers_) t.join();
}

// The claim word: job epoch (24 bits) | end of the unclaimed units (20 bits) | start of them (20 bits).
// Everything a thread needs to decide whether to claim is in the word (and grain_, which a newer job
// can change only after changing the word, failing the compare-exchange), so it reads the job's other
// fields only after a successful claim, when the job cannot be finished (and replaced) under it.
// The calling thread claims from the front and the workers from the back: with two threads each keeps
// about the same part of the image from one operator to the next, and of the weights from one run to
// the next (they stay in its own core's cache), while either still takes what the other has not started.
// Guided sizes: a claim takes 1 / (2 * threads) of what is left, so the first claims are large (few
// claims, each thread starts on a long stretch) and the last ones small: the caller, which finishes
// first when the worker started a little later, waits at most for one small claim at the end.
namespace {
constexpr int kUnitBits = 20;
constexpr uint64_t kUnitMask = (uint64_t{1} << kUnitBits) - 1;
constexpr uint64_t kMaxUnits = kUnitMask;
}  // namespace

void ThreadPool::RunClaims(int thread_index, uint64_t epoch) {
  const bool from_front = thread_index == 0;
  for (;;) {
    uint64_t word = claim_.load(std::memory_order_acquire);
    if ((word >> (2 * kUnitBits)) != epoch) return;  // a newer job: this one is finished
    const uint64_t front = word & kUnitMask, back = (word >> kUnitBits) & kUnitMask;
    if (front >= back) return;
    const uint64_t left = back - front;
    uint64_t take = (left + divisor_ - 1) / divisor_;
    const uint64_t grain = grain_.load(std::memory_order_relaxed);
    if (take < grain) take = grain;
    if (take > left) take = left;
    const uint64_t first = from_front ? front : back - take;
    const uint64_t next = from_front ? word + take : word - (take << kUnitBits);
    if (!claim_.compare_exchange_weak(word, next, std::memory_order_acq_rel, std::memory_order_acquire)) continue;
    (*task_)(thread_index, UnitBegin(first), UnitBegin(first + take));
    completed_.fetch_add(take, std::memory_order_acq_rel);
  }
}

void ThreadPool::ParallelFor(size_t count, size_t grain, const Task& task) {
  if (count == 0) return;
  if (workers_.empty() || grain >= count) {
    task(0, 0, count);
    return;
  }
  if (grain == 0) grain = 1;
  // The claim word holds up to kMaxUnits positions: larger ranges are claimed in units of several items.
  unit_ = (count + kMaxUnits - 1) / kMaxUnits;
  count_ = count;
  const uint64_t units = (count + unit_ - 1) / unit_;
  // The previous job is complete (ParallelFor returned), so its fields may be replaced.
  task_ = &task;
  grain_.store((grain + unit_ - 1) / unit_, std::memory_order_relaxed);
  completed_.store(0, std::memory_order_relaxed);
  const uint64_t epoch = ++epoch_ & 0xffffffu;
  claim_.store(epoch << (2 * kUnitBits) | units << kUnitBits, std::memory_order_release);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    generation_.fetch_add(1, std::memory_order_release);
  }
  wake_.notify_all();
  RunClaims(0, epoch);
  // Units other threads claimed may still be running: wait for them (they are running, so this is short).
  while (completed_.load(std::memory_order_acquire) != units) CpuRelax();
}

void ThreadPool::WorkerLoop(int thread_index) {
  uint64_t seen = 0;
  for (;;) {
    // Spin for a new job, then sleep until one comes.
    const auto spin_until = std::chrono::steady_clock::now() + kSpinTime;
    uint64_t current = generation_.load(std::memory_order_acquire);
    while (current == seen && std::chrono::steady_clock::now() < spin_until) {
      CpuRelax();
      current = generation_.load(std::memory_order_acquire);
    }
    if (current == seen) {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return stop_.load() || generation_.load(std::memory_order_acquire) != seen; });
      current = generation_.load(std::memory_order_acquire);
    }
    seen = current;
    if (stop_.load(std::memory_order_acquire)) return;  // set before the destructor's generation change
    RunClaims(thread_index, claim_.load(std::memory_order_acquire) >> (2 * kUnitBits));
  }
}

}  // namespace octet
