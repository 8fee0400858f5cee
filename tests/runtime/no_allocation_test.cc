// Running a session allocates nothing: every allocation (operator new, malloc and aligned_alloc
// through the C library) is counted while runs execute, at one and at two threads, on the
// MobileNet-shaped built-in model with the best kernels this machine has. Creating the session is
// where memory is taken.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "runtime/graph/executor.h"
#include "runtime/model/model.h"
#include "tools/common/builtin_models.h"

namespace {
std::atomic<bool> counting{false};
std::atomic<long> allocations{0};
}  // namespace

// Replacing the global operator new counts every C++ allocation in this process.
// The replacements below pair malloc with free on purpose; GCC cannot see that through them.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
void* operator new(size_t size) {
  if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](size_t size) { return operator new(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
void operator delete[](void* p, size_t) noexcept { std::free(p); }

// The C library's allocators, wrapped at link time (-Wl,--wrap=malloc,...): catches malloc and
// aligned_alloc calls made by the runtime directly.
extern "C" {
void* __real_malloc(size_t size);
void* __real_aligned_alloc(size_t alignment, size_t size);
void* __real_calloc(size_t n, size_t size);
void* __real_realloc(void* p, size_t size);
void* __wrap_malloc(size_t size) {
  if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
  return __real_malloc(size);
}
void* __wrap_aligned_alloc(size_t alignment, size_t size) {
  if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
  return __real_aligned_alloc(alignment, size);
}
void* __wrap_calloc(size_t n, size_t size) {
  if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
  return __real_calloc(n, size);
}
void* __wrap_realloc(void* p, size_t size) {
  if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
  return __real_realloc(p, size);
}
}

namespace octet {
namespace {

TEST(NoAllocation, RunAllocatesNothing) {
  std::vector<uint8_t> bytes;
  std::string error;
  ASSERT_TRUE(tools::BuildBuiltinModel("mobilenet_v1_0.25_128", tools::BuiltinOptions(), &bytes, &error)) << error;
  std::shared_ptr<const Model> model;
  ASSERT_TRUE(Model::LoadMemory(bytes.data(), bytes.size(), &model).ok());
  for (int threads : {1, 2}) {
    SessionOptions options;
    options.num_threads = threads;
    std::unique_ptr<Session> session;
    ASSERT_TRUE(Session::Create(model, options, &session).ok());
    session->Run();  // first run outside the count: nothing is lazily set up, but be fair
    // Check the counter works at all.
    allocations = 0;
    counting = true;
    void* volatile probe = std::malloc(16);  // volatile: the compiler may not elide the pair
    counting = false;
    std::free(probe);
    ASSERT_EQ(allocations.load(), 1) << "the allocation counter does not see malloc";
    allocations = 0;
    counting = true;
    for (int i = 0; i < 5; ++i) session->Run();
    counting = false;
    EXPECT_EQ(allocations.load(), 0) << threads << " thread(s): runs allocated memory";
  }
}

}  // namespace
}  // namespace octet
