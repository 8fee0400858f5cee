#include "kernels/gemm/conv_gemm.h"

#include <algorithm>
#include <cstring>
#include <limits>

#if defined(__SSE2__)
#include <emmintrin.h>
#elif defined(__aarch64__)
#include <arm_neon.h>
#endif

#include "kernels/common/prefault.h"
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

bool SelectGemmUkernelsForShape(IsaSet usable, size_t m, int n, const GemmUkernel** main, const GemmUkernel** tail) {
  if (!SelectGemmUkernels(usable, main, tail)) return false;
  size_t count = 0;
  const GemmUkernel* list = GemmUkernels(&count);
  const GemmUkernel* base = *main;
  auto compatible = [base](const GemmUkernel& k) {
    return k.isa == base->isa && k.kr == base->kr && k.unsigned_activations == base->unsigned_activations;
  };
  if (m == 1) {
    // GEMV: the widest one-row kernel, which is its own tail.
    for (size_t i = 0; i < count; ++i) {
      if (compatible(list[i]) && list[i].mr == 1 && (*main == base || list[i].nr > (*main)->nr)) *main = &list[i];
    }
    if (*main != base) {
      *tail = *main;
      return true;
    }
  }
  if (n <= base->nr / 2) {
    // Narrow layers: the tallest kernel covering n columns in one block with less than half of it
    // wasted (each weight vector then serves more rows), else the narrowest covering one.
    const GemmUkernel* best = nullptr;
    for (size_t i = 0; i < count; ++i) {
      const GemmUkernel& k = list[i];
      if (!compatible(k) || k.nr < n || k.nr >= 2 * n) continue;
      if (best == nullptr || k.mr > best->mr || (k.mr == best->mr && k.nr < best->nr)) best = &k;
    }
    for (size_t i = 0; i < count && best == nullptr; ++i) {
      const GemmUkernel& k = list[i];
      if (compatible(k) && k.mr == base->mr && k.nr >= n && k.nr < (*main)->nr) *main = &k;
    }
    if (best != nullptr) *main = best;
    *tail = *main;
    return true;
  }
  // The column remainder PlanBlocks gives the tail kernel: the narrowest tail covering it in one call.
  const int rem = n % base->nr;
  if (rem == 0 || rem > base->nr / 2) return true;
  for (size_t i = 0; i < count; ++i) {
    const GemmUkernel& k = list[i];
    if (compatible(k) && base->mr % k.mr == 0 && k.mr == base->mr && k.nr >= rem && k.nr <= base->nr / 2 &&
        (k.nr < (*tail)->nr || (*tail)->nr < rem)) {
      *tail = &k;
    }
  }
  return true;
}

size_t GemmRequantSplitSize(size_t channels) { return ((channels + 15) / 16 + 4) * 64; }

