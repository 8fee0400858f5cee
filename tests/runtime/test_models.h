// Small models built in code for the runtime tests (no files needed).
#ifndef OCTET_TESTS_RUNTIME_TEST_MODELS_H_
#define OCTET_TESTS_RUNTIME_TEST_MODELS_H_

#include <cstdint>
#include <vector>

#include "tools/common/model_builder.h"

namespace octet::testing {

// input uint8 [1,8,8,3] -> QUANTIZE -> int8 -> CONV_2D 3x3 s1 SAME (4 channels, per-channel, RELU6)
// -> DEPTHWISE 3x3 s2 -> ADD with itself... kept simple: conv -> dw -> MEAN(H,W) -> FC(5) -> SOFTMAX.
// Weights from a fixed seed. Covers every common op kind with real shapes.
std::vector<uint8_t> BuildSmallInt8Model(uint64_t seed = 1);

}  // namespace octet::testing

#endif  // OCTET_TESTS_RUNTIME_TEST_MODELS_H_
