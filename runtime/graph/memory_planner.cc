#include "runtime/graph/memory_planner.h"

#include <algorithm>
#include <numeric>

#include "runtime/core/checked_math.h"

namespace octet {

bool PlanMemory(const std::vector<BufferLifetime>& buffers, size_t alignment, MemoryPlan* plan) {
  const size_t n = buffers.size();
  plan->offsets.assign(n, 0);
  plan->arena_size = 0;
  std::vector<size_t> sizes(n);
  for (size_t i = 0; i < n; ++i) {
    if (!CheckedAlignUp(buffers[i].size, alignment, &sizes[i])) return false;
  }
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (sizes[a] != sizes[b]) return sizes[a] > sizes[b];
    return buffers[a].first_use < buffers[b].first_use;
  });

  struct Placed {
    size_t offset, end;
  };
  std::vector<size_t> placed;  // indices already placed
  std::vector<Placed> conflicts;
  for (size_t i : order) {
    conflicts.clear();
    for (size_t j : placed) {
      const bool overlap_in_time =
          buffers[i].first_use <= buffers[j].last_use && buffers[j].first_use <= buffers[i].last_use;
      if (overlap_in_time) conflicts.push_back({plan->offsets[j], plan->offsets[j] + sizes[j]});
    }
    std::sort(conflicts.begin(), conflicts.end(), [](const Placed& a, const Placed& b) { return a.offset < b.offset; });
    // Best fit: the smallest gap between conflicting buffers that holds this one; else after them.
    size_t best_offset = 0, best_gap = SIZE_MAX, cursor = 0;
    bool found = false;
    for (const Placed& c : conflicts) {
      if (c.offset > cursor && c.offset - cursor >= sizes[i] && c.offset - cursor < best_gap) {
        best_gap = c.offset - cursor;
        best_offset = cursor;
        found = true;
      }
      cursor = std::max(cursor, c.end);
    }
    if (!found) best_offset = cursor;
    size_t end = 0;
    if (!CheckedAdd(best_offset, sizes[i], &end)) return false;
    plan->offsets[i] = best_offset;
    plan->arena_size = std::max(plan->arena_size, end);
    placed.push_back(i);
  }
  return true;
}

}  // namespace octet
