// ADD microkernels (qs8/qu8, vadd and scalar-broadcast vaddc), sse41, 16 elements per step.
#include "kernels/vcvt/simd-sse41.h"
// (the lane helpers must come first)
#include "kernels/vadd/vadd-impl.h"

OCTET_DEFINE_VADD(octet::SimdSse41, sse41)
