// Prepared GEMM-based operators: CONV_2D (1x1 as a direct GEMM on the NHWC activations, KxK through
// an indirection buffer) and FULLY_CONNECTED, int8 (per-channel) and uint8 (per-tensor) models,
// bit-exact with kernels/reference.
//
// Create() picks the best microkernel among `usable`, packs the weights once and returns an
// immutable object (Run is const and thread-safe); it returns nullptr when no fast path applies
// (grouped convolution, tensors over 2 GiB), and the caller then uses the reference kernel.
// The Params' multiplier/shift arrays are only read during Create.
//
// Run(input, output, scratch): scratch is scratch_size() bytes (64-byte aligned, per session).
// Work is split in independent tiles of output rows: RunTiles(begin, end, ...) over
// [0, tile_count()) does a part of Run, with its own scratch_size() bytes of scratch, so a thread
// pool can split the tiles. No allocation happens in Run, and tensors are never read or written out
// of bounds.
#ifndef OCTET_KERNELS_GEMM_CONV_GEMM_H_
#define OCTET_KERNELS_GEMM_CONV_GEMM_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "kernels/common/requantize.h"
#include "kernels/dispatch/isa.h"
#include "kernels/gemm/gemm.h"
#include "kernels/gemm/pack.h"
#include "kernels/reference/reference.h"

namespace octet::kernels {

// The shared engine: an M x N output from ks taps of kc channels per row.
class GemmOperator {
 public:
  static constexpr int kIm2colMaxKc = 8;
  // Tiles of at most this many rows go through Block::row_kernel one row at a time (MobileNet v2's
  // 7x7 layers 7% faster; at 4 rows, the 14x14 layers' last tile, 3% slower than one 6-row tile).
  static constexpr size_t kRowKernelMaxRows = 2;
  struct Shape {
    size_t m = 0;  // output rows (pixels)
    int n = 0;     // output channels
    int ks = 1;    // taps per output row
    int kc = 0;    // channels per tap
    // Taps per filter row when tap t + 1 reads the kc bytes after tap t's wherever both are inside
    // the input (the filter width at dilation 1); 1 when unknown.
    int kw = 1;
    // Bytes of the input (offsets index it): row runs read whole k-blocks, up to KR - 1 bytes past a
    // run's end, only where that stays inside; 0 (unknown) turns row runs off.
    size_t input_bytes = 0;
  };
  // `offsets` (m * ks input byte offsets, -1 = padding tap) is empty for a direct GEMM (row r at
  // input + r * kc). With few channels per tap (kc <= kIm2colMaxKc) and kw > 1, each filter row
  // becomes one tap of kw * kc bytes read in place (row runs: a convolution's first layer on RGB
  // reads 3 taps of 9 bytes instead of gathering 27); only runs that cross the input's border are
  // assembled, per tile, in scratch. Otherwise few channels per tap are gathered into one row of
  // round_up(ks * kc, KR) bytes in scratch (im2col per tile) and the kernel runs one tap of that
  // depth: no short per-tap k loops.
  static std::unique_ptr<GemmOperator> Create(const Shape& shape, std::vector<int32_t> offsets,
                                              const GemmPackSource& weights, bool is_uint8, const int32_t* multiplier,
                                              const int32_t* shift, int32_t output_zero_point, int32_t act_min,
                                              int32_t act_max, const GemmUkernel* main, const GemmUkernel* tail);

  size_t scratch_size() const;
  // Bytes of packed weights, bias and requantization constants, and of the indirection offsets.
  size_t packed_bytes() const { return packed_bytes_ + (offsets_.size() + edges_.size()) * sizeof(int32_t); }
  size_t tile_count() const { return (shape_.m + tile_m_ - 1) / tile_m_; }
  void Run(const void* input, void* output, void* scratch) const;
  void RunTiles(size_t begin, size_t end, const void* input, void* output, void* scratch) const;
  // Work items for the thread pool: each row tile, split into column_groups() runs of its column
  // blocks when there are few tiles (kMinWorkItems), so that small products (a GEMV, a 7x7 layer's
  // 9 tiles) still divide evenly between threads. Item w is tile w / G, column group w % G.
  static constexpr size_t kMinWorkItems = 16;
  size_t work_count() const { return tile_count() * column_groups_; }
  size_t column_groups() const { return column_groups_; }
  // input_flipped: the input bytes are the expected ones XOR 0x80 (the other 8-bit type at the same
  // scale, zero point +-128: what a QUANTIZE between uint8 and int8 produces). The kernels then skip
  // that flip instead of the graph running it as an operator (runtime/ops/flip_gemm.h).
  void RunWork(size_t begin, size_t end, const void* input, void* output, void* scratch,
               bool input_flipped = false) const;
  Isa isa() const { return main_->isa; }
  const char* kernel_name() const { return main_->name; }

