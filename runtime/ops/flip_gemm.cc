#include "runtime/ops/flip_gemm.h"

#include <string>

#include "kernels/gemm/conv_gemm.h"
#include "kernels/vcvt/vcvt.h"
#include "runtime/ops/fast_kernel.h"

namespace octet {
namespace {

class FlipGemmKernel final : public Kernel {
 public:
  FlipGemmKernel(const kernels::GemmOperator& gemm, size_t work_count, int input, int output, size_t scratch_size,
                 size_t packed_bytes)
      : gemm_(gemm),
        work_count_(work_count),
        input_(input),
        output_(output),
        scratch_size_(scratch_size),
        packed_bytes_(packed_bytes),
        name_(std::string("xor80+") + gemm.kernel_name()) {}

  void Run(const TensorData& d) const override { RunTiles(d, 0, tile_count()); }
  size_t tile_count() const override { return work_count_; }
  void RunTiles(const TensorData& d, size_t begin, size_t end) const override {
    gemm_.RunWork(begin, end, d.get<const void>(input_), d.get<void>(output_), d.scratch, /*input_flipped=*/true);
  }
  size_t scratch_size() const override { return scratch_size_; }
  size_t packed_bytes() const override { return packed_bytes_; }
  Isa isa() const override { return gemm_.isa(); }
  const char* name() const override { return name_.c_str(); }

 private:
  const kernels::GemmOperator& gemm_;
  size_t work_count_;
  int input_, output_;
  size_t scratch_size_, packed_bytes_;
  std::string name_;
};

template <typename Prepared>
std::unique_ptr<Kernel> FuseWith(int quantize_input, int intermediate, const Kernel& gemm) {
  const auto* fast = dynamic_cast<const FastUnaryKernel<Prepared>*>(&gemm);
  if (!fast || fast->input() != intermediate) return nullptr;
  const Prepared& p = fast->prepared();
  return std::make_unique<FlipGemmKernel>(p.gemm(), p.tile_count(), quantize_input, fast->output(), p.scratch_size(),
                                          p.packed_bytes());
}

}  // namespace

std::unique_ptr<Kernel> FuseFlipGemm(const Kernel& quantize, const Kernel& gemm) {
  const auto* q = dynamic_cast<const FastUnaryKernel<PreparedRequantize>*>(&quantize);
  if (!q || !q->prepared().is_xor80()) return nullptr;
  std::unique_ptr<Kernel> fused = FuseWith<kernels::PreparedConv2D>(q->input(), q->output(), gemm);
  if (!fused) fused = FuseWith<kernels::PreparedFullyConnected>(q->input(), q->output(), gemm);
  return fused;
}

}  // namespace octet
