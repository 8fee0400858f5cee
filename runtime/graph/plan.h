// An execution plan: the kernel each operator runs for one set of usable ISAs. Built once per
// (model, ISA set) and shared by every session using that set, so weights are packed once.
#ifndef OCTET_RUNTIME_GRAPH_PLAN_H_
#define OCTET_RUNTIME_GRAPH_PLAN_H_

#include <memory>
#include <vector>

#include "runtime/graph/graph.h"

namespace octet {

struct ExecutionPlan {
  IsaSet usable = 0;
  std::vector<const Kernel*> kernels;          // one per operator, in order
  std::vector<std::unique_ptr<Kernel>> owned;  // the specialized ones
  size_t scratch_size = 0;                     // the largest any kernel needs (ops run one at a time)
  size_t packed_bytes = 0;                     // weights the specialized kernels packed (Kernel::packed_bytes)
  int fused_ops = 0;                           // operators whose work runs inside the previous one's kernel
};

// Specializes every operator's kernel for `usable`; an empty set keeps every reference kernel.
//
// Fusion (specialized plans only): a CONV_2D or FULLY_CONNECTED on the GEMM kernels whose output T
// is read only by the next operator, a same-shape ADD(T, R) on the vadd kernels, runs as one kernel
// (runtime/ops/gemm_add.h) when T is not a graph output and the ADD's output does not overlap the
// GEMM's input in the arena (the GEMM still reads its input while output rows are written) and
// either is R's buffer or does not overlap it. The ADD's slot then holds a kernel named "fused"
// that does nothing, so plans keep one kernel per operator. Likewise a QUANTIZE whose map is XOR
// 0x80, read only by the next operator, a CONV_2D or FULLY_CONNECTED on the GEMM kernels, runs inside
// it (runtime/ops/flip_gemm.h) when the GEMM's output does not overlap the QUANTIZE's input; the
// QUANTIZE's slot holds the "fused" kernel. `tensors`, `graph_outputs` and
// `arena_offsets` are the model's (Model accessors).
std::unique_ptr<ExecutionPlan> BuildPlan(const std::vector<Operator>& operators, const std::vector<Tensor>& tensors,
                                         const std::vector<int>& graph_outputs,
                                         const std::vector<size_t>& arena_offsets, IsaSet usable);

}  // namespace octet

#endif  // OCTET_RUNTIME_GRAPH_PLAN_H_
