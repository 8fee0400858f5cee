// Shared by the fuzz targets: load untrusted model bytes and, when they verify, run them once.
#ifndef OCTET_TESTS_FUZZ_FUZZ_COMMON_H_
#define OCTET_TESTS_FUZZ_FUZZ_COMMON_H_

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include "runtime/graph/executor.h"
#include "runtime/model/model.h"

namespace octet::fuzz {

// Loads `bytes` (copied to 64-byte aligned memory, as a mapped file would be); if the model verifies,
// runs it with inputs filled from `input_seed` at one and two threads. Any crash, sanitizer report
// or hang is a bug; errors are the expected outcome for most inputs.
inline void LoadAndRun(const uint8_t* bytes, size_t size, uint8_t input_seed) {
  if (size == 0) return;
  void* aligned = std::aligned_alloc(64, (size + 63) / 64 * 64);
  if (!aligned) return;
  std::memcpy(aligned, bytes, size);
  std::shared_ptr<const Model> model;
  if (Model::LoadMemory(aligned, size, &model).ok()) {
    // Skip models whose arena would be huge: the verifier allows them, the fuzzer should not wait on them.
    if (model->arena_size() < (size_t{64} << 20)) {
      for (int threads : {1, 2}) {
        SessionOptions options;
        options.num_threads = threads;
        std::unique_ptr<Session> session;
        if (!Session::Create(model, options, &session).ok()) continue;
        for (int t : model->inputs()) {
          const Tensor& tensor = model->tensors()[static_cast<size_t>(t)];
          uint8_t* data = session->tensor_data(t);
          for (size_t i = 0; i < tensor.byte_size; ++i) data[i] = static_cast<uint8_t>(input_seed + i * 131);
          if (tensor.type == OCTET_TYPE_FLOAT32) {
            for (size_t i = 0; i + 4 <= tensor.byte_size; i += 4) {
              const float v = static_cast<float>(static_cast<int>(data[i]) - 128) / 16.0f;
              std::memcpy(data + i, &v, 4);
            }
          }
        }
        session->Run();
      }
    }
  }
  model.reset();
  std::free(aligned);
}

}  // namespace octet::fuzz

#endif  // OCTET_TESTS_FUZZ_FUZZ_COMMON_H_
