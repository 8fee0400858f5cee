// Test-only GEMM kernels: variants that exercise code this machine cannot run directly (for
// example the AVX-VNNI body compiled with the EVEX dot instruction).
#ifndef OCTET_TESTS_KERNELS_GEMM_EXTRA_KERNELS_H_
#define OCTET_TESTS_KERNELS_GEMM_EXTRA_KERNELS_H_

#include <vector>

#include "kernels/gemm/gemm.h"

namespace octet::testing {

struct ExtraKernel {
  const kernels::GemmUkernel* kernel;
  Isa run_isa;
};

std::vector<ExtraKernel> ExtraGemmKernels();

}  // namespace octet::testing

#endif  // OCTET_TESTS_KERNELS_GEMM_EXTRA_KERNELS_H_
