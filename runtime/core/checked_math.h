// Overflow-checked size arithmetic for values that come from untrusted model files.
#ifndef OCTET_RUNTIME_CORE_CHECKED_MATH_H_
#define OCTET_RUNTIME_CORE_CHECKED_MATH_H_

#include <cstddef>
#include <cstdint>

namespace octet {

// *result = a * b; false on overflow.
inline bool CheckedMul(size_t a, size_t b, size_t* result) { return !__builtin_mul_overflow(a, b, result); }
inline bool CheckedAdd(size_t a, size_t b, size_t* result) { return !__builtin_add_overflow(a, b, result); }

// Rounds up to a multiple of `alignment` (a power of two); false on overflow.
inline bool CheckedAlignUp(size_t value, size_t alignment, size_t* result) {
  if (!CheckedAdd(value, alignment - 1, result)) return false;
  *result &= ~(alignment - 1);
  return true;
}

}  // namespace octet

#endif  // OCTET_RUNTIME_CORE_CHECKED_MATH_H_
