// Runs a float Graph (tools only, never the runtime): plain loops in float32, NHWC, the semantics of
// octet's integer ops without quantization (SAME padding as TF, AVERAGE_POOL excluding padded taps,
// MEAN over any axes). Every tensor's value stays available after a run for statistics and errors.
#ifndef OCTET_TOOLS_QUANTIZE_FLOAT_EXECUTOR_H_
#define OCTET_TOOLS_QUANTIZE_FLOAT_EXECUTOR_H_

#include <functional>
#include <vector>

#include "tools/quantize/float_graph.h"

namespace octet::quantize {

class Executor {
 public:
  // The graph must have passed InferShapes and must outlive the executor.
  explicit Executor(const Graph& graph);

  // Called after each op with its index and its output values (activation applied), which the hook
  // may change (fake quantization) before later ops read them.
  using Hook = std::function<void(int op, std::vector<float>* output)>;

  // `inputs` holds one NHWC tensor per graph input, of exactly its element count.
  void Run(const std::vector<std::vector<float>>& inputs, const Hook& hook = nullptr);
  const std::vector<float>& Value(int tensor) const { return values_[static_cast<size_t>(tensor)]; }

 private:
  const Graph& graph_;
  std::vector<std::vector<float>> values_;
  std::vector<std::vector<float>> transposed_;  // per op: conv/FC filters as [KH][KW][I][O] / [I][O]
};

// Output of a CONV_2D, DEPTHWISE_CONV_2D or FULLY_CONNECTED op on `input` with `filter` (in the
// op's layout) and `bias` (nullptr: none), before the activation.
void RunLinear(const Graph& graph, const Op& op, const std::vector<float>& input, const std::vector<float>& filter,
               const std::vector<float>* bias, std::vector<float>* output);

}  // namespace octet::quantize

#endif  // OCTET_TOOLS_QUANTIZE_FLOAT_EXECUTOR_H_
