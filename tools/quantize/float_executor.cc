#include "tools/quantize/float_executor.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace octet::quantize {

namespace {

// Conv filter [O,KH,KW,I] -> [KH][KW][I][O]; FC [O,I] -> [I][O]: the inner loop then runs over
// contiguous output channels (vectorizable without reassociating a sum).
std::vector<float> Transpose(const Op& op, const std::vector<int>& shape, const std::vector<float>& w) {
  std::vector<float> t(w.size());
  if (op.kind == OpKind::kConv) {
    const int o_n = shape[0], k = shape[1] * shape[2] * shape[3];
    for (int o = 0; o < o_n; ++o) {
      for (int j = 0; j < k; ++j) t[static_cast<size_t>(j) * o_n + o] = w[static_cast<size_t>(o) * k + j];
    }
  } else if (op.kind == OpKind::kFullyConnected) {
    const int o_n = shape[0], i_n = shape[1];
    for (int o = 0; o < o_n; ++o) {
      for (int i = 0; i < i_n; ++i) t[static_cast<size_t>(i) * o_n + o] = w[static_cast<size_t>(o) * i_n + i];
    }
  } else {
    t = w;
  }
  return t;
}

void Linear(const Graph& g, const Op& op, const std::vector<float>& x, const std::vector<float>& wt,
            const std::vector<float>* bias, std::vector<float>* output) {
  const std::vector<int>& in = g.tensors[static_cast<size_t>(op.inputs[0])].shape;
  const std::vector<int>& ws = g.tensors[static_cast<size_t>(op.inputs[1])].shape;
  const std::vector<int>& out = g.tensors[static_cast<size_t>(op.output)].shape;
  size_t out_n = 1;
  for (int d : out) out_n *= static_cast<size_t>(d);
  output->assign(out_n, 0.0f);
  float* y = output->data();
  if (op.kind == OpKind::kFullyConnected) {
    const int o_n = ws[0], i_n = ws[1];
    const size_t rows = out_n / static_cast<size_t>(o_n);
    for (size_t r = 0; r < rows; ++r) {
      float* acc = y + r * static_cast<size_t>(o_n);
      if (bias) std::copy(bias->begin(), bias->end(), acc);
      const float* xr = x.data() + r * static_cast<size_t>(i_n);
      for (int i = 0; i < i_n; ++i) {
        const float xv = xr[i];
        const float* w = wt.data() + static_cast<size_t>(i) * o_n;
        for (int o = 0; o < o_n; ++o) acc[o] += xv * w[o];
      }
    }
    return;
  }
  const int n_n = in[0], h = in[1], w_in = in[2], c = in[3];
  const int oh = out[1], ow = out[2], oc = out[3];
  const int kh_n = ws[1], kw_n = ws[2];
  const int pad_t = PadBefore(h, kh_n, op.stride_h, op.dilation_h, op.same_padding);
  const int pad_l = PadBefore(w_in, kw_n, op.stride_w, op.dilation_w, op.same_padding);
  const bool dw = op.kind == OpKind::kDepthwiseConv;
  const int ig = dw ? 1 : ws[3];
  const int groups = dw ? 1 : c / ig;
  const int og = oc / groups;
  const int mult = dw ? oc / c : 1;
  for (int n = 0; n < n_n; ++n) {
    for (int oy = 0; oy < oh; ++oy) {
      for (int ox = 0; ox < ow; ++ox) {
        float* acc = y + ((static_cast<size_t>(n) * oh + oy) * ow + ox) * oc;
        if (bias) std::copy(bias->begin(), bias->end(), acc);
        for (int ky = 0; ky < kh_n; ++ky) {
          const int iy = oy * op.stride_h - pad_t + ky * op.dilation_h;
          if (iy < 0 || iy >= h) continue;
          for (int kx = 0; kx < kw_n; ++kx) {
            const int ix = ox * op.stride_w - pad_l + kx * op.dilation_w;
            if (ix < 0 || ix >= w_in) continue;
            const float* xp = x.data() + ((static_cast<size_t>(n) * h + iy) * w_in + ix) * c;
            const size_t tap = static_cast<size_t>(ky) * kw_n + kx;
            if (dw) {
              const float* wp = wt.data() + tap * oc;
              if (mult == 1) {
                for (int o = 0; o < oc; ++o) acc[o] += xp[o] * wp[o];
              } else {
                for (int o = 0; o < oc; ++o) acc[o] += xp[o / mult] * wp[o];
              }
              continue;
            }
            for (int gi = 0; gi < groups; ++gi) {
              for (int ci = 0; ci < ig; ++ci) {
                const float xv = xp[gi * ig + ci];
                const float* wp = wt.data() + (tap * ig + ci) * oc + static_cast<size_t>(gi) * og;
                float* a = acc + static_cast<size_t>(gi) * og;
                for (int o = 0; o < og; ++o) a[o] += xv * wp[o];
              }
            }
          }
        }
      }
    }
  }
}

void Pool(const Graph& g, const Op& op, const std::vector<float>& x, std::vector<float>* output) {
  const std::vector<int>& in = g.tensors[static_cast<size_t>(op.inputs[0])].shape;
  const std::vector<int>& out = g.tensors[static_cast<size_t>(op.output)].shape;
  const int n_n = in[0], h = in[1], w = in[2], c = in[3], oh = out[1], ow = out[2];
  const int pad_t = PadBefore(h, op.filter_h, op.stride_h, 1, op.same_padding);
  const int pad_l = PadBefore(w, op.filter_w, op.stride_w, 1, op.same_padding);
  output->assign(static_cast<size_t>(n_n) * oh * ow * c, 0.0f);
  const bool is_max = op.kind == OpKind::kMaxPool;
  for (int n = 0; n < n_n; ++n) {
    for (int oy = 0; oy < oh; ++oy) {
      for (int ox = 0; ox < ow; ++ox) {
        float* y = output->data() + ((static_cast<size_t>(n) * oh + oy) * ow + ox) * c;
        for (int ch = 0; ch < c; ++ch) {
          float acc = is_max ? -INFINITY : 0.0f;
          int count = 0;
          for (int ky = 0; ky < op.filter_h; ++ky) {
            const int iy = oy * op.stride_h - pad_t + ky;
            if (iy < 0 || iy >= h) continue;
            for (int kx = 0; kx < op.filter_w; ++kx) {
              const int ix = ox * op.stride_w - pad_l + kx;
              if (ix < 0 || ix >= w) continue;
              const float v = x[((static_cast<size_t>(n) * h + iy) * w + ix) * c + ch];
              acc = is_max ? std::max(acc, v) : acc + v;
              ++count;
            }
          }
          y[ch] = is_max ? acc : (count ? acc / static_cast<float>(count) : 0.0f);
        }
      }
    }
  }
}

// Strides of a row-major shape.
std::vector<size_t> Strides(const std::vector<int>& shape) {
  std::vector<size_t> s(shape.size(), 1);
  for (size_t d = shape.size(); d-- > 1;) s[d - 1] = s[d] * static_cast<size_t>(shape[d]);
  return s;
}

}  // namespace

