// Peak int8 multiply-accumulate rates measured with register-only loops (no memory traffic), one
// per ISA, so kernel benchmarks can report a percentage of a peak measured in the same run.
#ifndef OCTET_BENCHMARKS_KERNELS_PEAK_PEAK_H_
#define OCTET_BENCHMARKS_KERNELS_PEAK_PEAK_H_

#include <cstdint>

#include "kernels/dispatch/isa.h"

namespace octet::bench {

// Runs `iterations` of the ISA's peak loop; returns the number of int8 MACs performed (0 when this
// ISA's loop is not built). The loops: avx512vnni 512-bit VPDPBUSD; avxvnni 256-bit VPDPBUSD (VEX);
// avx2 / sse41 VPMADDUBSW (u8 x s8 pairs) + VPMADDWD + VPADDD, the fastest int8 form of those ISAs.
uint64_t PeakLoop(Isa isa, uint64_t iterations);
// MACs per second of PeakLoop on this core (best of a few short runs), or 0 if not runnable here.
double MeasurePeakMacsPerSecond(Isa isa);

}  // namespace octet::bench

#endif  // OCTET_BENCHMARKS_KERNELS_PEAK_PEAK_H_
