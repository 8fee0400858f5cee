// Which instruction sets kernels may use: detected once through cpuinfo (plus CPUID/HWCAP for the
// features Debian's cpuinfo predates), intersected with what this build compiled, and capped by the
// OCTET_ISA environment variable or a session option so every path can be forced for tests and
// benchmarks.
#ifndef OCTET_KERNELS_DISPATCH_ISA_H_
#define OCTET_KERNELS_DISPATCH_ISA_H_

#include <cstdint>
#include <string>

namespace octet {

// Ordered within each architecture, weakest first: a cap at X allows X and everything before it.
enum class Isa : int { kScalar = 0, kSse41, kAvx2, kAvxVnni, kAvx512Vnni, kNeon, kNeonDot, kI8mm, kCount };

using IsaSet = uint32_t;
constexpr IsaSet IsaBit(Isa isa) { return IsaSet{1} << static_cast<int>(isa); }
constexpr bool Has(IsaSet set, Isa isa) { return (set & IsaBit(isa)) != 0; }

const char* IsaName(Isa isa);  // "scalar", "sse41", "avx2", "avxvnni", "avx512vnni", "neon", "neondot", "i8mm"
bool ParseIsa(const std::string& name, Isa* isa);

IsaSet DetectedIsas();     // what this CPU and OS support (always includes scalar); computed once
IsaSet BuiltIsas();        // what this build compiled kernels for
IsaSet IsasUpTo(Isa cap);  // the cap and the weaker ISAs of its architecture, plus scalar

// Detected & built & capped. `cap` null: the cap comes from OCTET_ISA when set (an unknown name there
// is reported through `error` and ignored), else no cap. OCTET_ISA=reference gives the empty set:
// no optimized kernel at all, only the reference kernels.
IsaSet UsableIsas(const Isa* cap, std::string* error = nullptr);
// The strongest ISA in a set.
Isa BestIsa(IsaSet set);
// "sse41 avx2" style list.
std::string IsaSetString(IsaSet set);

// Whether kernels tuned for in-order Arm cores (Cortex-A53/A55 class, suffix `_a55`) should be the
// main ones: at least half of the cores cpuinfo lists are such cores (an all-little SoC, or a
// big.LITTLE one whose little cores are the majority). OCTET_ARM_INORDER=1 or 0 forces the answer.
// Always false off Arm. Computed once.
bool PreferInOrderArmKernels();

}  // namespace octet

#endif  // OCTET_KERNELS_DISPATCH_ISA_H_
