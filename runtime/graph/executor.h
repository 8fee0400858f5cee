// A session: one model's activation arena plus the pointers the kernels read and write.
// Creating it allocates; Run allocates nothing and cannot fail.
#ifndef OCTET_RUNTIME_GRAPH_EXECUTOR_H_
#define OCTET_RUNTIME_GRAPH_EXECUTOR_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "runtime/core/status.h"
#include "runtime/model/model.h"
#include "runtime/threadpool/threadpool.h"

namespace octet {

struct SessionOptions {
  int num_threads = 1;
  // Cap on the instruction sets kernels may use; without one, OCTET_ISA (if set) caps them.
  bool has_isa_cap = false;
  Isa isa_cap = Isa::kScalar;
  // Run the reference kernels only (the executable spec), whatever the CPU supports.
  bool reference_only = false;
};

class Session {
 public:
  static Status Create(std::shared_ptr<const Model> model, const SessionOptions& options,
                       std::unique_ptr<Session>* session);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  const Model& model() const { return *model_; }
  uint8_t* tensor_data(int tensor) const { return pointers_[static_cast<size_t>(tensor)]; }
  const ExecutionPlan& plan() const { return *plan_; }
  size_t arena_bytes() const { return arena_bytes_; }
  size_t scratch_bytes() const { return scratch_stride_ * static_cast<size_t>(threads_); }
  // Runs every operator; with op_nanoseconds, also times each (one entry per operator).
  void Run(int64_t* op_nanoseconds = nullptr);

 private:
  Session() = default;
  void RunKernel(const Kernel& kernel, const TensorData& data);
  std::shared_ptr<const Model> model_;
  std::shared_ptr<const ExecutionPlan> plan_;
  SessionOptions options_;
  uint8_t* arena_ = nullptr;
  uint8_t* scratch_ = nullptr;  // one slot of scratch_stride_ bytes per thread
  size_t scratch_stride_ = 0;
  size_t arena_bytes_ = 0;
  int threads_ = 1;
  std::unique_ptr<ThreadPool> pool_;  // null for one thread
  std::vector<uint8_t*> pointers_;
};

}  // namespace octet

#endif  // OCTET_RUNTIME_GRAPH_EXECUTOR_H_
