#include "runtime/graph/memory_planner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <numeric>
#include <queue>
#include <utility>

#include "tests/testing/replicable_random.h"

namespace octet {
namespace {

// No two buffers that are alive at the same step may share a byte.
void ExpectValid(const std::vector<BufferLifetime>& buffers, const MemoryPlan& plan, size_t alignment) {
  ASSERT_EQ(plan.offsets.size(), buffers.size());
  for (size_t i = 0; i < buffers.size(); ++i) {
    EXPECT_EQ(plan.offsets[i] % alignment, 0u);
    EXPECT_LE(plan.offsets[i] + buffers[i].size, plan.arena_size);
    for (size_t j = i + 1; j < buffers.size(); ++j) {
      const bool live_together =
          buffers[i].first_use <= buffers[j].last_use && buffers[j].first_use <= buffers[i].last_use;
      const bool bytes_overlap =
          plan.offsets[i] < plan.offsets[j] + buffers[j].size && plan.offsets[j] < plan.offsets[i] + buffers[i].size;
      EXPECT_FALSE(live_together && bytes_overlap) << "buffers " << i << " and " << j << " collide";
    }
  }
}

// The same check in O(n log n), for graphs too large for the pairwise one: buffers enter a map by
// offset in first-use order and leave it after their last use; each entry must fit between its
// neighbours.
void ExpectValidLarge(const std::vector<BufferLifetime>& buffers, const MemoryPlan& plan, size_t alignment) {
  ASSERT_EQ(plan.offsets.size(), buffers.size());
  std::vector<size_t> order(buffers.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return buffers[a].first_use < buffers[b].first_use; });
  std::map<size_t, size_t> live;  // offset -> end
  using Expiry = std::pair<int, size_t>;
  std::priority_queue<Expiry, std::vector<Expiry>, std::greater<Expiry>> expiry;
  for (size_t i : order) {
    ASSERT_EQ(plan.offsets[i] % alignment, 0u);
    ASSERT_LE(plan.offsets[i] + buffers[i].size, plan.arena_size);
    while (!expiry.empty() && expiry.top().first < buffers[i].first_use) {
      const size_t j = expiry.top().second;
      expiry.pop();
      live.erase(plan.offsets[j]);
    }
    if (buffers[i].size == 0) continue;
    const size_t begin = plan.offsets[i], end = begin + buffers[i].size;
    auto next = live.lower_bound(begin);
    ASSERT_TRUE(next == live.end() || next->first >= end) << "buffer " << i << " collides with a later one";
    ASSERT_TRUE(next == live.begin() || std::prev(next)->second <= begin) << "buffer " << i << " collides";
    live.emplace(begin, end);
    expiry.emplace(buffers[i].last_use, i);
  }
}

TEST(MemoryPlanner, ChainReusesMemory) {
  // a -> op0 -> b -> op1 -> c -> op2 -> d: a and c never live together, nor b and d.
  const std::vector<BufferLifetime> chain = {{1000, -1, 0}, {1000, 0, 1}, {1000, 1, 2}, {1000, 2, 3}};
  MemoryPlan plan;
  ASSERT_TRUE(PlanMemory(chain, 64, &plan));
  ExpectValid(chain, plan, 64);
  EXPECT_EQ(plan.arena_size, 2 * 1024u);  // two 64-aligned slots of 1024
}

TEST(MemoryPlanner, SmallBufferFillsGap) {
  // A big buffer dies at step 1; a later small one fits where it was.
  const std::vector<BufferLifetime> b = {{4096, -1, 1}, {4096, 0, 3}, {64, 2, 3}};
  MemoryPlan plan;
  ASSERT_TRUE(PlanMemory(b, 64, &plan));
  ExpectValid(b, plan, 64);
  EXPECT_EQ(plan.arena_size, 8192u);
}

TEST(MemoryPlanner, RandomGraphsAreValidAndNoWorseThanNoReuse) {
  testing::ReplicableRandom rng(3);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<BufferLifetime> buffers(static_cast<size_t>(rng.Int(1, 40)));
    size_t no_reuse = 0;
    for (auto& b : buffers) {
      b.size = static_cast<size_t>(rng.Int(1, 5000));
      b.first_use = static_cast<int>(rng.Int(-1, 30));
      b.last_use = b.first_use + static_cast<int>(rng.Int(0, 10));
      no_reuse += (b.size + 63) / 64 * 64;
    }
    MemoryPlan plan;
    ASSERT_TRUE(PlanMemory(buffers, 64, &plan));
    ExpectValid(buffers, plan, 64);
    EXPECT_LE(plan.arena_size, no_reuse);
  }
}

