// An execution plan: the kernel each operator runs for one set of usable ISAs. Built once per
// (model, ISA set) and shared by every session using that set, so weights are packed once.
#ifndef OCTET_RUNTIME_GRAPH_PLAN_H_
#define OCTET_RUNTIME_GRAPH_PLAN_H_

#include <memory>
#include <vector>

#include "runtime/graph/graph.h"

namespace octet {

struct ExecutionPlan {
  IsaSet usable = 0;
  std::vector<const Kernel*> kernels;          // one per operator, in order
  std::vector<std::unique_ptr<Kernel>> owned;  // the specialized ones
  size_t scratch_size = 0;                     // the largest any kernel needs (ops run one at a time)
  size_t packed_bytes = 0;                     // weights the specialized kernels packed (Kernel::packed_bytes)
};

// Specializes every operator's kernel for `usable`; an empty set keeps every reference kernel.
std::unique_ptr<ExecutionPlan> BuildPlan(const std::vector<Operator>& operators, IsaSet usable);

}  // namespace octet

#endif  // OCTET_RUNTIME_GRAPH_PLAN_H_
