// ADD microkernels (qs8/qu8, vadd and scalar-broadcast vaddc), neon (aarch64 and armv7), 16 elements
// per step.
#include "kernels/vcvt/simd-neon.h"
// (the lane helpers must come first)
#include "kernels/vadd/vadd-impl.h"

OCTET_DEFINE_VADD(octet::SimdNeon, neon)
