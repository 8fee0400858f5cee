// QUANTIZE float -> uint8/int8 on MobileNet's 224x224x3 input, the uint8 <-> int8 XOR requantize, a
// general requantize and DEQUANTIZE of 1001 logits, per ISA level. bytes_per_second counts bytes read
// plus bytes written.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "kernels/common/quantize_multiplier.h"
#include "kernels/reference/reference.h"
#include "kernels/vcvt/vcvt.h"
#include "tests/testing/replicable_random.h"

namespace octet {
namespace {

const Isa kLevels[] = {Isa::kScalar, Isa::kSse41, Isa::kAvx2, Isa::kAvx512Vnni};
constexpr size_t kImage = 224 * 224 * 3;

bool Available(benchmark::State& state, Isa isa) {
  if (Has(DetectedIsas() & BuiltIsas(), isa)) return true;
  state.SkipWithError("ISA not available");
  return false;
}
IsaSet UpTo(Isa isa) { return DetectedIsas() & BuiltIsas() & IsasUpTo(isa); }

void BM_Quantize(benchmark::State& state, Isa isa, bool reference) {
  if (!Available(state, isa)) return;
  reference::QuantizeParams p;
  p.count = kImage, p.scale = 0.0078125f, p.zero_point = 128;
  testing::ReplicableRandom rng(1);
  std::vector<float> in(kImage);
  for (auto& x : in) x = rng.Float(-1.0f, 1.0f);
  std::vector<uint8_t> out(kImage);
  auto op = PreparedQuantize::Create(p, true, UpTo(isa));
  for (auto _ : state) {
    if (reference) {
      reference::Quantize(p, in.data(), out.data());
    } else {
      op->Run(in.data(), out.data(), nullptr);
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(5 * kImage));
  state.SetLabel(reference ? "reference" : op->kernel_name());
}

void BM_Requantize(benchmark::State& state, Isa isa, bool xor80, bool reference) {
  if (!Available(state, isa)) return;
  reference::RequantizeParams p;
  p.count = kImage;
  const QuantizedMultiplier m = QuantizeMultiplier(xor80 ? 1.0 : 0.0235 / 0.0171);
  p.multiplier = m.multiplier, p.shift = m.shift;
  p.input_zero_point = 128, p.output_zero_point = xor80 ? 0 : -5;
  testing::ReplicableRandom rng(1);
  std::vector<uint8_t> in = rng.Ints<uint8_t>(kImage, 0, 255);
  std::vector<int8_t> out(kImage);
  auto op = PreparedRequantize::Create(p, true, false, UpTo(isa));
  for (auto _ : state) {
    if (reference) {
      reference::Requantize(p, in.data(), out.data());
    } else {
      op->Run(in.data(), out.data(), nullptr);
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(2 * kImage));
  state.SetLabel(reference ? "reference" : op->kernel_name());
}

void BM_Dequantize(benchmark::State& state, Isa isa, bool reference) {
  if (!Available(state, isa)) return;
  constexpr size_t kLogits = 1001;
  reference::DequantizeParams p;
  p.count = kLogits, p.scale = 0.0390625f, p.zero_point = -3;
  testing::ReplicableRandom rng(1);
  std::vector<int8_t> in = rng.Ints<int8_t>(kLogits, -128, 127);
  std::vector<float> out(kLogits);
  auto op = PreparedDequantize::Create(p, false, UpTo(isa));
  for (auto _ : state) {
    if (reference) {
      reference::Dequantize(p, in.data(), out.data());
    } else {
      op->Run(in.data(), out.data(), nullptr);
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(5 * kLogits));
  state.SetLabel(reference ? "reference" : op->kernel_name());
}

int Register() {
  benchmark::RegisterBenchmark("qu8_quantize/224x224x3/reference", BM_Quantize, Isa::kScalar, true);
  benchmark::RegisterBenchmark("qu8_qs8_xor80/224x224x3/reference", BM_Requantize, Isa::kScalar, true, true);
  benchmark::RegisterBenchmark("qu8_qs8_requantize/224x224x3/reference", BM_Requantize, Isa::kScalar, false, true);
  benchmark::RegisterBenchmark("qs8_dequantize/1001/reference", BM_Dequantize, Isa::kScalar, true);
  for (Isa isa : kLevels) {
    const std::string level = IsaName(isa);
    benchmark::RegisterBenchmark(("qu8_quantize/224x224x3/" + level).c_str(), BM_Quantize, isa, false);
    benchmark::RegisterBenchmark(("qu8_qs8_xor80/224x224x3/" + level).c_str(), BM_Requantize, isa, true, false);
    benchmark::RegisterBenchmark(("qu8_qs8_requantize/224x224x3/" + level).c_str(), BM_Requantize, isa, false, false);
    benchmark::RegisterBenchmark(("qs8_dequantize/1001/" + level).c_str(), BM_Dequantize, isa, false);
  }
  return 0;
}
const int registered = Register();

}  // namespace
}  // namespace octet

BENCHMARK_MAIN();
