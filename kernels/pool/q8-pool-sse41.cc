// Average and max pooling microkernels (qs8/qu8), sse41: 4 vectors of int32 channel sums per step.
#include "kernels/vcvt/simd-sse41.h"
// (the lane helpers must come first)
#include "kernels/pool/pool-impl.h"

OCTET_DEFINE_POOL(octet::SimdSse41, sse41)
