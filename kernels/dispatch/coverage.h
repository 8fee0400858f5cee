// Which ISAs' kernels actually ran in this process. Kernel drivers record their ISA when they run;
// the test suite checks at the end that every ISA this machine supports was exercised (ruy's
// covered-paths idea), so a dispatch bug cannot silently route every test to one path.
#ifndef OCTET_KERNELS_DISPATCH_COVERAGE_H_
#define OCTET_KERNELS_DISPATCH_COVERAGE_H_

#include <atomic>

#include "kernels/dispatch/isa.h"

namespace octet {

inline std::atomic<IsaSet>& IsaUseRecord() {
  static std::atomic<IsaSet> used{0};
  return used;
}
inline void RecordIsaUse(Isa isa) { IsaUseRecord().fetch_or(IsaBit(isa), std::memory_order_relaxed); }
inline IsaSet UsedIsas() { return IsaUseRecord().load(std::memory_order_relaxed); }

}  // namespace octet

#endif  // OCTET_KERNELS_DISPATCH_COVERAGE_H_
