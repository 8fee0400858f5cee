// Adapters from the kernel families' prepared operators (kernels/<family>) to the runtime's Kernel
// interface: the optimized kernel an ExecutionPlan runs in place of the reference one.
#ifndef OCTET_RUNTIME_OPS_FAST_KERNEL_H_
#define OCTET_RUNTIME_OPS_FAST_KERNEL_H_

#include <memory>

#include "runtime/graph/graph.h"

namespace octet {

// The families name their tiling slightly differently; these overloads find what a prepared
// operator offers (tile_count or num_tiles; RunTiles with the range first or last), else one tile.
namespace fast_kernel_detail {
template <typename P>
auto TileCount(const P& p, int) -> decltype(static_cast<size_t>(p.tile_count())) {
  return p.tile_count();
}
template <typename P>
auto TileCount(const P& p, long) -> decltype(static_cast<size_t>(p.num_tiles())) {
  return p.num_tiles();
}
template <typename P>
size_t TileCount(const P&, ...) {
  return 1;
}
template <typename P>
auto PackedBytes(const P& p, int) -> decltype(static_cast<size_t>(p.packed_bytes())) {
  return p.packed_bytes();
}
template <typename P>
size_t PackedBytes(const P&, ...) {
  return 0;
}
template <typename P, typename I, typename O>
auto RunTiles(const P& p, const I* in, O* out, void* s, size_t b, size_t e, int)
    -> decltype(p.RunTiles(b, e, in, out, s)) {
  return p.RunTiles(b, e, in, out, s);
}
template <typename P, typename I, typename O>
auto RunTiles(const P& p, const I* in, O* out, void* s, size_t b, size_t e, long)
    -> decltype(p.RunTiles(in, out, s, b, e)) {
  return p.RunTiles(in, out, s, b, e);
}
template <typename P, typename I, typename O>
void RunTiles(const P& p, const I* in, O* out, void* s, size_t, size_t, ...) {
  p.Run(in, out, s);
}
}  // namespace fast_kernel_detail

// One input, one output. InT/OutT: the element types the prepared operator's Run takes.
template <typename Prepared, typename InT = void, typename OutT = void>
class FastUnaryKernel final : public Kernel {
 public:
  FastUnaryKernel(std::unique_ptr<Prepared> prepared, int input, int output)
      : prepared_(std::move(prepared)), input_(input), output_(output) {}
  void Run(const TensorData& d) const override {
    prepared_->Run(d.get<const InT>(input_), d.get<OutT>(output_), d.scratch);
  }
  size_t tile_count() const override { return fast_kernel_detail::TileCount(*prepared_, 0); }
  void RunTiles(const TensorData& d, size_t begin, size_t end) const override {
    fast_kernel_detail::RunTiles(*prepared_, d.get<const InT>(input_), d.get<OutT>(output_), d.scratch, begin, end, 0);
  }
  size_t scratch_size() const override { return prepared_->scratch_size(); }
  size_t packed_bytes() const override { return fast_kernel_detail::PackedBytes(*prepared_, 0); }
  Isa isa() const override { return prepared_->isa(); }
  const char* name() const override { return prepared_->kernel_name(); }
  // For fusion (runtime/ops/fusion.h).
  const Prepared& prepared() const { return *prepared_; }
  int input() const { return input_; }
  int output() const { return output_; }

 private:
  std::unique_ptr<Prepared> prepared_;
  int input_, output_;
};

// Two inputs, one output (ADD).
template <typename Prepared>
class FastBinaryKernel final : public Kernel {
 public:
  FastBinaryKernel(std::unique_ptr<Prepared> prepared, int input1, int input2, int output)
      : prepared_(std::move(prepared)), input1_(input1), input2_(input2), output_(output) {}
  void Run(const TensorData& d) const override {
    prepared_->Run(d.get<const void>(input1_), d.get<const void>(input2_), d.get<void>(output_), d.scratch);
  }
  size_t tile_count() const override { return fast_kernel_detail::TileCount(*prepared_, 0); }
  void RunTiles(const TensorData& d, size_t begin, size_t end) const override {
    prepared_->RunTiles(begin, end, d.get<const void>(input1_), d.get<const void>(input2_), d.get<void>(output_),
                        d.scratch);
  }
  size_t scratch_size() const override { return prepared_->scratch_size(); }
  Isa isa() const override { return prepared_->isa(); }
  const char* name() const override { return prepared_->kernel_name(); }
  const Prepared& prepared() const { return *prepared_; }
  int input1() const { return input1_; }
  int input2() const { return input2_; }
  int output() const { return output_; }

 private:
  std::unique_ptr<Prepared> prepared_;
  int input1_, input2_, output_;
};

// Wraps a prepared operator, or returns null when the family had no kernel for the case.
template <typename Wrapper, typename Prepared, typename... Indices>
std::unique_ptr<Kernel> WrapFast(std::unique_ptr<Prepared> prepared, Indices... indices) {
  if (!prepared) return nullptr;
  return std::make_unique<Wrapper>(std::move(prepared), indices...);
}

}  // namespace octet

#endif  // OCTET_RUNTIME_OPS_FAST_KERNEL_H_
