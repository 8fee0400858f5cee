// MEAN microkernels (qs8/qu8), avx2: 4 vectors of int32 column sums per step.
#include "kernels/vcvt/simd-avx2.h"
// (the lane helpers must come first)
#include "kernels/reduce/mean-impl.h"

OCTET_DEFINE_MEAN(octet::SimdAvx2, avx2)
