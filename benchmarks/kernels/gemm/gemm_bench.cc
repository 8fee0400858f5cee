// gemm_bench: each ISA's GEMM kernels (the pair Create would pick for that ISA and shape) on the MobileNet v1
// and v2 224 CONV_2D / FULLY_CONNECTED layer shapes (benchmarks/shapes/*_gemm.txt), one thread.
// Counters: GMAC/s and % of this ISA's peak MAC rate measured in the same run (peak.h).
// Each model also gets a "<model>/all-layers" entry running every layer (times its repeat count).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "benchmarks/kernels/peak/peak.h"
#include "kernels/gemm/conv_gemm.h"

namespace octet::bench {
namespace {

struct Shape {
  std::string name;
  int in_h, in_w, in_c, out_c, kh, kw, stride, count;
};

std::vector<Shape> ReadShapes(const std::string& path) {
  std::vector<Shape> shapes;
  std::ifstream f(path);
  std::string line;
  while (std::getline(f, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream s(line);
    Shape sh;
    if (s >> sh.name >> sh.in_h >> sh.in_w >> sh.in_c >> sh.out_c >> sh.kh >> sh.kw >> sh.stride >> sh.count) {
      shapes.push_back(sh);
    }
  }
  return shapes;
}

// One prepared layer with its buffers.
struct Layer {
  std::unique_ptr<kernels::PreparedConv2D> op;
  std::vector<int8_t> input, output;
  std::vector<uint8_t> scratch;
  double macs = 0;
  int count = 1;
  std::string kernel;
  void* aligned_scratch() { return scratch.data() + (64 - reinterpret_cast<uintptr_t>(scratch.data()) % 64) % 64; }
};

std::unique_ptr<Layer> MakeLayer(const Shape& sh, const kernels::GemmUkernel* main, const kernels::GemmUkernel* tail) {
  reference::ConvParams p;
  p.input_h = sh.in_h;
  p.input_w = sh.in_w;
  p.input_c = p.filter_c = sh.in_c;
  p.output_c = sh.out_c;
  p.filter_h = sh.kh;
  p.filter_w = sh.kw;
  p.stride_h = p.stride_w = sh.stride;
  p.output_h = (sh.in_h + sh.stride - 1) / sh.stride;
  p.output_w = (sh.in_w + sh.stride - 1) / sh.stride;
  p.pad_top = std::max(0, ((p.output_h - 1) * sh.stride + sh.kh - sh.in_h) / 2);
  p.pad_left = std::max(0, ((p.output_w - 1) * sh.stride + sh.kw - sh.in_w) / 2);
  p.input_zero_point = -3;
  p.output_zero_point = 5;
  // As in the networks: the projections and the classifier are linear, every other layer has ReLU6
  // (clamped at the zero point; the AVX-512 epilogue is cheaper there, see gemm_avx512vnni_body.h).
  const bool linear = sh.name.find("project") != std::string::npos || sh.name == "fc";
  p.act_min = linear ? -128 : p.output_zero_point;
  p.act_max = linear ? 127 : 100;
  std::vector<int32_t> mult(static_cast<size_t>(sh.out_c)), shift(static_cast<size_t>(sh.out_c), -8);
  std::vector<int8_t> filter(static_cast<size_t>(sh.out_c) * sh.kh * sh.kw * sh.in_c);
  std::vector<int32_t> bias(static_cast<size_t>(sh.out_c));
  uint32_t seed = 12345;
  auto next = [&seed]() { return seed = seed * 1664525u + 1013904223u; };
  for (auto& m : mult) m = static_cast<int32_t>((1u << 30) + (next() >> 2));
  for (auto& w : filter) w = static_cast<int8_t>(next() >> 24);
  for (auto& b : bias) b = static_cast<int32_t>(next() >> 16) - 32768;
  p.multiplier = mult.data();
  p.shift = shift.data();
  auto layer = std::make_unique<Layer>();
  // The pair PreparedConv2D::Create would pick for this shape at the kernels' ISA.
  const size_t m = static_cast<size_t>(p.output_h) * static_cast<size_t>(p.output_w);
  if (!kernels::SelectGemmUkernelsForShape(IsaBit(main->isa), m, p.output_c, &main, &tail)) return nullptr;
  layer->op = kernels::PreparedConv2D::CreateWithKernels(p, filter.data(), bias.data(), false, main, tail);
  layer->kernel = main->name;
  if (tail != main) layer->kernel += std::string("+") + tail->name;
  if (layer->op == nullptr) return nullptr;
  layer->input.resize(static_cast<size_t>(sh.in_h) * sh.in_w * sh.in_c);
  for (auto& x : layer->input) x = static_cast<int8_t>(next() >> 24);
  layer->output.resize(static_cast<size_t>(p.output_h) * p.output_w * sh.out_c);
  layer->scratch.resize(layer->op->scratch_size() + 64);
  layer->macs = static_cast<double>(p.output_h) * p.output_w * sh.out_c * sh.kh * sh.kw * sh.in_c;
  layer->count = sh.count;
  return layer;
}

std::map<Isa, double>& Peaks() {
  static std::map<Isa, double> peaks;
  return peaks;
}

void Report(benchmark::State& state, double macs, Isa isa) {
  state.counters["GMAC/s"] = benchmark::Counter(macs * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
  const double peak = Peaks()[isa];
  if (peak > 0) {
    state.counters["%peak"] = benchmark::Counter(macs * 100.0 / peak, benchmark::Counter::kIsIterationInvariantRate);
  }
}

void BM_Layer(benchmark::State& state, Shape sh, const kernels::GemmUkernel* main, const kernels::GemmUkernel* tail) {
  std::unique_ptr<Layer> layer = MakeLayer(sh, main, tail);
  if (layer == nullptr) {
    state.SkipWithError("no GEMM path for this shape");
    return;
  }
  for (auto _ : state) layer->op->Run(layer->input.data(), layer->output.data(), layer->aligned_scratch());
  Report(state, layer->macs, main->isa);
  state.SetLabel(layer->kernel);
}

void BM_Model(benchmark::State& state, std::vector<Shape> shapes, const kernels::GemmUkernel* main,
              const kernels::GemmUkernel* tail) {
  std::vector<std::unique_ptr<Layer>> layers;
  double macs = 0;
  for (const Shape& sh : shapes) {
    layers.push_back(MakeLayer(sh, main, tail));
    if (layers.back() == nullptr) {
      state.SkipWithError("no GEMM path for a layer");
      return;
    }
    macs += layers.back()->macs * sh.count;
  }
  for (auto _ : state) {
    for (auto& l : layers) {
      for (int r = 0; r < l->count; ++r) l->op->Run(l->input.data(), l->output.data(), l->aligned_scratch());
    }
  }
  Report(state, macs, main->isa);
  state.counters["MMAC"] = macs * 1e-6;
}

}  // namespace
}  // namespace octet::bench

int main(int argc, char** argv) {
  using namespace octet;
  const IsaSet runnable = DetectedIsas();
  for (const auto& [main_k, tail_k] : kernels::GemmUkernelChoices()) {
    bench::Peaks()[main_k->isa] = bench::MeasurePeakMacsPerSecond(main_k->isa);
    if (main_k->isa == Isa::kScalar) bench::Peaks()[main_k->isa] = 0;
    std::printf("peak %s: %.1f GMAC/s\n", IsaName(main_k->isa), bench::Peaks()[main_k->isa] * 1e-9);
  }
  for (const char* model : {"mobilenet_v1_224", "mobilenet_v2_224"}) {
    const std::vector<bench::Shape> shapes =
        bench::ReadShapes(std::string(OCTET_SHAPES_DIR) + "/" + model + "_gemm.txt");
    if (shapes.empty()) std::fprintf(stderr, "no shapes read for %s\n", model);
    for (const auto& [main_k, tail_k] : kernels::GemmUkernelChoices()) {
      if (!Has(runnable, main_k->isa)) continue;  // compiled for an ISA this CPU lacks (e.g. avxvnni)
      const std::string prefix = std::string(model) + "/" + IsaName(main_k->isa) + "/";
      for (const bench::Shape& sh : shapes) {
        benchmark::RegisterBenchmark((prefix + sh.name).c_str(), bench::BM_Layer, sh, main_k, tail_k)
            ->Unit(benchmark::kMicrosecond);
      }
      benchmark::RegisterBenchmark((prefix + "all-layers").c_str(), bench::BM_Model, shapes, main_k, tail_k)
          ->Unit(benchmark::kMicrosecond);
    }
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
