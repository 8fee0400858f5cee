#include "kernels/dispatch/isa.h"

#include <cpuinfo.h>

#include <cstdlib>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif
#if defined(__aarch64__) && defined(__linux__)
#include <sys/auxv.h>
#endif

namespace octet {
namespace {

constexpr const char* kNames[] = {"scalar", "sse41", "avx2", "avxvnni", "avx512vnni", "neon", "neondot", "i8mm"};
static_assert(sizeof(kNames) / sizeof(kNames[0]) == static_cast<size_t>(Isa::kCount), "one name per ISA");

#if defined(__x86_64__) || defined(__i386__)
// AVX-VNNI (the VEX-encoded 256-bit form) is missing from Debian's cpuinfo: CPUID leaf 7 sub-leaf 1,
// EAX bit 4, and the OS must save the YMM state (XCR0 bits 1 and 2).
bool DetectAvxVnni() {
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (!__get_cpuid_count(7, 1, &eax, &ebx, &ecx, &edx)) return false;
  if ((eax & (1u << 4)) == 0) return false;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || (ecx & (1u << 27)) == 0) return false;  // OSXSAVE
  unsigned xcr0_lo = 0, xcr0_hi = 0;
  __asm__("xgetbv" : "=a"(xcr0_lo), "=d"(xcr0_hi) : "c"(0));
  return (xcr0_lo & 0x6) == 0x6;
}
#endif

IsaSet Detect() {
  IsaSet set = IsaBit(Isa::kScalar);
  if (!cpuinfo_initialize()) return set;
#if defined(__x86_64__) || defined(__i386__)
  if (cpuinfo_has_x86_sse4_1()) set |= IsaBit(Isa::kSse41);
  if (cpuinfo_has_x86_avx2()) set |= IsaBit(Isa::kAvx2);
  if (cpuinfo_has_x86_avx2() && DetectAvxVnni()) set |= IsaBit(Isa::kAvxVnni);
  if (cpuinfo_has_x86_avx512f() && cpuinfo_has_x86_avx512bw() && cpuinfo_has_x86_avx512vl() &&
      cpuinfo_has_x86_avx512dq() && cpuinfo_has_x86_avx512vnni()) {
    set |= IsaBit(Isa::kAvx512Vnni);
  }
#elif defined(__aarch64__) || defined(__arm__)
  if (cpuinfo_has_arm_neon()) set |= IsaBit(Isa::kNeon);
#if defined(__aarch64__)
  if (cpuinfo_has_arm_neon_dot()) set |= IsaBit(Isa::kNeonDot);
#if defined(__linux__)
#ifndef HWCAP2_I8MM
#define HWCAP2_I8MM (1 << 13)
#endif
  if (getauxval(AT_HWCAP2) & HWCAP2_I8MM) set |= IsaBit(Isa::kI8mm);
#endif
#endif
#endif
  return set;
}

}  // namespace

const char* IsaName(Isa isa) {
  const int i = static_cast<int>(isa);
  return i >= 0 && i < static_cast<int>(Isa::kCount) ? kNames[i] : "unknown";
}

bool ParseIsa(const std::string& name, Isa* isa) {
  for (int i = 0; i < static_cast<int>(Isa::kCount); ++i) {
    if (name == kNames[i]) {
      *isa = static_cast<Isa>(i);
      return true;
    }
  }
  return false;
}

IsaSet DetectedIsas() {
  static const IsaSet detected = Detect();
  return detected;
}

