// Portable depthwise microkernels (channel block 1): for each channel, the taps in order, then the
// scalar one-step requantization. qs8 sign-extends the input bytes, qu8 zero-extends them.
#include <cstring>

#include "kernels/dwconv/ukernels.h"

namespace octet::kernels::dwconv {
namespace {

template <bool kU8, size_t kTaps>
void Kernel(size_t channels, size_t num_taps, const uint8_t* const* taps, const void* packed, uint8_t* output,
            const RequantView& rq, uint8_t* /*staging*/) {
  const size_t n = kTaps != 0 ? kTaps : num_taps;
  const size_t block_bytes = 4 + 4 * ((n + 1) / 2);
  const auto* w = static_cast<const uint8_t*>(packed);
  for (size_t c = 0; c < channels; ++c, w += block_bytes) {
    int32_t bias;
    std::memcpy(&bias, w, 4);
    const auto* wt = reinterpret_cast<const int16_t*>(w + 4);
    uint32_t acc = static_cast<uint32_t>(bias);
    for (size_t t = 0; t < n; ++t) {
      const int32_t x = kU8 ? static_cast<int32_t>(taps[t][c]) : static_cast<int32_t>(static_cast<int8_t>(taps[t][c]));
      acc += static_cast<uint32_t>(wt[t] * x);
    }
    output[c] = static_cast<uint8_t>(RequantizeOne(rq, c, static_cast<int32_t>(acc)));
  }
}

}  // namespace

void octet_qs8_dwconv_9p1c__scalar(size_t c, size_t n, const uint8_t* const* t, const void* w, uint8_t* o,
                                   const RequantView& r, uint8_t* s) {
  Kernel<false, 9>(c, n, t, w, o, r, s);
}
void octet_qs8_dwconv_25p1c__scalar(size_t c, size_t n, const uint8_t* const* t, const void* w, uint8_t* o,
                                    const RequantView& r, uint8_t* s) {
  Kernel<false, 25>(c, n, t, w, o, r, s);
}
void octet_qs8_dwconv_anyp1c__scalar(size_t c, size_t n, const uint8_t* const* t, const void* w, uint8_t* o,
                                     const RequantView& r, uint8_t* s) {
  Kernel<false, 0>(c, n, t, w, o, r, s);
}
void octet_qu8_dwconv_9p1c__scalar(size_t c, size_t n, const uint8_t* const* t, const void* w, uint8_t* o,
                                   const RequantView& r, uint8_t* s) {
  Kernel<true, 9>(c, n, t, w, o, r, s);
}
void octet_qu8_dwconv_25p1c__scalar(size_t c, size_t n, const uint8_t* const* t, const void* w, uint8_t* o,
                                    const RequantView& r, uint8_t* s) {
  Kernel<true, 25>(c, n, t, w, o, r, s);
}
void octet_qu8_dwconv_anyp1c__scalar(size_t c, size_t n, const uint8_t* const* t, const void* w, uint8_t* o,
                                     const RequantView& r, uint8_t* s) {
  Kernel<true, 0>(c, n, t, w, o, r, s);
}

}  // namespace octet::kernels::dwconv
