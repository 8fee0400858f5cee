#include "tests/kernels/gemm/extra_kernels.h"

namespace octet::testing {

#ifdef OCTET_GEMM_TEST_EVEX256
const kernels::GemmUkernel* Evex256Kernel();  // extra_kernels_evex256.cc (built with avx512vnni flags)
#endif

std::vector<ExtraKernel> ExtraGemmKernels() {
  std::vector<ExtraKernel> extra;
#ifdef OCTET_GEMM_TEST_EVEX256
  extra.push_back({Evex256Kernel(), Isa::kAvx512Vnni});
#endif
  return extra;
}

}  // namespace octet::testing
