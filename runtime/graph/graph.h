// The verified, immutable form of a model that the runtime executes: tensors with their shapes,
// types, quantization and (for constants) data pointers into the model bytes, and operators in
// execution order with their prepared kernels.
#ifndef OCTET_RUNTIME_GRAPH_GRAPH_H_
#define OCTET_RUNTIME_GRAPH_GRAPH_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "kernels/dispatch/isa.h"
#include "octet/octet.h"

namespace octet {

// Limits a verified model never exceeds (checked with overflow-safe arithmetic in the verifier).
constexpr int kMaxRank = OCTET_MAX_RANK;
constexpr size_t kMaxTensorElements = size_t{1} << 31;
constexpr size_t kArenaAlignment = 64;

struct Tensor {
  std::string name;
  octet_type type = OCTET_TYPE_INT8;
  std::vector<int> shape;
  size_t num_elements = 0;
  size_t byte_size = 0;
  // Quantization: empty for unquantized tensors; one entry per tensor or one per channel of `axis`.
  std::vector<float> scales;
  std::vector<int64_t> zero_points;
  int quantized_axis = 0;
  // Constant data, pointing into the model bytes; null for activations.
  const uint8_t* data = nullptr;

  bool is_constant() const { return data != nullptr; }
  bool is_quantized() const { return !scales.empty(); }
  float scale() const { return scales.empty() ? 0.0f : scales[0]; }
  int32_t zero_point() const { return zero_points.empty() ? 0 : static_cast<int32_t>(zero_points[0]); }
  int dim(int i) const { return shape[static_cast<size_t>(i)]; }
  int rank() const { return static_cast<int>(shape.size()); }
};

// Tensor data as seen by a running kernel: index -> pointer (arena slot or constant bytes).
struct TensorData {
  uint8_t* const* pointers = nullptr;
  uint8_t* scratch = nullptr;  // per-session scratch, at least Kernel::scratch_size() bytes, 64-aligned
  template <typename T>
  T* get(int tensor) const {
    return reinterpret_cast<T*>(pointers[tensor]);
  }
};

// A prepared operator: everything derivable from the model (multipliers, clamps, geometry) is
// computed once; Run cannot fail. The kernel built when a model loads runs the reference kernels;
// Specialize returns an optimized one for a set of usable ISAs (packing weights once), or null when
// the reference is the best there is.
class Kernel {
 public:
  virtual ~Kernel() = default;
  virtual void Run(const TensorData& data) const = 0;
  virtual std::unique_ptr<Kernel> Specialize(IsaSet /*usable*/) const { return nullptr; }
  // Independent tiles for the thread pool: RunTiles over [0, tile_count()) in any split and order
  // does what Run does; each concurrent caller passes its own scratch in `data`.
  virtual size_t tile_count() const { return 1; }
  virtual void RunTiles(const TensorData& data, size_t /*begin*/, size_t /*end*/) const { Run(data); }
  virtual size_t scratch_size() const { return 0; }
  // Bytes of weights this kernel packed for itself (held once per plan, shared by its sessions).
  virtual size_t packed_bytes() const { return 0; }
  virtual Isa isa() const { return Isa::kScalar; }
  virtual const char* name() const { return "reference"; }
};

struct Operator {
  int type = 0;             // schema::OpType
  std::vector<int> inputs;  // -1 for an absent optional input
  std::vector<int> outputs;
  std::unique_ptr<Kernel> kernel;
  int64_t macs = 0;  // multiply-accumulates per run, for reports
};

const char* TypeName(octet_type type);
const char* OpTypeName(int op_type);
// "tensor 5 'conv1/weights'"
std::string TensorLabel(const std::vector<Tensor>& tensors, int index);
std::string ShapeString(const std::vector<int>& shape);

}  // namespace octet

#endif  // OCTET_RUNTIME_GRAPH_GRAPH_H_
