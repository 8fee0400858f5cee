// The table of compiled GEMM microkernels, expanded from gemm.inc. OCTET_GEMM_BUILT_<ISA> is
// defined (kernels/gemm/CMakeLists.txt) for each ISA whose kernel files this build compiled.
#include "kernels/gemm/gemm.h"

namespace octet::kernels {
namespace {

#define OCTET_GEMM_IF_scalar(x) x,
#ifdef OCTET_GEMM_BUILT_SSE41
#define OCTET_GEMM_IF_sse41(x) x,
#else
#define OCTET_GEMM_IF_sse41(x)
#endif
#ifdef OCTET_GEMM_BUILT_AVX2
#define OCTET_GEMM_IF_avx2(x) x,
#else
#define OCTET_GEMM_IF_avx2(x)
#endif
#ifdef OCTET_GEMM_BUILT_AVXVNNI
#define OCTET_GEMM_IF_avxvnni(x) x,
#else
#define OCTET_GEMM_IF_avxvnni(x)
#endif
#ifdef OCTET_GEMM_BUILT_AVX512VNNI
#define OCTET_GEMM_IF_avx512vnni(x) x,
#else
#define OCTET_GEMM_IF_avx512vnni(x)
#endif

const GemmUkernel kUkernels[] = {
#define OCTET_GEMM_UKERNEL(isa_token, isa_enum, fn_name, mr, nr, kr, u8) \
  OCTET_GEMM_IF_##isa_token((GemmUkernel{#fn_name, Isa::isa_enum, mr, nr, kr, u8, fn_name}))
#include "kernels/gemm/gemm.inc"
#undef OCTET_GEMM_UKERNEL
};

}  // namespace

const GemmUkernel* GemmUkernels(size_t* count) {
  *count = sizeof(kUkernels) / sizeof(kUkernels[0]);
  return kUkernels;
}

}  // namespace octet::kernels
