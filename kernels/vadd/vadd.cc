// PreparedAdd: shape analysis, constants and dispatch for ADD (see vadd.h).
#include "kernels/vadd/vadd.h"

#include <algorithm>

#include "kernels/dispatch/coverage.h"
#include "kernels/vcvt/isa_select.h"

namespace octet {

bool MakeVAddParams(const reference::AddParams& p, bool swap, VAddParams* out) {
  if (p.left_shift != 20) return false;
  auto input_ok = [](int32_t m, int shift) { return m >= 0 && shift <= 0 && shift >= -31; };
  if (!input_ok(p.input1_multiplier, p.input1_shift) || !input_ok(p.input2_multiplier, p.input2_shift) ||
      !input_ok(p.output_multiplier, p.output_shift)) {
    return false;
  }
  int32_t ma = p.input1_multiplier, mb = p.input2_multiplier;
  int sa = p.input1_shift, sb = p.input2_shift;
  int32_t za = p.input1_zero_point, zb = p.input2_zero_point;
  if (swap) {
    std::swap(ma, mb);
    std::swap(sa, sb);
    std::swap(za, zb);
  }
  VAddParams v;
  v.a_mult_hi = ma >> 11;
  v.a_mult_lo = ma & 2047;
  v.a_bias_hi = -za * v.a_mult_hi;
  v.a_bias_lo = 1024 - za * v.a_mult_lo;
  v.a_shift = -sa;
  v.b_mult_hi = mb >> 11;
  v.b_mult_lo = mb & 2047;
  v.b_bias_hi = -zb * v.b_mult_hi;
  v.b_bias_lo = 1024 - zb * v.b_mult_lo;
  v.b_shift = -sb;
  v.a_zero_point = za;
  v.b_zero_point = zb;
  v.out_multiplier = p.output_multiplier;
  v.out_shift = -p.output_shift;
  v.out_zero_point = p.output_zero_point;
  v.out_min = p.act_min;
  v.out_max = p.act_max;
  *out = v;
  return true;
}

namespace {

constexpr size_t kTileElements = 32768;

bool SameDims(const int* a, const int* b, int from, int to) {
  for (int d = from; d < to; ++d) {
    if (a[d] != b[d]) return false;
  }
  return true;
}

}  // namespace

std::unique_ptr<PreparedAdd> PreparedAdd::Create(const reference::AddParams& p, bool is_uint8, IsaSet usable) {
  if (p.rank < 0 || p.rank > reference::kMaxRank) return nullptr;
  const int r = p.rank;
  size_t total = 1, size1 = 1, size2 = 1;
  for (int d = 0; d < r; ++d) {
    if (p.output_shape[d] < 0 || p.input1_shape[d] < 0 || p.input2_shape[d] < 0) return nullptr;
    total *= static_cast<size_t>(p.output_shape[d]);
    size1 *= static_cast<size_t>(p.input1_shape[d]);
    size2 *= static_cast<size_t>(p.input2_shape[d]);
  }
  const bool full1 = SameDims(p.input1_shape, p.output_shape, 0, r);
  const bool full2 = SameDims(p.input2_shape, p.output_shape, 0, r);
  std::unique_ptr<PreparedAdd> op(new PreparedAdd());
  op->is_uint8_ = is_uint8;
  op->outer_ = 1;
  op->inner_ = total;
  if (full1 && full2) {
    // same shape: one flat run
  } else if (full1 || full2) {
    op->swapped_ = !full1;
    const int* small = full1 ? p.input2_shape : p.input1_shape;
    const size_t small_size = full1 ? size2 : size1;
    if (small_size == 1) {
      op->scalar_b_ = true;
    } else {
      // The broadcast operand must be [1, ..., 1, O[k], ..., O[r-1]].
      int k = r;
      while (k > 0 && small[k - 1] == p.output_shape[k - 1]) --k;
      for (int d = 0; d < k; ++d) {
        if (small[d] != 1) return nullptr;
      }
      op->broadcast_ = true;
      op->inner_ = small_size;
      op->outer_ = small_size == 0 ? 0 : total / small_size;
    }
  } else {
    return nullptr;
  }
  if (!MakeVAddParams(p, op->swapped_, &op->params_)) return nullptr;

  if (op->broadcast_) {
    op->tile_rows_ = std::max<size_t>(1, kTileElements / std::max<size_t>(1, op->inner_));
    op->num_tiles_ = (op->outer_ + op->tile_rows_ - 1) / op->tile_rows_;
  } else {
    op->tile_elements_ = kTileElements;
    op->num_tiles_ = (total + kTileElements - 1) / kTileElements;
  }

  op->isa_ = elementwise::SelectIsa(usable);
#define OCTET_ASSIGN(level)                                                           \
  op->qs8_ = kernels::qs8_vadd__##level;                                              \
  op->qs8c_ = kernels::qs8_vaddc__##level;                                            \
  op->qu8_ = kernels::qu8_vadd__##level;                                              \
  op->qu8c_ = kernels::qu8_vaddc__##level;                                            \
  op->name_ = is_uint8 ? (op->scalar_b_ ? "qu8_vaddc__" #level : "qu8_vadd__" #level) \
                       : (op->scalar_b_ ? "qs8_vaddc__" #level : "qs8_vadd__" #level);
  OCTET_SELECT_LEVEL(op->isa_, OCTET_ASSIGN)
#undef OCTET_ASSIGN
  return op;
}

namespace {

template <typename T, typename Fn>
void RunAddTiles(size_t begin, size_t end, const T* a, const T* b, T* out, const VAddParams* params, Fn full, Fn scalar,
                 bool scalar_b, bool broadcast, size_t outer, size_t inner, size_t tile_rows, size_t tile_elements) {
  if (broadcast) {
    for (size_t t = begin; t < end; ++t) {
      const size_t row_end = std::min(outer, (t + 1) * tile_rows);
      for (size_t row = t * tile_rows; row < row_end; ++row) {
        full(inner, a + row * inner, b, out + row * inner, params);
      }
    }
    return;
  }
  const size_t total = inner;
  const size_t first = begin * tile_elements;
  const size_t last = std::min(total, end * tile_elements);
  if (first >= last) return;
  if (scalar_b) {
    scalar(last - first, a + first, b, out + first, params);
  } else {
    full(last - first, a + first, b + first, out + first, params);
  }
}

}  // namespace

void PreparedAdd::RunTiles(size_t begin, size_t end, const void* input1, const void* input2, void* output,
                           void*) const {
  RecordIsaUse(isa_);
  const void* a = swapped_ ? input2 : input1;
  const void* b = swapped_ ? input1 : input2;
  if (is_uint8_) {
    RunAddTiles(begin, end, static_cast<const uint8_t*>(a), static_cast<const uint8_t*>(b),
                static_cast<uint8_t*>(output), &params_, qu8_, qu8c_, scalar_b_, broadcast_, outer_, inner_, tile_rows_,
                tile_elements_);
  } else {
    RunAddTiles(begin, end, static_cast<const int8_t*>(a), static_cast<const int8_t*>(b), static_cast<int8_t*>(output),
                &params_, qs8_, qs8c_, scalar_b_, broadcast_, outer_, inner_, tile_rows_, tile_elements_);
  }
}

void PreparedAdd::Run(const void* input1, const void* input2, void* output, void* scratch) const {
  RunTiles(0, num_tiles_, input1, input2, output, scratch);
}
void PreparedAdd::Run(const int8_t* input1, const int8_t* input2, int8_t* output, void* scratch) const {
  Run(static_cast<const void*>(input1), static_cast<const void*>(input2), static_cast<void*>(output), scratch);
}
void PreparedAdd::Run(const uint8_t* input1, const uint8_t* input2, uint8_t* output, void* scratch) const {
  Run(static_cast<const void*>(input1), static_cast<const void*>(input2), static_cast<void*>(output), scratch);
}

}  // namespace octet
