// AVX-512 issue-rate loops for units_bench: 12 independent register chains per loop iteration, of
// one instruction or of two alternating ones (the second VPDPBUSD), so that the rate of a mix shows
// whether two instructions share an execution unit (a shared unit gives the single rate, separate
// ones add up). Compiled with the avx512vnni flags.
#include "kernels/common/immintrin_avx512.h"

#include <cstdint>

#include "benchmarks/kernels/peak/units.h"

namespace octet::bench {
namespace {

template <class F, class G>
uint64_t Chains(uint64_t iterations, F f, G g) {
  __m512i v0 = _mm512_set1_epi32(1), v1 = _mm512_set1_epi32(2), v2 = _mm512_set1_epi32(3), v3 = _mm512_set1_epi32(4);
  __m512i v4 = _mm512_set1_epi32(5), v5 = _mm512_set1_epi32(6), v6 = _mm512_set1_epi32(7), v7 = _mm512_set1_epi32(8);
  __m512i v8 = _mm512_set1_epi32(9), v9 = _mm512_set1_epi32(10), v10 = _mm512_set1_epi32(11);
  __m512i v11 = _mm512_set1_epi32(12);
  const __m512i k = _mm512_set1_epi32(3);
  for (uint64_t i = 0; i < iterations; ++i) {
    v0 = f(v0, k), v1 = g(v1, k), v2 = f(v2, k), v3 = g(v3, k), v4 = f(v4, k), v5 = g(v5, k);
    v6 = f(v6, k), v7 = g(v7, k), v8 = f(v8, k), v9 = g(v9, k), v10 = f(v10, k), v11 = g(v11, k);
    // Keeps the chains in registers and the work alive without adding instructions (the memory
    // clobber keeps the load units' loads inside the loop).
    asm volatile(""
                 : "+v"(v0), "+v"(v1), "+v"(v2), "+v"(v3), "+v"(v4), "+v"(v5), "+v"(v6), "+v"(v7), "+v"(v8), "+v"(v9),
                   "+v"(v10), "+v"(v11)
                 :
                 : "memory");
  }
  return iterations * 12;
}

template <class F>
uint64_t Run(uint64_t iterations, bool with_dot, F f) {
  const auto dot = [](__m512i a, __m512i b) { return _mm512_dpbusd_epi32(a, b, b); };
  return with_dot ? Chains(iterations, dot, f) : Chains(iterations, f, f);
}

// One 64-byte line for the load units (every chain reads it: L1 hits, no dependence between loads).
alignas(64) int32_t g_line[16];

// The loads are volatile asm so that the compiler keeps each of them (twelve loads of one address
// in one iteration would otherwise become one).
__m512i LoadLine() {
  __m512i v;
  asm volatile("vmovdqa64 %1, %0" : "=v"(v) : "m"(g_line));
  return v;
}
__m512i BroadcastLine() {
  __m512i v;
  asm volatile("vpbroadcastd %1, %0" : "=v"(v) : "m"(g_line[0]));
  return v;
}

}  // namespace

uint64_t UnitLoopAvx512(Unit unit, bool with_dot, uint64_t iterations) {
  switch (unit) {
    case Unit::kVpdpbusd:
      return Run(iterations, with_dot, [](__m512i a, __m512i b) { return _mm512_dpbusd_epi32(a, b, b); });
    case Unit::kVpmuldq:
      return Run(iterations, with_dot, [](__m512i a, __m512i b) { return _mm512_mul_epi32(a, b); });
    case Unit::kVpmulld:
      return Run(iterations, with_dot, [](__m512i a, __m512i b) { return _mm512_mullo_epi32(a, b); });
    case Unit::kVpaddsw:
      return Run(iterations, with_dot, [](__m512i a, __m512i b) { return _mm512_adds_epi16(a, b); });
    case Unit::kVpaddd:
      return Run(iterations, with_dot, [](__m512i a, __m512i b) { return _mm512_add_epi32(a, b); });
    case Unit::kVpsravd:
      return Run(iterations, with_dot, [](__m512i a, __m512i b) { return _mm512_srav_epi32(a, b); });
    case Unit::kVpshufd:
      return Run(iterations, with_dot, [](__m512i a, __m512i) { return _mm512_shuffle_epi32(a, _MM_PERM_DDBB); });
    case Unit::kVpackssdw:
      return Run(iterations, with_dot, [](__m512i a, __m512i b) { return _mm512_packs_epi32(a, b); });
    case Unit::kVpermd:
      return Run(iterations, with_dot, [](__m512i a, __m512i b) { return _mm512_permutexvar_epi32(b, a); });
    case Unit::kVcvtdq2ps:
      return Run(iterations, with_dot, [](__m512i a, __m512i) { return _mm512_castps_si512(_mm512_cvtepi32_ps(a)); });
    case Unit::kVfmadd:
      return Run(iterations, with_dot, [](__m512i a, __m512i b) {
        const __m512 x = _mm512_castsi512_ps(a), y = _mm512_castsi512_ps(b);
        return _mm512_castps_si512(_mm512_fmadd_ps(x, y, y));
      });
    case Unit::kVpdpbusd256:
      return Run(iterations, with_dot, [](__m512i a, __m512i b) {
        const __m256i y = _mm512_castsi512_si256(b);
        return _mm512_castsi256_si512(_mm256_dpbusd_epi32(_mm512_castsi512_si256(a), y, y));
      });
    case Unit::kVpmuldq256:
      return Run(iterations, with_dot, [](__m512i a, __m512i b) {
        return _mm512_castsi256_si512(_mm256_mul_epi32(_mm512_castsi512_si256(a), _mm512_castsi512_si256(b)));
      });
    case Unit::kVpshufdMasked:
      return Run(iterations, with_dot,
                 [](__m512i a, __m512i b) { return _mm512_mask_shuffle_epi32(a, 0x5555, b, _MM_PERM_DDBB); });
    case Unit::kVpblendmd:
      return Run(iterations, with_dot, [](__m512i a, __m512i b) { return _mm512_mask_blend_epi32(0x5555, a, b); });
    case Unit::kLoad512:
      return Run(iterations, with_dot, [](__m512i, __m512i) { return LoadLine(); });
    case Unit::kBroadcastLoad:
      return Run(iterations, with_dot, [](__m512i, __m512i) { return BroadcastLine(); });
  }
  return 0;
}

}  // namespace octet::bench
