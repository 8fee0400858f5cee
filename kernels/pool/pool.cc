// PreparedAveragePool2D / PreparedMaxPool2D: window bookkeeping and dispatch (see pool.h).
#include "kernels/pool/pool.h"

#include <algorithm>

#include "kernels/dispatch/coverage.h"
#include "kernels/vcvt/isa_select.h"

namespace octet {
namespace {

// Every output position must see at least one input cell (TFLite rejects empty windows).
bool WindowsNonEmpty(const reference::Pool2DParams& p) {
  if (p.output_h <= 0 || p.output_w <= 0) return true;
  auto axis_ok = [](int out, int stride, int pad, int filter, int in) {
    for (int o = 0; o < out; ++o) {
      const int origin = o * stride - pad;
      if (std::min(filter, in - origin) - std::max(0, -origin) <= 0) return false;
    }
    return true;
  };
  return axis_ok(p.output_h, p.stride_h, p.pad_top, p.filter_h, p.input_h) &&
         axis_ok(p.output_w, p.stride_w, p.pad_left, p.filter_w, p.input_w);
}

bool ShapeOk(const reference::Pool2DParams& p) {
  return p.batch >= 0 && p.input_h > 0 && p.input_w > 0 && p.channels >= 0 && p.output_h >= 0 && p.output_w >= 0 &&
         p.filter_h > 0 && p.filter_w > 0 && p.stride_h > 0 && p.stride_w > 0 && WindowsNonEmpty(p);
}

}  // namespace

std::unique_ptr<PreparedAveragePool2D> PreparedAveragePool2D::Create(const reference::Pool2DParams& p, bool is_uint8,
                                                                     IsaSet usable) {
  if (!ShapeOk(p)) return nullptr;
  std::unique_ptr<PreparedAveragePool2D> op(new PreparedAveragePool2D());
  op->p_ = p;
  op->is_uint8_ = is_uint8;
  op->average_ = true;
  // Beyond kMaxExactAveragePoolCount taps the vector kernels' exact division no longer holds.
  op->isa_ = p.filter_h * p.filter_w > kMaxExactAveragePoolCount ? Isa::kScalar : elementwise::SelectIsa(usable);
#define OCTET_ASSIGN(level)                 \
  op->qs8_ = kernels::qs8_avgpool__##level; \
  op->qu8_ = kernels::qu8_avgpool__##level; \
  op->name_ = is_uint8 ? "qu8_avgpool__" #level : "qs8_avgpool__" #level;
  OCTET_SELECT_LEVEL(op->isa_, OCTET_ASSIGN)
#undef OCTET_ASSIGN
  return op;
}

std::unique_ptr<PreparedMaxPool2D> PreparedMaxPool2D::Create(const reference::Pool2DParams& p, bool is_uint8,
                                                             IsaSet usable) {
  if (!ShapeOk(p)) return nullptr;
  std::unique_ptr<PreparedMaxPool2D> op(new PreparedMaxPool2D());
  op->p_ = p;
  op->is_uint8_ = is_uint8;
  op->average_ = false;
  op->isa_ = elementwise::SelectIsa(usable);
#define OCTET_ASSIGN(level)                 \
  op->qs8_ = kernels::qs8_maxpool__##level; \
  op->qu8_ = kernels::qu8_maxpool__##level; \
  op->name_ = is_uint8 ? "qu8_maxpool__" #level : "qs8_maxpool__" #level;
  OCTET_SELECT_LEVEL(op->isa_, OCTET_ASSIGN)
#undef OCTET_ASSIGN
  return op;
}

namespace {

template <typename T, typename Fn>
void PoolRows(const reference::Pool2DParams& p, bool average, Fn kernel, size_t begin, size_t end, const T* input,
              T* output) {
  const size_t c = static_cast<size_t>(p.channels);
  PoolWindow w;
  w.channels = c;
  w.col_stride = c;
  w.row_stride = static_cast<size_t>(p.input_w) * c;
  w.out_min = p.act_min;
  w.out_max = p.act_max;
  for (size_t t = begin; t < end; ++t) {
    const size_t b = t / static_cast<size_t>(p.output_h);
    const int oy = static_cast<int>(t % static_cast<size_t>(p.output_h));
    const int origin_y = oy * p.stride_h - p.pad_top;
    const int ky_begin = std::max(0, -origin_y);
    const int ky_end = std::min(p.filter_h, p.input_h - origin_y);
    w.rows = static_cast<size_t>(ky_end - ky_begin);
    const T* image = input + b * static_cast<size_t>(p.input_h) * w.row_stride;
    T* out_row =
        output + (b * static_cast<size_t>(p.output_h) + static_cast<size_t>(oy)) * static_cast<size_t>(p.output_w) * c;
    for (int ox = 0; ox < p.output_w; ++ox) {
      const int origin_x = ox * p.stride_w - p.pad_left;
      const int kx_begin = std::max(0, -origin_x);
      const int kx_end = std::min(p.filter_w, p.input_w - origin_x);
      w.cols = static_cast<size_t>(kx_end - kx_begin);
      if (average) {
        w.count = static_cast<int32_t>(w.rows * w.cols);
        w.multiplier = static_cast<uint32_t>(((uint64_t{1} << 31) + static_cast<uint64_t>(w.count) - 1) /
                                             static_cast<uint64_t>(w.count));
      }
      const T* first = image + static_cast<size_t>(origin_y + ky_begin) * w.row_stride +
                       static_cast<size_t>(origin_x + kx_begin) * c;
      kernel(&w, first, out_row + static_cast<size_t>(ox) * c);
    }
  }
}

}  // namespace

void PreparedPool2DBase::RunTiles(size_t begin, size_t end, const void* input, void* output, void*) const {
  RecordIsaUse(isa_);
  if (is_uint8_) {
    PoolRows(p_, average_, qu8_, begin, end, static_cast<const uint8_t*>(input), static_cast<uint8_t*>(output));
  } else {
    PoolRows(p_, average_, qs8_, begin, end, static_cast<const int8_t*>(input), static_cast<int8_t*>(output));
  }
}

void PreparedPool2DBase::Run(const void* input, void* output, void* scratch) const {
  RunTiles(0, num_tiles(), input, output, scratch);
}
void PreparedPool2DBase::Run(const int8_t* input, int8_t* output, void* scratch) const {
  Run(static_cast<const void*>(input), static_cast<void*>(output), scratch);
}
void PreparedPool2DBase::Run(const uint8_t* input, uint8_t* output, void* scratch) const {
  Run(static_cast<const void*>(input), static_cast<void*>(output), scratch);
}

}  // namespace octet
