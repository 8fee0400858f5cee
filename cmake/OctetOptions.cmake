# Build switches. Every one has a default that builds the whole project.
option(OCTET_BUILD_TESTS "Build the test suite" ON)
option(OCTET_BUILD_BENCHMARKS "Build the benchmarks" ON)
option(OCTET_BUILD_TOOLS "Build the octet command line tool" ON)
option(OCTET_WERROR "Treat compiler warnings as errors (CI turns this on)" OFF)
set(OCTET_SANITIZE "" CACHE STRING "Sanitizers to build with, e.g. address,undefined or thread")

if(OCTET_SANITIZE)
  add_compile_options(-fsanitize=${OCTET_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${OCTET_SANITIZE})
endif()

# libFuzzer builds (clang): every library gets coverage instrumentation; tests/fuzz links the
# fuzz targets with -fsanitize=fuzzer (tools/scripts/fuzz.sh).
option(OCTET_FUZZ "Build libFuzzer binaries (needs clang)" OFF)
if(OCTET_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

# Exactness: a float expression must round as written (TFLite's float steps in QUANTIZE, the uint8
# CONCATENATION rescale and activation bounds, the tools' image resize). GCC contracts a*b+c into a
# fused multiply-add by default wherever FMA exists (every aarch64 build, AVX-512 files), which
# rounds once instead of twice and changes results. Never contract.
add_compile_options(-ffp-contract=off)
