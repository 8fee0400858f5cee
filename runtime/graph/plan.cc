#include "runtime/graph/plan.h"

#include <algorithm>

namespace octet {

std::unique_ptr<ExecutionPlan> BuildPlan(const std::vector<Operator>& operators, IsaSet usable) {
  auto plan = std::make_unique<ExecutionPlan>();
  plan->usable = usable;
  for (const Operator& op : operators) {
    // No usable ISA (SessionOptions::reference_only): the reference kernels, not even the scalar ones.
    std::unique_ptr<Kernel> fast = usable != 0 ? op.kernel->Specialize(usable) : nullptr;
    const Kernel* chosen = op.kernel.get();
    if (fast) {
      chosen = fast.get();
      plan->owned.push_back(std::move(fast));
    }
    plan->kernels.push_back(chosen);
    plan->scratch_size = std::max(plan->scratch_size, chosen->scratch_size());
    plan->packed_bytes += chosen->packed_bytes();
  }
  return plan;
}

}  // namespace octet
