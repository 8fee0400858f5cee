// What the operator fusions (runtime/ops/flip_gemm.h, runtime/ops/gemm_add.h) share: finding the
// GEMM engine inside a specialized CONV_2D or FULLY_CONNECTED kernel, and the kernel left at the
// position of an operator whose work moved into its neighbour's.
#ifndef OCTET_RUNTIME_OPS_FUSION_H_
#define OCTET_RUNTIME_OPS_FUSION_H_

#include <memory>

#include "runtime/graph/graph.h"

namespace octet {
namespace kernels {
class GemmOperator;
}

// The GEMM engine, input and output tensors of a specialized CONV_2D or FULLY_CONNECTED kernel of
// the GEMM family; false (nothing written) for any other kernel. For fusions that wrap the engine.
bool AsGemmKernel(const Kernel& k, const kernels::GemmOperator** gemm, int* input, int* output);

// The kernel left at a fused-away operator's position: does nothing (its work ran in the fused kernel).
std::unique_ptr<Kernel> MakeFusedAwayKernel();

}  // namespace octet

#endif  // OCTET_RUNTIME_OPS_FUSION_H_
