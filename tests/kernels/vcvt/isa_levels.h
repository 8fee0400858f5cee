// The kernel levels of the elementwise families (vadd, pool, reduce, vcvt) for parameterized tests: each
// test runs once per level, skipping loudly when this machine or build lacks it.
#ifndef OCTET_TESTS_KERNELS_VCVT_ISA_LEVELS_H_
#define OCTET_TESTS_KERNELS_VCVT_ISA_LEVELS_H_

#include <gtest/gtest.h>

#include <string>

#include "kernels/dispatch/isa.h"

namespace octet::testing {

inline ::testing::internal::ParamGenerator<Isa> IsaLevels() {
  return ::testing::Values(Isa::kScalar, Isa::kSse41, Isa::kAvx2, Isa::kAvx512Vnni, Isa::kNeon);
}
inline std::string IsaLevelName(const ::testing::TestParamInfo<Isa>& info) { return IsaName(info.param); }
// The usable set that makes `isa` the best level.
inline IsaSet UsableUpTo(Isa isa) { return DetectedIsas() & BuiltIsas() & IsasUpTo(isa); }
inline bool LevelAvailable(Isa isa) { return Has(DetectedIsas() & BuiltIsas(), isa); }

}  // namespace octet::testing

#define OCTET_SKIP_UNLESS_LEVEL_AVAILABLE(isa) \
  if (!::octet::testing::LevelAvailable(isa))  \
  GTEST_SKIP() << ::octet::IsaName(isa) << " is not available on this machine/build"

#endif  // OCTET_TESTS_KERNELS_VCVT_ISA_LEVELS_H_
