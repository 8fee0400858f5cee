// The table of compiled GEMM microkernels, expanded from gemm.inc. OCTET_GEMM_BUILT_<ISA> is
// defined (kernels/gemm/CMakeLists.txt) for each ISA whose kernel files this build compiled.
#include "kernels/gemm/gemm.h"

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <string>
#include <vector>

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

// Arm: `neon` kernels are aarch64's, `neon32` armv7's (both Isa::kNeon).
#if defined(OCTET_GEMM_BUILT_NEON) && defined(__aarch64__)
#define OCTET_GEMM_IF_neon(x) x,
#else
#define OCTET_GEMM_IF_neon(x)
#endif
#if defined(OCTET_GEMM_BUILT_NEON) && defined(__arm__)
#define OCTET_GEMM_IF_neon32(x) x,
#else
#define OCTET_GEMM_IF_neon32(x)
#endif
#ifdef OCTET_GEMM_BUILT_NEONDOT
#define OCTET_GEMM_IF_neondot(x) x,
#else
#define OCTET_GEMM_IF_neondot(x)
#endif
#ifdef OCTET_GEMM_BUILT_I8MM
#define OCTET_GEMM_IF_i8mm(x) x,
#else
#define OCTET_GEMM_IF_i8mm(x)
#endif

const GemmUkernel kUkernels[] = {
#define OCTET_GEMM_UKERNEL(isa_token, isa_enum, fn_name, mr, nr, kr, u8) \
  OCTET_GEMM_IF_##isa_token((GemmUkernel{#fn_name, Isa::isa_enum, mr, nr, kr, u8, fn_name}))
#include "kernels/gemm/gemm.inc"
#undef OCTET_GEMM_UKERNEL
};

#define OCTET_GEMM_UKERNEL(isa_token, isa_enum, fn_name, mr, nr, kr, u8)
#define OCTET_GEMM_DIRECT(isa_token, fn_name, direct_name) \
  OCTET_GEMM_IF_##isa_token((DirectEntry{fn_name, direct_name}))
struct DirectEntry {
  GemmUkernelFn fn;
  GemmDirectFn direct;
};
const DirectEntry kDirect[] = {
#include "kernels/gemm/gemm.inc"
    DirectEntry{nullptr, nullptr}};
#undef OCTET_GEMM_UKERNEL
#undef OCTET_GEMM_DIRECT

// The table in selection order: on in-order Arm cores (PreferInOrderArmKernels) each in-order kernel
// (`_a55`, `_a510`: named for the core they are scheduled for) moves in front of its twin (same ISA
// and tile), so it becomes that ISA's main kernel.
std::vector<GemmUkernel> OrderedUkernels() {
  std::vector<GemmUkernel> list(std::begin(kUkernels), std::end(kUkernels));
  for (GemmUkernel& k : list) {
    for (const DirectEntry& d : kDirect) {
      if (d.fn != nullptr && d.fn == k.fn) k.direct = d.direct;
    }
  }
  if (!PreferInOrderArmKernels()) return list;
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string name = list[i].name;
    const auto ends_with = [&name](const std::string& suffix) {
      return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    if (!ends_with("_a55") && !ends_with("_a510")) continue;
    for (size_t j = 0; j < i; ++j) {
      if (list[j].isa == list[i].isa && list[j].mr == list[i].mr && list[j].nr == list[i].nr &&
          list[j].kr == list[i].kr) {
        std::rotate(list.begin() + static_cast<std::ptrdiff_t>(j), list.begin() + static_cast<std::ptrdiff_t>(i),
                    list.begin() + static_cast<std::ptrdiff_t>(i) + 1);
        break;
      }
    }
  }
  return list;
}

}  // namespace

RowSumsFn SelectRowSums(Isa isa) {
#ifdef OCTET_GEMM_BUILT_AVX512VNNI
  if (isa == Isa::kAvx512Vnni) return q8_rowsum__avx512;
#endif
  (void)isa;
  return nullptr;
}

FlipCopyFn SelectFlipCopy(Isa isa) {
#ifdef OCTET_GEMM_BUILT_AVX512VNNI
  if (isa == Isa::kAvx512Vnni) return q8_flipcopy__avx512;
#endif
  (void)isa;
  return nullptr;
}

const GemmUkernel* GemmUkernels(size_t* count) {
  static const std::vector<GemmUkernel> list = OrderedUkernels();
  *count = list.size();
  return list.data();
}

}  // namespace octet::kernels
