// Entry points into the per-ISA test translation units (each built with its ISA's flags).
#ifndef OCTET_TESTS_KERNELS_COMMON_REQUANTIZE_SIMD_H_
#define OCTET_TESTS_KERNELS_COMMON_REQUANTIZE_SIMD_H_

#include <cstddef>
#include <cstdint>

#include "kernels/common/requantize.h"

namespace octet::testing {
// Requantize `channels` accumulators (a multiple of the lane count) with the vector helper.
void RequantizeSse41Lanes(const RequantView& r, const int32_t* acc, int32_t* out, size_t channels);
void RequantizeAvx2Lanes(const RequantView& r, const int32_t* acc, int32_t* out, size_t channels);
void RequantizeAvx512Lanes(const RequantView& r, const int32_t* acc, int32_t* out, size_t channels);
void RequantizeNeonLanes(const RequantView& r, const int32_t* acc, int32_t* out, size_t channels);
// NEON with the int8 narrowing epilogue (clamp range inside [-128, 127]), widened back for comparison.
void RequantizeNeonInt8Lanes(const RequantView& r, const int32_t* acc, int32_t* out, size_t channels);
}  // namespace octet::testing

#endif  // OCTET_TESTS_KERNELS_COMMON_REQUANTIZE_SIMD_H_
