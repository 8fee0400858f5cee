// A session: one model's activation arena plus the pointers the kernels read and write.
// Creating it allocates; Run allocates nothing and cannot fail.
#ifndef OCTET_RUNTIME_GRAPH_EXECUTOR_H_
#define OCTET_RUNTIME_GRAPH_EXECUTOR_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "runtime/core/status.h"
#include "runtime/model/model.h"

namespace octet {

struct SessionOptions {
  int num_threads = 1;
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
  void Run();

 private:
  Session() = default;
  std::shared_ptr<const Model> model_;
  SessionOptions options_;
  uint8_t* arena_ = nullptr;
  std::vector<uint8_t*> pointers_;
};

}  // namespace octet

#endif  // OCTET_RUNTIME_GRAPH_EXECUTOR_H_
