#include "kernels/gemm/conv_gemm.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "kernels/dispatch/coverage.h"

namespace octet::kernels {
namespace {

// Column blocks: main-kernel blocks while the remainder is wider than half the main tile, then
// narrow tail blocks.
std::vector<GemmPackBlock> PlanBlocks(int n, const GemmUkernel* main, const GemmUkernel* tail,
                                      std::vector<const GemmUkernel*>* kernels) {
  std::vector<GemmPackBlock> blocks;
  int n0 = 0;
  while (n0 < n) {
    const int rem = n - n0;
    const GemmUkernel* k = (rem > main->nr / 2 || tail == main) ? main : tail;
    GemmPackBlock b;
    b.n0 = n0;
    b.nc = std::min(rem, k->nr);
    b.nr = k->nr;
    b.kr = k->kr;
    b.unsigned_activations = k->unsigned_activations;
    blocks.push_back(b);
    kernels->push_back(k);
    n0 += b.nc;
  }
  return blocks;
}

}  // namespace

bool SelectGemmUkernels(IsaSet usable, const GemmUkernel** main, const GemmUkernel** tail) {
  size_t count = 0;
  const GemmUkernel* list = GemmUkernels(&count);
  *main = *tail = nullptr;
  for (size_t i = 0; i < count; ++i) {
    if (!Has(usable, list[i].isa)) continue;
    if (*main == nullptr || static_cast<int>(list[i].isa) > static_cast<int>((*main)->isa)) {
      *main = *tail = &list[i];
    } else if (list[i].isa == (*main)->isa && list[i].nr < (*tail)->nr && list[i].kr == (*main)->kr &&
               (*main)->mr % list[i].mr == 0 && list[i].unsigned_activations == (*main)->unsigned_activations) {
      *tail = &list[i];
    }
  }
  return *main != nullptr;
}

std::vector<std::pair<const GemmUkernel*, const GemmUkernel*>> GemmUkernelChoices() {
  std::vector<std::pair<const GemmUkernel*, const GemmUkernel*>> choices;
  for (int i = 0; i < static_cast<int>(Isa::kCount); ++i) {
    const GemmUkernel *main = nullptr, *tail = nullptr;
    if (SelectGemmUkernels(IsaBit(static_cast<Isa>(i)), &main, &tail) && main->isa == static_cast<Isa>(i)) {
      choices.emplace_back(main, tail);
    }
  }
  return choices;
}

std::unique_ptr<GemmOperator> GemmOperator::Create(const Shape& shape, std::vector<int32_t> offsets,
                                                   const GemmPackSource& weights, bool is_uint8,
                                                   const int32_t* multiplier, const int32_t* shift,
                                                   int32_t output_zero_point, int32_t act_min, int32_t act_max,
                                                   const GemmUkernel* main, const GemmUkernel* tail) {
  if (main == nullptr || shape.m == 0 || shape.n <= 0 || shape.kc <= 0 || shape.ks <= 0) return nullptr;
  if (tail == nullptr) tail = main;
  if (main->mr % tail->mr != 0 || main->kr != tail->kr || main->unsigned_activations != tail->unsigned_activations) {
    return nullptr;
  }
  std::unique_ptr<GemmOperator> op(new GemmOperator());
  op->shape_ = shape;
  op->tile_m_ = static_cast<size_t>(main->mr);
  op->main_ = main;
  op->offsets_ = std::move(offsets);
  op->is_uint8_ = is_uint8;
  op->filter_zero_point_s_ = weights.filter_zero_point;
  const int32_t bias8 = is_uint8 ? 128 : 0;
  op->zero_row_.assign(static_cast<size_t>(shape.kc),
                       static_cast<uint8_t>(static_cast<uint8_t>(weights.input_zero_point + bias8)));
  op->requant_ = RequantTable(multiplier, shift, static_cast<size_t>(shape.n), output_zero_point - bias8,
                              act_min - bias8, act_max - bias8);

  std::vector<const GemmUkernel*> kernels;
  std::vector<GemmPackBlock> plan = PlanBlocks(shape.n, main, tail, &kernels);
  const size_t bytes = PackedGemmSize(&plan, shape.ks, shape.kc);
  op->packed_storage_.reset(new uint8_t[bytes + 64]);
  op->packed_ = op->packed_storage_.get() + (64 - reinterpret_cast<uintptr_t>(op->packed_storage_.get()) % 64) % 64;
  PackGemm(weights, plan, op->packed_);

  const RequantView view = op->requant_.view();
  for (size_t i = 0; i < plan.size(); ++i) {
    Block b;
    b.pack = plan[i];
    b.kernel = kernels[i];
    const size_t c = static_cast<size_t>(plan[i].n0);
    b.params.requant = view;
    b.params.requant.multiplier += c;
    b.params.requant.left_multiplier += c;
    b.params.requant.rounding += c;
    b.params.requant.correction += c;
    b.params.requant.right_shift += c;
    b.params.input_xor = is_uint8 ? 0x80 : 0;
    b.params.output_xor = is_uint8 ? 0x80 : 0;
    op->blocks_.push_back(b);
  }
  return op;
}

size_t GemmOperator::scratch_size() const {
  const size_t pointers = tile_m_ * static_cast<size_t>(shape_.ks) * sizeof(void*);
  return RoundUp(pointers, 64) + RoundUp(tile_m_ * sizeof(int32_t), 64);
}

void GemmOperator::Run(const void* input, void* output, void* scratch) const {
  RunTiles(0, tile_count(), input, output, scratch);
}

void GemmOperator::RunTiles(size_t begin, size_t end, const void* input, void* output, void* scratch) const {
  RecordIsaUse(main_->isa);
  const size_t ks = static_cast<size_t>(shape_.ks), kc = static_cast<size_t>(shape_.kc);
  const size_t n = static_cast<size_t>(shape_.n);
  const void** ptrs = static_cast<const void**>(scratch);
  int32_t* row_corr =
      reinterpret_cast<int32_t*>(static_cast<uint8_t*>(scratch) + RoundUp(tile_m_ * ks * sizeof(void*), 64));
  const uint8_t* in = static_cast<const uint8_t*>(input);
  uint8_t* out = static_cast<uint8_t*>(output);
  const bool need_corr = filter_zero_point_s_ != 0;
  for (size_t tile = begin; tile < end; ++tile) {
    const size_t m0 = tile * tile_m_;
    const size_t mr = std::min(tile_m_, shape_.m - m0);
    for (size_t t = 0; t < ks; ++t) {
      for (size_t i = 0; i < tile_m_; ++i) {
        const size_t row = m0 + std::min(i, mr - 1);
        const void* p;
        if (offsets_.empty()) {
          p = in + row * kc;
        } else {
          const int32_t off = offsets_[row * ks + t];
          p = off < 0 ? static_cast<const void*>(zero_row_.data()) : static_cast<const void*>(in + off);
        }
        ptrs[t * tile_m_ + i] = p;
      }
    }
    if (need_corr) {
      for (size_t i = 0; i < mr; ++i) {
        int32_t sum = 0;
        for (size_t t = 0; t < ks; ++t) {
          const uint8_t* x = static_cast<const uint8_t*>(ptrs[t * tile_m_ + i]);
          int32_t s = 0;
          if (is_uint8_) {
            for (size_t k = 0; k < kc; ++k) s += x[k];
            s -= static_cast<int32_t>(128 * kc);
          } else {
            const int8_t* xs = reinterpret_cast<const int8_t*>(x);
            for (size_t k = 0; k < kc; ++k) s += xs[k];
          }
          sum += s;
        }
        row_corr[i] = static_cast<int32_t>(static_cast<uint32_t>(-filter_zero_point_s_) * static_cast<uint32_t>(sum));
      }
    }
    for (const Block& b : blocks_) {
      const size_t kmr = static_cast<size_t>(b.kernel->mr);
      for (size_t i0 = 0; i0 < mr; i0 += kmr) {
        b.kernel->fn(std::min(kmr, mr - i0), static_cast<size_t>(b.pack.nc), kc, ks, ptrs + i0, tile_m_,
                     packed_ + b.pack.offset, out + (m0 + i0) * n + static_cast<size_t>(b.pack.n0), n,
                     need_corr ? row_corr + i0 : nullptr, b.params);
      }
    }
  }
}

namespace {

std::unique_ptr<GemmOperator> CreateConv(const reference::ConvParams& p, const void* filter, const int32_t* bias,
                                         bool is_uint8, const GemmUkernel* main, const GemmUkernel* tail) {
  if (p.filter_c != p.input_c || p.batch <= 0 || p.output_h <= 0 || p.output_w <= 0) return nullptr;
  const int64_t input_bytes = int64_t{p.batch} * p.input_h * p.input_w * p.input_c;
  if (input_bytes > std::numeric_limits<int32_t>::max()) return nullptr;
  GemmOperator::Shape shape;
  shape.m = static_cast<size_t>(p.batch) * static_cast<size_t>(p.output_h) * static_cast<size_t>(p.output_w);
  shape.n = p.output_c;
  shape.ks = p.filter_h * p.filter_w;
  shape.kc = p.input_c;
  const bool direct = p.filter_h == 1 && p.filter_w == 1 && p.stride_h == 1 && p.stride_w == 1 && p.pad_top == 0 &&
                      p.pad_left == 0 && p.output_h == p.input_h && p.output_w == p.input_w;
  std::vector<int32_t> offsets;
  if (!direct) {
    offsets.resize(shape.m * static_cast<size_t>(shape.ks));
    size_t idx = 0;
    for (int b = 0; b < p.batch; ++b) {
      for (int oy = 0; oy < p.output_h; ++oy) {
        for (int ox = 0; ox < p.output_w; ++ox) {
          for (int ky = 0; ky < p.filter_h; ++ky) {
            const int iy = oy * p.stride_h - p.pad_top + ky * p.dilation_h;
            for (int kx = 0; kx < p.filter_w; ++kx) {
              const int ix = ox * p.stride_w - p.pad_left + kx * p.dilation_w;
              const bool inside = iy >= 0 && iy < p.input_h && ix >= 0 && ix < p.input_w;
              offsets[idx++] =
                  inside ? static_cast<int32_t>(((int64_t{b} * p.input_h + iy) * p.input_w + ix) * p.input_c) : -1;
            }
          }
        }
      }
    }
  }
  const int32_t bias8 = is_uint8 ? 128 : 0;
  GemmPackSource src;
  src.n = shape.n;
  src.ks = shape.ks;
  src.kc = shape.kc;
  src.filter = filter;
  src.uint8_weights = is_uint8;
  src.bias = bias;
  src.input_zero_point = p.input_zero_point - bias8;
  // int8 CONV_2D filters are symmetric: the reference never reads their zero point.
  src.filter_zero_point = is_uint8 ? p.filter_zero_point - 128 : 0;
  return GemmOperator::Create(shape, std::move(offsets), src, is_uint8, p.multiplier, p.shift, p.output_zero_point,
                              p.act_min, p.act_max, main, tail);
}

std::unique_ptr<GemmOperator> CreateFc(const reference::FullyConnectedParams& p, const void* filter,
                                       const int32_t* bias, bool is_uint8, const GemmUkernel* main,
                                       const GemmUkernel* tail) {
  if (p.rows <= 0 || p.depth <= 0 || p.output_c <= 0) return nullptr;
  GemmOperator::Shape shape;
  shape.m = static_cast<size_t>(p.rows);
  shape.n = p.output_c;
  shape.ks = 1;
  shape.kc = p.depth;
  const int32_t bias8 = is_uint8 ? 128 : 0;
  GemmPackSource src;
  src.n = shape.n;
  src.ks = 1;
  src.kc = shape.kc;
  src.filter = filter;
  src.uint8_weights = is_uint8;
  src.bias = bias;
  src.input_zero_point = p.input_zero_point - bias8;
  src.filter_zero_point = p.filter_zero_point - bias8;  // the FC reference subtracts it for int8 too
  return GemmOperator::Create(shape, {}, src, is_uint8, p.multiplier, p.shift, p.output_zero_point, p.act_min,
                              p.act_max, main, tail);
}

}  // namespace

std::unique_ptr<PreparedConv2D> PreparedConv2D::Create(const reference::ConvParams& p, const void* filter,
                                                       const int32_t* bias, bool is_uint8, IsaSet usable) {
  const GemmUkernel *main = nullptr, *tail = nullptr;
  if (!SelectGemmUkernels(usable, &main, &tail)) return nullptr;
  return CreateWithKernels(p, filter, bias, is_uint8, main, tail);
}

std::unique_ptr<PreparedConv2D> PreparedConv2D::CreateWithKernels(const reference::ConvParams& p, const void* filter,
                                                                  const int32_t* bias, bool is_uint8,
                                                                  const GemmUkernel* main, const GemmUkernel* tail) {
  std::unique_ptr<GemmOperator> gemm = CreateConv(p, filter, bias, is_uint8, main, tail);
  if (gemm == nullptr) return nullptr;
  std::unique_ptr<PreparedConv2D> op(new PreparedConv2D());
  op->gemm_ = std::move(gemm);
  return op;
}

std::unique_ptr<PreparedFullyConnected> PreparedFullyConnected::Create(const reference::FullyConnectedParams& p,
                                                                       const void* filter, const int32_t* bias,
                                                                       bool is_uint8, IsaSet usable) {
  const GemmUkernel *main = nullptr, *tail = nullptr;
  if (!SelectGemmUkernels(usable, &main, &tail)) return nullptr;
  return CreateWithKernels(p, filter, bias, is_uint8, main, tail);
}

std::unique_ptr<PreparedFullyConnected> PreparedFullyConnected::CreateWithKernels(
    const reference::FullyConnectedParams& p, const void* filter, const int32_t* bias, bool is_uint8,
    const GemmUkernel* main, const GemmUkernel* tail) {
  std::unique_ptr<GemmOperator> gemm = CreateFc(p, filter, bias, is_uint8, main, tail);
  if (gemm == nullptr) return nullptr;
  std::unique_ptr<PreparedFullyConnected> op(new PreparedFullyConnected());
  op->gemm_ = std::move(gemm);
  return op;
}

}  // namespace octet::kernels
