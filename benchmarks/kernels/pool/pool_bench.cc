// AVERAGE_POOL_2D (PreparedAveragePool2D) on MobileNet v1 224's global 7x7x1024 pool, and a 3x3/2 max
// pool, per ISA level. bytes_per_second counts input bytes read plus output bytes written.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "kernels/pool/pool.h"
#include "kernels/reference/reference.h"
#include "tests/testing/replicable_random.h"

namespace octet {
namespace {

const Isa kLevels[] = {Isa::kScalar, Isa::kSse41, Isa::kAvx2, Isa::kAvx512Vnni};

void BM_Pool(benchmark::State& state, Isa isa, bool average, int h, int w, int c, int k, int stride, bool reference) {
  if (!Has(DetectedIsas() & BuiltIsas(), isa)) {
    state.SkipWithError("ISA not available");
    return;
  }
  reference::Pool2DParams p;
  p.input_h = h, p.input_w = w, p.channels = c, p.filter_h = p.filter_w = k, p.stride_h = p.stride_w = stride;
  p.output_h = (h - k) / stride + 1, p.output_w = (w - k) / stride + 1;
  p.act_min = 0, p.act_max = 255;
  const size_t in = static_cast<size_t>(h) * w * c, out_n = static_cast<size_t>(p.output_h) * p.output_w * c;
  testing::ReplicableRandom rng(1);
  std::vector<uint8_t> input = rng.Ints<uint8_t>(in, 0, 255), out(out_n);
  const IsaSet usable = DetectedIsas() & BuiltIsas() & IsasUpTo(isa);
  std::unique_ptr<PreparedPool2DBase> op;
  if (average) {
    op = PreparedAveragePool2D::Create(p, true, usable);
  } else {
    op = PreparedMaxPool2D::Create(p, true, usable);
  }
  for (auto _ : state) {
    if (reference) {
      if (average) {
        reference::AveragePool2D(p, input.data(), out.data());
      } else {
        reference::MaxPool2D(p, input.data(), out.data());
      }
    } else {
      op->Run(input.data(), out.data(), nullptr);
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(in + out_n));
  state.SetLabel(reference ? "reference" : op->kernel_name());
}

int Register() {
  benchmark::RegisterBenchmark("qu8_avgpool/7x7x1024_global/reference", BM_Pool, Isa::kScalar, true, 7, 7, 1024, 7, 1,
                               true);
  for (Isa isa : kLevels) {
    benchmark::RegisterBenchmark((std::string("qu8_avgpool/7x7x1024_global/") + IsaName(isa)).c_str(), BM_Pool, isa,
                                 true, 7, 7, 1024, 7, 1, false);
  }
  benchmark::RegisterBenchmark("qu8_maxpool/56x56x64_3x3s2/reference", BM_Pool, Isa::kScalar, false, 56, 56, 64, 3, 2,
                               true);
  for (Isa isa : kLevels) {
    benchmark::RegisterBenchmark((std::string("qu8_maxpool/56x56x64_3x3s2/") + IsaName(isa)).c_str(), BM_Pool, isa,
                                 false, 56, 56, 64, 3, 2, false);
  }
  return 0;
}
const int registered = Register();

}  // namespace
}  // namespace octet

BENCHMARK_MAIN();
