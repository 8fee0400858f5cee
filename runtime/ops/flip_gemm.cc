#include "runtime/ops/flip_gemm.h"

#include <string>

#include "kernels/gemm/conv_gemm.h"
#include "kernels/vcvt/vcvt.h"
#include "runtime/ops/fast_kernel.h"
#include "runtime/ops/fusion.h"

namespace octet {
namespace {

class FlipGemmKernel final : public Kernel {
 public:
  FlipGemmKernel(const kernels::GemmOperator& gemm, int input, int output, size_t packed_bytes)
      : gemm_(gemm),
        input_(input),
        output_(output),
        packed_bytes_(packed_bytes),
        name_(std::string("xor80+") + gemm.kernel_name()) {}

  void Run(const TensorData& d) const override { RunTiles(d, 0, tile_count()); }
  size_t tile_count() const override { return gemm_.work_count(); }
  void RunTiles(const TensorData& d, size_t begin, size_t end) const override {
    gemm_.RunWork(begin, end, d.get<const void>(input_), d.get<void>(output_), d.scratch, /*input_flipped=*/true);
  }
  size_t scratch_size() const override { return gemm_.scratch_size(); }
  size_t packed_bytes() const override { return packed_bytes_; }
  Isa isa() const override { return gemm_.isa(); }
  const char* name() const override { return name_.c_str(); }

 private:
  const kernels::GemmOperator& gemm_;
  int input_, output_;
  size_t packed_bytes_;
  std::string name_;
};

}  // namespace

std::unique_ptr<Kernel> FuseFlipGemm(const Kernel& quantize, const Kernel& gemm) {
  const auto* q = dynamic_cast<const FastUnaryKernel<PreparedRequantize>*>(&quantize);
  if (!q || !q->prepared().is_xor80()) return nullptr;
  const kernels::GemmOperator* engine = nullptr;
  int input = -1, output = -1;
  if (!AsGemmKernel(gemm, &engine, &input, &output) || input != q->output()) return nullptr;
  return std::make_unique<FlipGemmKernel>(*engine, q->input(), output, gemm.packed_bytes());
}

}  // namespace octet
