// Average and max pooling microkernels (qs8/qu8), avx2: 4 vectors of int32 channel sums per step.
#include "kernels/vcvt/simd-avx2.h"
// (the lane helpers must come first)
#include "kernels/pool/pool-impl.h"

OCTET_DEFINE_POOL(octet::SimdAvx2, avx2)
