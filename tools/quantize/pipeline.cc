#include "tools/quantize/pipeline.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>

#include "octet/octet.h"
#include "tools/quantize/float_executor.h"
#include "tools/quantize/transforms.h"

namespace octet::quantize {

double SqnrDb(double signal, double noise) {
  if (noise <= 0) return 150.0;
  if (signal <= 0) return -150.0;
  return std::min(150.0, 10.0 * std::log10(signal / noise));
}

namespace {

struct ModelDeleter {
  void operator()(octet_model* m) const { octet_model_destroy(m); }
};
struct SessionDeleter {
  void operator()(octet_session* s) const { octet_session_destroy(s); }
};

size_t Argmax(const std::vector<float>& v) {
  return static_cast<size_t>(std::max_element(v.begin(), v.end()) - v.begin());
}

void Progress(const PipelineOptions& o, const std::string& phase, int done, int total) {
  if (o.progress) o.progress(phase, done, total);
}

}  // namespace

PipelineResult QuantizeGraph(const Graph& reference, const std::vector<Sample>& samples,
                             const PipelineOptions& options) {
  PipelineResult result;
  Report& report = result.report;
  report.model = reference.source;
  report.calibrator = MethodName(options.calibrator.method);
  if (options.calibrator.method == Method::kPercentile) {
    char text[64];
    std::snprintf(text, sizeof text, "percentile %.4g", options.calibrator.percentile);
    report.calibrator = text;
  }
  report.per_channel = options.per_channel;
  report.samples = static_cast<int>(samples.size());
  if (samples.empty()) {
    result.error = "no calibration samples";
    return result;
  }

  // 1. Transforms on a copy; the reference stays the original float model.
  Graph work = reference;
  if (options.equalize) {
    EqualizeOptions eq;
    eq.relu6 = options.relu6;
    Progress(options, "equalization", 0, 1);
    const EqualizeStats s = EqualizeCrossLayer(&work, eq, samples);
    Progress(options, "equalization", 1, 1);
    report.equalized = true;
    std::string note = "cross-layer equalization: " + std::to_string(s.pairs) + " layer pair(s)";
    if (s.relu6_kept) {
      note += ", " + std::to_string(s.relu6_kept) + " across RELU6 kept within its bound (" +
              std::to_string(s.channels_pinned) + " saturating channel(s) left unscaled)";
    }
    if (s.relu6_replaced) {
      note += ", " + std::to_string(s.relu6_replaced) +
              " RELU6 replaced by RELU: this changes the float model; every figure in this report compares "
              "against the ORIGINAL float model";
    }
    report.notes.push_back(note);
  }
  // The graph before bias correction, for the sensitivity simulation: a corrected bias compensates
  // its layer's quantization error, so with the other layers float it would add error instead.
  Graph uncorrected;
  if (options.bias_correct) {
    uncorrected = work;
    const size_t n = std::min(samples.size(), static_cast<size_t>(std::max(1, options.bias_correction_samples)));
    Progress(options, "bias correction", 0, 1);
    const int layers = CorrectBias(&work, std::vector<Sample>(samples.begin(), samples.begin() + static_cast<long>(n)),
                                   options.per_channel);
    Progress(options, "bias correction", 1, 1);
    report.bias_corrected = true;
    report.notes.push_back("bias correction: " + std::to_string(layers) + " layer(s) on " + std::to_string(n) +
                           " sample(s)");
  }

  // 2. Calibration: min/max, then (for histogram methods) histograms over [min, max].
  const std::vector<bool> calibrated = CalibratedTensors(work);
  std::vector<TensorStats> stats(work.tensors.size());
  Executor executor(work);
  const int total = static_cast<int>(samples.size());
  const bool histograms = NeedsHistograms(options.calibrator.method);
  for (int pass = 0; pass < (histograms ? 2 : 1); ++pass) {
    if (pass == 1) {
      for (size_t t = 0; t < stats.size(); ++t) {
        if (calibrated[t]) stats[t].InitHistograms(options.calibrator.bins);
      }
    }
    const std::string phase =
        histograms ? (pass == 0 ? "calibrating (ranges)" : "calibrating (histograms)") : "calibrating";
    for (int s = 0; s < total; ++s) {
      executor.Run(samples[static_cast<size_t>(s)]);
      for (size_t t = 0; t < stats.size(); ++t) {
        if (!calibrated[t]) continue;
        const std::vector<float>& v = executor.Value(static_cast<int>(t));
        if (pass == 0) {
          stats[t].Observe(v.data(), v.size());
        } else {
          stats[t].Accumulate(v.data(), v.size());
        }
      }
      Progress(options, phase, s + 1, total);
    }
  }
  std::vector<Range> ranges(work.tensors.size());
  for (size_t t = 0; t < stats.size(); ++t) {
    if (calibrated[t]) ranges[t] = ChooseRange(stats[t], options.calibrator);
  }
  const std::vector<QuantParams> params = AssignParams(work, ranges);

  // 3. The model.
  BuildOptions build;
  build.per_channel = options.per_channel;
  build.input_type = options.input_type;
  build.output_type = options.output_type;
  build.description = options.description;
  BuildResult built = BuildOctetModel(work, params, build);
  if (!built.error.empty()) {
    result.error = built.error;
    return result;
  }
  result.model = std::move(built.model);
  result.ok = true;
  if (!options.evaluate) return result;

  // 4. Per-layer and output errors of the int8 model on the octet runtime. A debug build of the
  // same model (float I/O) exposes every int8 activation as an extra output.
  build.input_type = IoType::kFloat;
  build.output_type = IoType::kFloat;
  build.debug_outputs = true;
  const BuildResult debug = BuildOctetModel(work, params, build);
  octet_model* raw_model = nullptr;
  if (!debug.error.empty() || octet_model_load_memory(debug.model.data(), debug.model.size(), &raw_model) != OCTET_OK) {
    result.ok = false;
    result.error = "the quantized model does not load: " + (debug.error.empty() ? octet_last_error() : debug.error);
    return result;
  }
  std::unique_ptr<octet_model, ModelDeleter> model(raw_model);
  octet_session* raw_session = nullptr;
  if (octet_session_create(model.get(), nullptr, &raw_session) != OCTET_OK) {
    result.ok = false;
    result.error = std::string("the quantized model does not prepare: ") + octet_last_error();
    return result;
  }
  std::unique_ptr<octet_session, SessionDeleter> session(raw_session);
  const size_t n_out = work.outputs.size();
  std::vector<double> layer_signal(debug.debug_tensors.size(), 0), layer_noise(debug.debug_tensors.size(), 0);
  double out_signal = 0, out_noise = 0;
  int agree = 0, classified = 0, float_correct = 0, quant_correct = 0, labeled = 0;
  Executor work_exec(work), ref_exec(reference);
  for (int s = 0; s < total; ++s) {
    const Sample& sample = samples[static_cast<size_t>(s)];
    for (size_t k = 0; k < sample.size(); ++k) {
      std::memcpy(octet_session_input_data(session.get(), static_cast<int32_t>(k)), sample[k].data(),
                  sample[k].size() * sizeof(float));
    }
    if (octet_session_run(session.get()) != OCTET_OK) {
      result.ok = false;
      result.error = std::string("the quantized model fails to run: ") + octet_last_error();
      return result;
    }
    work_exec.Run(sample);
    ref_exec.Run(sample);
    for (size_t d = 0; d < debug.debug_tensors.size(); ++d) {
      const int t = debug.debug_tensors[d];
      const QuantParams& p = params[static_cast<size_t>(t)];
      const auto* q =
          static_cast<const int8_t*>(octet_session_output_data(session.get(), static_cast<int32_t>(n_out + d)));
      const std::vector<float>& f = work_exec.Value(t);
      for (size_t k = 0; k < f.size(); ++k) {
        const double deq = (q[k] - p.zero_point) * static_cast<double>(p.scale);
        layer_signal[d] += static_cast<double>(f[k]) * f[k];
        layer_noise[d] += (deq - f[k]) * (deq - f[k]);
      }
    }
    for (size_t o = 0; o < n_out; ++o) {
      const auto* q = static_cast<const float*>(octet_session_output_data(session.get(), static_cast<int32_t>(o)));
      const std::vector<float>& f = ref_exec.Value(reference.outputs[o]);
      for (size_t k = 0; k < f.size(); ++k) {
        out_signal += static_cast<double>(f[k]) * f[k];
        out_noise += static_cast<double>(q[k] - f[k]) * (q[k] - f[k]);
      }
      if (o == 0 && f.size() > 1) {
        const std::vector<float> qv(q, q + f.size());
        const size_t fa = Argmax(f), qa = Argmax(qv);
        ++classified;
        agree += fa == qa;
        if (static_cast<size_t>(s) < options.labels.size() && options.labels[static_cast<size_t>(s)] >= 0) {
          ++labeled;
          float_correct += static_cast<int>(fa) == options.labels[static_cast<size_t>(s)];
          quant_correct += static_cast<int>(qa) == options.labels[static_cast<size_t>(s)];
        }
      }
    }
    Progress(options, "evaluating", s + 1, total);
  }
  report.output_sqnr_db = SqnrDb(out_signal, out_noise);
  if (classified) report.top1_agreement = static_cast<double>(agree) / classified;
  report.labeled = labeled;
  if (labeled) {
    report.float_accuracy = static_cast<double>(float_correct) / labeled;
    report.quantized_accuracy = static_cast<double>(quant_correct) / labeled;
  }
  for (size_t d = 0; d < debug.debug_tensors.size(); ++d) {
    const int t = debug.debug_tensors[d];
    const Op& op = work.ops[static_cast<size_t>(work.Producer(t))];
    LayerReport layer;
    layer.name = op.name;
    layer.kind = OpKindName(op.kind);
    layer.sqnr_db = SqnrDb(layer_signal[d], layer_noise[d]);
    report.layers.push_back(layer);
  }

  // 5. Sensitivity: each layer with weights or a calibrated output quantized alone (simulated: its
  // weights through the int8 grid, its output fake-quantized), the rest float.
  if (options.sensitivity_samples > 0) {
    const size_t n = std::min(samples.size(), static_cast<size_t>(options.sensitivity_samples));
    std::vector<std::vector<float>> ref_outputs;
    for (size_t s = 0; s < n; ++s) {
      ref_exec.Run(samples[s]);
      ref_outputs.push_back(ref_exec.Value(reference.outputs[0]));
    }
    std::vector<int> candidates;
    for (size_t d = 0; d < debug.debug_tensors.size(); ++d) {
      const int t = debug.debug_tensors[d];
      const Op& op = work.ops[static_cast<size_t>(work.Producer(t))];
      if (Graph::HasWeights(op.kind) || calibrated[static_cast<size_t>(t)]) candidates.push_back(static_cast<int>(d));
    }
    for (size_t c = 0; c < candidates.size(); ++c) {
      const size_t d = static_cast<size_t>(candidates[c]);
      const int t = debug.debug_tensors[d];
      const int op_index = work.Producer(t);
      // The other layers float (with their uncorrected biases); this one quantized, with its
      // corrected bias when bias correction is on.
      Graph single = options.bias_correct ? uncorrected : work;
      const Op& op = single.ops[static_cast<size_t>(op_index)];
      if (Graph::HasWeights(op.kind)) {
        const QuantizedLayer q =
            QuantizeLayer(single, op, params[static_cast<size_t>(op.inputs[0])].scale, options.per_channel);
        single.tensors[static_cast<size_t>(op.inputs[1])].data = DequantizedWeights(single, op, q);
        single.tensors[static_cast<size_t>(op.inputs[2])].data = work.tensors[static_cast<size_t>(op.inputs[2])].data;
      }
      Executor sim(single);
      const QuantParams p = params[static_cast<size_t>(t)];
      double sig = 0, noise = 0;
      for (size_t s = 0; s < n; ++s) {
        sim.Run(samples[s], [&](int i, std::vector<float>* out) {
          if (i == op_index) FakeQuantize(p, out);
        });
        const std::vector<float>& y = sim.Value(single.outputs[0]);
        for (size_t k = 0; k < y.size(); ++k) {
          sig += static_cast<double>(ref_outputs[s][k]) * ref_outputs[s][k];
          noise += static_cast<double>(y[k] - ref_outputs[s][k]) * (y[k] - ref_outputs[s][k]);
        }
      }
      report.layers[d].has_sensitivity = true;
      report.layers[d].sensitivity_db = SqnrDb(sig, noise);
      Progress(options, "sensitivity", static_cast<int>(c + 1), static_cast<int>(candidates.size()));
    }
    for (size_t d = 0; d < report.layers.size(); ++d) {
      if (report.layers[d].has_sensitivity) report.sensitivity_order.push_back(static_cast<int>(d));
    }
    std::stable_sort(report.sensitivity_order.begin(), report.sensitivity_order.end(), [&](int a, int b) {
      return report.layers[static_cast<size_t>(a)].sensitivity_db <
             report.layers[static_cast<size_t>(b)].sensitivity_db;
    });
  }
  return result;
}

}  // namespace octet::quantize