  // Fusion hook (an epilogue that consumes the output while it is still in cache): the output is
  // rows() x columns() bytes, tile t covers rows [t * tile_rows(), min((t + 1) * tile_rows(), rows())).
  // RunTilesInto computes tiles [begin, end) like RunTiles but writes their rows contiguously from
  // `rows_out` (row begin * tile_rows() first, row stride columns()) instead of into the output.
  size_t rows() const { return shape_.m; }
  size_t columns() const { return static_cast<size_t>(shape_.n); }
  size_t tile_rows() const { return tile_m_; }
  void RunTilesInto(size_t begin, size_t end, const void* input, void* rows_out, void* scratch) const;

 private:
  GemmOperator() = default;
  // Rows go to output + (row - first_row) * n.
  // Tiles [begin, end), column blocks [block_begin, block_end) of each.
  void RunTilesAt(size_t begin, size_t end, const void* input, void* output, size_t first_row, void* scratch,
                  size_t block_begin = 0, size_t block_end = SIZE_MAX, bool input_flipped = false) const;
  struct Block {
    GemmPackBlock pack;
    const GemmUkernel* kernel;
    // A one-row kernel of the same packing (null if none): a tile of few rows costs it a call per
    // row instead of a whole tile (the last tile of a 7x7 layer: 49 = 8 x 6 + 1 rows).
    const GemmUkernel* row_kernel = nullptr;
    GemmParams params;                // requantization view offset to the block's first channel
    GemmParams params_flipped_input;  // the same with input_xor ^ 0x80 (RunWork's input_flipped)
  };
  Shape shape_;
  size_t tile_m_ = 1;
  size_t column_groups_ = 1;
  const GemmUkernel* main_ = nullptr;
  std::vector<int32_t> offsets_;
  std::vector<uint8_t> zero_row_;          // kc bytes of the input zero point (raw encoding)
  std::vector<uint8_t> zero_row_flipped_;  // the same XOR 0x80 (for a flipped input)
  std::vector<Block> blocks_;
  std::unique_ptr<uint8_t[]> packed_storage_;
  uint8_t* packed_ = nullptr;  // 64-byte aligned inside packed_storage_
  size_t packed_bytes_ = 0;
  RequantTable requant_;
  std::unique_ptr<int64_t[]> split_storage_;
  const int64_t* split_ = nullptr;  // GemmParams::requant_split of column 0, 64-byte aligned
  bool im2col_ = false;
  // What the kernel is called with: taps per row and bytes per tap.
  size_t kernel_ks_ = 1, kernel_kc_ = 0;
  // Row runs (kw > 1): offsets_ holds m * (ks / kw) run offsets, -1 for a run wholly in the
  // padding, -2 - e for border run e, whose kw original tap offsets are edges_[e * kw, (e + 1) * kw).
  // The kernels read kernel_kc_ = round_up(kw * kc, KR) bytes per run (the packed weights past
  // kw * kc are zero, so the bytes after a run only need to be readable): a run whose last k-block
  // would pass the input's end is a border run too.
  bool row_runs_ = false;
  size_t kw_ = 1;
  std::vector<int32_t> edges_;
  // Row runs through the direct entry points: row segments [m0, m0 + count) whose run t of row
  // m0 + i starts at offset + i * step + t * tap_stride (inside the input: one output row's pixels
  // away from the borders), one GemmDirectFn call each. Rows outside them take the tile path.
  void FindRunSegments();
  struct RunSegment {
    size_t m0, count;
    int32_t offset, step, tap_stride;
  };
  std::vector<RunSegment> segments_;
  // Indirect GEMMs: the input-byte step between consecutive rows of tile t when all of its rows'
  // taps are inside the input and step by that much (same output row, no padding), else 0. The
  // driver then builds the tile's pointers from row 0's without reading the other offsets.
  std::vector<int32_t> tile_step_;
  // VNNI kernels on int8 activations: each tile's rows are XOR-ed with 0x80 once into scratch (x_u)
  // instead of once per column block and broadcast (direct and im2col GEMMs).
  bool preflip_ = false;
  // Direct GEMMs whose every block kernel has a direct entry point (GemmDirectFn) that takes its
  // requantization: rows go to the kernels direct_rows_ at a time (a multiple of the tile height,
  // about 16 KiB of activations, which would stay in L1 from one column block to the next).
  bool use_direct_ = false;
  size_t direct_rows_ = 0;
  size_t im2col_k_ = 0;  // bytes of one gathered row (ks * kc rounded up to KR)
  // im2col rows as runs of input bytes (taps adjacent in the input merged; offset -1 = zero-point
  // bytes): row r's runs are runs_[run_begin_[r], run_begin_[r + 1]). Replaces offsets_.
  struct Im2colRun {
    int32_t offset, length;
  };
  std::vector<Im2colRun> runs_;
  std::vector<uint32_t> run_begin_;
  bool is_uint8_ = false;
  int32_t filter_zero_point_s_ = 0;  // non-zero: rows need -wz_s * rowsum(x_s)
  // The direct paths compute those corrections for this many tiles of rows at a time (in scratch).
  static constexpr size_t kCorrTiles = 32;
  size_t GatheredRowBytes() const;
  RowSumsFn row_sums_ = nullptr;    // the ISA's kernel for those row sums (null: the portable one)
  FlipCopyFn flip_copy_ = nullptr;  // the ISA's kernel for pre-flipped tiles (null: the portable one)
};

// Best kernel pair (main, narrow-column tail) for an ISA set; false when none is compiled.
bool SelectGemmUkernels(IsaSet usable, const GemmUkernel** main, const GemmUkernel** tail);
// The pair for an m x n product: a one-row kernel when m == 1 (GEMV) and the narrowest tail that
// covers the column remainder, among the kernels of the ISA SelectGemmUkernels picks.
bool SelectGemmUkernelsForShape(IsaSet usable, size_t m, int n, const GemmUkernel** main, const GemmUkernel** tail);
// Splits per-channel requantization constants for GemmParams::requant_split: ceil(channels / 16) + 4
// groups of 64 int64 (the extra groups hold harmless values, so a 64-column kernel may read past
// the last channel). `out` must hold GemmRequantSplitSize(channels) int64. Returns whether the
// output zero point was folded into the rounding terms (GemmParams::zero_point_in_split).
// `available`: entries `r` may be read at (0: channels padded to 64, a whole RequantTable; less
// for a view that starts inside one).
size_t GemmRequantSplitSize(size_t channels);
bool GemmRequantSplit(const RequantView& r, size_t channels, int64_t* out, size_t available = 0);
// All (main, tail) pairs this build compiled, one per ISA (for tests and benchmarks).
std::vector<std::pair<const GemmUkernel*, const GemmUkernel*>> GemmUkernelChoices();

class PreparedConv2D {
 public:
  // filter [output_c, filter_h, filter_w, input_c] (int8 or uint8 bytes), bias [output_c] or null.
  static std::unique_ptr<PreparedConv2D> Create(const reference::ConvParams& p, const void* filter, const int32_t* bias,
                                                bool is_uint8, IsaSet usable);
  // Same with an explicit kernel pair (tests and benchmarks); tail may equal main.
  static std::unique_ptr<PreparedConv2D> CreateWithKernels(const reference::ConvParams& p, const void* filter,
                                                           const int32_t* bias, bool is_uint8, const GemmUkernel* main,
                                                           const GemmUkernel* tail);
  size_t scratch_size() const { return gemm_->scratch_size(); }
  size_t packed_bytes() const { return gemm_->packed_bytes(); }
  size_t tile_count() const { return gemm_->work_count(); }
  void Run(const void* input, void* output, void* scratch) const { gemm_->Run(input, output, scratch); }
  void RunTiles(size_t begin, size_t end, const void* input, void* output, void* scratch) const {
    gemm_->RunWork(begin, end, input, output, scratch);
  }
  Isa isa() const { return gemm_->isa(); }
  const char* kernel_name() const { return gemm_->kernel_name(); }
  const GemmOperator& gemm() const { return *gemm_; }  // for fused epilogues