bool GemmRequantSplit(const RequantView& r, size_t channels, int64_t* out, size_t available) {
  // Entries the view may read: what RequantTable holds (channels padded to 64) unless told.
  const size_t padded = available != 0 ? available : std::max<size_t>(64, (channels + 63) / 64 * 64);
  const size_t groups = GemmRequantSplitSize(channels) / 64;
  // The zero point goes into the rounding term as z * 2^(31 + rs) when every rs <= kMaxFoldedShift:
  // then |p + R + z * 2^(31 + rs)| < 2^62 + 2^61 + 2^60 (no 64-bit overflow) and its high dword
  // stays inside int32, which the epilogues' fast form needs.
  constexpr int64_t kMaxFoldedShift = 22;
  bool fold = true;
  for (size_t c = 0; c < padded; ++c) fold = fold && r.right_shift[c] - 31 <= kMaxFoldedShift;
  const int64_t zp = fold ? r.output_zero_point : 0;
  for (size_t g = 0; g < groups; ++g) {
    int64_t* o = out + g * 64;
    std::fill(o + 40, o + 48, 0);
    for (size_t l = 0; l < 16; ++l) {
      const size_t c = g * 16 + l;
      const bool real = c < padded;
      const size_t half = (l % 2) * 8 + l / 2;  // even columns fill vector 0, odd ones vector 1
      o[half] = real ? r.multiplier[c] : 0;
      o[48 + half] = real ? r.right_shift[c] : 31;
      // zp * 2^shift as a multiplication: a left shift of a negative value is undefined before C++20.
      o[16 + half] = (real ? r.rounding[c] : int64_t{1} << 30) + zp * (int64_t{1} << o[48 + half]);
      // Vector 4: rs - 1 as int32 in column order; -1 (rs == 0) sends the kernel to its general path,
      // which element 0 of vector 5 tells (the least rs - 1 of the group).
      const int32_t sh = c < channels ? static_cast<int32_t>(r.right_shift[c]) - 32 : 0;
      std::memcpy(reinterpret_cast<unsigned char*>(o + 32) + 4 * l, &sh, 4);
      o[40] = std::min<int64_t>(o[40], sh);
    }
  }
  return fold;
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
  op->row_sums_ = SelectRowSums(main->isa);
  op->flip_copy_ = SelectFlipCopy(main->isa);
  const int32_t bias8 = is_uint8 ? 128 : 0;
  op->zero_row_.assign(static_cast<size_t>(shape.kc),
                       static_cast<uint8_t>(static_cast<uint8_t>(weights.input_zero_point + bias8)));
  op->requant_ = RequantTable(multiplier, shift, static_cast<size_t>(shape.n), output_zero_point - bias8,
                              act_min - bias8, act_max - bias8);
  const RequantView view = op->requant_.view();

  // Row runs: the kernel sees ks / kw taps of kw * kc channels; the filter [n][ks][kc] is already
  // that matrix. Else im2col: one tap of ks * kc channels.
  // Row runs round each run up to KR instead of the whole row: taken while that costs at most a
  // third more multiply-adds (RGB 3x3: 3 x 12 = 36 bytes against 28 at KR 4, measured faster than
  // gathering on AVX-512, AVX2 and SSE4.1; 3 x 16 = 48 against 32 at KR 8 is not taken).
  const bool few_channels = shape.ks > 1 && shape.kc <= kIm2colMaxKc && !op->offsets_.empty() && shape.input_bytes > 0;
  const auto round_kr = [&](int v) { return RoundUp(static_cast<size_t>(v), static_cast<size_t>(main->kr)); };
  op->row_runs_ =
      few_channels && shape.kw > 1 && shape.ks % shape.kw == 0 &&
      3 * round_kr(shape.kw * shape.kc) * static_cast<size_t>(shape.ks / shape.kw) <= 4 * round_kr(shape.ks * shape.kc);
  op->im2col_ = few_channels && !op->row_runs_;
  op->kernel_ks_ = static_cast<size_t>(shape.ks);
  op->kernel_kc_ = static_cast<size_t>(shape.kc);
  GemmPackSource packed_src = weights;
  if (op->row_runs_) {
    const size_t kw = static_cast<size_t>(shape.kw), kc = static_cast<size_t>(shape.kc);
    const size_t runs = static_cast<size_t>(shape.ks) / kw;
    const size_t read = round_kr(static_cast<int>(kw * kc));  // bytes the kernels read per run
    op->kw_ = kw;
    op->kernel_ks_ = runs;
    op->kernel_kc_ = read;
    packed_src.ks = static_cast<int32_t>(runs);
    packed_src.kc = static_cast<int32_t>(kw * kc);
    op->zero_row_.resize(read, op->zero_row_[0]);
    std::vector<int32_t> run_offsets(shape.m * runs);
    for (size_t q = 0; q < run_offsets.size(); ++q) {
      const int32_t* tap = op->offsets_.data() + q * kw;
      bool inside = true, padding = true;
      for (size_t x = 0; x < kw; ++x) {
        inside = inside && tap[x] >= 0 && tap[x] - tap[0] == static_cast<int32_t>(x * kc);
        padding = padding && tap[x] < 0;
      }
      inside = inside && static_cast<size_t>(tap[0]) + read <= shape.input_bytes;
      if (inside || padding) {
        run_offsets[q] = inside ? tap[0] : -1;
      } else {
        const size_t e = op->edges_.size() / kw;
        if (e > static_cast<size_t>(std::numeric_limits<int32_t>::max()) - 2) return nullptr;
        run_offsets[q] = -2 - static_cast<int32_t>(e);
        op->edges_.insert(op->edges_.end(), tap, tap + kw);
      }
    }
    op->offsets_.swap(run_offsets);
  } else if (op->im2col_) {
    packed_src.kc = shape.ks * shape.kc;
    packed_src.ks = 1;
    op->im2col_k_ = RoundUp(static_cast<size_t>(packed_src.kc), static_cast<size_t>(main->kr));
    const size_t ks = static_cast<size_t>(shape.ks);
    const int32_t kc = shape.kc;
    op->run_begin_.reserve(shape.m + 1);
    for (size_t r = 0; r < shape.m; ++r) {
      op->run_begin_.push_back(static_cast<uint32_t>(op->runs_.size()));
      const int32_t* offs = op->offsets_.data() + r * ks;
      for (size_t t = 0; t < ks; ++t) {
        Im2colRun* last = op->runs_.size() > op->run_begin_.back() ? &op->runs_.back() : nullptr;
        const bool pad = offs[t] < 0;
        if (last != nullptr && (pad ? last->offset < 0 : last->offset >= 0 && offs[t] == last->offset + last->length)) {
          last->length += kc;
        } else {
          op->runs_.push_back(Im2colRun{pad ? -1 : offs[t], kc});
        }
      }
    }
    op->run_begin_.push_back(static_cast<uint32_t>(op->runs_.size()));
    if (op->runs_.size() > std::numeric_limits<uint32_t>::max()) return nullptr;
    std::vector<int32_t>().swap(op->offsets_);
    op->kernel_ks_ = 1;
    op->kernel_kc_ = op->im2col_k_;
  }
  if (!op->offsets_.empty()) {
    const size_t ks = op->kernel_ks_, tm = op->tile_m_;
    op->tile_step_.assign((shape.m + tm - 1) / tm, 0);
    for (size_t t = 0; t < op->tile_step_.size(); ++t) {
      if (tm < 2 || (t + 1) * tm > shape.m) continue;  // one-row tiles keep the general path; a short last tile
      const int32_t* offs = op->offsets_.data() + t * tm * ks;
      const int64_t step = int64_t{offs[ks]} - offs[0];
      bool regular = step > 0 && step <= std::numeric_limits<int32_t>::max();
      for (size_t i = 0; i < tm && regular; ++i) {
        for (size_t q = 0; q < ks && regular; ++q) {
          const int32_t off = offs[i * ks + q];
          regular = off >= 0 && int64_t{off} == int64_t{offs[q]} + static_cast<int64_t>(i) * step;
        }
      }
      if (regular) op->tile_step_[t] = static_cast<int32_t>(step);
    }
  }
  op->zero_row_flipped_ = op->zero_row_;
  for (uint8_t& byte : op->zero_row_flipped_) byte ^= 0x80;
  // Worth it when several column blocks read the same rows (im2col copies the rows anyway).
  op->preflip_ =
      main->unsigned_activations && !is_uint8 && (op->im2col_ || (op->offsets_.empty() && shape.n > main->nr));
  std::vector<const GemmUkernel*> kernels;
  std::vector<GemmPackBlock> plan = PlanBlocks(shape.n, main, tail, &kernels);
  const size_t bytes = PackedGemmSize(&plan, packed_src.ks, packed_src.kc);
  op->packed_storage_.reset(new uint8_t[bytes + 64]);
  PrefaultForWrite(op->packed_storage_.get(), bytes + 64);
  op->packed_bytes_ = bytes + 64;
  op->packed_ = op->packed_storage_.get() + (64 - reinterpret_cast<uintptr_t>(op->packed_storage_.get()) % 64) % 64;
  PackGemm(packed_src, plan, op->packed_);

  // Split requantization constants: one table for the layer, read by blocks that start on a
  // 16-column group, plus one per block that does not (a 24-column kernel used for every block).
  const size_t n = static_cast<size_t>(shape.n);
  const size_t table_entries = std::max<size_t>(64, (n + 63) / 64 * 64);  // RequantTable's padding
  size_t split_size = GemmRequantSplitSize(n);
  for (const GemmPackBlock& b : plan) {
    if (b.n0 % 16 != 0) split_size += GemmRequantSplitSize(static_cast<size_t>(b.nc));
  }
  op->split_storage_.reset(new int64_t[split_size + 8]);
  PrefaultForWrite(op->split_storage_.get(), (split_size + 8) * sizeof(int64_t));
  int64_t* split = op->split_storage_.get() + (8 - reinterpret_cast<uintptr_t>(op->split_storage_.get()) % 64 / 8) % 8;
  const bool zero_point_in_split = GemmRequantSplit(view, n, split);
  op->split_ = split;
  int64_t* block_split = split + GemmRequantSplitSize(n);

  // Few row tiles: split each into column groups (about kMinWorkItems items in all, whole blocks).
  const size_t tiles = op->tile_count();
  if (tiles < kMinWorkItems) {
    op->column_groups_ = std::min(plan.size(), (kMinWorkItems + tiles - 1) / tiles);
  }
  for (size_t i = 0; i < plan.size(); ++i) {
    Block b;
    b.pack = plan[i];
    b.kernel = kernels[i];
    size_t count = 0;
    const GemmUkernel* list = GemmUkernels(&count);
    for (size_t k = 0; k < count && b.kernel->mr > 1; ++k) {
      const GemmUkernel& r = list[k];
      if (r.mr == 1 && r.isa == b.kernel->isa && r.nr == b.kernel->nr && r.kr == b.kernel->kr &&
          r.unsigned_activations == b.kernel->unsigned_activations) {
        b.row_kernel = &r;
      }
    }
    const size_t c = static_cast<size_t>(plan[i].n0);
    b.params.requant = view;
    b.params.requant.multiplier += c;
    b.params.requant.left_multiplier += c;
    b.params.requant.rounding += c;
    b.params.requant.correction += c;
    b.params.requant.right_shift += c;
    if (c % 16 == 0) {
      b.params.requant_split = split + c / 16 * 64;
      b.params.zero_point_in_split = zero_point_in_split;
    } else {
      b.params.requant_split = block_split;
      b.params.zero_point_in_split =
          GemmRequantSplit(b.params.requant, static_cast<size_t>(plan[i].nc), block_split, table_entries - c);
      block_split += GemmRequantSplitSize(static_cast<size_t>(plan[i].nc));
    }
    // Pre-flipped rows hold x_u = x_s ^ 0x80: kernels then see them as uint8-encoded (x_s = x ^ 0x80).
    b.params.input_xor = is_uint8 || op->preflip_ ? 0x80 : 0;
    b.params.output_xor = is_uint8 ? 0x80 : 0;
    b.params_flipped_input = b.params;
    b.params_flipped_input.input_xor ^= 0x80;
    op->blocks_.push_back(b);
  }
  // Direct entry points (GemmDirectFn): rows at a fixed stride, no row corrections, the fast
  // requantization forms (every channel's rs - 1 >= 0 in the groups the kernel reads). Taken for
  // one-block layers, and for several blocks when the depth is at most 64 (the expand layers, whose
  // tiles have few dot products and lost most to per-call work: MobileNet v2's 112x112 16 -> 96
  // layer 217 -> 186 us), with the rows flipped per broadcast instead of pre-flipped per tile.
  // Deeper multi-block layers stay tile by tile: going block by block over a row range read the
  // weights less well than streaming the whole packed matrix per tile (7x7 layers of depth 160:
  // 42 -> 46 us; of depth 960 and 1280: 7% slower).
  constexpr int kDirectMaxDepth = 64;
  bool direct_ok = !view.has_left_shift;
  for (const Block& b : op->blocks_) {
    bool ok = b.kernel->direct != nullptr;
    for (int j = 0; ok && j < (b.kernel->nr + 15) / 16; ++j) ok = b.params.requant_split[64 * j + 40] >= 0;
    direct_ok = direct_ok && ok;
  }
  op->use_direct_ = direct_ok && op->offsets_.empty() && !op->im2col_ && !op->row_runs_ &&
                    (op->blocks_.size() == 1 || shape.kc <= kDirectMaxDepth) && shape.kc % 4 == 0;
  if (op->use_direct_ && op->preflip_) {
    op->preflip_ = false;  // the direct kernels flip per broadcast
    for (Block& b : op->blocks_) {
      b.params.input_xor = is_uint8 ? 0x80 : 0;
      b.params_flipped_input.input_xor = b.params.input_xor ^ 0x80;
    }
  }
  if (op->use_direct_) {
    constexpr size_t kDirectBytes = 16 * 1024;
    const size_t tm = op->tile_m_, kc = static_cast<size_t>(shape.kc);
    op->direct_rows_ = tm * std::max<size_t>(1, kDirectBytes / (tm * kc));
  }
  if (direct_ok && op->row_runs_ && op->kernel_kc_ % 4 == 0) op->FindRunSegments();
  return op;
}

