# Shared part of the Debian cross toolchain files (aarch64-linux-gnu.cmake, arm-linux-gnueabihf.cmake),
# included after they set:
#   octet_cross_triple   aarch64-linux-gnu / arm-linux-gnueabihf (compiler prefix and libc folder)
#   octet_cross_debarch  arm64 / armhf (Debian architecture of the sysroot packages)
#   octet_cross_qemu     qemu-aarch64 / qemu-arm
#
# Target libraries (libcpuinfo, FlatBuffers headers, GoogleTest) live in a sysroot folder:
# OCTET_SYSROOT when given, else <build>/sysroot, made on first configure by
# tools/scripts/arm-sysroot.sh (apt-get download + dpkg -x, GoogleTest built from
# /usr/src/googletest). flatc, doxygen and dot are host programs. Built programs run through
# CMAKE_CROSSCOMPILING_EMULATOR (qemu-user -cpu ${OCTET_QEMU_CPU}), so ctest runs the suite under qemu.
set(CMAKE_SYSTEM_NAME Linux)

set(OCTET_CROSS_PREFIX ${octet_cross_triple}- CACHE STRING "Prefix of the cross tools (gcc, g++, strip, ...)")
set(CMAKE_C_COMPILER ${OCTET_CROSS_PREFIX}gcc)
set(CMAKE_CXX_COMPILER ${OCTET_CROSS_PREFIX}g++)

get_property(octet_in_try_compile GLOBAL PROPERTY IN_TRY_COMPILE)
if(NOT OCTET_SYSROOT AND NOT octet_in_try_compile)
  # No sysroot given: one in the build tree, made here the first time.
  set(octet_default_sysroot ${CMAKE_BINARY_DIR}/sysroot)
  if(NOT EXISTS ${octet_default_sysroot}/.octet-sysroot-${octet_cross_debarch})
    message(STATUS "Making the ${octet_cross_debarch} sysroot in ${octet_default_sysroot} (tools/scripts/arm-sysroot.sh)")
    execute_process(COMMAND ${CMAKE_CURRENT_LIST_DIR}/../../tools/scripts/arm-sysroot.sh ${octet_cross_debarch}
                            ${octet_default_sysroot}
                    RESULT_VARIABLE octet_sysroot_result)
    if(NOT octet_sysroot_result EQUAL 0)
      message(FATAL_ERROR "tools/scripts/arm-sysroot.sh ${octet_cross_debarch} failed")
    endif()
  endif()
  set(OCTET_SYSROOT ${octet_default_sysroot} CACHE PATH "Folder the ${octet_cross_debarch} .debs were unpacked into" FORCE)
endif()
set(OCTET_SYSROOT "${OCTET_SYSROOT}" CACHE PATH "Folder the ${octet_cross_debarch} .debs (libcpuinfo, libflatbuffers) were unpacked into")
set(OCTET_QEMU_CPU max CACHE STRING "qemu -cpu model the tests run on (max, cortex-a76, cortex-a53, ...); empty: qemu's default or $QEMU_CPU")
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES OCTET_SYSROOT OCTET_CROSS_PREFIX OCTET_QEMU_CPU)

# The cross compiler's own libc lives in /usr/<triple>.
set(CMAKE_FIND_ROOT_PATH /usr/${octet_cross_triple})
if(OCTET_SYSROOT)
  list(APPEND CMAKE_FIND_ROOT_PATH ${OCTET_SYSROOT})
  set(octet_sysroot_libdir ${OCTET_SYSROOT}/usr/lib/${octet_cross_triple})
  # The linker resolves the sysroot libraries' own dependencies there too.
  set(CMAKE_EXE_LINKER_FLAGS_INIT "-Wl,-rpath-link,${octet_sysroot_libdir}")
  set(CMAKE_SHARED_LINKER_FLAGS_INIT "-Wl,-rpath-link,${octet_sysroot_libdir}")
endif()
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)  # flatc, doxygen, dot: host programs
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

find_program(OCTET_QEMU_${octet_cross_debarch} ${octet_cross_qemu})
if(OCTET_QEMU_${octet_cross_debarch})
  set(octet_emulator ${OCTET_QEMU_${octet_cross_debarch}} -L /usr/${octet_cross_triple})
  if(OCTET_QEMU_CPU)
    list(APPEND octet_emulator -cpu ${OCTET_QEMU_CPU})
  endif()
  if(OCTET_SYSROOT)
    list(APPEND octet_emulator -E LD_LIBRARY_PATH=${OCTET_SYSROOT}/usr/lib/${octet_cross_triple})
  endif()
  set(CMAKE_CROSSCOMPILING_EMULATOR ${octet_emulator})
endif()
