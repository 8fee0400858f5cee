#include "runtime/graph/memory_planner.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <queue>
#include <set>
#include <utility>

#include "runtime/core/checked_math.h"

namespace octet {

namespace {

bool PlanGreedyBySize(const std::vector<BufferLifetime>& buffers, const std::vector<size_t>& sizes, MemoryPlan* plan) {
  const size_t n = buffers.size();
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (sizes[a] != sizes[b]) return sizes[a] > sizes[b];
    if (buffers[a].first_use != buffers[b].first_use) return buffers[a].first_use < buffers[b].first_use;
    return a < b;
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

// Buffers in first-use order (ties: larger first); a buffer's bytes return to the free list once
// the step after its last use is reached. Free blocks are merged with their neighbours; a block
// that reaches the top of the used region lowers the top instead of staying in the list.
bool PlanLinearScan(const std::vector<BufferLifetime>& buffers, const std::vector<size_t>& sizes, MemoryPlan* plan) {
  const size_t n = buffers.size();
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (buffers[a].first_use != buffers[b].first_use) return buffers[a].first_use < buffers[b].first_use;
    if (sizes[a] != sizes[b]) return sizes[a] > sizes[b];
    return a < b;
  });
  std::map<size_t, size_t> free_at;             // offset -> size
  std::set<std::pair<size_t, size_t>> by_size;  // (size, offset) of the same blocks
  size_t top = 0;
  auto release = [&](size_t offset, size_t size) {
    auto next = free_at.lower_bound(offset);
    if (next != free_at.end() && offset + size == next->first) {
      size += next->second;
      by_size.erase({next->second, next->first});
      next = free_at.erase(next);
    }
    if (next != free_at.begin()) {
      auto prev = std::prev(next);
      if (prev->first + prev->second == offset) {
        offset = prev->first;
        size += prev->second;
        by_size.erase({prev->second, prev->first});
        free_at.erase(prev);
      }
    }
    if (offset + size == top) {
      top = offset;
    } else {
      free_at.emplace(offset, size);
      by_size.emplace(size, offset);
    }
  };
  using Expiry = std::pair<int, size_t>;  // (last use, buffer)
  std::priority_queue<Expiry, std::vector<Expiry>, std::greater<Expiry>> live;
  for (size_t i : order) {
    while (!live.empty() && live.top().first < buffers[i].first_use) {
      const size_t j = live.top().second;
      live.pop();
      release(plan->offsets[j], sizes[j]);
    }
    if (sizes[i] == 0) continue;  // offset 0, overlaps nothing
    auto fit = by_size.lower_bound({sizes[i], 0});
    if (fit != by_size.end()) {
      const auto [size, offset] = *fit;
      by_size.erase(fit);
      free_at.erase(offset);
      plan->offsets[i] = offset;
      if (size > sizes[i]) {
        free_at.emplace(offset + sizes[i], size - sizes[i]);
        by_size.emplace(size - sizes[i], offset + sizes[i]);
      }
    } else {
      plan->offsets[i] = top;
      if (!CheckedAdd(top, sizes[i], &top)) return false;
      plan->arena_size = std::max(plan->arena_size, top);
    }
    live.emplace(buffers[i].last_use, i);
  }
  return true;
}

}  // namespace

bool PlanMemory(const std::vector<BufferLifetime>& buffers, size_t alignment, MemoryPlan* plan) {
  const size_t n = buffers.size();
  plan->offsets.assign(n, 0);
  plan->arena_size = 0;
  std::vector<size_t> sizes(n);
  for (size_t i = 0; i < n; ++i) {
    if (!CheckedAlignUp(buffers[i].size, alignment, &sizes[i])) return false;
  }
  return n <= kGreedyMaxBuffers ? PlanGreedyBySize(buffers, sizes, plan) : PlanLinearScan(buffers, sizes, plan);
}

}  // namespace octet
