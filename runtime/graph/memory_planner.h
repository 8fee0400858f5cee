// Places every activation tensor in one arena by lifetime.
//
// Greedy best-fit by size: buffers are placed largest first (ties: earliest first use), each at the
// lowest aligned offset where it overlaps no already-placed buffer whose lifetime intersects its own.
// Large buffers placed first leave the small ones to fill the gaps. The result is checked by tests
// against the trivial plan (every buffer at its own offset) and for overlaps.
#ifndef OCTET_RUNTIME_GRAPH_MEMORY_PLANNER_H_
#define OCTET_RUNTIME_GRAPH_MEMORY_PLANNER_H_

#include <cstddef>
#include <vector>

namespace octet {

struct BufferLifetime {
  size_t size = 0;
  int first_use = 0;  // step that writes it (graph inputs: -1)
  int last_use = 0;   // last step that reads it (graph outputs: the step count)
};

struct MemoryPlan {
  std::vector<size_t> offsets;  // one per request, multiples of the alignment
  size_t arena_size = 0;
};

// False when the arena would exceed SIZE_MAX (sizes come from untrusted files).
bool PlanMemory(const std::vector<BufferLifetime>& buffers, size_t alignment, MemoryPlan* plan);

}  // namespace octet

#endif  // OCTET_RUNTIME_GRAPH_MEMORY_PLANNER_H_
