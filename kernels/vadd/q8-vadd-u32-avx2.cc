// ADD microkernels (qs8/qu8, vadd and scalar-broadcast vaddc), avx2, 32 elements per step.
#include "kernels/vcvt/simd-avx2.h"
// (the lane helpers must come first)
#include "kernels/vadd/vadd-impl.h"

OCTET_DEFINE_VADD(octet::SimdAvx2, avx2)
