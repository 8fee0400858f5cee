// libFuzzer target: octet model bytes -> verify -> (if valid) run.
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  octet::fuzz::LoadAndRun(data, size, size > 0 ? data[0] : 0);
  return 0;
}
