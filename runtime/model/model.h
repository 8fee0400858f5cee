// A loaded, verified, immutable model: the bytes (memory-mapped, borrowed or copied), the graph
// built from them, the prepared kernels and the activation memory plan. Shared by every session.
#ifndef OCTET_RUNTIME_MODEL_MODEL_H_
#define OCTET_RUNTIME_MODEL_MODEL_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "runtime/core/status.h"
#include "runtime/graph/graph.h"
#include "runtime/graph/plan.h"

namespace octet {

// Owns (or borrows) the model bytes.
class ModelBytes {
 public:
  virtual ~ModelBytes() = default;
  virtual const uint8_t* data() const = 0;
  virtual size_t size() const = 0;
};

class Model {
 public:
  // `name` is used in error messages (the file path, or "<memory>").
  static Status LoadFile(const std::string& path, std::shared_ptr<const Model>* model);
  static Status LoadMemory(const void* data, size_t size, std::shared_ptr<const Model>* model);

  const std::string& name() const { return name_; }
  const std::vector<Tensor>& tensors() const { return tensors_; }
  const std::vector<Operator>& operators() const { return operators_; }
  const std::vector<int>& inputs() const { return inputs_; }
  const std::vector<int>& outputs() const { return outputs_; }
  // Arena offset of each tensor (meaningful for activations only) and the arena size.
  const std::vector<size_t>& arena_offsets() const { return arena_offsets_; }
  size_t arena_size() const { return arena_size_; }
  size_t constant_bytes() const { return constant_bytes_; }
  const std::string& producer() const { return producer_; }
  const std::string& source_model() const { return source_model_; }
  const std::string& description() const { return description_; }

  // The plan for a set of usable ISAs, built on first use (packing weights) and shared afterwards.
  // Thread-safe.
  std::shared_ptr<const ExecutionPlan> GetPlan(IsaSet usable) const;

 private:
  friend Status BuildModel(std::unique_ptr<ModelBytes> bytes, const std::string& name,
                           std::shared_ptr<const Model>* model);
  Model() = default;

  std::unique_ptr<ModelBytes> bytes_;
  std::string name_;
  std::vector<Tensor> tensors_;
  std::vector<Operator> operators_;
  std::vector<int> inputs_, outputs_;
  std::vector<size_t> arena_offsets_;
  size_t arena_size_ = 0;
  size_t constant_bytes_ = 0;
  std::string producer_, source_model_, description_;
  mutable std::mutex plans_mutex_;
  mutable std::map<IsaSet, std::shared_ptr<const ExecutionPlan>> plans_;
};

// Verifies the bytes (FlatBuffers verifier, then octet's semantic checks), prepares every
// operator and plans memory. Defined in verifier.cc.
Status BuildModel(std::unique_ptr<ModelBytes> bytes, const std::string& name, std::shared_ptr<const Model>* model);

}  // namespace octet

#endif  // OCTET_RUNTIME_MODEL_MODEL_H_
