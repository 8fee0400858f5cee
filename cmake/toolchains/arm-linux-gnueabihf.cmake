# Cross-compiling octet for 32-bit Arm Linux (armv7-a, hard float; NEON kernels get -mfpu=neon) on a
# Debian x86-64 host, tests run under qemu-arm:
#
#   tools/scripts/install-deps.sh arm
#   cmake -S . -B build-arm32 -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/arm-linux-gnueabihf.cmake
#   cmake --build build-arm32 -j2 && (cd build-arm32 && ctest -R "gemm|requantize")
#
# The sysroot (Debian's armhf libcpuinfo, FlatBuffers, GoogleTest built for the target) is made in
# build-arm32/sysroot on the first configure; see debian-cross.cmake.
set(CMAKE_SYSTEM_PROCESSOR armv7-a)
set(octet_cross_triple arm-linux-gnueabihf)
set(octet_cross_debarch armhf)
set(octet_cross_qemu qemu-arm)
include(${CMAKE_CURRENT_LIST_DIR}/debian-cross.cmake)
