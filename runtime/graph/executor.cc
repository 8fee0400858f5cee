#include "runtime/graph/executor.h"

#include <cstdlib>
#include <cstring>

namespace octet {

Status Session::Create(std::shared_ptr<const Model> model, const SessionOptions& options,
                       std::unique_ptr<Session>* session) {
  std::unique_ptr<Session> s(new Session());
  s->options_ = options;
  // At least one alignment unit so an all-constant graph still gets a valid pointer.
  const size_t arena_bytes = model->arena_size() == 0 ? kArenaAlignment : model->arena_size();
  s->arena_ = static_cast<uint8_t*>(std::aligned_alloc(kArenaAlignment, arena_bytes));
  if (!s->arena_) {
    return Status(OCTET_OUT_OF_MEMORY, model->name() + ": cannot allocate the " + std::to_string(arena_bytes) +
                                           "-byte activation arena");
  }
  // Zero the arena once so no uninitialized memory can ever reach an output.
  std::memset(s->arena_, 0, arena_bytes);
  const std::vector<Tensor>& tensors = model->tensors();
  s->pointers_.resize(tensors.size());
  for (size_t t = 0; t < tensors.size(); ++t) {
    s->pointers_[t] = tensors[t].is_constant() ? const_cast<uint8_t*>(tensors[t].data)
                                               : s->arena_ + model->arena_offsets()[t];
  }
  s->model_ = std::move(model);
  *session = std::move(s);
  return Status::Ok();
}

Session::~Session() { std::free(arena_); }

void Session::Run() {
  const TensorData data{pointers_.data()};
  for (const Operator& op : model_->operators()) op.kernel->Run(data);
}

}  // namespace octet
