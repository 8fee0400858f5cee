// QUANTIZE / requantize / XOR 0x80 / DEQUANTIZE microkernels (qs8/qu8), sse41.
#include "kernels/vcvt/simd-sse41.h"
// (the lane helpers must come first)
#include "kernels/vcvt/vcvt-impl.h"

OCTET_DEFINE_VCVT(octet::SimdSse41, sse41)
