// Depthwise convolution on the MobileNet v1/v2 (224x224) depthwise layer shapes, per ISA level.
// Counters: MACs/s (useful multiply-accumulates, 3x3 taps) and bytes/s (input + output + packed
// weights read once per run: the minimum traffic), to compare with the machine's L1/L2/L3/DRAM
// bandwidth and tell memory-bound layers from instruction-bound ones.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "kernels/dispatch/isa.h"
#include "kernels/dwconv/dwconv.h"
#include "kernels/reference/reference.h"

namespace octet {
namespace {

struct Shape {
  const char* model;
  int h, w, c, stride;
};

constexpr Shape kShapes[] = {
    {"v2", 112, 112, 32, 1}, {"v2", 112, 112, 96, 2}, {"v2", 56, 56, 144, 1},  {"v2", 56, 56, 144, 2},
    {"v2", 28, 28, 192, 1},  {"v2", 28, 28, 192, 2},  {"v2", 14, 14, 384, 1},  {"v2", 14, 14, 576, 1},
    {"v2", 14, 14, 576, 2},  {"v2", 7, 7, 960, 1},    {"v1", 112, 112, 32, 1}, {"v1", 112, 112, 64, 2},
    {"v1", 56, 56, 128, 1},  {"v1", 56, 56, 128, 2},  {"v1", 28, 28, 256, 1},  {"v1", 28, 28, 256, 2},
    {"v1", 14, 14, 512, 1},  {"v1", 14, 14, 512, 2},  {"v1", 7, 7, 1024, 1},
};

void BM_Dwconv(benchmark::State& state, Shape s, Isa isa, const char* only, bool is_uint8) {
  if (!Has(DetectedIsas() & BuiltIsas(), isa)) {
    state.SkipWithError((std::string(IsaName(isa)) + " not available on this machine/build").c_str());
    return;
  }
  reference::DepthwiseConvParams p;
  p.input_h = s.h, p.input_w = s.w, p.input_c = s.c;
  p.filter_h = p.filter_w = 3;
  p.stride_h = p.stride_w = s.stride;
  p.output_h = (s.h + s.stride - 1) / s.stride, p.output_w = (s.w + s.stride - 1) / s.stride;
  p.pad_top = p.pad_left = std::max(0, (p.output_h - 1) * s.stride + 3 - s.h) / 2;
  p.input_zero_point = is_uint8 ? 3 : -5;
  p.filter_zero_point = is_uint8 ? 127 : 0;
  p.output_zero_point = is_uint8 ? 0 : -128;
  p.act_min = is_uint8 ? 0 : -128;
  p.act_max = is_uint8 ? 255 : 127;
  std::vector<int32_t> mult(s.c), shift(s.c), bias(s.c);
  std::vector<uint8_t> filter(9 * s.c), input(static_cast<size_t>(s.h) * s.w * s.c);
  uint32_t r = 12345;
  auto next = [&] { return r = r * 1664525u + 1013904223u; };
  for (int c = 0; c < s.c; ++c) {
    mult[c] = static_cast<int32_t>((1u << 30) + (next() >> 2));
    shift[c] = -8 - static_cast<int>(next() % 3);
    bias[c] = static_cast<int32_t>(next() % 20000) - 10000;
  }
  for (auto& b : filter) b = static_cast<uint8_t>(next() >> 24);
  for (auto& b : input) b = static_cast<uint8_t>(next() >> 24);
  p.multiplier = mult.data();
  p.shift = shift.data();
  auto op =
      PreparedDepthwiseConv2D::Create(p, filter.data(), bias.data(), is_uint8, IsasUpTo(isa) & DetectedIsas(), only);
  if (!op || op->isa() != isa) {
    state.SkipWithError("no kernel for this ISA");
    return;
  }
  std::vector<uint8_t> output(static_cast<size_t>(p.output_h) * p.output_w * s.c);
  void* scratch = std::aligned_alloc(64, (op->scratch_size() + 63) / 64 * 64 + 64);
  for (auto _ : state) {
    op->Run(input.data(), output.data(), scratch);
    benchmark::DoNotOptimize(output.data());
  }
  std::free(scratch);
  const double macs = 9.0 * p.output_h * p.output_w * s.c;
  // Packed weights, bias and requant parameters streamed once per output pixel from L1/L2 are not
  // counted: this is the minimum traffic (input + output + weights once).
  const double packed_weight_bytes = s.c * (4.0 + 9.0);
  const double bytes = static_cast<double>(input.size() + output.size()) + packed_weight_bytes;
  state.counters["MAC/s"] = benchmark::Counter(macs, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["B/s"] = benchmark::Counter(bytes, benchmark::Counter::kIsIterationInvariantRate);
  // What the kernels actually stream from L1/L2 per output pixel: 9 input taps + 1 output byte per
  // channel, plus the packed parameters re-read for every pixel: 64c (vpdpbusd) 52 B per channel
  // (bias 4, weights 12, even/odd requant table 36); pmaddwd kernels 24 B (bias 4, 5 int16 pairs) +
  // 32 B of RequantTable arrays. Compare with ~440 GB/s (L1) and ~170 GB/s (L2).
  // Row kernels (3x3s*r*) keep the weights in registers and re-read per pixel only bias' (4 B per
  // channel) and the requantization table (28 B per channel); they load each input column once:
  // 3 B per channel per pixel at stride 1 (one new column of 3 rows), 6 B at stride 2.
  const std::string kernel = op->kernel_name();
  const bool row = kernel.find("3x3s") != std::string::npos;
  const bool quads = kernel.find("p64c") != std::string::npos;
  const double per_channel = row ? (s.stride == 1 ? 3.0 : 6.0) + 1.0 + 32.0 : 10.0 + (quads ? 52.0 : 56.0);
  const double streamed = static_cast<double>(p.output_h) * p.output_w * s.c * per_channel;
  state.counters["L1L2_B/s"] = benchmark::Counter(streamed, benchmark::Counter::kIsIterationInvariantRate);
  state.SetLabel(op->kernel_name());
}

const bool kRegistered = [] {
  for (const Shape& s : kShapes) {
    const std::pair<Isa, const char*> variants[] = {{Isa::kScalar, nullptr},
                                                    {Isa::kSse41, nullptr},
                                                    {Isa::kAvx2, nullptr},
                                                    {Isa::kAvx512Vnni, "p32c"},
                                                    {Isa::kAvx512Vnni, "p64c"},
                                                    {Isa::kAvx512Vnni, "r64c"},
                                                    {Isa::kAvx512Vnni, nullptr}};
    for (const auto& [isa, only] : variants) {
      for (bool u8 : {false, true}) {
        const std::string name = std::string("dwconv/") + s.model + "/" + std::to_string(s.h) + "x" +
                                 std::to_string(s.w) + "x" + std::to_string(s.c) + "_s" + std::to_string(s.stride) +
                                 "/" + (u8 ? "qu8" : "qs8") + "/" + IsaName(isa) +
                                 (only ? std::string("_") + only : (isa == Isa::kAvx512Vnni ? "_default" : ""));
        benchmark::RegisterBenchmark(name.c_str(), BM_Dwconv, s, isa, only, u8)->Unit(benchmark::kMicrosecond);
      }
    }
  }
  return true;
}();

}  // namespace
}  // namespace octet

BENCHMARK_MAIN();
