// QUANTIZE / requantize / XOR 0x80 / DEQUANTIZE microkernels (qs8/qu8), avx512.
#include "kernels/vcvt/simd-avx512.h"
// (the lane helpers must come first)
#include "kernels/vcvt/vcvt-impl.h"

OCTET_DEFINE_VCVT(octet::SimdAvx512, avx512)
