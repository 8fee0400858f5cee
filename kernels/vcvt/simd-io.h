// Type-generic loads/stores over a lane-helper struct S (simd-sse41.h, simd-avx2.h, simd-avx512.h), and
// the buffered tail idiom: the last partial vector of an array goes through a small stack copy, so
// kernels never touch memory past the n elements they were given. Include after the ISA helper.
#ifndef OCTET_KERNELS_VCVT_SIMD_IO_H_
#define OCTET_KERNELS_VCVT_SIMD_IO_H_

#include <cstdint>
#include <cstring>

namespace octet {
namespace {

template <class S>
struct Io {
  using V = typename S::V;
  static V Load(const int8_t* p) { return S::LoadS8(p); }
  static V Load(const uint8_t* p) { return S::LoadU8(p); }
  static void Load4(const int8_t* p, V* v) { S::LoadS8x4(p, v); }
  static void Load4(const uint8_t* p, V* v) { S::LoadU8x4(p, v); }
  static void Store(int8_t* p, V v) { S::StoreS8(p, v); }
  static void Store(uint8_t* p, V v) { S::StoreU8(p, v); }
  static void Store4(int8_t* p, const V* v) { S::StoreS8x4(p, v); }
  static void Store4(uint8_t* p, const V* v) { S::StoreU8x4(p, v); }
  // Loads the first `count` (< N) elements, zero-filling the rest.
  template <typename T>
  static V LoadPartial(const T* p, size_t count) {
    T buffer[S::N] = {};
    std::memcpy(buffer, p, count * sizeof(T));
    return Load(static_cast<const T*>(buffer));
  }
  template <typename T>
  static void StorePartial(T* p, size_t count, V v) {
    T buffer[S::N];
    Store(buffer, v);
    std::memcpy(p, buffer, count * sizeof(T));
  }
};

}  // namespace
}  // namespace octet

#endif  // OCTET_KERNELS_VCVT_SIMD_IO_H_
