// Writes the C API test's fixture: a small model, an input and the output the C++ core computes for
// it, so the C program can check that the C API returns exactly those bytes.
#include <cstdio>
#include <cstring>
#include <memory>

#include "runtime/graph/executor.h"
#include "runtime/model/model.h"
#include "tests/runtime/test_models.h"
#include "tests/testing/replicable_random.h"

namespace {
bool WriteFile(const std::string& path, const void* data, size_t size) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return false;
  const bool ok = std::fwrite(data, 1, size, f) == size;
  return std::fclose(f) == 0 && ok;
}
}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUTPUT_DIR\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  const std::vector<uint8_t> bytes = octet::testing::BuildSmallInt8Model();
  std::shared_ptr<const octet::Model> model;
  const octet::Status s = octet::Model::LoadMemory(bytes.data(), bytes.size(), &model);
  if (!s.ok()) {
    std::fprintf(stderr, "%s\n", s.message().c_str());
    return 1;
  }
  std::unique_ptr<octet::Session> session;
  if (!octet::Session::Create(model, octet::SessionOptions(), &session).ok()) return 1;
  octet::testing::ReplicableRandom rng(99);
  const auto input = rng.Ints<uint8_t>(192, 0, 255);
  std::memcpy(session->tensor_data(model->inputs()[0]), input.data(), input.size());
  session->Run();
  const int out = model->outputs()[0];
  const size_t out_size = model->tensors()[static_cast<size_t>(out)].byte_size;
  if (!WriteFile(dir + "/small.octet", bytes.data(), bytes.size()) ||
      !WriteFile(dir + "/small.input.bin", input.data(), input.size()) ||
      !WriteFile(dir + "/small.expected.bin", session->tensor_data(out), out_size)) {
    std::fprintf(stderr, "cannot write the fixture into %s\n", dir.c_str());
    return 1;
  }
  return 0;
}
