#include "tools/quantize/calibrators.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace octet::quantize {

const char* MethodName(Method method) {
  switch (method) {
    case Method::kMinMax:
      return "minmax";
    case Method::kPercentile:
      return "percentile";
    case Method::kEntropy:
      return "entropy";
    case Method::kMse:
      return "mse";
  }
  return "?";
}

bool ParseMethod(const std::string& text, Method* method) {
  for (Method m : {Method::kMinMax, Method::kPercentile, Method::kEntropy, Method::kMse}) {
    if (text == MethodName(m)) {
      *method = m;
      return true;
    }
  }
  return false;
}

bool NeedsHistograms(Method method) { return method != Method::kMinMax; }

void Histogram::Init(double lo, double hi, int bins) {
  lo_ = lo;
  hi_ = hi > lo ? hi : lo + 1e-12;
  counts_.assign(static_cast<size_t>(bins), 0.0);
}

void Histogram::Add(const float* values, size_t n) {
  const double scale = static_cast<double>(counts_.size()) / (hi_ - lo_);
  const long last = static_cast<long>(counts_.size()) - 1;
  for (size_t k = 0; k < n; ++k) {
    const long b = static_cast<long>((values[k] - lo_) * scale);
    counts_[static_cast<size_t>(std::clamp(b, 0L, last))] += 1.0;
  }
}

void Histogram::AddAbs(const float* values, size_t n) {
  const double scale = static_cast<double>(counts_.size()) / (hi_ - lo_);
  const long last = static_cast<long>(counts_.size()) - 1;
  for (size_t k = 0; k < n; ++k) {
    const long b = static_cast<long>((std::fabs(values[k]) - lo_) * scale);
    counts_[static_cast<size_t>(std::clamp(b, 0L, last))] += 1.0;
  }
}

Histogram Histogram::Merged(int factor) const {
  Histogram h;
  h.Init(lo_, hi_, static_cast<int>(counts_.size()) / factor);
  for (size_t b = 0; b < h.counts_.size() * static_cast<size_t>(factor); ++b) {
    h.counts_[b / static_cast<size_t>(factor)] += counts_[b];
  }
  return h;
}

double Histogram::total() const {
  double t = 0;
  for (double c : counts_) t += c;
  return t;
}

void TensorStats::Observe(const float* v, size_t n) {
  if (n == 0) return;
  const auto [lo, hi] = std::minmax_element(v, v + n);
  if (!seen) {
    min = *lo;
    max = *hi;
    seen = true;
  } else {
    min = std::min(min, *lo);
    max = std::max(max, *hi);
  }
}

void TensorStats::InitHistograms(int bins) {
  values.Init(min, max, bins);
  abs_values.Init(0.0, std::max(std::fabs(min), std::fabs(max)), bins);
}

void TensorStats::Accumulate(const float* v, size_t n) {
  values.Add(v, n);
  abs_values.AddAbs(v, n);
  for (size_t k = 0; k < n; ++k) zeros += v[k] == 0.0f ? 1.0 : 0.0;
}

double PercentileValue(const Histogram& hist, double fraction) {
  const double total = hist.total();
  if (total <= 0) return hist.lo();
  const double target = fraction * total;
  double cumulative = 0;
  const auto& c = hist.counts();
  for (size_t b = 0; b < c.size(); ++b) {
    if (cumulative + c[b] >= target) {
      // Linear interpolation inside the bin.
      const double within = c[b] > 0 ? (target - cumulative) / c[b] : 0.0;
      return hist.lo() + (static_cast<double>(b) + within) * hist.bin_width();
    }
    cumulative += c[b];
  }
  return hist.hi();
}

