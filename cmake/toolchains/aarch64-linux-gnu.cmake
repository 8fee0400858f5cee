# Cross-compiling octet for 64-bit Arm Linux on a Debian x86-64 host, tests run under qemu:
#
#   tools/scripts/install-deps.sh arm      # g++-aarch64-linux-gnu, g++-arm-linux-gnueabihf, qemu-user
#   cmake -S . -B build-a64 -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/aarch64-linux-gnu.cmake
#   cmake --build build-a64 -j2 && (cd build-a64 && ctest)      # under qemu-aarch64 -cpu max
#   cmake build-a64 -DOCTET_QEMU_CPU=cortex-a53 && (cd build-a64 && ctest)   # NEON only
#
# The first configure makes build-a64/sysroot (Debian's arm64 libcpuinfo and FlatBuffers unpacked
# with dpkg -x, GoogleTest built from /usr/src/googletest: tools/scripts/arm-sysroot.sh).
# -DOCTET_SYSROOT=DIR uses an existing folder instead (tools/scripts/size_report.sh unpacks its own,
# without GoogleTest). See debian-cross.cmake.
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(octet_cross_triple aarch64-linux-gnu)
set(octet_cross_debarch arm64)
set(octet_cross_qemu qemu-aarch64)
include(${CMAKE_CURRENT_LIST_DIR}/debian-cross.cmake)