Executor::Executor(const Graph& graph) : graph_(graph), values_(graph.tensors.size()), transposed_(graph.ops.size()) {
  for (size_t t = 0; t < graph.tensors.size(); ++t) {
    if (graph.tensors[t].is_constant) values_[t] = graph.tensors[t].data;
  }
  for (size_t i = 0; i < graph.ops.size(); ++i) {
    const Op& op = graph.ops[i];
    if (op.kind == OpKind::kConv || op.kind == OpKind::kFullyConnected) {
      const Tensor& w = graph.tensors[static_cast<size_t>(op.inputs[1])];
      transposed_[i] = Transpose(op, w.shape, w.data);
    }
  }
}

void RunLinear(const Graph& graph, const Op& op, const std::vector<float>& input, const std::vector<float>& filter,
               const std::vector<float>* bias, std::vector<float>* output) {
  const std::vector<float> wt = Transpose(op, graph.tensors[static_cast<size_t>(op.inputs[1])].shape, filter);
  Linear(graph, op, input, wt, bias, output);
}

void Executor::Run(const std::vector<std::vector<float>>& inputs, const Hook& hook) {
  const Graph& g = graph_;
  if (inputs.size() != g.inputs.size()) throw std::invalid_argument("wrong number of model inputs");
  for (size_t k = 0; k < inputs.size(); ++k) {
    const size_t t = static_cast<size_t>(g.inputs[k]);
    if (inputs[k].size() != g.tensors[t].elements()) {
      throw std::invalid_argument("input " + std::to_string(k) + " has " + std::to_string(inputs[k].size()) +
                                  " values, the model takes " + std::to_string(g.tensors[t].elements()));
    }
    values_[t] = inputs[k];
  }
  for (size_t i = 0; i < g.ops.size(); ++i) {
    const Op& op = g.ops[i];
    const std::vector<float>& x = values_[static_cast<size_t>(op.inputs[0])];
    std::vector<float>& y = values_[static_cast<size_t>(op.output)];
    const std::vector<int>& in = g.tensors[static_cast<size_t>(op.inputs[0])].shape;
    const std::vector<int>& out = g.tensors[static_cast<size_t>(op.output)].shape;
    switch (op.kind) {
      case OpKind::kConv:
      case OpKind::kDepthwiseConv:
      case OpKind::kFullyConnected:
        Linear(g, op, x, op.kind == OpKind::kDepthwiseConv ? values_[static_cast<size_t>(op.inputs[1])] : transposed_[i],
               &values_[static_cast<size_t>(op.inputs[2])], &y);
        break;
      case OpKind::kAdd: {
        const std::vector<float>& b = values_[static_cast<size_t>(op.inputs[1])];
        y.resize(x.size());
        for (size_t k = 0; k < x.size(); ++k) y[k] = x[k] + b[k];
        break;
      }
      case OpKind::kMaxPool:
      case OpKind::kAveragePool:
        Pool(g, op, x, &y);
        break;
      case OpKind::kMean: {
        size_t out_n = 1;
        for (int d : out) out_n *= static_cast<size_t>(d);
        y.assign(out_n, 0.0f);
        std::vector<double> acc(out_n, 0.0);
        // Output strides expressed over the input's dimensions (0 for reduced axes).
        std::vector<int> kept_shape;
        std::vector<bool> reduced(in.size(), false);
        for (int a : op.axes) reduced[static_cast<size_t>(a)] = true;
        for (size_t d = 0; d < in.size(); ++d) kept_shape.push_back(reduced[d] ? 1 : in[d]);
        const std::vector<size_t> out_strides = Strides(kept_shape);
        size_t count = 1;
        for (size_t d = 0; d < in.size(); ++d) {
          if (reduced[d]) count *= static_cast<size_t>(in[d]);
        }
        std::vector<int> idx(in.size(), 0);
        for (size_t k = 0; k < x.size(); ++k) {
          size_t o = 0;
          for (size_t d = 0; d < in.size(); ++d) o += reduced[d] ? 0 : static_cast<size_t>(idx[d]) * out_strides[d];
          acc[o] += x[k];
          for (size_t d = in.size(); d-- > 0;) {
            if (++idx[d] < in[d]) break;
            idx[d] = 0;
          }
        }
        for (size_t k = 0; k < out_n; ++k) y[k] = static_cast<float>(acc[k] / static_cast<double>(count));
        break;
      }
      case OpKind::kReshape:
        y = x;
        break;
      case OpKind::kSoftmax: {
        y.resize(x.size());
        const size_t inner = static_cast<size_t>(in.back());
        for (size_t r = 0; r < x.size() / inner; ++r) {
          const float* xr = x.data() + r * inner;
          float* yr = y.data() + r * inner;
          const float m = *std::max_element(xr, xr + inner);
          double sum = 0;
          for (size_t k = 0; k < inner; ++k) sum += std::exp(static_cast<double>(op.beta) * (xr[k] - m));
          for (size_t k = 0; k < inner; ++k) {
            yr[k] = static_cast<float>(std::exp(static_cast<double>(op.beta) * (xr[k] - m)) / sum);
          }
        }
        break;
      }
      case OpKind::kConcat: {
        size_t out_n = 1;
        for (int d : out) out_n *= static_cast<size_t>(d);
        y.resize(out_n);
        size_t outer = 1, inner = 1;
        for (int d = 0; d < op.axis; ++d) outer *= static_cast<size_t>(out[static_cast<size_t>(d)]);
        for (size_t d = static_cast<size_t>(op.axis) + 1; d < out.size(); ++d) inner *= static_cast<size_t>(out[d]);
        const size_t out_row = static_cast<size_t>(out[static_cast<size_t>(op.axis)]) * inner;
        size_t offset = 0;
        for (int t : op.inputs) {
          const std::vector<float>& v = values_[static_cast<size_t>(t)];
          const size_t row = static_cast<size_t>(g.tensors[static_cast<size_t>(t)].shape[static_cast<size_t>(op.axis)]) * inner;
          for (size_t o = 0; o < outer; ++o) std::copy_n(v.data() + o * row, row, y.data() + o * out_row + offset);
          offset += row;
        }
        break;
      }
      case OpKind::kPad: {
        size_t out_n = 1;
        for (int d : out) out_n *= static_cast<size_t>(d);
        y.assign(out_n, 0.0f);
        const std::vector<size_t> out_strides = Strides(out);
        std::vector<int> idx(in.size(), 0);
        for (size_t k = 0; k < x.size(); ++k) {
          size_t o = 0;
          for (size_t d = 0; d < in.size(); ++d) o += static_cast<size_t>(idx[d] + op.paddings[2 * d]) * out_strides[d];
          y[o] = x[k];
          for (size_t d = in.size(); d-- > 0;) {
            if (++idx[d] < in[d]) break;
            idx[d] = 0;
          }
        }
        break;
      }
    }
    if (op.activation != Activation::kNone) {
      for (float& v : y) v = ApplyActivation(op.activation, v);
    }
    if (hook) hook(static_cast<int>(i), &y);
  }
}

}  // namespace octet::quantize
