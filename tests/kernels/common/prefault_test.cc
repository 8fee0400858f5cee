#include "kernels/common/prefault.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace octet {
namespace {

TEST(PrefaultForWrite, LeavesContentsUnchanged) {
  std::vector<uint8_t> buffer(1 << 20);
  for (size_t i = 0; i < buffer.size(); ++i) buffer[i] = static_cast<uint8_t>(i * 131 + 7);
  // A range that starts and ends inside pages: only whole pages inside it may be touched.
  PrefaultForWrite(buffer.data() + 3, buffer.size() - 10);
  for (size_t i = 0; i < buffer.size(); ++i) ASSERT_EQ(buffer[i], static_cast<uint8_t>(i * 131 + 7)) << "byte " << i;
}

TEST(PrefaultForWrite, AcceptsEmptyAndSmallRanges) {
  PrefaultForWrite(nullptr, 0);
  PrefaultForWrite(nullptr, 1 << 20);
  uint8_t small[100] = {1};
  PrefaultForWrite(small, sizeof(small));
  EXPECT_EQ(small[0], 1);
}

#if defined(__linux__)
// Resident pages of a mapping, from mincore().
size_t ResidentPages(void* data, size_t bytes) {
  const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  std::vector<unsigned char> residency((bytes + page - 1) / page);
  if (mincore(data, bytes, residency.data()) != 0) return 0;
  size_t n = 0;
  for (unsigned char r : residency) n += r & 1;
  return n;
}

TEST(PrefaultForWrite, MakesFreshPagesResident) {
  const size_t bytes = 64 * static_cast<size_t>(sysconf(_SC_PAGESIZE));
  void* data = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(data, MAP_FAILED);
  ASSERT_EQ(ResidentPages(data, bytes), 0u);
  // Kernels before 5.14 lack MADV_POPULATE_WRITE (23), and qemu-user accepts it without effect: the
  // call is then a documented no-op. Probe with the first page.
  const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  if (madvise(data, page, 23) != 0 || ResidentPages(data, page) != 1) {
    munmap(data, bytes);
    GTEST_SKIP() << "MADV_POPULATE_WRITE has no effect on this system";
  }
  PrefaultForWrite(data, bytes);
  EXPECT_EQ(ResidentPages(data, bytes), bytes / page);
  EXPECT_EQ(static_cast<uint8_t*>(data)[bytes - 1], 0);  // still the zero page's contents
  munmap(data, bytes);
}
#endif

}  // namespace
}  // namespace octet