double EntropyThreshold(const Histogram& hist, int levels, double exact_zeros) {
  std::vector<double> h = hist.counts();
  const size_t bins = h.size();
  const size_t q_bins = static_cast<size_t>(levels);
  if (bins <= q_bins) return hist.hi();
  // Exact zeros map to the zero point under every threshold: they say nothing about T (and would
  // swamp the divergence, see calibrators.h).
  h[0] -= std::clamp(exact_zeros, 0.0, h[0]);
  double best_kl = std::numeric_limits<double>::infinity();
  size_t best_i = bins;
  std::vector<double> p, q;
  for (size_t i = q_bins; i <= bins; ++i) {
    // P: the first i bins, everything beyond folded into the last one.
    p.assign(h.begin(), h.begin() + static_cast<long>(i));
    double outliers = 0;
    for (size_t k = i; k < bins; ++k) outliers += h[k];
    p[i - 1] += outliers;
    // Q: the first i bins merged into q_bins levels, each level's mass spread over its non-empty bins.
    q.assign(i, 0.0);
    for (size_t j = 0; j < q_bins; ++j) {
      const size_t start = j * i / q_bins, stop = (j + 1) * i / q_bins;
      double mass = 0;
      size_t nonzero = 0;
      for (size_t k = start; k < stop; ++k) {
        mass += h[k];
        if (h[k] > 0) ++nonzero;
      }
      if (nonzero == 0) continue;
      for (size_t k = start; k < stop; ++k) {
        if (h[k] > 0) q[k] = mass / static_cast<double>(nonzero);
      }
    }
    double p_sum = 0, q_sum = 0;
    for (size_t k = 0; k < i; ++k) {
      p_sum += p[k];
      q_sum += q[k];
    }
    if (p_sum <= 0 || q_sum <= 0) continue;
    double kl = 0;
    for (size_t k = 0; k < i; ++k) {
      if (p[k] <= 0) continue;
      const double pk = p[k] / p_sum;
      // A bin with mass in P but none in Q (only the folded last bin can be one): a small floor.
      const double qk = q[k] > 0 ? q[k] / q_sum : 1e-12;
      kl += pk * std::log(pk / qk);
    }
    if (kl < best_kl) {
      best_kl = kl;
      best_i = i;
    }
  }
  return hist.lo() + static_cast<double>(best_i) * hist.bin_width();
}

Range MseRange(const Histogram& hist, float min, float max) {
  const std::vector<double>& c = hist.counts();
  constexpr int kSteps = 200;
  double best = std::numeric_limits<double>::infinity();
  Range best_range{min, max};
  for (int s = 1; s <= kSteps; ++s) {
    const double f = static_cast<double>(s) / kSteps;
    const double lo = std::min(0.0, f * min), hi = std::max(0.0, f * max);
    const double step = (hi - lo) / 255.0;
    if (step <= 0) continue;
    double err = 0;
    for (size_t b = 0; b < c.size(); ++b) {
      if (c[b] == 0) continue;
      const double x = hist.center(b);
      if (x < lo) {
        err += c[b] * (lo - x) * (lo - x);
      } else if (x > hi) {
        err += c[b] * (x - hi) * (x - hi);
      } else {
        err += c[b] * step * step / 12.0;
      }
    }
    if (err < best) {
      best = err;
      best_range = Range{static_cast<float>(lo), static_cast<float>(hi)};
    }
  }
  return best_range;
}

Range ChooseRange(const TensorStats& stats, const CalibratorOptions& options) {
  Range r{std::min(stats.min, 0.0f), std::max(stats.max, 0.0f)};
  if (!stats.seen) return Range{0.0f, 0.0f};
  switch (options.method) {
    case Method::kMinMax:
      break;
    case Method::kPercentile: {
      const double p = options.percentile / 100.0;
      r.max = std::max(0.0f, static_cast<float>(PercentileValue(stats.values, p)));
      if (stats.min < 0) r.min = std::min(0.0f, static_cast<float>(PercentileValue(stats.values, 1.0 - p)));
      break;
    }
    case Method::kEntropy: {
      // Never negative: the histogram of x over [0, max] (abs_values is exactly that) onto 256
      // levels; else |x| onto 128 levels of [0, T], the range [-T, T].
      const bool one_sided = stats.min >= 0;
      const int levels = one_sided ? 256 : 128;
      Histogram h = stats.abs_values;
      const double total = h.total() - stats.zeros;  // the values the search looks at
      while (h.counts().size() >= static_cast<size_t>(4 * levels) &&
             total < 16.0 * static_cast<double>(h.counts().size())) {
        h = h.Merged(2);
      }
      if (total < 16.0 * static_cast<double>(h.counts().size())) break;  // too few values: min/max
      const float t = static_cast<float>(EntropyThreshold(h, levels, stats.zeros));
      if (one_sided) {
        r.max = t;
      } else {
        r.min = std::max(r.min, -t);
        r.max = std::min(r.max, t);
      }
      break;
    }
    case Method::kMse:
      r = MseRange(stats.values, r.min, r.max);
      break;
  }
  r.min = std::min(r.min, 0.0f);
  r.max = std::max(r.max, 0.0f);
  return r;
}

void RangeToParams(Range range, float* scale, int32_t* zero_point) {
  const double lo = std::min(0.0, static_cast<double>(range.min));
  const double hi = std::max(0.0, static_cast<double>(range.max));
  double s = (hi - lo) / 255.0;
  if (!(s > 0) || !std::isfinite(s)) s = 1.0 / 255.0;  // a constant-zero tensor: any scale represents it
  *scale = static_cast<float>(s);
  const double z = -128.0 - lo / static_cast<double>(*scale);
  *zero_point = static_cast<int32_t>(std::clamp(std::round(z), -128.0, 127.0));
}

}  // namespace octet::quantize
