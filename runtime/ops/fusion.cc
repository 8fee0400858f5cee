#include "runtime/ops/fusion.h"

#include "kernels/gemm/conv_gemm.h"
#include "runtime/ops/fast_kernel.h"

namespace octet {
namespace {

class FusedAwayKernel final : public Kernel {
 public:
  void Run(const TensorData&) const override {}
  const char* name() const override { return "fused"; }
};

template <typename Prepared>
bool AsGemm(const Kernel& k, const kernels::GemmOperator** gemm, int* input, int* output) {
  const auto* fast = dynamic_cast<const FastUnaryKernel<Prepared>*>(&k);
  if (!fast) return false;
  *gemm = &fast->prepared().gemm();
  *input = fast->input();
  *output = fast->output();
  return true;
}

}  // namespace

bool AsGemmKernel(const Kernel& k, const kernels::GemmOperator** gemm, int* input, int* output) {
  return AsGemm<kernels::PreparedConv2D>(k, gemm, input, output) ||
         AsGemm<kernels::PreparedFullyConnected>(k, gemm, input, output);
}

std::unique_ptr<Kernel> MakeFusedAwayKernel() { return std::make_unique<FusedAwayKernel>(); }

}  // namespace octet
