// 512-bit VPDPBUSD peak loop: 12 independent accumulators (latency ~4, 2 per cycle), registers only
// (inline asm, so the compiler cannot keep the accumulators in memory).
#include <cstdint>

namespace octet::bench {

uint64_t PeakLoopAvx512Vnni(uint64_t iterations) {
  if (iterations == 0) return 0;
  uint64_t n = iterations;
  __asm__ volatile(
      "vpternlogd $0xff, %%zmm12, %%zmm12, %%zmm12\n\t"
      "vpabsb %%zmm12, %%zmm13\n\t"
      "1:\n\t"
      "vpdpbusd %%zmm12, %%zmm13, %%zmm0\n\t"
      "vpdpbusd %%zmm12, %%zmm13, %%zmm1\n\t"
      "vpdpbusd %%zmm12, %%zmm13, %%zmm2\n\t"
      "vpdpbusd %%zmm12, %%zmm13, %%zmm3\n\t"
      "vpdpbusd %%zmm12, %%zmm13, %%zmm4\n\t"
      "vpdpbusd %%zmm12, %%zmm13, %%zmm5\n\t"
      "vpdpbusd %%zmm12, %%zmm13, %%zmm6\n\t"
      "vpdpbusd %%zmm12, %%zmm13, %%zmm7\n\t"
      "vpdpbusd %%zmm12, %%zmm13, %%zmm8\n\t"
      "vpdpbusd %%zmm12, %%zmm13, %%zmm9\n\t"
      "vpdpbusd %%zmm12, %%zmm13, %%zmm10\n\t"
      "vpdpbusd %%zmm12, %%zmm13, %%zmm11\n\t"
      "dec %0\n\t"
      "jnz 1b\n\t"
      "vzeroupper\n\t"
      : "+r"(n)
      :
      : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12",
        "xmm13", "cc");
  return iterations * 12 * 64;
}

}  // namespace octet::bench
