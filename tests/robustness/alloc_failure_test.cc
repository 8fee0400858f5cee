// Allocation failure injection: the N-th allocation (operator new, malloc, calloc, realloc and
// aligned_alloc, counted from the start of the call) fails, for every N until loading a model and
// creating a session succeed without reaching it. Every failure must come back through the C API as
// a status with a message — never an abort, a crash or (under LeakSanitizer) a leak.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "octet/octet.h"
#include "tools/common/builtin_models.h"

namespace {
std::atomic<bool> armed{false};
std::atomic<long> countdown{0};

bool ShouldFail() {
  if (!armed.load(std::memory_order_relaxed)) return false;
  return countdown.fetch_sub(1, std::memory_order_relaxed) == 1;
}
}  // namespace

extern "C" {
void* __real_malloc(size_t size);
void* __real_aligned_alloc(size_t alignment, size_t size);
void* __real_calloc(size_t n, size_t size);
void* __real_realloc(void* p, size_t size);
void* __wrap_malloc(size_t size) { return ShouldFail() ? nullptr : __real_malloc(size); }
void* __wrap_aligned_alloc(size_t alignment, size_t size) {
  return ShouldFail() ? nullptr : __real_aligned_alloc(alignment, size);
}
void* __wrap_calloc(size_t n, size_t size) { return ShouldFail() ? nullptr : __real_calloc(n, size); }
void* __wrap_realloc(void* p, size_t size) { return ShouldFail() ? nullptr : __real_realloc(p, size); }
}

// The replacements below pair malloc with free on purpose; GCC cannot see that through them.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
void* operator new(size_t size) {
  if (void* p = __wrap_malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](size_t size) { return operator new(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
void operator delete[](void* p, size_t) noexcept { std::free(p); }

namespace {

TEST(AllocationFailure, EveryAllocationInLoadAndPrepare) {
  std::vector<uint8_t> bytes;
  std::string error;
  ASSERT_TRUE(octet::tools::BuildBuiltinModel("mobilenet_v1_0.25_128", octet::tools::BuiltinOptions(), &bytes, &error));
  int failures_seen = 0;
  for (long n = 1;; ++n) {
    countdown = n;
    armed = true;
    octet_model* model = nullptr;
    octet_session* session = nullptr;
    octet_session_options options;
    octet_session_options_init(&options);
    options.num_threads = 2;
    octet_status status = octet_model_load_memory(bytes.data(), bytes.size(), &model);
    if (status == OCTET_OK) status = octet_session_create(model, &options, &session);
    const bool reached = countdown.load() <= 0;
    armed = false;
    if (status != OCTET_OK) {
      ++failures_seen;
      EXPECT_TRUE(reached) << "allocation " << n << ": failed although no allocation failed: " << octet_last_error();
      EXPECT_TRUE(status == OCTET_OUT_OF_MEMORY || status == OCTET_INTERNAL_ERROR) << octet_status_string(status);
      EXPECT_NE(std::string(octet_last_error()), "");
      EXPECT_EQ(session, nullptr);
    } else {
      // Either nothing failed (we are past the last allocation) or the failure was absorbed.
      ASSERT_EQ(octet_session_run(session), OCTET_OK);
    }
    octet_session_destroy(session);
    octet_model_destroy(model);
    if (!reached) {
      std::printf("load + prepare make %ld allocations; each failing one gave a clean error (%d failures seen)\n",
                  n - 1, failures_seen);
      break;
    }
    ASSERT_LT(n, 100000) << "runaway";
  }
}

}  // namespace
