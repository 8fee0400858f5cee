#include "runtime/graph/plan.h"

#include <algorithm>

#include "octet/schema/octet_generated.h"
#include "runtime/ops/flip_gemm.h"
#include "runtime/ops/fusion.h"
#include "runtime/ops/gemm_add.h"

namespace octet {
namespace {

// Arena byte ranges of two activations overlap (constants never do).
bool Overlap(const std::vector<Tensor>& tensors, const std::vector<size_t>& offsets, int a, int b) {
  const Tensor& ta = tensors[static_cast<size_t>(a)];
  const Tensor& tb = tensors[static_cast<size_t>(b)];
  if (ta.is_constant() || tb.is_constant() || ta.byte_size == 0 || tb.byte_size == 0) return false;
  const size_t oa = offsets[static_cast<size_t>(a)], ob = offsets[static_cast<size_t>(b)];
  return oa < ob + tb.byte_size && ob < oa + ta.byte_size;
}

// Tensor t has one reader and is not a graph output: an operator may stop materializing it.
bool OnlyIntermediate(const std::vector<Operator>& operators, const std::vector<int>& graph_outputs, int t) {
  if (std::find(graph_outputs.begin(), graph_outputs.end(), t) != graph_outputs.end()) return false;
  size_t readers = 0;
  for (const Operator& op : operators)
    readers += static_cast<size_t>(std::count(op.inputs.begin(), op.inputs.end(), t));
  return readers == 1;
}

// Whether operator k + 1 (an ADD) may run inside operator k's GEMM kernel (see BuildPlan).
bool CanFuseAdd(const std::vector<Operator>& operators, const std::vector<Tensor>& tensors,
                const std::vector<int>& graph_outputs, const std::vector<size_t>& offsets, size_t k) {
  const Operator& gemm = operators[k];
  const Operator& add = operators[k + 1];
  if (gemm.type != static_cast<int>(schema::OpType::CONV_2D) &&
      gemm.type != static_cast<int>(schema::OpType::FULLY_CONNECTED)) {
    return false;
  }
  if (add.type != static_cast<int>(schema::OpType::ADD) || gemm.outputs.size() != 1 || add.inputs.size() != 2 ||
      add.outputs.size() != 1) {
    return false;
  }
  const int t = gemm.outputs[0];
  if (t < 0 || (add.inputs[0] == t) == (add.inputs[1] == t)) return false;  // T exactly once
  const int r = add.inputs[0] == t ? add.inputs[1] : add.inputs[0];
  const int out = add.outputs[0];
  if (r < 0 || out < 0) return false;
  const Tensor& tt = tensors[static_cast<size_t>(t)];
  if (tensors[static_cast<size_t>(r)].shape != tt.shape || tensors[static_cast<size_t>(out)].shape != tt.shape) {
    return false;
  }
  if (!OnlyIntermediate(operators, graph_outputs, t)) return false;
  for (int in : gemm.inputs) {
    if (in >= 0 && Overlap(tensors, offsets, in, out)) return false;
  }
  // In place over R is fine (each element is read before it is written, by the same thread);
  // a partial overlap is not.
  if (Overlap(tensors, offsets, r, out) && offsets[static_cast<size_t>(r)] != offsets[static_cast<size_t>(out)]) {
    return false;
  }
  return true;
}

// Whether operator k (a QUANTIZE) may run inside operator k + 1's GEMM kernel (see BuildPlan).
bool CanFuseQuantize(const std::vector<Operator>& operators, const std::vector<Tensor>& tensors,
                     const std::vector<int>& graph_outputs, const std::vector<size_t>& offsets, size_t k) {
  const Operator& quantize = operators[k];
  const Operator& gemm = operators[k + 1];
  if (quantize.type != static_cast<int>(schema::OpType::QUANTIZE) || quantize.inputs.size() != 1 ||
      quantize.outputs.size() != 1 || gemm.outputs.size() != 1 || gemm.inputs.empty()) {
    return false;
  }
  const int in = quantize.inputs[0], t = quantize.outputs[0], out = gemm.outputs[0];
  if (in < 0 || t < 0 || out < 0 || gemm.inputs[0] != t) return false;
  if (!OnlyIntermediate(operators, graph_outputs, t)) return false;
  // The GEMM reads `in` while it writes its output rows.
  return !Overlap(tensors, offsets, in, out);
}

}  // namespace

std::unique_ptr<ExecutionPlan> BuildPlan(const std::vector<Operator>& operators, const std::vector<Tensor>& tensors,
                                         const std::vector<int>& graph_outputs,
                                         const std::vector<size_t>& arena_offsets, IsaSet usable) {
  auto plan = std::make_unique<ExecutionPlan>();
  plan->usable = usable;
  for (const Operator& op : operators) {
    // No usable ISA (SessionOptions::reference_only): the reference kernels, not even the scalar ones.
    std::unique_ptr<Kernel> fast = usable != 0 ? op.kernel->Specialize(usable) : nullptr;
    const Kernel* chosen = op.kernel.get();
    if (fast) {
      chosen = fast.get();
      plan->owned.push_back(std::move(fast));
    }
    plan->kernels.push_back(chosen);
  }
  // Fusion: only between specialized kernels (FuseFlipGemm and FuseGemmAdd return null for reference
  // ones), so the reference-only plan stays the executable spec.
  for (size_t k = 0; usable != 0 && k + 1 < operators.size(); ++k) {
    if (!CanFuseQuantize(operators, tensors, graph_outputs, arena_offsets, k)) continue;
    std::unique_ptr<Kernel> fused = FuseFlipGemm(*plan->kernels[k], *plan->kernels[k + 1]);
    if (!fused) continue;
    std::unique_ptr<Kernel> away = MakeFusedAwayKernel();
    plan->kernels[k] = away.get();
    plan->owned.push_back(std::move(away));
    plan->kernels[k + 1] = fused.get();
    plan->owned.push_back(std::move(fused));
    ++plan->fused_ops;
    ++k;
  }
  // A GEMM that took a QUANTIZE in is no longer a GEMM kernel FuseGemmAdd recognizes: it keeps its ADD.
  for (size_t k = 0; usable != 0 && k + 1 < operators.size(); ++k) {
    if (!CanFuseAdd(operators, tensors, graph_outputs, arena_offsets, k)) continue;
    std::unique_ptr<Kernel> fused = FuseGemmAdd(*plan->kernels[k], *plan->kernels[k + 1]);
    if (!fused) continue;
    plan->kernels[k] = fused.get();
    plan->owned.push_back(std::move(fused));
    std::unique_ptr<Kernel> away = MakeFusedAwayKernel();
    plan->kernels[k + 1] = away.get();
    plan->owned.push_back(std::move(away));
    ++plan->fused_ops;
    ++k;
  }
  for (const Kernel* kernel : plan->kernels) {
    plan->scratch_size = std::max(plan->scratch_size, kernel->scratch_size());
    plan->packed_bytes += kernel->packed_bytes();
  }
  return plan;
}

}  // namespace octet
