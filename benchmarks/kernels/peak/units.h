// units_bench: which AVX-512 instructions share an execution unit with VPDPBUSD (see
// units_avx512.cc). The requantization in every int8 epilogue competes with the dot product only
// through the instructions that share its unit, so this decides what an epilogue change can gain.
#ifndef OCTET_BENCHMARKS_KERNELS_PEAK_UNITS_H_
#define OCTET_BENCHMARKS_KERNELS_PEAK_UNITS_H_

#include <cstdint>

namespace octet::bench {

enum class Unit {
  kVpdpbusd,
  kVpmuldq,
  kVpmulld,
  kVpaddsw,
  kVpaddd,
  kVpsravd,
  kVpshufd,
  kVpackssdw,
  kVpermd,
  kVcvtdq2ps,
  kVfmadd,
  // 256-bit forms (EVEX.256): whether two issue in one 512-bit slot (why the 6x24c4 and 6x8c4 tiles pay).
  kVpdpbusd256,
  kVpmuldq256,
  // Forms the epilogues could trade against each other: a merge-masked shuffle (the requantization's
  // even/odd merge) against an unmasked one plus a blend.
  kVpshufdMasked,
  kVpblendmd,
  // Loads from L1: a 64-byte vector against a 4-byte broadcast (what a kernel's constants, weights
  // and activation broadcasts cost the load unit).
  kLoad512,
  kBroadcastLoad,
};

// Runs `iterations` x 12 instructions (with_dot: half of them VPDPBUSD) and returns that count; 0
// when the AVX-512 file was not built.
uint64_t UnitLoopAvx512(Unit unit, bool with_dot, uint64_t iterations);

}  // namespace octet::bench

#endif  // OCTET_BENCHMARKS_KERNELS_PEAK_UNITS_H_
