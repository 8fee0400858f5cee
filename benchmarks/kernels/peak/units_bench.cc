// units_bench: issue rate of single AVX-512 instructions and of each mixed half and half with
// VPDPBUSD, in instructions per nanosecond (counter "Ginstr/s"). A mix at the rate of the
// instruction alone shares VPDPBUSD's unit; a mix near the sum runs beside it. Registers only, except
// the two load units (one L1-resident line).
#include <benchmark/benchmark.h>

#include "benchmarks/kernels/peak/units.h"
#include "kernels/dispatch/isa.h"

namespace octet::bench {
namespace {

void BM_Unit(benchmark::State& state, Unit unit, bool with_dot) {
  if (!Has(DetectedIsas(), Isa::kAvx512Vnni) || UnitLoopAvx512(unit, with_dot, 1) == 0) {
    state.SkipWithError("AVX-512 VNNI not available on this CPU or not built");
    return;
  }
  uint64_t count = 0;
  for (auto _ : state) count += UnitLoopAvx512(unit, with_dot, 100000);
  state.counters["Ginstr/s"] = benchmark::Counter(static_cast<double>(count) * 1e-9, benchmark::Counter::kIsRate);
}

#define OCTET_UNIT(name, unit)                         \
  BENCHMARK_CAPTURE(BM_Unit, name, Unit::unit, false); \
  BENCHMARK_CAPTURE(BM_Unit, name##_with_vpdpbusd, Unit::unit, true)
OCTET_UNIT(vpdpbusd, kVpdpbusd);
OCTET_UNIT(vpmuldq, kVpmuldq);
OCTET_UNIT(vpmulld, kVpmulld);
OCTET_UNIT(vpaddsw, kVpaddsw);
OCTET_UNIT(vpaddd, kVpaddd);
OCTET_UNIT(vpsravd, kVpsravd);
OCTET_UNIT(vpshufd, kVpshufd);
OCTET_UNIT(vpackssdw, kVpackssdw);
OCTET_UNIT(vpermd, kVpermd);
OCTET_UNIT(vcvtdq2ps, kVcvtdq2ps);
OCTET_UNIT(vfmadd213ps, kVfmadd);
OCTET_UNIT(vpdpbusd_ymm, kVpdpbusd256);
OCTET_UNIT(vpmuldq_ymm, kVpmuldq256);
OCTET_UNIT(vpshufd_masked, kVpshufdMasked);
OCTET_UNIT(vpblendmd, kVpblendmd);
OCTET_UNIT(load_zmm, kLoad512);
OCTET_UNIT(vpbroadcastd_load, kBroadcastLoad);
#undef OCTET_UNIT

}  // namespace
}  // namespace octet::bench

BENCHMARK_MAIN();