TEST(MemoryPlanner, OverflowIsReported) {
  const std::vector<BufferLifetime> huge = {{SIZE_MAX - 10, 0, 1}};
  MemoryPlan plan;
  EXPECT_FALSE(PlanMemory(huge, 64, &plan));
  // The same on the linear-scan path: many buffers alive together whose sum overflows.
  const std::vector<BufferLifetime> many(kGreedyMaxBuffers + 1, BufferLifetime{SIZE_MAX / 1024, 0, 1});
  EXPECT_FALSE(PlanMemory(many, 64, &plan));
}

// Graphs above kGreedyMaxBuffers take the linear scan: valid, never worse than no reuse, and both
// validity checks agree on it.
TEST(MemoryPlanner, LinearScanRandomGraphsAreValid) {
  testing::ReplicableRandom rng(11);
  for (int trial = 0; trial < 4; ++trial) {
    std::vector<BufferLifetime> buffers(kGreedyMaxBuffers + static_cast<size_t>(rng.Int(1, 600)));
    size_t no_reuse = 0;
    for (auto& b : buffers) {
      b.size = static_cast<size_t>(rng.Int(0, 5000));
      b.first_use = static_cast<int>(rng.Int(-1, 3000));
      b.last_use = b.first_use + static_cast<int>(rng.Int(0, trial == 0 ? 3000 : 40));
      no_reuse += (b.size + 63) / 64 * 64;
    }
    MemoryPlan plan;
    ASSERT_TRUE(PlanMemory(buffers, 64, &plan));
    ExpectValidLarge(buffers, plan, 64);
    if (trial == 1) ExpectValid(buffers, plan, 64);
    EXPECT_LE(plan.arena_size, no_reuse);
    if (trial != 0) {
      EXPECT_LT(plan.arena_size, no_reuse / 4) << "short lifetimes should share most of the memory";
    }
  }
}

// What a hostile file can ask for: 2^20 tensors (the verifier's limit) in a chain, and 2^18 alive
// at once (one op's output read by the last op). The greedy planner needs hours on these; the test
// finishes in about a second (a hang here shows as the test timing out).
TEST(MemoryPlanner, LargestGraphsArePlannedQuickly) {
  std::vector<BufferLifetime> chain(size_t{1} << 20);
  for (size_t i = 0; i < chain.size(); ++i) chain[i] = {100, static_cast<int>(i) - 1, static_cast<int>(i)};
  MemoryPlan plan;
  ASSERT_TRUE(PlanMemory(chain, 64, &plan));
  ExpectValidLarge(chain, plan, 64);
  EXPECT_EQ(plan.arena_size, 2 * 128u);  // two slots, as ChainReusesMemory

  std::vector<BufferLifetime> fan(size_t{1} << 18);
  const int steps = static_cast<int>(fan.size());
  for (size_t i = 0; i < fan.size(); ++i) fan[i] = {64, static_cast<int>(i), steps};
  ASSERT_TRUE(PlanMemory(fan, 64, &plan));
  ExpectValidLarge(fan, plan, 64);
  EXPECT_EQ(plan.arena_size, fan.size() * 64);
}

}  // namespace
}  // namespace octet
