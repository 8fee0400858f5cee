// ADD microkernels (qs8/qu8, vadd and scalar-broadcast vaddc), avx512, 64 elements per step.
#include "kernels/vcvt/simd-avx512.h"
// (the lane helpers must come first)
#include "kernels/vadd/vadd-impl.h"

OCTET_DEFINE_VADD(octet::SimdAvx512, avx512)