void GemmOperator::FindRunSegments() {
  const size_t runs = kernel_ks_, m = shape_.m;
  // Row r's first run offset when all of its runs are inside and equally spaced (*tap_stride apart,
  // > 0 with several runs), else -1.
  auto row_start = [&](size_t r, int32_t* tap_stride) {
    const int32_t* o = offsets_.data() + r * runs;
    *tap_stride = runs > 1 ? o[1] - o[0] : 0;
    if (runs > 1 && *tap_stride <= 0) return int32_t{-1};
    for (size_t t = 0; t < runs; ++t) {
      if (o[t] < 0 || int64_t{o[t]} != int64_t{o[0]} + static_cast<int64_t>(t) * *tap_stride) return int32_t{-1};
    }
    return o[0];
  };
  for (size_t r = 0; r < m;) {
    int32_t tap_stride = 0, next_stride = 0;
    const int32_t first = row_start(r, &tap_stride);
    const int32_t step = first >= 0 && r + 1 < m ? row_start(r + 1, &next_stride) - first : 0;
    size_t end = r + 1;
    if (step > 0 && next_stride == tap_stride) {
      for (int32_t s = 0; end < m; ++end) {
        const int32_t o = row_start(end, &s);
        if (o < 0 || s != tap_stride || int64_t{o} != int64_t{first} + static_cast<int64_t>(end - r) * step) break;
      }
    }
    // Shorter than a tile: the tile path is as good (and row r + 1 may start a longer segment).
    if (first < 0 || step <= 0 || end - r < tile_m_) {
      ++r;
      continue;
    }
    segments_.push_back(RunSegment{r, end - r, first, step, tap_stride});
    r = end;
  }
}

