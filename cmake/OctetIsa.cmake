# Instruction-set variants. Each ISA's sources are compiled with exactly that ISA's flags (nothing
# else gets -mavx2), into an object library per kernel family and ISA.
#
#   octet_isa_flags(<isa> <out_var>)                   compiler flags for an ISA
#   octet_add_isa_sources(<target> <isa> <sources...>)  adds sources to <target> built with those flags
#
# OCTET_ISAS lists the ISAs this build compiles for (by target architecture; OCTET_ENABLE_<ISA>
# switches one off).

if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
  set(OCTET_ARCH x86_64)
  set(octet_arch_isas sse41 avx2 avxvnni avx512vnni)
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64|ARM64)$")
  set(OCTET_ARCH aarch64)
  set(octet_arch_isas neon neondot i8mm)
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^(arm|armv7|armv7-a|armv7l)")
  set(OCTET_ARCH arm)
  set(octet_arch_isas neon)
else()
  set(OCTET_ARCH other)
  set(octet_arch_isas)
endif()

set(OCTET_ISAS "")
foreach(isa ${octet_arch_isas})
  string(TOUPPER ${isa} ISA)
  option(OCTET_ENABLE_${ISA} "Build the ${isa} kernels" ON)
  if(OCTET_ENABLE_${ISA})
    list(APPEND OCTET_ISAS ${isa})
  endif()
endforeach()

function(octet_isa_flags isa out_var)
  if(isa STREQUAL "sse41")
    set(flags -msse4.1)
  elseif(isa STREQUAL "avx2")
    set(flags -mavx2)
  elseif(isa STREQUAL "avxvnni")
    set(flags -mavx2 -mavxvnni)
  elseif(isa STREQUAL "avx512vnni")
    set(flags -mavx512f -mavx512bw -mavx512vl -mavx512dq -mavx512vnni)
  elseif(isa STREQUAL "neon")
    if(OCTET_ARCH STREQUAL "arm")
      set(flags -mfpu=neon -mfloat-abi=hard)
    else()
      set(flags)
    endif()
  elseif(isa STREQUAL "neondot")
    set(flags -march=armv8.2-a+dotprod)
  elseif(isa STREQUAL "i8mm")
    set(flags -march=armv8.2-a+dotprod+i8mm)
  else()
    set(flags)
  endif()
  # Microkernels are leaf functions that neither throw nor call anything that can: without unwind
  # tables they lose nothing but about 12 KB of .eh_frame in a full x86-64 build (with -g, debuggers
  # still unwind through them from .debug_frame).
  list(APPEND flags -fno-exceptions -fno-asynchronous-unwind-tables)
  set(${out_var} ${flags} PARENT_SCOPE)
endfunction()

function(octet_add_isa_sources target isa)
  if(NOT isa IN_LIST OCTET_ISAS)
    return()
  endif()
  octet_isa_flags(${isa} flags)
  # TARGET_DIRECTORY: source properties are directory-scoped; without it a family folder adding files
  # to a target created in a parent folder (octet_kernels) would compile them without the flags.
  set_source_files_properties(${ARGN} TARGET_DIRECTORY ${target} PROPERTIES COMPILE_OPTIONS "${flags}")
  target_sources(${target} PRIVATE ${ARGN})
endfunction()
