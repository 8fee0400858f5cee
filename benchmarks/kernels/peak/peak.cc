#include "benchmarks/kernels/peak/peak.h"

#include <chrono>

namespace octet::bench {

uint64_t PeakLoopAvx512Vnni(uint64_t iterations);
uint64_t PeakLoopAvxVnni(uint64_t iterations);
uint64_t PeakLoopAvx2(uint64_t iterations);
uint64_t PeakLoopSse41(uint64_t iterations);

uint64_t PeakLoop(Isa isa, uint64_t iterations) {
  switch (isa) {
#ifdef OCTET_PEAK_AVX512VNNI
    case Isa::kAvx512Vnni:
      return PeakLoopAvx512Vnni(iterations);
#endif
#ifdef OCTET_PEAK_AVXVNNI
    case Isa::kAvxVnni:
      return PeakLoopAvxVnni(iterations);
#endif
#ifdef OCTET_PEAK_AVX2
    case Isa::kAvx2:
      return PeakLoopAvx2(iterations);
#endif
#ifdef OCTET_PEAK_SSE41
    case Isa::kSse41:
      return PeakLoopSse41(iterations);
#endif
    default:
      return 0;
  }
}

double MeasurePeakMacsPerSecond(Isa isa) {
  if (!Has(DetectedIsas(), isa) || PeakLoop(isa, 1) == 0) return 0.0;
  double best = 0.0;
  for (int run = 0; run < 5; ++run) {
    const auto start = std::chrono::steady_clock::now();
    const uint64_t macs = PeakLoop(isa, 2000000);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (seconds > 0 && macs / seconds > best) best = static_cast<double>(macs) / seconds;
  }
  return best;
}

}  // namespace octet::bench
