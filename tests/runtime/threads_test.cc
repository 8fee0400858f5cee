// Results are identical for every thread count: every layer of a MobileNet-shaped model and the
// outputs of the real models in ../shared (when present), at 1, 2, 3 and 4 threads, byte for byte.
// Also: the thread pool's ParallelFor covers each index exactly once for any count, grain and pool
// size, in guided claims (shrinking from a 1 / (2 * threads) share to the grain), the caller's from
// the front and the workers' from the back.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <thread>

#include "runtime/graph/executor.h"
#include "runtime/model/model.h"
#include "runtime/threadpool/threadpool.h"
#include "tests/testing/replicable_random.h"
#include "tools/common/builtin_models.h"
#include "tools/convert/tflite_to_octet.h"

namespace octet {
namespace {

// Lowers (kMin) or raises `a` to `v` if that moves it, from any thread.
template <bool kMin, class T>
void AtomicBound(std::atomic<T>& a, T v) {
  T seen = a.load();
  while ((kMin ? v < seen : v > seen) && !a.compare_exchange_weak(seen, v)) {
  }
}

TEST(ThreadPool, EveryIndexExactlyOnce) {
  for (int threads : {1, 2, 3, 4, 7}) {
    ThreadPool pool(threads);
    for (size_t count : {size_t{1}, size_t{2}, size_t{5}, size_t{64}, size_t{1000}, size_t{4099}}) {
      for (size_t grain : {size_t{0}, size_t{1}, size_t{3}, size_t{64}, size_t{5000}}) {
        std::vector<std::atomic<int>> hits(count);
        std::atomic<int> max_thread{0};
        std::atomic<size_t> calls{0}, below_grain{0}, largest{0};
        const auto task = [&](int thread, size_t begin, size_t end) {
          EXPECT_LT(begin, end);
          calls.fetch_add(1);
          if (end - begin < grain) below_grain.fetch_add(1);
          AtomicBound<false>(largest, end - begin);
          for (size_t i = begin; i < end; ++i) hits[i].fetch_add(1);
          AtomicBound<false>(max_thread, thread);
        };
        pool.ParallelFor(count, grain, ThreadPool::Task(task));
        for (size_t i = 0; i < count; ++i) ASSERT_EQ(hits[i].load(), 1) << "index " << i << " threads " << threads;
        EXPECT_LT(max_thread.load(), threads);
        const std::string what = std::to_string(count) + " items, grain " + std::to_string(grain) + ", " +
                                 std::to_string(threads) + " threads";
        if (threads == 1 || grain >= count) {
          EXPECT_EQ(calls.load(), 1u) << what;
          continue;
        }
        // Guided: no claim larger than the first (a 1 / (2 * threads) share, or the grain), none
        // smaller than the grain but the one that took the rest, and so at most count / grain + 1.
        const size_t g = std::max<size_t>(grain, 1), share = (count + 2 * threads - 1) / (2 * threads);
        EXPECT_LE(largest.load(), std::max(g, share)) << what;
        EXPECT_LE(below_grain.load(), 1u) << what;
        EXPECT_LE(calls.load(), count / g + 1) << what;
        if (grain <= 1 && count >= 64) {
          EXPECT_GT(calls.load(), static_cast<size_t>(2 * threads)) << what;  // shrinking, not one share each
        }
      }
    }
  }
}

// Past the claim word's 2^20 positions the range is claimed in units of several items: still every
// index once.
TEST(ThreadPool, RangesLongerThanTheClaimWord) {
  ThreadPool pool(2);
  const size_t count = (size_t{1} << 21) + 12345;
  std::vector<std::atomic<uint8_t>> hits(count);
  const auto task = [&](int, size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) hits[i].fetch_add(1, std::memory_order_relaxed);
  };
  pool.ParallelFor(count, 1, ThreadPool::Task(task));
  for (size_t i = 0; i < count; ++i) ASSERT_EQ(hits[i].load(), 1) << "index " << i;
}

// Workers that went to sleep between jobs (idle past their spinning time) are woken by the next job
// and take part in it. Items sleep instead of spinning, so the workers get a core even on a loaded
// machine; a lost wake-up would leave every item to the caller.
TEST(ThreadPool, SleepingWorkersWakeForTheNextJob) {
  ThreadPool pool(3);
  int jobs_with_workers = 0;
  for (int job = 0; job < 3; ++job) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // far past the spinning time
    std::atomic<int> worker_items{0};
    const auto task = [&](int thread, size_t begin, size_t end) {
      for (size_t i = begin; i < end; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      if (thread != 0) worker_items.fetch_add(static_cast<int>(end - begin));
    };
    pool.ParallelFor(64, 1, ThreadPool::Task(task));
    if (worker_items.load() > 0) ++jobs_with_workers;
  }
  EXPECT_GT(jobs_with_workers, 0) << "no job woke a sleeping worker";
}

// With two threads the caller's claims are a prefix of the range and the worker's a suffix, in every
// job (each thread keeps about the same rows from one operator to the next), whoever gets more.
TEST(ThreadPool, CallerTakesTheFrontWorkerTheBack) {
  ThreadPool pool(2);
  size_t shared_jobs = 0;
  for (int job = 0; job < 200; ++job) {
    const size_t count = 8 + static_cast<size_t>(job % 29);
    std::vector<std::atomic<int>> owner(count);
    const auto task = [&](int thread, size_t begin, size_t end) {
      for (size_t i = begin; i < end; ++i) owner[i].store(thread);
      // Long enough claims that both threads take some (a worker still asleep takes none: fine too).
      const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(20);
      while (std::chrono::steady_clock::now() < until) {
      }
    };
    pool.ParallelFor(count, 1, ThreadPool::Task(task));
    size_t i = 0;
    while (i < count && owner[i].load() == 0) ++i;
    if (i > 0 && i < count) ++shared_jobs;
    for (size_t j = i; j < count; ++j) ASSERT_EQ(owner[j].load(), 1) << "job " << job << ", item " << j;
  }
  // Not asserted (a loaded machine may never run the worker): how many jobs both threads shared.
  std::printf("jobs shared by both threads: %zu of 200\n", shared_jobs);
}

std::vector<std::vector<uint8_t>> RunWithThreads(const std::shared_ptr<const Model>& model, int threads,
                                                 uint64_t seed) {
  SessionOptions options;
  options.num_threads = threads;
  std::unique_ptr<Session> session;
  const Status s = Session::Create(model, options, &session);
  EXPECT_TRUE(s.ok()) << s.message();
  if (!s.ok()) return {};
  testing::ReplicableRandom rng(seed);
  for (int t : model->inputs()) {
    const Tensor& tensor = model->tensors()[static_cast<size_t>(t)];
    for (size_t i = 0; i < tensor.byte_size; ++i) session->tensor_data(t)[i] = static_cast<uint8_t>(rng.Int(0, 255));
  }
  std::vector<std::vector<uint8_t>> outputs;
  for (int repeat = 0; repeat < 2; ++repeat) {
    session->Run();
    outputs.clear();
    for (int t : model->outputs()) {
      const Tensor& tensor = model->tensors()[static_cast<size_t>(t)];
      outputs.emplace_back(session->tensor_data(t), session->tensor_data(t) + tensor.byte_size);
    }
  }
  return outputs;
}

void ExpectSameForEveryThreadCount(const std::vector<uint8_t>& bytes, const std::string& what) {
  std::shared_ptr<const Model> model;
  const Status s = Model::LoadMemory(bytes.data(), bytes.size(), &model);
  ASSERT_TRUE(s.ok()) << s.message();
  const auto one = RunWithThreads(model, 1, 3);
  for (int threads : {2, 3, 4}) {
    const auto many = RunWithThreads(model, threads, 3);
    ASSERT_EQ(many.size(), one.size());
    for (size_t o = 0; o < one.size(); ++o) {
      EXPECT_EQ(many[o], one[o]) << what << ": output " << o << " differs at " << threads << " threads";
    }
  }
}

TEST(Threads, BuiltinMobileNetEveryLayer) {
  std::vector<uint8_t> bytes;
  std::string error;
  tools::BuiltinOptions options;
  options.expose_activations = true;
  ASSERT_TRUE(tools::BuildBuiltinModel("mobilenet_v1_0.25_128", options, &bytes, &error)) << error;
  ExpectSameForEveryThreadCount(bytes, "mobilenet_v1_0.25_128");
}

TEST(Threads, SharedConformanceModels) {
  int found = 0;
  for (const char* name : {"mobilenet_v1_0.25_128_quant.tflite", "tf2_mobilenet_v2_1.0_224_ptq.tflite"}) {
    const std::string path = std::string(OCTET_SHARED_DIR) + "/models/" + name;
    std::ifstream file(path, std::ios::binary);
    if (!file) continue;
    const std::vector<uint8_t> tflite((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    const tools::ConvertResult converted = tools::ConvertTfliteToOctet(tflite.data(), tflite.size(), name);
    ASSERT_TRUE(converted.ok) << converted.error;
    ExpectSameForEveryThreadCount(converted.model, name);
    ++found;
  }
  if (found == 0) GTEST_SKIP() << "no models in " << OCTET_SHARED_DIR << "/models";
}

}  // namespace
}  // namespace octet
