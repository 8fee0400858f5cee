// PreparedMean: axis analysis, the folded-1/N multiplier (exactly as reference::Mean) and dispatch.
#include "kernels/reduce/mean.h"

#include <algorithm>

#include "kernels/dispatch/coverage.h"
#include "kernels/vcvt/isa_select.h"

namespace octet {
namespace {
constexpr size_t kChannelBlock = 256;
}  // namespace

std::unique_ptr<PreparedMean> PreparedMean::Create(const reference::MeanParams& p, bool is_uint8, IsaSet usable) {
  if (p.rank < 0 || p.rank > reference::kMaxRank) return nullptr;
  // The reduced axes must form one contiguous block [first, last).
  int first = p.rank, last = p.rank;
  for (int d = 0; d < p.rank; ++d) {
    if (p.input_shape[d] < 0) return nullptr;
    if (p.reduce[d]) {
      if (first == p.rank) {
        first = d;
      } else if (last != p.rank) {
        return nullptr;  // a second block
      }
    } else if (first != p.rank && last == p.rank) {
      last = d;
    }
  }
  if (first == p.rank) last = p.rank;
  size_t outer = 1, n = 1, inner = 1;
  for (int d = 0; d < p.rank; ++d) {
    const size_t dim = static_cast<size_t>(p.input_shape[d]);
    if (d < first) {
      outer *= dim;
    } else if (d < last) {
      n *= dim;
    } else {
      inner *= dim;
    }
  }
  if (n == 0) return nullptr;
  if (p.shift > 30 || p.shift < -31 || p.multiplier < 0) return nullptr;

  std::unique_ptr<PreparedMean> op(new PreparedMean());
  op->is_uint8_ = is_uint8;
  op->outer_ = outer;
  op->inner_ = inner;
  op->channel_blocks_ = std::max<size_t>(1, (inner + kChannelBlock - 1) / kChannelBlock);
  // Same folding as reference::Mean.
  int k = 0;
  while ((n >> (k + 1)) != 0) ++k;
  k = std::min({k, 32, 31 + p.shift});
  const int32_t multiplier = static_cast<int32_t>((static_cast<int64_t>(p.multiplier) << k) / static_cast<int64_t>(n));
  const int shift = p.shift - k;
  MeanKernelParams& kp = op->params_;
  kp.rows = n;
  kp.row_stride = inner;
  kp.zero_point_sum =
      static_cast<int32_t>(static_cast<uint32_t>(static_cast<int64_t>(p.input_zero_point) * static_cast<int64_t>(n)));
  kp.multiplier = multiplier;
  kp.left_shift = shift > 0 ? shift : 0;
  kp.right_shift = shift > 0 ? 0 : -shift;
  kp.output_zero_point = p.output_zero_point;

  op->isa_ = elementwise::SelectIsa(usable);
#define OCTET_ASSIGN(level)              \
  op->qs8_ = kernels::qs8_mean__##level; \
  op->qu8_ = kernels::qu8_mean__##level; \
  op->name_ = is_uint8 ? "qu8_mean__" #level : "qs8_mean__" #level;
  OCTET_SELECT_LEVEL(op->isa_, OCTET_ASSIGN)
#undef OCTET_ASSIGN
  return op;
}

namespace {

template <typename T, typename Fn>
void MeanTiles(size_t begin, size_t end, size_t blocks, size_t inner, const MeanKernelParams* p, Fn kernel,
               const T* input, T* output) {
  for (size_t t = begin; t < end; ++t) {
    const size_t o = t / blocks;
    const size_t c0 = (t % blocks) * kChannelBlock;
    if (c0 >= inner) continue;
    const size_t channels = std::min(kChannelBlock, inner - c0);
    kernel(channels, input + o * p->rows * inner + c0, output + o * inner + c0, p);
  }
}

}  // namespace

void PreparedMean::RunTiles(size_t begin, size_t end, const void* input, void* output, void*) const {
  RecordIsaUse(isa_);
  if (is_uint8_) {
    MeanTiles(begin, end, channel_blocks_, inner_, &params_, qu8_, static_cast<const uint8_t*>(input),
              static_cast<uint8_t*>(output));
  } else {
    MeanTiles(begin, end, channel_blocks_, inner_, &params_, qs8_, static_cast<const int8_t*>(input),
              static_cast<int8_t*>(output));
  }
}

void PreparedMean::Run(const void* input, void* output, void* scratch) const {
  RunTiles(0, num_tiles(), input, output, scratch);
}
void PreparedMean::Run(const int8_t* input, int8_t* output, void* scratch) const {
  Run(static_cast<const void*>(input), static_cast<void*>(output), scratch);
}
void PreparedMean::Run(const uint8_t* input, uint8_t* output, void* scratch) const {
  Run(static_cast<const void*>(input), static_cast<void*>(output), scratch);
}

}  // namespace octet
