// Activation range calibrators: each turns the statistics of one tensor over the calibration inputs
// into the real range [min, max] that int8 (asymmetric, 256 levels, 0 exactly representable) covers.
//
//   minmax      the observed minimum and maximum.
//   percentile  the p-th percentile of the values (and the (100-p)-th below when any are negative).
//   entropy     TensorRT's method: the threshold T minimizing KL(P||Q) between the histogram clipped
//               at T (outliers folded into the last bin) and its quantized version. Two-sided
//               tensors use the histogram of |x| and 128 levels for [0, T] (range [-T, T]); tensors
//               that are never negative (after ReLU) use the histogram of x and 256 levels. KL on
//               a sparse histogram picks spurious thresholds, so bins are merged until they hold
//               16 values on average; a tensor too small even for 2 bins per level keeps min/max.
//               Values that are exactly 0 are left out of the search: 0 is exactly representable
//               whatever the threshold, and left in, the point mass a ReLU puts at 0 dominates the
//               divergence (Q spreads the first level's mass over its bins), so KL preferred the
//               thresholds whose first level holds bin 0 alone: T < 2 * levels / bins * max, a
//               quarter of the range with 2048 bins (EfficientNet-Lite0 lost all accuracy to it).
//   mse         the range [f*min, f*max], f in (0, 1], minimizing the expected squared error: the
//               clipping error of values outside plus step^2/12 for each value inside.
#ifndef OCTET_TOOLS_QUANTIZE_CALIBRATORS_H_
#define OCTET_TOOLS_QUANTIZE_CALIBRATORS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace octet::quantize {

enum class Method { kMinMax, kPercentile, kEntropy, kMse };
const char* MethodName(Method method);
bool ParseMethod(const std::string& text, Method* method);

struct CalibratorOptions {
  Method method = Method::kMinMax;
  double percentile = 99.99;  // percentile method
  int bins = 2048;            // histogram bins
};

// A fixed-range histogram; values outside the range land in the end bins.
class Histogram {
 public:
  void Init(double lo, double hi, int bins);
  void Add(const float* values, size_t n);
  void AddAbs(const float* values, size_t n);  // adds |v|
  double lo() const { return lo_; }
  double hi() const { return hi_; }
  double bin_width() const { return (hi_ - lo_) / static_cast<double>(counts_.size()); }
  double center(size_t b) const { return lo_ + (static_cast<double>(b) + 0.5) * bin_width(); }
  const std::vector<double>& counts() const { return counts_; }
  double total() const;
  bool empty() const { return counts_.empty(); }
  // The same range with every `factor` neighbouring bins merged.
  Histogram Merged(int factor) const;

 private:
  double lo_ = 0, hi_ = 0;
  std::vector<double> counts_;
};

// Everything a calibrator may look at for one tensor: pass 1 gives min/max, pass 2 the histograms
// (over [min, max] and of |x| over [0, max|x|]).
struct TensorStats {
  float min = 0, max = 0;
  bool seen = false;
  double zeros = 0;  // pass 2: how many values are exactly 0
  Histogram values, abs_values;
  void Observe(const float* v, size_t n);     // pass 1
  void InitHistograms(int bins);              // between the passes
  void Accumulate(const float* v, size_t n);  // pass 2
};

struct Range {
  float min = 0, max = 0;
};

// The range the calibrator chooses (always containing 0). minmax needs pass 1 only.
Range ChooseRange(const TensorStats& stats, const CalibratorOptions& options);
bool NeedsHistograms(Method method);

// The pieces, exposed for tests.
// `exact_zeros` of the values in bin 0 are exactly 0 and are left out of the KL search.
double EntropyThreshold(const Histogram& hist, int levels, double exact_zeros = 0);
Range MseRange(const Histogram& hist, float min, float max);
double PercentileValue(const Histogram& hist, double fraction);

// int8 asymmetric parameters for a range (min <= 0 <= max): scale = (max - min) / 255 and the zero
// point that maps 0 exactly, in [-128, 127].
void RangeToParams(Range range, float* scale, int32_t* zero_point);

}  // namespace octet::quantize

#endif  // OCTET_TOOLS_QUANTIZE_CALIBRATORS_H_
