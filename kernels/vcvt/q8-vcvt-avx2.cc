// QUANTIZE / requantize / XOR 0x80 / DEQUANTIZE microkernels (qs8/qu8), avx2.
#include "kernels/vcvt/simd-avx2.h"
// (the lane helpers must come first)
#include "kernels/vcvt/vcvt-impl.h"

OCTET_DEFINE_VCVT(octet::SimdAvx2, avx2)
