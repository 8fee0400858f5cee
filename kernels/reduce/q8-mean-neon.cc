// MEAN microkernels (qs8/qu8), neon (aarch64 and armv7): 4 vectors of int32 column sums per step.
#include "kernels/vcvt/simd-neon.h"
// (the lane helpers must come first)
#include "kernels/reduce/mean-impl.h"

OCTET_DEFINE_MEAN(octet::SimdNeon, neon)
