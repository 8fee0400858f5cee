// A small thread pool of our own (no OpenMP) for splitting one operator's tiles over cores.
//
// ParallelFor(count, grain, fn) is equivalent to the serial loop `fn(0, 0, count)`: threads claim
// pieces of the range [0, count) from one atomic word (the caller from the front, workers from the
// back), each 1 / (2 * threads) of what is left but at least `grain` items, and run them as
// fn(thread, begin, end).
// The calling thread works too, so a pool of N threads has N - 1 workers. Workers spin briefly
// after each job (consecutive operators follow within microseconds) and then sleep on a condition
// variable. A pool of one thread runs everything on the caller. ParallelFor allocates nothing.
// Results never depend on the thread count as long as tiles are independent, which the kernels
// guarantee (no reductions across tiles).
#ifndef OCTET_RUNTIME_THREADPOOL_THREADPOOL_H_
#define OCTET_RUNTIME_THREADPOOL_THREADPOOL_H_

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace octet {

class ThreadPool {
 public:
  // A non-owning reference to a callable taking (thread index, begin, end).
  class Task {
   public:
    template <typename F>
    explicit Task(const F& f)
        : object_(&f), call_([](const void* o, int t, size_t b, size_t e) { (*static_cast<const F*>(o))(t, b, e); }) {}
    void operator()(int thread, size_t begin, size_t end) const { call_(object_, thread, begin, end); }

   private:
    const void* object_;
    void (*call_)(const void*, int, size_t, size_t);
  };

  // num_threads >= 1. Creating workers may throw std::system_error / std::bad_alloc.
  explicit ThreadPool(int num_threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int num_threads() const { return static_cast<int>(workers_.size()) + 1; }

  // Runs task over [0, count) in claims of a shrinking size (guided scheduling): each takes
  // ceil(left / (2 * threads)) items, at least `grain` (or all that is left), so a job makes about
  // 2 * threads * ln(count / grain) claims and ends on claims of about `grain` items. With no workers,
  // or grain >= count, it makes the single call task(0, 0, count). Not reentrant: one ParallelFor at
  // a time per pool (a session runs its operators one after another).
  void ParallelFor(size_t count, size_t grain, const Task& task);

 private:
  void WorkerLoop(int thread_index);
  // Claims and runs pieces of job `epoch` until none is left (or a newer job replaced it).
  void RunClaims(int thread_index, uint64_t epoch);
  // First item of unit u of the current job (a unit is one item unless count exceeds the claim word).
  size_t UnitBegin(uint64_t u) const { return u * unit_ < count_ ? static_cast<size_t>(u * unit_) : count_; }

  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::atomic<bool> stop_{false};
  // Wakes sleeping workers: changes with every job.
  std::atomic<uint64_t> generation_{0};
  // The current job. Its fields are written before the job is published through claim_ and stay
  // unchanged until every unit of it has completed.
  const Task* task_ = nullptr;
  size_t count_ = 0, unit_ = 1;
  // Epoch and the unclaimed units [start, end) of the current job in one word (see threadpool.cc). A
  // thread claims with a compare-exchange on the whole word, so one that wakes late cannot take units
  // of a newer job with a stale view of it. The caller waits for `completed_` units only, never for a
  // worker that has not been scheduled: a descheduled worker costs nothing.
  std::atomic<uint64_t> claim_{0};
  std::atomic<uint64_t> completed_{0};  // units
  std::atomic<uint64_t> grain_{1};      // smallest claim of the current job, in units
  const uint64_t divisor_;              // 2 * threads
  uint64_t epoch_ = 0;
};

}  // namespace octet

#endif  // OCTET_RUNTIME_THREADPOOL_THREADPOOL_H_
