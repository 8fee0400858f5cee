#include "kernels/common/prefault.h"

#include <cstdint>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace octet {

void PrefaultForWrite(void* data, size_t bytes) {
#if defined(__linux__)
  constexpr int kPopulateWrite = 23;  // MADV_POPULATE_WRITE (older libc headers lack the name)
  constexpr uintptr_t kPage = 4096;   // the smallest page size of the targets; larger pages still align
  constexpr size_t kMinBytes = 4 * kPage;
  if (data == nullptr || bytes < kMinBytes) return;
  const uintptr_t begin = (reinterpret_cast<uintptr_t>(data) + kPage - 1) & ~(kPage - 1);
  const uintptr_t end = (reinterpret_cast<uintptr_t>(data) + bytes) & ~(kPage - 1);
  if (end <= begin) return;
  // EINVAL (kernel before 5.14) or ENOMEM: nothing changes, the pages fault in when written.
  (void)madvise(reinterpret_cast<void*>(begin), end - begin, kPopulateWrite);
#else
  (void)data;
  (void)bytes;
#endif
}

}  // namespace octet
