#include "runtime/graph/memory_planner.h"

#include <algorithm>
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
  // The free blocks twice: (offset, size) to find neighbours, (size, offset) for the best fit (one
  // set type for both: a second tree type would cost code in small static builds).
  using Block = std::pair<size_t, size_t>;
  std::set<Block> by_offset, by_size;
  auto add = [&](size_t offset, size_t size) {
    by_offset.emplace(offset, size);
    by_size.emplace(size, offset);
  };
  auto remove = [&](std::set<Block>::iterator at) {  // an element of by_offset
    by_size.erase({at->second, at->first});
    return by_offset.erase(at);
  };
  size_t top = 0;
  auto release = [&](size_t offset, size_t size) {
    auto next = by_offset.lower_bound({offset, 0});
    if (next != by_offset.end() && offset + size == next->first) {
      size += next->second;
      next = remove(next);
    }
    if (next != by_offset.begin()) {
      const auto prev = std::prev(next);
      if (prev->first + prev->second == offset) {
        offset = prev->first;
        size += prev->second;
        remove(prev);
      }
    }
    if (offset + size == top) {
      top = offset;
    } else {
      add(offset, size);
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
      by_offset.erase({offset, size});
      plan->offsets[i] = offset;
      if (size > sizes[i]) add(offset + sizes[i], size - sizes[i]);
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