 private:
  std::unique_ptr<GemmOperator> gemm_;
};

class PreparedFullyConnected {
 public:
  // filter [output_c, depth] (int8 or uint8 bytes), bias [output_c] or null.
  static std::unique_ptr<PreparedFullyConnected> Create(const reference::FullyConnectedParams& p, const void* filter,
                                                        const int32_t* bias, bool is_uint8, IsaSet usable);
  static std::unique_ptr<PreparedFullyConnected> CreateWithKernels(const reference::FullyConnectedParams& p,
                                                                   const void* filter, const int32_t* bias,
                                                                   bool is_uint8, const GemmUkernel* main,
                                                                   const GemmUkernel* tail);
  size_t scratch_size() const { return gemm_->scratch_size(); }
  size_t packed_bytes() const { return gemm_->packed_bytes(); }
  size_t tile_count() const { return gemm_->work_count(); }
  void Run(const void* input, void* output, void* scratch) const { gemm_->Run(input, output, scratch); }
  void RunTiles(size_t begin, size_t end, const void* input, void* output, void* scratch) const {
    gemm_->RunWork(begin, end, input, output, scratch);
  }
  Isa isa() const { return gemm_->isa(); }
  const char* kernel_name() const { return gemm_->kernel_name(); }
  const GemmOperator& gemm() const { return *gemm_; }  // for fused epilogues

 private:
  std::unique_ptr<GemmOperator> gemm_;
};

}  // namespace octet::kernels

#endif  // OCTET_KERNELS_GEMM_CONV_GEMM_H_
