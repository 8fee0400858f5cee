// QUANTIZE / requantize / XOR 0x80 / DEQUANTIZE microkernels (qs8/qu8), neon (aarch64 and armv7).
#include "kernels/vcvt/simd-neon.h"
// (the lane helpers must come first)
#include "kernels/vcvt/vcvt-impl.h"

OCTET_DEFINE_VCVT(octet::SimdNeon, neon)
