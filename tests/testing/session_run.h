// Runs a loaded model in one session for whole-model tests: seeded random input bytes, the session
// options these tests vary (reference kernels only, an ISA cap, a thread count), and what they compare
// (output bytes, the kernel each operator ran, the plan's fusions). Header-only; gtest EXPECTs flag a
// session that cannot be created.
#ifndef OCTET_TESTS_TESTING_SESSION_RUN_H_
#define OCTET_TESTS_TESTING_SESSION_RUN_H_

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "runtime/graph/executor.h"
#include "runtime/model/model.h"
#include "tests/testing/replicable_random.h"

namespace octet::testing {

struct SessionRun {
  std::vector<std::vector<uint8_t>> outputs;  // each graph output's bytes
  std::vector<std::string> kernels;           // the kernel each operator ran
  int fused_ops = 0;

  std::string KernelList() const {
    std::string s;
    for (const std::string& k : kernels) s += k + " ";
    return s;
  }
};

// cap null: the reference kernels only. The inputs are random bytes from `seed`; `runs` > 1 runs
// again over the arena the previous run left.
inline SessionRun RunSession(const std::shared_ptr<const Model>& model, const Isa* cap, int threads, uint64_t seed,
                             int runs = 1) {
  SessionOptions options;
  options.reference_only = cap == nullptr;
  options.has_isa_cap = cap != nullptr;
  if (cap) options.isa_cap = *cap;
  options.num_threads = threads;
  std::unique_ptr<Session> session;
  const Status s = Session::Create(model, options, &session);
  EXPECT_TRUE(s.ok()) << s.message();
  SessionRun result;
  if (!s.ok()) return result;
  ReplicableRandom rng(seed);
  for (int t : model->inputs()) {
    const Tensor& tensor = model->tensors()[static_cast<size_t>(t)];
    for (size_t i = 0; i < tensor.byte_size; ++i) session->tensor_data(t)[i] = static_cast<uint8_t>(rng.Int(0, 255));
  }
  for (int r = 0; r < runs; ++r) session->Run();
  for (int t : model->outputs()) {
    const Tensor& tensor = model->tensors()[static_cast<size_t>(t)];
    result.outputs.emplace_back(session->tensor_data(t), session->tensor_data(t) + tensor.byte_size);
  }
  result.fused_ops = session->plan().fused_ops;
  for (const Kernel* k : session->plan().kernels) result.kernels.emplace_back(k->name());
  return result;
}

// Expects every output byte of `got` to equal `reference`'s; a failure says how many differ and where
// the first is, with `got`'s kernels.
inline void ExpectSameOutputs(const SessionRun& got, const SessionRun& reference) {
  ASSERT_EQ(got.outputs.size(), reference.outputs.size());
  for (size_t o = 0; o < got.outputs.size(); ++o) {
    ASSERT_EQ(got.outputs[o].size(), reference.outputs[o].size());
    size_t differ = 0, first = 0;
    for (size_t b = 0; b < got.outputs[o].size(); ++b) {
      if (got.outputs[o][b] != reference.outputs[o][b] && differ++ == 0) first = b;
    }
    EXPECT_EQ(differ, 0u) << "output " << o << " differs from the reference in " << differ << " bytes, first at "
                          << first << "\nkernels: " << got.KernelList();
  }
}

}  // namespace octet::testing

#endif  // OCTET_TESTS_TESTING_SESSION_RUN_H_
