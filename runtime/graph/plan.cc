#include "runtime/graph/plan.h"

#include <algorithm>

namespace octet {

std::unique_ptr<ExecutionPlan> BuildPlan(const std::vector<Operator>& operators, IsaSet usable) {
  auto plan = std::make_unique<ExecutionPlan>();
  plan->usable = usable;
  for (const Operator& op : operators) {
    std::unique_ptr<Kernel> fast = op.kernel->Specialize(usable);
    const Kernel* chosen = op.kernel.get();
    if (fast) {
      chosen = fast.get();
      plan->owned.push_back(std::move(fast));
    }
    plan->kernels.push_back(chosen);
    plan->scratch_size = std::max(plan->scratch_size, chosen->scratch_size());
  }
  return plan;
}

}  // namespace octet
