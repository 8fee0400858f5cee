// Converts a quantized TFLite model (subgraph 0) into an octet model.
#ifndef OCTET_TOOLS_CONVERT_TFLITE_TO_OCTET_H_
#define OCTET_TOOLS_CONVERT_TFLITE_TO_OCTET_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace octet::tools {

struct ConvertResult {
  bool ok = false;
  std::string error;               // when !ok: names the file/op index/op name/tensor/field that is wrong
  std::vector<uint8_t> model;      // the octet model bytes when ok
  std::vector<std::string> notes;  // informational (e.g. ops mapped), may be empty
};

// `data` is an untrusted TFLite flatbuffer: it is verified first and every index, size and option
// is checked before use, so a malformed file gives an error, never a crash. source_name (usually
// the file name) starts every error message and is recorded as Metadata.source_model.
//
// Maps CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED, ADD, AVERAGE_POOL_2D, MAX_POOL_2D, MEAN,
// RESHAPE, SOFTMAX, QUANTIZE, DEQUANTIZE, CONCATENATION and PAD; any other operator is refused.
// Tensors that only carry op parameters (MEAN axes, PAD paddings, RESHAPE shape) become options
// and are dropped; the remaining tensors keep their order and are renumbered.
ConvertResult ConvertTfliteToOctet(const uint8_t* data, size_t size, const std::string& source_name);

}  // namespace octet::tools

#endif  // OCTET_TOOLS_CONVERT_TFLITE_TO_OCTET_H_
