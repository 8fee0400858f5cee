// One model, many sessions on many threads with different inputs: each result equals a serial run of
// the same input. And a session used from two threads at once is refused, never raced. Run under
// ThreadSanitizer in CI (tools/scripts/test.sh).
#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <thread>

#include "octet/octet.h"
#include "tools/common/builtin_models.h"

namespace {

std::vector<uint8_t> Input(size_t size, int seed) {
  std::vector<uint8_t> v(size);
  for (size_t i = 0; i < size; ++i)
    v[i] = static_cast<uint8_t>((i * 2654435761u + static_cast<size_t>(seed) * 97) >> 7);
  return v;
}

std::vector<uint8_t> RunOnce(octet_session* session, const std::vector<uint8_t>& input, size_t output_size) {
  std::memcpy(octet_session_input_data(session, 0), input.data(), input.size());
  EXPECT_EQ(octet_session_run(session), OCTET_OK);
  const uint8_t* out = static_cast<const uint8_t*>(octet_session_output_data(session, 0));
  return std::vector<uint8_t>(out, out + output_size);
}

TEST(Concurrency, ManySessionsManyThreadsMatchSerial) {
  std::vector<uint8_t> bytes;
  std::string error;
  octet::tools::BuiltinOptions builtin_options;
  builtin_options.expose_activations = false;
  ASSERT_TRUE(octet::tools::BuildBuiltinModel("mobilenet_v1_0.25_128", builtin_options, &bytes, &error)) << error;
  octet_model* model = nullptr;
  ASSERT_EQ(octet_model_load_memory(bytes.data(), bytes.size(), &model), OCTET_OK);
  octet_tensor_info in, out;
  ASSERT_EQ(octet_model_input_info(model, 0, &in), OCTET_OK);
  ASSERT_EQ(octet_model_output_info(model, 0, &out), OCTET_OK);

  constexpr int kThreads = 6, kRunsPerThread = 8;
  // Serial expectations, one per (thread, run) input.
  std::vector<std::vector<uint8_t>> expected(kThreads * kRunsPerThread);
  {
    octet_session* serial = nullptr;
    ASSERT_EQ(octet_session_create(model, nullptr, &serial), OCTET_OK);
    for (int i = 0; i < kThreads * kRunsPerThread; ++i)
      expected[static_cast<size_t>(i)] = RunOnce(serial, Input(in.byte_size, i), out.byte_size);
    octet_session_destroy(serial);
  }
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      octet_session_options options;
      octet_session_options_init(&options);
      options.num_threads = 1 + t % 2;  // some sessions use their own thread pool too
      octet_session* session = nullptr;
      if (octet_session_create(model, &options, &session) != OCTET_OK) {
        ++mismatches;
        return;
      }
      for (int r = 0; r < kRunsPerThread; ++r) {
        const int i = t * kRunsPerThread + r;
        if (RunOnce(session, Input(in.byte_size, i), out.byte_size) != expected[static_cast<size_t>(i)]) ++mismatches;
      }
      octet_session_destroy(session);
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(mismatches.load(), 0);
  octet_model_destroy(model);
}

TEST(Concurrency, OneSessionTwoThreadsIsRefusedNotRaced) {
  std::vector<uint8_t> bytes;
  std::string error;
  ASSERT_TRUE(octet::tools::BuildBuiltinModel("mobilenet_v1_0.25_128", octet::tools::BuiltinOptions(), &bytes, &error));
  octet_model* model = nullptr;
  ASSERT_EQ(octet_model_load_memory(bytes.data(), bytes.size(), &model), OCTET_OK);
  octet_session* session = nullptr;
  ASSERT_EQ(octet_session_create(model, nullptr, &session), OCTET_OK);
  std::atomic<int> ok{0}, refused{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&] {
      for (int r = 0; r < 200; ++r) {
        const octet_status s = octet_session_run(session);
        if (s == OCTET_OK) {
          ++ok;
        } else if (s == OCTET_INVALID_ARGUMENT) {
          ++refused;
        }
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(ok + refused, 400);
  std::printf("concurrent runs on one session: %d ran, %d refused\n", ok.load(), refused.load());
  octet_session_destroy(session);
  octet_model_destroy(model);
}

}  // namespace
