// Seeded random data for tests: the same seed gives the same bytes on every machine and library
// (std::uniform_int_distribution is not portable across standard libraries, so we map by hand).
#ifndef OCTET_TESTS_TESTING_REPLICABLE_RANDOM_H_
#define OCTET_TESTS_TESTING_REPLICABLE_RANDOM_H_

#include <cstdint>
#include <random>
#include <vector>

namespace octet::testing {

class ReplicableRandom {
 public:
  explicit ReplicableRandom(uint64_t seed) : engine_(seed) {}
  // Uniform integer in [lo, hi].
  int64_t Int(int64_t lo, int64_t hi) {
    const uint64_t span = static_cast<uint64_t>(hi - lo) + 1;
    return lo + static_cast<int64_t>(engine_() % span);
  }
  // Uniform float in [lo, hi).
  float Float(float lo, float hi) {
    return lo + (hi - lo) * static_cast<float>(engine_() >> 40) / static_cast<float>(1 << 24);
  }
  template <typename T>
  std::vector<T> Ints(size_t n, int64_t lo, int64_t hi) {
    std::vector<T> v(n);
    for (auto& x : v) x = static_cast<T>(Int(lo, hi));
    return v;
  }

 private:
  std::mt19937_64 engine_;
};

}  // namespace octet::testing

#endif  // OCTET_TESTS_TESTING_REPLICABLE_RANDOM_H_
