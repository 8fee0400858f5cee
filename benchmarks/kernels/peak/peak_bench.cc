// peak_bench: the peak int8 MAC rate per ISA on one core (register-only loops, see peak.h).
#include <benchmark/benchmark.h>

#include "benchmarks/kernels/peak/peak.h"

namespace octet::bench {
namespace {

void BM_Peak(benchmark::State& state, Isa isa) {
  if (!Has(DetectedIsas(), isa) || PeakLoop(isa, 1) == 0) {
    state.SkipWithError("ISA not available on this CPU or not built");
    return;
  }
  uint64_t macs = 0;
  for (auto _ : state) macs += PeakLoop(isa, 100000);
  state.counters["GMAC/s"] = benchmark::Counter(static_cast<double>(macs) * 1e-9, benchmark::Counter::kIsRate);
}

BENCHMARK_CAPTURE(BM_Peak, avx512vnni_vpdpbusd_zmm, Isa::kAvx512Vnni);
BENCHMARK_CAPTURE(BM_Peak, avxvnni_vpdpbusd_ymm, Isa::kAvxVnni);
BENCHMARK_CAPTURE(BM_Peak, avx2_vpmaddubsw_ymm, Isa::kAvx2);
BENCHMARK_CAPTURE(BM_Peak, sse41_pmaddubsw_xmm, Isa::kSse41);

}  // namespace
}  // namespace octet::bench

BENCHMARK_MAIN();