IsaSet BuiltIsas() {
  IsaSet set = IsaBit(Isa::kScalar);
#ifdef OCTET_BUILT_SSE41
  set |= IsaBit(Isa::kSse41);
#endif
#ifdef OCTET_BUILT_AVX2
  set |= IsaBit(Isa::kAvx2);
#endif
#ifdef OCTET_BUILT_AVXVNNI
  set |= IsaBit(Isa::kAvxVnni);
#endif
#ifdef OCTET_BUILT_AVX512VNNI
  set |= IsaBit(Isa::kAvx512Vnni);
#endif
#ifdef OCTET_BUILT_NEON
  set |= IsaBit(Isa::kNeon);
#endif
#ifdef OCTET_BUILT_NEONDOT
  set |= IsaBit(Isa::kNeonDot);
#endif
#ifdef OCTET_BUILT_I8MM
  set |= IsaBit(Isa::kI8mm);
#endif
  return set;
}

IsaSet IsasUpTo(Isa cap) {
  IsaSet set = IsaBit(Isa::kScalar);
  const int c = static_cast<int>(cap);
  const int x86_first = static_cast<int>(Isa::kSse41), x86_last = static_cast<int>(Isa::kAvx512Vnni);
  const int arm_first = static_cast<int>(Isa::kNeon), arm_last = static_cast<int>(Isa::kI8mm);
  if (c >= x86_first && c <= x86_last) {
    for (int i = x86_first; i <= c; ++i) set |= IsaSet{1} << i;
  } else if (c >= arm_first && c <= arm_last) {
    for (int i = arm_first; i <= c; ++i) set |= IsaSet{1} << i;
  }
  return set;
}

IsaSet UsableIsas(const Isa* cap, std::string* error) {
  IsaSet usable = DetectedIsas() & BuiltIsas();
  if (cap) return usable & IsasUpTo(*cap);
  const char* env = std::getenv("OCTET_ISA");
  if (env && std::string(env) == "reference") return 0;  // no optimized kernels at all
  if (env && *env) {
    Isa parsed;
    if (ParseIsa(env, &parsed)) {
      usable &= IsasUpTo(parsed);
    } else if (error) {
      *error = std::string("OCTET_ISA=") + env +
               " is not one of reference scalar sse41 avx2 avxvnni avx512vnni neon neondot i8mm";
    }
  }
  return usable;
}

Isa BestIsa(IsaSet set) {
  for (int i = static_cast<int>(Isa::kCount) - 1; i > 0; --i) {
    if (set & (IsaSet{1} << i)) return static_cast<Isa>(i);
  }
  return Isa::kScalar;
}

bool PreferInOrderArmKernels() {
  static const bool prefer = [] {
    const char* env = std::getenv("OCTET_ARM_INORDER");
    if (env && *env) return std::string(env) != "0";
#if defined(__aarch64__) || defined(__arm__)
    if (!cpuinfo_initialize()) return false;
    const uint32_t cores = cpuinfo_get_cores_count();
    uint32_t in_order = 0;
    for (uint32_t i = 0; i < cores; ++i) {
      const cpuinfo_core* core = cpuinfo_get_core(i);
      // Debian's cpuinfo (2022) predates the Cortex-A510/A520 enumerators, so the MIDR's part
      // number is read as well: implementer 0x41 (Arm), parts 0xD03 A53, 0xD05 A55, 0xD46 A510,
      // 0xD80 A520.
      const uint32_t implementer = core->midr >> 24, part = (core->midr >> 4) & 0xFFF;
      const bool arm_in_order =
          implementer == 0x41 && (part == 0xD03 || part == 0xD05 || part == 0xD46 || part == 0xD80);
      if (arm_in_order || core->uarch == cpuinfo_uarch_cortex_a53 || core->uarch == cpuinfo_uarch_cortex_a55r0 ||
          core->uarch == cpuinfo_uarch_cortex_a55) {
        ++in_order;
      }
    }
    return cores != 0 && 2 * in_order >= cores;
#else
    return false;
#endif
  }();
  return prefer;
}

std::string IsaSetString(IsaSet set) {
  std::string s;
  for (int i = 0; i < static_cast<int>(Isa::kCount); ++i) {
    if (set & (IsaSet{1} << i)) s += (s.empty() ? "" : " ") + std::string(kNames[i]);
  }
  return s;
}

}  // namespace octet