// Gathered rows (im2col, pre-flipped) or one assembled border run per row and tap: bytes per row.
size_t GemmOperator::GatheredRowBytes() const {
  return im2col_ ? im2col_k_ : row_runs_ ? kernel_ks_ * kernel_kc_ : (preflip_ ? static_cast<size_t>(shape_.kc) : 0);
}

size_t GemmOperator::scratch_size() const {
  const size_t pointers = tile_m_ * kernel_ks_ * sizeof(void*);
  // The direct paths' row corrections (uint8 weights with a zero point), kCorrTiles tiles at a time.
  const bool direct_corr = filter_zero_point_s_ != 0 && (use_direct_ || !segments_.empty());
  const size_t range_corr = direct_corr ? kCorrTiles * tile_m_ * sizeof(int32_t) : 0;
  return RoundUp(pointers, 64) + RoundUp(tile_m_ * sizeof(int32_t), 64) + RoundUp(tile_m_ * GatheredRowBytes(), 64) +
         range_corr;
}

namespace {

// Copies n bytes without calling memcpy for the short runs im2col gathers (two overlapping words;
// never touches a byte outside [s, s + n) or [d, d + n)).
inline void CopyShort(uint8_t* d, const uint8_t* s, size_t n) {
  if (n >= 16) {
    std::memcpy(d, s, n);
  } else if (n >= 8) {
    uint64_t a, b;
    std::memcpy(&a, s, 8);
    std::memcpy(&b, s + n - 8, 8);
    std::memcpy(d, &a, 8);
    std::memcpy(d + n - 8, &b, 8);
  } else if (n >= 4) {
    uint32_t a, b;
    std::memcpy(&a, s, 4);
    std::memcpy(&b, s + n - 4, 4);
    std::memcpy(d, &a, 4);
    std::memcpy(d + n - 4, &b, 4);
  } else {
    for (size_t i = 0; i < n; ++i) d[i] = s[i];
  }
}

// dst[i] = src[i] ^ 0x80 (vectorized by the compiler for the baseline SIMD: 16 bytes per step on
// x86-64; GemmOperator::flip_copy_ replaces it where the ISA has a wider one).
void FlipCopyPortable(uint8_t* dst, const uint8_t* src, size_t n) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t v;
    std::memcpy(&v, src + i, 8);
    v ^= 0x8080808080808080ull;
    std::memcpy(dst + i, &v, 8);
  }
  for (; i < n; ++i) dst[i] = static_cast<uint8_t>(src[i] ^ 0x80);
}

