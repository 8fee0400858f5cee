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

// The same with the byte type as a run-time flag (`u8`: uint8, else int8): one kernel instance then
// serves both types. The flag is constant for a call, so its branches are always predicted; the two
// types differ only in the widening or narrowing instruction, and small static builds carry one
// instance instead of two (or four, for type-to-type conversions).
template <class S>
struct IoAny {
  using V = typename S::V;
  static V Load(const void* p, bool u8) {
    return u8 ? S::LoadU8(static_cast<const uint8_t*>(p)) : S::LoadS8(static_cast<const int8_t*>(p));
  }
  static void Load4(const void* p, bool u8, V* v) {
    if (u8) {
      S::LoadU8x4(static_cast<const uint8_t*>(p), v);
    } else {
      S::LoadS8x4(static_cast<const int8_t*>(p), v);
    }
  }
  static void Store(void* p, bool u8, V v) {
    if (u8) {
      S::StoreU8(static_cast<uint8_t*>(p), v);
    } else {
      S::StoreS8(static_cast<int8_t*>(p), v);
    }
  }
  static void Store4(void* p, bool u8, const V* v) {
    if (u8) {
      S::StoreU8x4(static_cast<uint8_t*>(p), v);
    } else {
      S::StoreS8x4(static_cast<int8_t*>(p), v);
    }
  }
  static V LoadPartial(const void* p, bool u8, size_t count) {
    uint8_t buffer[S::N] = {};
    std::memcpy(buffer, p, count);
    return Load(buffer, u8);
  }
  static void StorePartial(void* p, bool u8, size_t count, V v) {
    uint8_t buffer[S::N];
    Store(buffer, u8, v);
    std::memcpy(p, buffer, count);
  }
};

}  // namespace
}  // namespace octet

#endif  // OCTET_KERNELS_VCVT_SIMD_IO_H_
