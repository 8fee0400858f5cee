// MEAN microkernels (qs8/qu8), sse41: 4 vectors of int32 column sums per step.
#include "kernels/vcvt/simd-sse41.h"
// (the lane helpers must come first)
#include "kernels/reduce/mean-impl.h"

OCTET_DEFINE_MEAN(octet::SimdSse41, sse41)
