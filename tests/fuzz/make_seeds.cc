// Writes the fuzz targets' seed corpora (committed under tests/fuzz/corpus/): small octet models from
// the project's model builder and small TFLite files from the test TFLite writer. Rerun after
// format changes: make_fuzz_seeds <tests/fuzz/corpus>.
#include <cstdio>
#include <string>
#include <vector>

#include "tests/runtime/test_models.h"
#include "tests/tools/tflite_maker.h"

namespace {

namespace tflite = octet::tflite;

bool Write(const std::string& path, const std::vector<uint8_t>& bytes) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return false;
  const bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  return std::fclose(f) == 0 && ok;
}

std::vector<uint8_t> TfliteConvPool() {
  using namespace octet::tools::testing_tflite;
  TfliteMaker m;
  const int input = m.Tensor("input", TT::UINT8, {1, 6, 6, 3}, PerTensorQuant(0.02f, 128));
  std::vector<uint8_t> weights(4 * 3 * 3 * 3);
  for (size_t k = 0; k < weights.size(); ++k) weights[k] = static_cast<uint8_t>(k * 37);
  const int filter = m.Tensor("filter", TT::UINT8, {4, 3, 3, 3}, PerTensorQuant(0.01f, 120), weights);
  const int bias =
      m.Tensor("bias", TT::INT32, {4}, PerTensorQuant(0.0002f, 0), Bytes(std::vector<int32_t>{1, -2, 3, -4}));
  const int conv = m.Tensor("conv", TT::UINT8, {1, 3, 3, 4}, PerTensorQuant(0.05f, 10));
  m.Op(
      kConv, {input, filter, bias}, {conv}, tflite::BuiltinOptions::Conv2DOptions,
      tflite::CreateConv2DOptions(m.fbb(), tflite::Padding::SAME, 2, 2, tflite::ActivationFunctionType::RELU6).Union());
  const int pool = m.Tensor("pool", TT::UINT8, {1, 1, 1, 4}, PerTensorQuant(0.05f, 10));
  m.Op(kAveragePool, {conv}, {pool}, tflite::BuiltinOptions::Pool2DOptions,
       tflite::CreatePool2DOptions(m.fbb(), tflite::Padding::VALID, 3, 3, 3, 3).Union());
  const int shape = m.Tensor("shape", TT::INT32, {2}, {}, Bytes(std::vector<int32_t>{1, 4}));
  const int flat = m.Tensor("flat", TT::UINT8, {1, 4}, PerTensorQuant(0.05f, 10));
  m.Op(kReshape, {pool, shape}, {flat});
  const int probs = m.Tensor("probs", TT::UINT8, {1, 4}, PerTensorQuant(1.0f / 256, 0));
  m.Op(kSoftmax, {flat}, {probs}, tflite::BuiltinOptions::SoftmaxOptions,
       tflite::CreateSoftmaxOptions(m.fbb(), 1.0f).Union());
  return m.Finish({input}, {probs});
}

std::vector<uint8_t> TfliteQuantizeAddMean() {
  using namespace octet::tools::testing_tflite;
  TfliteMaker m;
  const int input = m.Tensor("input", TT::UINT8, {1, 4, 4, 8}, PerTensorQuant(0.03f, 128));
  const int q = m.Tensor("q", TT::INT8, {1, 4, 4, 8}, PerTensorQuant(0.03f, 0));
  m.Op(kQuantize, {input}, {q});
  const int sum = m.Tensor("sum", TT::INT8, {1, 4, 4, 8}, PerTensorQuant(0.05f, -3));
  m.Op(kAdd, {q, q}, {sum}, tflite::BuiltinOptions::AddOptions, tflite::CreateAddOptions(m.fbb()).Union());
  const int axes = m.Tensor("axes", TT::INT32, {2}, {}, Bytes(std::vector<int32_t>{1, 2}));
  const int mean = m.Tensor("mean", TT::INT8, {1, 8}, PerTensorQuant(0.05f, 1));
  m.Op(kMean, {sum, axes}, {mean}, tflite::BuiltinOptions::ReducerOptions,
       tflite::CreateReducerOptions(m.fbb(), false).Union());
  const int out = m.Tensor("out", TT::UINT8, {1, 8}, PerTensorQuant(0.05f, 129));
  m.Op(kQuantize, {mean}, {out});
  return m.Finish({input}, {out});
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  bool ok = Write(dir + "/fuzz_load_model/small_int8.octet", octet::testing::BuildSmallInt8Model());
  ok = ok && Write(dir + "/fuzz_convert_tflite/conv_pool_uint8.tflite", TfliteConvPool());
  ok = ok && Write(dir + "/fuzz_convert_tflite/quantize_add_mean_int8.tflite", TfliteQuantizeAddMean());
  std::vector<uint8_t> params(256);
  for (size_t i = 0; i < params.size(); ++i) params[i] = static_cast<uint8_t>(i * 73 + 11);
  ok = ok && Write(dir + "/fuzz_quantized_run/seed_int8", params);
  params[0] = 1;  // odd first byte: the uint8 variant
  ok = ok && Write(dir + "/fuzz_quantized_run/seed_uint8", params);
  if (!ok) std::fprintf(stderr, "cannot write the seeds into %s\n", dir.c_str());
  return ok ? 0 : 1;
}
