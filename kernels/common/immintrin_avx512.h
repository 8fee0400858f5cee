// <immintrin.h> for AVX-512 translation units (compiled with the avx512 flags), with GCC 12's false
// "may be used uninitialized" warnings silenced: its avx512fintrin.h pass-through operands
// (_mm512_undefined_*) trip -Wmaybe-uninitialized and -Wuninitialized once inlined (GCC bug 105593).
// The pragmas must precede the intrinsics header, so include this one instead of it, first.
#ifndef OCTET_KERNELS_COMMON_IMMINTRIN_AVX512_H_
#define OCTET_KERNELS_COMMON_IMMINTRIN_AVX512_H_

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
#include <immintrin.h>

#endif  // OCTET_KERNELS_COMMON_IMMINTRIN_AVX512_H_
