// ADD (PreparedAdd) on the MobileNet v2 224 residual shapes, per ISA level. bytes_per_second counts the
// bytes read and written (2 inputs + 1 output).
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "kernels/reference/reference.h"
#include "kernels/vadd/vadd.h"
#include "tests/testing/replicable_random.h"

namespace octet {
namespace {

const Isa kLevels[] = {Isa::kScalar, Isa::kSse41, Isa::kAvx2, Isa::kAvx512Vnni};

void BM_Add(benchmark::State& state, Isa isa, int h, int w, int c, bool reference) {
  if (!Has(DetectedIsas() & BuiltIsas(), isa)) {
    state.SkipWithError("ISA not available");
    return;
  }
  reference::AddParams p;
  reference::PrepareAdd(0.0235f, 0.0171f, 0.0390f, &p);
  p.rank = 4;
  const int shape[4] = {1, h, w, c};
  for (int d = 0; d < 4; ++d) p.output_shape[d] = p.input1_shape[d] = p.input2_shape[d] = shape[d];
  p.input1_zero_point = 3, p.input2_zero_point = -7, p.output_zero_point = -2;
  p.act_min = -128, p.act_max = 127;
  const size_t n = static_cast<size_t>(h) * w * c;
  testing::ReplicableRandom rng(1);
  std::vector<int8_t> a = rng.Ints<int8_t>(n, -128, 127), b = rng.Ints<int8_t>(n, -128, 127), out(n);
  auto op = PreparedAdd::Create(p, false, DetectedIsas() & BuiltIsas() & IsasUpTo(isa));
  for (auto _ : state) {
    if (reference) {
      reference::Add(p, a.data(), b.data(), out.data());
    } else {
      op->Run(a.data(), b.data(), out.data(), nullptr);
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(3 * n));
  state.SetLabel(reference ? "reference" : op->kernel_name());
}

int Register() {
  const int shapes[][3] = {{56, 56, 24}, {28, 28, 32}, {14, 14, 64}, {14, 14, 96}, {7, 7, 160}};
  for (const auto& s : shapes) {
    const std::string shape = std::to_string(s[0]) + "x" + std::to_string(s[1]) + "x" + std::to_string(s[2]);
    benchmark::RegisterBenchmark(("qs8_add/" + shape + "/reference").c_str(), BM_Add, Isa::kScalar, s[0], s[1], s[2],
                                 true);
    for (Isa isa : kLevels) {
      benchmark::RegisterBenchmark(("qs8_add/" + shape + "/" + IsaName(isa)).c_str(), BM_Add, isa, s[0], s[1], s[2],
                                   false);
    }
  }
  return 0;
}
const int registered = Register();

}  // namespace
}  // namespace octet

BENCHMARK_MAIN();
