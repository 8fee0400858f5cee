// libFuzzer target: TFLite bytes -> our reader and converter -> (if converted) load and run.
#include "tests/fuzz/fuzz_common.h"
#include "tools/convert/tflite_to_octet.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const octet::tools::ConvertResult result = octet::tools::ConvertTfliteToOctet(data, size, "fuzz.tflite");
  if (result.ok) octet::fuzz::LoadAndRun(result.model.data(), result.model.size(), 7);
  return 0;
}
