// A QUANTIZE that only flips the top bit of every byte (uint8 <-> int8 at one scale, zero points 128
// apart: a uint8 model input feeding an int8 model) followed by the CONV_2D or FULLY_CONNECTED that
// reads its output, as one kernel: the GEMM reads the QUANTIZE's input and its kernels skip the flip
// they would otherwise apply (GemmOperator::RunWork's input_flipped). On AVX-512 that removes one
// XOR per broadcast activation word of the first convolution, as well as the QUANTIZE's pass over
// the image. Bit-exact with the two kernels run one after the other.
#ifndef OCTET_RUNTIME_OPS_FLIP_GEMM_H_
#define OCTET_RUNTIME_OPS_FLIP_GEMM_H_

#include <memory>

#include "runtime/graph/graph.h"

namespace octet {

// The fused kernel for `quantize` (a specialized QUANTIZE whose map is XOR 0x80) and `gemm` (a
// specialized CONV_2D or FULLY_CONNECTED kernel of the GEMM family reading quantize's output), or
// null when either is not of those kinds. `gemm` must outlive the result (the plan owns it). The
// graph conditions (the intermediate has no other reader, is not a graph output, gemm's output does
// not overlap quantize's input) are the caller's.
std::unique_ptr<Kernel> FuseFlipGemm(const Kernel& quantize, const Kernel& gemm);

}  // namespace octet

#endif  // OCTET_RUNTIME_OPS_FLIP_GEMM_H_