// Sum of the n bytes at p, each XOR-ed with `flip` first (0x80: the bytes read as int8, plus 128).
// The uint8 models' row corrections sum every activation row once per tile: with the baseline SIMD
// of the target (SSE2 on x86-64, NEON on AArch64: no ISA flags needed) 16 bytes cost two or three
// operations, where a scalar or auto-vectorized loop spent a third of a small uint8 model's time.
inline uint32_t SumBytes(const uint8_t* p, size_t n, uint8_t flip) {
  size_t i = 0;
  uint32_t sum = 0;
#if defined(__SSE2__)
  const __m128i zero = _mm_setzero_si128(), f = _mm_set1_epi8(static_cast<char>(flip));
  __m128i acc = zero;  // two 64-bit partial sums (vpsadbw against zero)
  for (; i + 16 <= n; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    acc = _mm_add_epi64(acc, _mm_sad_epu8(_mm_xor_si128(v, f), zero));
  }
  if (i + 8 <= n) {  // 8 bytes into the low half; the high half stays zero (not flipped)
    const __m128i v = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(p + i));
    acc = _mm_add_epi64(acc, _mm_sad_epu8(_mm_xor_si128(v, _mm_unpacklo_epi64(f, zero)), zero));
    i += 8;
  }
  sum = static_cast<uint32_t>(_mm_cvtsi128_si32(acc)) +
        static_cast<uint32_t>(_mm_cvtsi128_si32(_mm_unpackhi_epi64(acc, acc)));
#elif defined(__aarch64__)
  const uint8x16_t f = vdupq_n_u8(flip);
  uint32x4_t acc = vdupq_n_u32(0);
  for (; i + 16 <= n; i += 16) acc = vpadalq_u16(acc, vpaddlq_u8(veorq_u8(vld1q_u8(p + i), f)));
  if (i + 8 <= n) {
    acc = vaddw_u16(acc, vpaddl_u8(veor_u8(vld1_u8(p + i), vget_low_u8(f))));
    i += 8;
  }
  sum = vaddvq_u32(acc);
#endif
  for (; i < n; ++i) sum += static_cast<uint8_t>(p[i] ^ flip);
  return sum;
}

// RowSumsFn (gemm.h) with the target's baseline SIMD.
void RowSumsPortable(const void* const* rows, size_t tile_m, size_t mr, size_t taps, size_t kc, uint8_t flip,
                     uint32_t* sums) {
  for (size_t i = 0; i < mr; ++i) {
    uint32_t sum = 0;
    for (size_t t = 0; t < taps; ++t) sum += SumBytes(static_cast<const uint8_t*>(rows[t * tile_m + i]), kc, flip);
    sums[i] = sum;
  }
}

}  // namespace

void GemmOperator::Run(const void* input, void* output, void* scratch) const {
  RunTiles(0, tile_count(), input, output, scratch);
}

void GemmOperator::RunTiles(size_t begin, size_t end, const void* input, void* output, void* scratch) const {
  RunTilesAt(begin, end, input, output, 0, scratch);
}

