// CONV_2D / FULLY_CONNECTED followed by a same-shape ADD of its output, as one kernel: each group
// of GEMM tiles is computed into per-thread scratch and added to the other operand's rows by the
// ADD's own vadd microkernel while still in cache, so the intermediate tensor never reaches the arena.
// Bit-exact with the two kernels run one after the other (same code, same arithmetic).
#ifndef OCTET_RUNTIME_OPS_GEMM_ADD_H_
#define OCTET_RUNTIME_OPS_GEMM_ADD_H_

#include <memory>

#include "runtime/graph/graph.h"

namespace octet {

// The fused kernel for `gemm` (a specialized CONV_2D or FULLY_CONNECTED kernel of the GEMM family)
// and `add` (a specialized same-shape ADD kernel with gemm's output as exactly one of its inputs),
// or null when either is not of those families. Both must outlive the result (the plan owns them).
// The graph conditions (the intermediate has no other reader, is not a graph output, the ADD's
// output does not overlap gemm's input) are the caller's.
std::unique_ptr<Kernel> FuseGemmAdd(const Kernel& gemm, const Kernel& add);

}  // namespace octet

#endif  // OCTET_RUNTIME_OPS_GEMM_ADD_H_
