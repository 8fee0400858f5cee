// Which of the elementwise families' kernel levels (scalar, sse41, avx2, avx512, neon) to run, given the
// usable ISA set. The families' portable .cc files are compiled with OCTET_BUILT_<ISA> for each ISA
// this build compiled (see the family CMakeLists.txt). "avxvnni" needs nothing beyond AVX2 here, and
// the "avx512vnni" level only uses AVX-512 F/BW/VL/DQ.
#ifndef OCTET_KERNELS_VCVT_ISA_SELECT_H_
#define OCTET_KERNELS_VCVT_ISA_SELECT_H_

#include "kernels/dispatch/isa.h"

namespace octet::elementwise {

inline Isa SelectIsa(IsaSet usable) {
#ifdef OCTET_BUILT_AVX512VNNI
  if (Has(usable, Isa::kAvx512Vnni)) return Isa::kAvx512Vnni;
#endif
#ifdef OCTET_BUILT_AVX2
  if (Has(usable, Isa::kAvx2)) return Isa::kAvx2;
#endif
#ifdef OCTET_BUILT_SSE41
  if (Has(usable, Isa::kSse41)) return Isa::kSse41;
#endif
#ifdef OCTET_BUILT_NEON
  if (Has(usable, Isa::kNeon)) return Isa::kNeon;  // also the level under neondot / i8mm caps
#endif
  (void)usable;
  return Isa::kScalar;
}

}  // namespace octet::elementwise

// Expands to the switch arms that fill `fields` with the kernels of the selected level:
// OCTET_SELECT_LEVEL(isa, ASSIGN) where ASSIGN(level, token) assigns the kernels named *__token.
#if defined(OCTET_BUILT_AVX512VNNI)
#define OCTET_CASE_AVX512(ASSIGN) \
  case Isa::kAvx512Vnni:          \
    ASSIGN(avx512);               \
    break;
#else
#define OCTET_CASE_AVX512(ASSIGN)
#endif
#if defined(OCTET_BUILT_AVX2)
#define OCTET_CASE_AVX2(ASSIGN) \
  case Isa::kAvx2:              \
    ASSIGN(avx2);               \
    break;
#else
#define OCTET_CASE_AVX2(ASSIGN)
#endif
#if defined(OCTET_BUILT_SSE41)
#define OCTET_CASE_SSE41(ASSIGN) \
  case Isa::kSse41:              \
    ASSIGN(sse41);               \
    break;
#else
#define OCTET_CASE_SSE41(ASSIGN)
#endif
#if defined(OCTET_BUILT_NEON)
#define OCTET_CASE_NEON(ASSIGN) \
  case Isa::kNeon:              \
    ASSIGN(neon);               \
    break;
#else
#define OCTET_CASE_NEON(ASSIGN)
#endif
#define OCTET_SELECT_LEVEL(isa, ASSIGN) \
  switch (isa) {                        \
    OCTET_CASE_AVX512(ASSIGN)           \
    OCTET_CASE_AVX2(ASSIGN)             \
    OCTET_CASE_SSE41(ASSIGN)            \
    OCTET_CASE_NEON(ASSIGN)             \
    default:                            \
      ASSIGN(scalar);                   \
      break;                            \
  }

#endif  // OCTET_KERNELS_VCVT_ISA_SELECT_H_
