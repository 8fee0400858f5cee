// `octet quantize` end to end on an imported float Graph: optional cross-layer equalization and
// bias correction, activation calibration, the octet model, and the accuracy report (per-layer SQNR
// of the int8 model run on the octet runtime, final-output SQNR and top-1 agreement with float,
// accuracy against labels, and a sensitivity ranking from simulated one-layer quantization).
#ifndef OCTET_TOOLS_QUANTIZE_PIPELINE_H_
#define OCTET_TOOLS_QUANTIZE_PIPELINE_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "tools/quantize/calibrators.h"
#include "tools/quantize/float_graph.h"
#include "tools/quantize/quantizer.h"
#include "tools/quantize/transforms.h"

namespace octet::quantize {

using Sample = std::vector<std::vector<float>>;  // one NHWC float vector per graph input

struct PipelineOptions {
  CalibratorOptions calibrator;
  bool per_channel = true;
  IoType input_type = IoType::kFloat;
  IoType output_type = IoType::kFloat;
  bool equalize = false;
  // Equalization across RELU6: kBounded (keep it, equalize within its bound on the calibration
  // samples), kReplace (RELU instead, changing the float model), kSkip. See transforms.h.
  Relu6Mode relu6 = Relu6Mode::kBounded;
  bool bias_correct = false;
  int bias_correction_samples = 16;
  int sensitivity_samples = 8;  // 0: no sensitivity ranking
  bool evaluate = true;         // run the int8 model for the report
  std::vector<int> labels;      // per sample (-1: unknown); empty: no accuracy
  std::string description;
  // Progress ("calibrating 12/100"); called with a phase name, done, total.
  std::function<void(const std::string&, int, int)> progress;
};

struct LayerReport {
  std::string name;
  std::string kind;
  double sqnr_db = 0;  // int8 (octet runtime) vs float, over the samples
  bool has_sensitivity = false;
  double sensitivity_db = 0;  // final-output SQNR with this layer alone quantized (simulated)
};

struct Report {
  std::string model;
  std::string calibrator;
  bool per_channel = true, equalized = false, bias_corrected = false;
  int samples = 0;
  std::vector<LayerReport> layers;
  double output_sqnr_db = 0;
  double top1_agreement = -1;  // fraction of samples whose argmax agrees; -1 when not a classifier
  int labeled = 0;
  double float_accuracy = -1, quantized_accuracy = -1;  // -1 without labels
  std::vector<int> sensitivity_order;                   // layer indices, most costly first
  std::vector<std::string> notes;
};

struct PipelineResult {
  bool ok = false;
  std::string error;
  std::vector<uint8_t> model;
  Report report;
};

PipelineResult QuantizeGraph(const Graph& graph, const std::vector<Sample>& samples, const PipelineOptions& options);

// SQNR in dB of `test` against `reference` accumulated as sums (capped at 150 dB when exact).
double SqnrDb(double signal_energy, double noise_energy);

std::string ReportText(const Report& report);
std::string ReportJson(const Report& report);
// One self-contained HTML page: summary, per-layer SQNR bar chart (inline SVG), sensitivity ranking.
std::string ReportHtml(const Report& report);

}  // namespace octet::quantize

#endif  // OCTET_TOOLS_QUANTIZE_PIPELINE_H_
