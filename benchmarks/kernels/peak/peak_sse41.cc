// SSE4.1 int8 peak loop: PMADDUBSW + PMADDWD by ones + PADDD, registers only (inline asm).
#include <cstdint>

namespace octet::bench {

uint64_t PeakLoopSse41(uint64_t iterations) {
  if (iterations == 0) return 0;
  uint64_t n = iterations;
#define OCTET_PEAK_STEP(acc, t) \
  "movdqa %%xmm12, %%xmm" #t    \
  "\n\t"                        \
  "pmaddubsw %%xmm13, %%xmm" #t \
  "\n\t"                        \
  "pmaddwd %%xmm14, %%xmm" #t   \
  "\n\t"                        \
  "paddd %%xmm" #t ", %%xmm" #acc "\n\t"
  __asm__ volatile(
      "pcmpeqb %%xmm12, %%xmm12\n\t"
      "pabsb %%xmm12, %%xmm13\n\t"
      "pabsw %%xmm12, %%xmm14\n\t"
      "1:\n\t" OCTET_PEAK_STEP(0, 4) OCTET_PEAK_STEP(1, 5) OCTET_PEAK_STEP(2, 6) OCTET_PEAK_STEP(3, 7)
          OCTET_PEAK_STEP(0, 8) OCTET_PEAK_STEP(1, 9) OCTET_PEAK_STEP(2, 10) OCTET_PEAK_STEP(3, 11)
      "dec %0\n\t"
      "jnz 1b\n\t"
      : "+r"(n)
      :
      : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12",
        "xmm13", "xmm14", "cc");
#undef OCTET_PEAK_STEP
  return iterations * 8 * 16;
}

}  // namespace octet::bench
