// Places every activation tensor in one arena by lifetime.
//
// Up to kGreedyMaxBuffers buffers: greedy by size. Buffers are placed largest first (ties: earliest
// first use), each in the smallest gap between the already-placed buffers whose lifetimes intersect
// its own, else above them; large buffers placed first leave the small ones to fill the gaps. Its
// cost grows with the square of the buffer count, so a larger graph (a model file is untrusted: the
// verifier admits 2^20 tensors, which would take hours) is planned by a linear scan in first-use
// order over a best-fit free list instead: O(n log n), arenas a little larger. Both results are
// checked by tests against the trivial plan (every buffer at its own offset) and for overlaps.
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

constexpr size_t kGreedyMaxBuffers = 2048;

// False when the arena would exceed SIZE_MAX (sizes come from untrusted files).
bool PlanMemory(const std::vector<BufferLifetime>& buffers, size_t alignment, MemoryPlan* plan);

}  // namespace octet

#endif  // OCTET_RUNTIME_GRAPH_MEMORY_PLANNER_H_
