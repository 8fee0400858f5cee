// AVX2 int8 peak loop: VPMADDUBSW (32 u8 x s8 products into int16 pair sums), VPMADDWD by ones,
// VPADDD; 4 independent chains, registers only (inline asm).
#include <cstdint>

namespace octet::bench {

uint64_t PeakLoopAvx2(uint64_t iterations) {
  if (iterations == 0) return 0;
  uint64_t n = iterations;
#define OCTET_PEAK_STEP(acc, t)             \
  "vpmaddubsw %%ymm13, %%ymm12, %%ymm" #t   \
  "\n\t"                                    \
  "vpmaddwd %%ymm14, %%ymm" #t ", %%ymm" #t \
  "\n\t"                                    \
  "vpaddd %%ymm" #t ", %%ymm" #acc ", %%ymm" #acc "\n\t"
  __asm__ volatile(
      "vpcmpeqb %%ymm12, %%ymm12, %%ymm12\n\t"
      "vpabsb %%ymm12, %%ymm13\n\t"
      "vpabsw %%ymm12, %%ymm14\n\t"
      "1:\n\t" OCTET_PEAK_STEP(0, 4) OCTET_PEAK_STEP(1, 5) OCTET_PEAK_STEP(2, 6) OCTET_PEAK_STEP(3, 7)
          OCTET_PEAK_STEP(0, 8) OCTET_PEAK_STEP(1, 9) OCTET_PEAK_STEP(2, 10) OCTET_PEAK_STEP(3, 11)
      "dec %0\n\t"
      "jnz 1b\n\t"
      "vzeroupper\n\t"
      : "+r"(n)
      :
      : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12",
        "xmm13", "xmm14", "cc");
#undef OCTET_PEAK_STEP
  return iterations * 8 * 32;
}

}  // namespace octet::bench
