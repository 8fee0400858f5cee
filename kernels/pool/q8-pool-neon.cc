// Average and max pooling microkernels (qs8/qu8), neon (aarch64 and armv7): 4 vectors of int32
// channel sums per step.
#include "kernels/vcvt/simd-neon.h"
// (the lane helpers must come first)
#include "kernels/pool/pool-impl.h"

OCTET_DEFINE_POOL(octet::SimdNeon, neon)
