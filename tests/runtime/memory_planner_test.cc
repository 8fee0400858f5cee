#include "runtime/graph/memory_planner.h"

#include <gtest/gtest.h>

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
}

}  // namespace
}  // namespace octet
