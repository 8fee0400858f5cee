# Cross-compiling octet for 64-bit Arm Linux on a Debian x86-64 host, tests run under qemu:
#
#   apt-get install g++-aarch64-linux-gnu qemu-user
#   # Debian's arm64 libcpuinfo cannot be installed beside the amd64 one: unpack it into a sysroot
#   dpkg --add-architecture arm64 && apt-get update
#   apt-get download libcpuinfo-dev:arm64 libcpuinfo0:arm64 libflatbuffers-dev:arm64 libflatbuffers2:arm64
#   for deb in *_arm64.deb; do dpkg -x $deb build-arm64/sysroot; done
#   cmake -S . -B build-arm64 -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/aarch64-linux-gnu.cmake \
#         -DOCTET_SYSROOT=$PWD/build-arm64/sysroot
#
# (tools/scripts/size_report.sh does exactly this.) FlatBuffers is header-only for reading; flatc
# runs on the host (found outside the sysroot). Built programs run through CMAKE_CROSSCOMPILING_EMULATOR,
# so ctest runs them under qemu-aarch64 with the sysroot's libraries on LD_LIBRARY_PATH.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(OCTET_CROSS_PREFIX aarch64-linux-gnu- CACHE STRING "Prefix of the cross tools (gcc, g++, strip, ...)")
set(CMAKE_C_COMPILER ${OCTET_CROSS_PREFIX}gcc)
set(CMAKE_CXX_COMPILER ${OCTET_CROSS_PREFIX}g++)

# Where the arm64 packages were unpacked (dpkg -x); the cross compiler's own libc lives in
# /usr/aarch64-linux-gnu.
set(OCTET_SYSROOT "" CACHE PATH "Folder the arm64 .debs (libcpuinfo, libflatbuffers) were unpacked into")
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES OCTET_SYSROOT OCTET_CROSS_PREFIX)
set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu)
if(OCTET_SYSROOT)
  list(APPEND CMAKE_FIND_ROOT_PATH ${OCTET_SYSROOT})
  set(octet_sysroot_libdir ${OCTET_SYSROOT}/usr/lib/aarch64-linux-gnu)
  # The linker resolves the sysroot libraries' own dependencies there too.
  set(CMAKE_EXE_LINKER_FLAGS_INIT "-Wl,-rpath-link,${octet_sysroot_libdir}")
  set(CMAKE_SHARED_LINKER_FLAGS_INIT "-Wl,-rpath-link,${octet_sysroot_libdir}")
endif()
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)  # flatc, doxygen, dot: host programs
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

find_program(OCTET_QEMU_AARCH64 qemu-aarch64)
if(OCTET_QEMU_AARCH64)
  set(octet_emulator ${OCTET_QEMU_AARCH64} -L /usr/aarch64-linux-gnu)
  if(OCTET_SYSROOT)
    list(APPEND octet_emulator -E LD_LIBRARY_PATH=${OCTET_SYSROOT}/usr/lib/aarch64-linux-gnu)
  endif()
  set(CMAKE_CROSSCOMPILING_EMULATOR ${octet_emulator})
endif()
