#include "runtime/graph/executor.h"

#include <chrono>
#include <cstdlib>
#include <cstring>

#include "kernels/common/prefault.h"

namespace octet {

Status Session::Create(std::shared_ptr<const Model> model, const SessionOptions& options,
                       std::unique_ptr<Session>* session) {
  std::unique_ptr<Session> s(new Session());
  s->options_ = options;
  std::string isa_error;
  const IsaSet usable =
      options.reference_only ? 0 : UsableIsas(options.has_isa_cap ? &options.isa_cap : nullptr, &isa_error);
  if (!isa_error.empty()) return Status(OCTET_INVALID_ARGUMENT, isa_error);
  s->plan_ = model->GetPlan(usable);
  const int threads = options.num_threads < 1 ? 1 : options.num_threads;
  s->threads_ = threads;
  if (threads > 1) s->pool_ = std::make_unique<ThreadPool>(threads);
  if (s->plan_->scratch_size > 0) {
    s->scratch_stride_ = (s->plan_->scratch_size + kArenaAlignment - 1) / kArenaAlignment * kArenaAlignment;
    s->scratch_ =
        static_cast<uint8_t*>(std::aligned_alloc(kArenaAlignment, s->scratch_stride_ * static_cast<size_t>(threads)));
    if (!s->scratch_) return Status(OCTET_OUT_OF_MEMORY, model->name() + ": cannot allocate kernel scratch memory");
  }
  // At least one alignment unit so an all-constant graph still gets a valid pointer.
  const size_t arena_bytes = model->arena_size() == 0 ? kArenaAlignment : model->arena_size();
  s->arena_ = static_cast<uint8_t*>(std::aligned_alloc(kArenaAlignment, arena_bytes));
  s->arena_bytes_ = arena_bytes;
  if (!s->arena_) {
    return Status(OCTET_OUT_OF_MEMORY,
                  model->name() + ": cannot allocate the " + std::to_string(arena_bytes) + "-byte activation arena");
  }
  PrefaultForWrite(s->arena_, arena_bytes);
  // Zero the arena once so no uninitialized memory can ever reach an output.
  std::memset(s->arena_, 0, arena_bytes);
  const std::vector<Tensor>& tensors = model->tensors();
  s->pointers_.resize(tensors.size());
  for (size_t t = 0; t < tensors.size(); ++t) {
    s->pointers_[t] =
        tensors[t].is_constant() ? const_cast<uint8_t*>(tensors[t].data) : s->arena_ + model->arena_offsets()[t];
  }
  s->model_ = std::move(model);
  *session = std::move(s);
  return Status::Ok();
}

Session::~Session() {
  std::free(arena_);
  std::free(scratch_);
}

void Session::Run(int64_t* op_nanoseconds) {
  const TensorData data{pointers_.data(), scratch_};
  for (size_t k = 0; k < plan_->kernels.size(); ++k) {
    const Kernel* kernel = plan_->kernels[k];
    const auto start = op_nanoseconds ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point();
    RunKernel(*kernel, data);
    if (op_nanoseconds) {
      op_nanoseconds[k] =
          std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start).count();
    }
  }
}

void Session::RunKernel(const Kernel& kernel, const TensorData& data) {
  const size_t tiles = pool_ ? kernel.tile_count() : 1;
  if (tiles <= 1) {
    kernel.Run(data);
    return;
  }
  // The pool's claims shrink to this size at the end of an operator: the thread that finishes first
  // waits for at most about 1/16 of its share (half or a quarter of that grain measured no better).
  const size_t share_parts = static_cast<size_t>(pool_->num_threads()) * 16;
  const size_t grain = (tiles + share_parts - 1) / share_parts;
  const auto task = [&](int thread, size_t begin, size_t end) {
    TensorData slice = data;
    slice.scratch = scratch_ ? scratch_ + static_cast<size_t>(thread) * scratch_stride_ : nullptr;
    kernel.RunTiles(slice, begin, end);
  };
  pool_->ParallelFor(tiles, grain, ThreadPool::Task(task));
}

}  // namespace octet
