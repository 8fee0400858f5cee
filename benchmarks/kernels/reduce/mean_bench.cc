// MEAN (PreparedMean) on MobileNet v2 224's [1,7,7,1280] -> [1,1280], per ISA level. bytes_per_second
// counts input bytes read plus output bytes written.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "kernels/common/quantize_multiplier.h"
#include "kernels/reduce/mean.h"
#include "kernels/reference/reference.h"
#include "tests/testing/replicable_random.h"

namespace octet {
namespace {

const Isa kLevels[] = {Isa::kScalar, Isa::kSse41, Isa::kAvx2, Isa::kAvx512Vnni};

void BM_Mean(benchmark::State& state, Isa isa, bool reference) {
  if (!Has(DetectedIsas() & BuiltIsas(), isa)) {
    state.SkipWithError("ISA not available");
    return;
  }
  reference::MeanParams p;
  p.rank = 4;
  const int shape[4] = {1, 7, 7, 1280};
  for (int d = 0; d < 4; ++d) p.input_shape[d] = shape[d];
  p.reduce[1] = p.reduce[2] = true;
  const QuantizedMultiplier m = QuantizeMultiplier(0.0235 / 0.0117);
  p.multiplier = m.multiplier, p.shift = m.shift;
  p.input_zero_point = -128, p.output_zero_point = -128;
  const size_t in = 7 * 7 * 1280, out_n = 1280;
  testing::ReplicableRandom rng(1);
  std::vector<int8_t> input = rng.Ints<int8_t>(in, -128, 127), out(out_n);
  auto op = PreparedMean::Create(p, false, DetectedIsas() & BuiltIsas() & IsasUpTo(isa));
  for (auto _ : state) {
    if (reference) {
      reference::Mean(p, input.data(), out.data());
    } else {
      op->Run(input.data(), out.data(), nullptr);
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(in + out_n));
  state.SetLabel(reference ? "reference" : op->kernel_name());
}

int Register() {
  benchmark::RegisterBenchmark("qs8_mean/7x7x1280_hw/reference", BM_Mean, Isa::kScalar, true);
  for (Isa isa : kLevels) {
    benchmark::RegisterBenchmark((std::string("qs8_mean/7x7x1280_hw/") + IsaName(isa)).c_str(), BM_Mean, isa, false);
  }
  return 0;
}
const int registered = Register();

}  // namespace
}  // namespace octet

BENCHMARK_MAIN();
