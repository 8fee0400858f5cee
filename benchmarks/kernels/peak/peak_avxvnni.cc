// 256-bit VEX VPDPBUSD (AVX-VNNI) peak loop: 12 independent accumulators, registers only.
#include <cstdint>

namespace octet::bench {

uint64_t PeakLoopAvxVnni(uint64_t iterations) {
  if (iterations == 0) return 0;
  uint64_t n = iterations;
  __asm__ volatile(
      "vpcmpeqb %%ymm12, %%ymm12, %%ymm12\n\t"
      "vpabsb %%ymm12, %%ymm13\n\t"
      "1:\n\t"
      "%{vex%} vpdpbusd %%ymm12, %%ymm13, %%ymm0\n\t"
      "%{vex%} vpdpbusd %%ymm12, %%ymm13, %%ymm1\n\t"
      "%{vex%} vpdpbusd %%ymm12, %%ymm13, %%ymm2\n\t"
      "%{vex%} vpdpbusd %%ymm12, %%ymm13, %%ymm3\n\t"
      "%{vex%} vpdpbusd %%ymm12, %%ymm13, %%ymm4\n\t"
      "%{vex%} vpdpbusd %%ymm12, %%ymm13, %%ymm5\n\t"
      "%{vex%} vpdpbusd %%ymm12, %%ymm13, %%ymm6\n\t"
      "%{vex%} vpdpbusd %%ymm12, %%ymm13, %%ymm7\n\t"
      "%{vex%} vpdpbusd %%ymm12, %%ymm13, %%ymm8\n\t"
      "%{vex%} vpdpbusd %%ymm12, %%ymm13, %%ymm9\n\t"
      "%{vex%} vpdpbusd %%ymm12, %%ymm13, %%ymm10\n\t"
      "%{vex%} vpdpbusd %%ymm12, %%ymm13, %%ymm11\n\t"
      "dec %0\n\t"
      "jnz 1b\n\t"
      "vzeroupper\n\t"
      : "+r"(n)
      :
      : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12",
        "xmm13", "cc");
  return iterations * 12 * 32;
}

}  // namespace octet::bench