void GemmOperator::RunWork(size_t begin, size_t end, const void* input, void* output, void* scratch,
                           bool input_flipped) const {
  const size_t g = column_groups_, blocks = blocks_.size();
  // Column group c of a tile: blocks [c * blocks / g, (c + 1) * blocks / g).
  const auto group_block = [g, blocks](size_t c) { return c * blocks / g; };
  while (begin < end) {
    const size_t tile = begin / g, first = begin % g;
    if (first == 0 && end - begin >= g) {
      // Whole tiles: one call for all of them.
      const size_t tiles = (end - begin) / g;
      RunTilesAt(tile, tile + tiles, input, output, 0, scratch, 0, SIZE_MAX, input_flipped);
      begin += tiles * g;
    } else {
      // Part of one tile's column groups.
      const size_t last = std::min(g, first + (end - begin));
      RunTilesAt(tile, tile + 1, input, output, 0, scratch, group_block(first), group_block(last), input_flipped);
      begin += last - first;
    }
  }
}

void GemmOperator::RunTilesInto(size_t begin, size_t end, const void* input, void* rows_out, void* scratch) const {
  RunTilesAt(begin, end, input, rows_out, begin * tile_m_, scratch);
}

void GemmOperator::RunTilesAt(size_t begin, size_t end, const void* input, void* output, size_t first_row,
                              void* scratch, size_t block_begin, size_t block_end, bool input_flipped) const {
  RecordIsaUse(main_->isa);
  const size_t ks = static_cast<size_t>(shape_.ks), kc = static_cast<size_t>(shape_.kc);
  const size_t n = static_cast<size_t>(shape_.n);
  const void** ptrs = static_cast<const void**>(scratch);
  int32_t* row_corr =
      reinterpret_cast<int32_t*>(static_cast<uint8_t*>(scratch) + RoundUp(tile_m_ * kernel_ks_ * sizeof(void*), 64));
  const uint8_t* in = static_cast<const uint8_t*>(input);
  uint8_t* out = static_cast<uint8_t*>(output);
  const bool need_corr = filter_zero_point_s_ != 0;
  uint8_t* gathered = static_cast<uint8_t*>(scratch) + RoundUp(tile_m_ * kernel_ks_ * sizeof(void*), 64) +
                      RoundUp(tile_m_ * sizeof(int32_t), 64);
  const size_t kernel_ks = kernel_ks_, kernel_kc = kernel_kc_;
  // A flipped input: padding is the flipped zero point; pre-flipped rows (x_u) need no copy at all;
  // the kernels' own flip is toggled (each block's params_flipped_input).
  const uint8_t in_flip = input_flipped ? 0x80 : 0;
  const uint8_t pad_byte = static_cast<uint8_t>(zero_row_[0] ^ in_flip);
  const uint8_t* zero = (input_flipped ? zero_row_flipped_ : zero_row_).data();
  const bool direct = offsets_.empty();  // read once: the pointer stores below may alias members
  const bool flip_rows = preflip_ && !input_flipped;
  const size_t last_block = std::min(block_end, blocks_.size());
  // Row corrections (uint8 weights with a zero point): sums over the real ks * kc bytes of each row
  // (an im2col row is those bytes contiguous, then padding; a row run's are its first kw * kc), of
  // x_u bytes (pre-flipped rows) or of input bytes b with x_s = b ^ in_xor: sum (x_s ^ 0x80) either
  // way, less 128 per byte (mod 2^32, like the reference's int32 sums).
  const size_t sum_kc = im2col_ ? ks * kc : row_runs_ ? kw_ * kc : kernel_kc;
  const uint8_t raw_flip = static_cast<uint8_t>((is_uint8_ ? 0x80 : 0) ^ in_flip ^ 0x80);  // x_s ^ 0x80 = b ^ raw_flip
  const RowSumsFn row_sums = row_sums_ != nullptr ? row_sums_ : RowSumsPortable;
  const FlipCopyFn flip_copy = flip_copy_ != nullptr ? flip_copy_ : FlipCopyPortable;
  // rows_corr[0, mr) for the mr rows whose tap t is at ptrs[t * tile_m_ + i] (the sums land there
  // first); `flip` 0 for pre-flipped rows, else raw_flip.
  auto corrections = [&](size_t mr, int32_t* rows_corr, uint8_t flip) {
    uint32_t* sums = reinterpret_cast<uint32_t*>(rows_corr);
    row_sums(ptrs, tile_m_, mr, kernel_ks, sum_kc, flip, sums);
    const uint32_t bias = static_cast<uint32_t>(128 * kernel_ks * sum_kc);
    for (size_t i = 0; i < mr; ++i) {
      rows_corr[i] = static_cast<int32_t>(static_cast<uint32_t>(-filter_zero_point_s_) * (sums[i] - bias));
    }
  };
  int32_t* range_corr = reinterpret_cast<int32_t*>(gathered + RoundUp(tile_m_ * GatheredRowBytes(), 64));
  // Output rows r0 .. r0 + rows - 1 through the blocks' direct entry points (GemmDirectFn), row i's
  // tap t at a + i * a_stride + t * tap_stride. Create checked what the direct kernels take; should
  // one still decline (false), the caller redoes the rows tile by tile (the same bytes again).
  auto direct_blocks = [&](size_t r0, size_t rows, const uint8_t* a, size_t a_stride, size_t tap_stride) {
    // With row corrections, kCorrTiles tiles of rows at a time: their corrections, then the blocks.
    const size_t step = need_corr ? kCorrTiles * tile_m_ : rows;
    for (size_t c0 = 0; c0 < rows; c0 += step) {
      const size_t count = std::min(step, rows - c0);
      const uint8_t* ac = a + c0 * a_stride;
      if (need_corr) {
        for (size_t i0 = 0; i0 < count; i0 += tile_m_) {
          const size_t mr = std::min(tile_m_, count - i0);
          for (size_t t = 0; t < kernel_ks; ++t) {
            for (size_t i = 0; i < mr; ++i) ptrs[t * tile_m_ + i] = ac + (i0 + i) * a_stride + t * tap_stride;
          }
          corrections(mr, range_corr + i0, raw_flip);  // direct rows are the input's bytes
        }
      }
      for (size_t bi = block_begin; bi < last_block; ++bi) {
        const Block& b = blocks_[bi];
        const GemmParams& params = input_flipped ? b.params_flipped_input : b.params;
        if (!b.kernel->direct(count, static_cast<size_t>(b.pack.nc), kernel_kc, kernel_ks, ac, a_stride, tap_stride,
                              packed_ + b.pack.offset, out + (r0 + c0 - first_row) * n + static_cast<size_t>(b.pack.n0),
                              n, need_corr ? range_corr : nullptr, params)) {
          return false;
        }
      }
    }
    return true;
  };
  bool direct_done = false;
  if (use_direct_ && end - begin >= 2) {
    // Whole row ranges per kernel call, direct_rows_ at a time. (A single tile, as the thread pool
    // hands out for small layers split into column groups, is cheaper the usual way.)
    const size_t row_end = std::min(shape_.m, end * tile_m_);
    direct_done = true;
    for (size_t r0 = begin * tile_m_; r0 < row_end && direct_done; r0 += direct_rows_) {
      direct_done = direct_blocks(r0, std::min(direct_rows_, row_end - r0), in + r0 * kc, kc, 0);
    }
  }
  if (direct_done) return;
  // Rows m0 .. m0 + mr - 1 (mr <= tile_m_) through the tile kernels; `step` as tile_step_.
  auto run_rows = [&](size_t m0, size_t mr, size_t step) {
    if (im2col_) {
      // Gather each row's runs into one row of im2col_k_ bytes.
      for (size_t i = 0; i < mr; ++i) {
        uint8_t* dst = gathered + i * im2col_k_;
        size_t pos = 0;
        for (uint32_t q = run_begin_[m0 + i], q_end = run_begin_[m0 + i + 1]; q < q_end; ++q) {
          const Im2colRun run = runs_[q];
          const size_t len = static_cast<size_t>(run.length);
          if (run.offset < 0) {
            std::memset(dst + pos, pad_byte, len);
          } else {
            CopyShort(dst + pos, in + run.offset, len);
          }
          pos += len;
        }
        for (; pos < im2col_k_; ++pos) dst[pos] = pad_byte;
      }
      if (flip_rows) flip_copy(gathered, gathered, mr * im2col_k_);
      for (size_t i = 0; i < tile_m_; ++i) ptrs[i] = gathered + std::min(i, mr - 1) * im2col_k_;
    } else if (flip_rows) {
      // Direct GEMM: the tile's rows are contiguous in the input.
      flip_copy(gathered, in + m0 * kc, mr * kc);
      for (size_t i = 0; i < tile_m_; ++i) ptrs[i] = gathered + std::min(i, mr - 1) * kc;
    } else if (direct) {
      // Direct GEMM (one tap, ks == 1): the tile's rows, the last one repeated past mr.
      for (size_t i = 0; i < tile_m_; ++i) ptrs[i] = in + (m0 + std::min(i, mr - 1)) * kc;
    } else if (step != 0) {
      // A regular tile (full, inside the input): row i's taps are row 0's plus i * step.
      const int32_t* offs = offsets_.data() + m0 * kernel_ks;
      for (size_t t = 0; t < kernel_ks; ++t) {
        const uint8_t* p = in + offs[t];
        for (size_t i = 0; i < tile_m_; ++i, p += step) ptrs[t * tile_m_ + i] = p;
      }
    } else {
      const int32_t* offs = offsets_.data() + m0 * kernel_ks;
      for (size_t i = 0; i < mr; ++i, offs += kernel_ks) {
        for (size_t t = 0; t < kernel_ks; ++t) {
          const int32_t off = offs[t];
          const uint8_t* p = off >= 0 ? in + off : zero;
          if (__builtin_expect(off < -1, 0)) {
            // A border run (row runs only): its taps, inside or padding, assembled in scratch.
            uint8_t* run = gathered + (t * tile_m_ + i) * kernel_kc;
            p = run;
            const int32_t* tap = edges_.data() + static_cast<size_t>(-2 - off) * kw_;
            for (size_t x = 0; x < kw_; ++x, run += kc) {
              if (tap[x] < 0) {
                std::memset(run, pad_byte, kc);
              } else {
                std::memcpy(run, in + tap[x], kc);
              }
            }
            std::memset(run, pad_byte, kernel_kc - kw_ * kc);  // read, times zero weights
          }
          ptrs[t * tile_m_ + i] = p;
        }
      }
      for (size_t t = 0; t < kernel_ks; ++t) {
        for (size_t i = mr; i < tile_m_; ++i) ptrs[t * tile_m_ + i] = ptrs[t * tile_m_ + mr - 1];
      }
    }
    if (need_corr) corrections(mr, row_corr, preflip_ ? 0 : raw_flip);
    for (size_t bi = block_begin; bi < std::min(block_end, blocks_.size()); ++bi) {
      const Block& b = blocks_[bi];
      // Pre-flipped rows are x_u whatever the input's encoding.
      const GemmParams& params = input_flipped && !preflip_ ? b.params_flipped_input : b.params;
      const size_t kmr = static_cast<size_t>(b.kernel->mr);
      if (mr <= kRowKernelMaxRows && mr < kmr && b.row_kernel != nullptr) {
        for (size_t i = 0; i < mr; ++i) {
          b.row_kernel->fn(1, static_cast<size_t>(b.pack.nc), kernel_kc, kernel_ks, ptrs + i, tile_m_,
                           packed_ + b.pack.offset, out + (m0 - first_row + i) * n + static_cast<size_t>(b.pack.n0), n,
                           need_corr ? row_corr + i : nullptr, params);
        }
        continue;
      }
      for (size_t i0 = 0; i0 < mr; i0 += kmr) {
        b.kernel->fn(std::min(kmr, mr - i0), static_cast<size_t>(b.pack.nc), kernel_kc, kernel_ks, ptrs + i0, tile_m_,
                     packed_ + b.pack.offset, out + (m0 - first_row + i0) * n + static_cast<size_t>(b.pack.n0), n,
                     need_corr ? row_corr + i0 : nullptr, params);
      }
    }
  };
  if (segments_.empty()) {
    for (size_t tile = begin; tile < end; ++tile) {
      const size_t m0 = tile * tile_m_;
      run_rows(m0, std::min(tile_m_, shape_.m - m0), tile_step_.empty() ? 0 : static_cast<size_t>(tile_step_[tile]));
    }
    return;
  }
  // Row runs with segments: each segment's part of the rows in one direct call per block, the rows
  // between segments (border pixels) tile by tile.
  size_t r = begin * tile_m_;
  const size_t r_end = std::min(shape_.m, end * tile_m_);
  auto seg = std::upper_bound(segments_.begin(), segments_.end(), r,
                              [](size_t row, const RunSegment& s) { return row < s.m0 + s.count; });
  while (r < r_end) {
    const size_t stop = std::min(r_end, seg != segments_.end() ? seg->m0 : r_end);
    for (size_t mr = 0; r < stop; r += mr) {
      mr = std::min(tile_m_, stop - r);
      run_rows(r, mr, 0);
    }
    if (r == r_end) break;
    const size_t seg_end = std::min(r_end, seg->m0 + seg->count);
    const uint8_t* a = in + seg->offset + (r - seg->m0) * static_cast<size_t>(seg->step);
    const bool done =
        direct_blocks(r, seg_end - r, a, static_cast<size_t>(seg->step), static_cast<size_t>(seg->tap_stride));
    for (size_t mr = 0; !done && r < seg_end; r += mr) {  // a kernel declined: the tiles redo them all
      mr = std::min(tile_m_, seg_end - r);
      run_rows(r, mr, 0);
    }
    r = seg_end;
    ++seg;
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
  shape.input_bytes = static_cast<size_t>(input_bytes);
  shape.ks = p.filter_h * p.filter_w;
  shape.kc = p.input_c;
  shape.kw = p.dilation_w == 1 ? p.filter_w : 1;
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
  const size_t m = static_cast<size_t>(std::max(p.batch, 0)) * static_cast<size_t>(std::max(p.output_h, 0)) *
                   static_cast<size_t>(std::max(p.output_w, 0));
  if (!SelectGemmUkernelsForShape(usable, m, p.output_c, &main, &tail)) return nullptr;
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
  if (!SelectGemmUkernelsForShape(usable, static_cast<size_t>(std::max(p.rows, 0)), p.output_c, &main, &tail)) {
    return nullptr;
  }
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
