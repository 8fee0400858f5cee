# Packaging octet for apps: the installed libraries, headers, CMake package and pkg-config file,
# the selective-build switches, and the API reference. Included at the end of the top-level
# CMakeLists.txt, once every library target exists.
#
# Installed (cmake --install build --prefix PREFIX):
#   include/octet/octet.h
#   lib/liboctet.a                one self-contained archive: the runtime and every internal static
#                                 library it links (octet_kernels, ...); needs cpuinfo and the C++
#                                 runtime at link time (octet.pc's Requires.private/Libs.private, the
#                                 CMake package's find_dependency)
#   lib/liboctet.so[.0.1]         exports the C API's octet_* functions and nothing else
#   lib/cmake/octet/              octetConfig.cmake: targets octet::octet_static, octet::octet_shared
#                                 and octet::octet (shared, or static with OCTET_USE_STATIC_LIBS)
#   lib/pkgconfig/octet.pc
#   bin/octet                     the command line tool (when OCTET_BUILD_TOOLS)
#
# Switches:
#   OCTET_OPS           operators compiled into the registry (runtime/ops/op.cc), e.g.
#                       "CONV_2D;DEPTHWISE_CONV_2D;AVERAGE_POOL_2D;RESHAPE;SOFTMAX"; empty: all. A static
#                       link then keeps only those operators' code and kernels; the shared library
#                       drops the rest with --gc-sections.
#   OCTET_ENABLE_<ISA>  (cmake/OctetIsa.cmake) leaves an instruction set's kernels out.
#   OCTET_BUILD_SHARED  also build liboctet.so (ON).
#   OCTET_INSTALL       generate install rules (ON).

include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

option(OCTET_BUILD_SHARED "Build the shared library liboctet.so besides liboctet.a" ON)
option(OCTET_INSTALL "Generate the install rules (headers, libraries, CMake package, pkg-config file)" ON)
set(OCTET_OPS "" CACHE STRING "Operators to compile into the runtime (semicolon list of op type names); empty: all")
set(OCTET_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/octet" CACHE STRING "Where the CMake package goes")

# The operators the registry knows (the names of runtime/ops/op.cc's entries).
set(OCTET_ALL_OPS CONV_2D DEPTHWISE_CONV_2D FULLY_CONNECTED ADD AVERAGE_POOL_2D MAX_POOL_2D MEAN RESHAPE SOFTMAX
    QUANTIZE DEQUANTIZE CONCATENATION PAD)

# --- Selective operators -------------------------------------------------------------------------
if(OCTET_OPS)
  foreach(op ${OCTET_OPS})
    if(NOT op IN_LIST OCTET_ALL_OPS)
      string(REPLACE ";" " " known "${OCTET_ALL_OPS}")
      message(FATAL_ERROR "OCTET_OPS: unknown operator '${op}' (known: ${known})")
    endif()
  endforeach()
  set(octet_op_defs OCTET_OPS_SELECTED)
  foreach(op ${OCTET_OPS})
    list(APPEND octet_op_defs OCTET_OP_${op})
  endforeach()
  # Only runtime/ops/op.cc reads them: each registry entry sits under #if !defined(OCTET_OPS_SELECTED)
  # || defined(OCTET_OP_<NAME>).
  set_property(SOURCE ${PROJECT_SOURCE_DIR}/runtime/ops/op.cc TARGET_DIRECTORY octet APPEND
               PROPERTY COMPILE_DEFINITIONS ${octet_op_defs})
  string(REPLACE ";" " " octet_ops_text "${OCTET_OPS}")
  message(STATUS "octet: operators ${octet_ops_text}")
endif()

# --- The libraries apps link ---------------------------------------------------------------------
# octet_collect_link_closure(<target> <objects_var> <interface_var> <internal_var>): walks the link
# libraries of an in-project target. Internal static libraries contribute their object files
# (<objects_var>, as $<TARGET_OBJECTS:...>) and are listed in <internal_var>; imported targets and
# plain library names (cpuinfo::cpuinfo, Threads::Threads, m) are what an app must link besides
# (<interface_var>). In-project INTERFACE libraries (the generated schema headers) are walked through.
function(octet_collect_link_closure root objects_var interface_var internal_var)
  set(queue ${root})
  set(seen)
  set(objects)
  set(interface)
  while(queue)
    list(POP_FRONT queue target)
    if(target IN_LIST seen)
      continue()
    endif()
    list(APPEND seen ${target})
    get_target_property(type ${target} TYPE)
    if(type STREQUAL "STATIC_LIBRARY" OR type STREQUAL "OBJECT_LIBRARY")
      list(APPEND objects $<TARGET_OBJECTS:${target}>)
      get_target_property(deps ${target} LINK_LIBRARIES)
    else()
      set(deps)
    endif()
    get_target_property(iface_deps ${target} INTERFACE_LINK_LIBRARIES)
    foreach(dep IN LISTS deps iface_deps)
      if(NOT dep OR dep MATCHES "-NOTFOUND$")
        continue()
      endif()
      string(REGEX REPLACE "^\\$<LINK_ONLY:(.*)>$" "\\1" dep "${dep}")
      if(dep MATCHES "^\\$<")
        message(FATAL_ERROR "octet packaging: cannot follow the link dependency '${dep}' of ${target}")
      endif()
      if(TARGET ${dep})
        get_target_property(imported ${dep} IMPORTED)
        if(imported)
          list(APPEND interface ${dep})
        else()
          list(APPEND queue ${dep})
        endif()
      else()
        list(APPEND interface ${dep})
      endif()
    endforeach()
  endwhile()
  list(REMOVE_DUPLICATES interface)
  set(${objects_var} ${objects} PARENT_SCOPE)
  set(${interface_var} ${interface} PARENT_SCOPE)
  set(${internal_var} ${seen} PARENT_SCOPE)
endfunction()

octet_collect_link_closure(octet octet_objects octet_link_deps octet_internal_libs)
# Imported targets found in a subdirectory are not visible here: find them again at this scope.
if("Threads::Threads" IN_LIST octet_link_deps AND NOT TARGET Threads::Threads)
  find_package(Threads REQUIRED)
endif()

# Everything that goes into the shipped libraries: hidden symbols by default (only OCTET_API, i.e.
# the C API, has default visibility), one section per function so unused operators and kernels can
# be dropped at link time.
foreach(lib ${octet_internal_libs})
  get_target_property(type ${lib} TYPE)
  if(NOT type STREQUAL "INTERFACE_LIBRARY")
    set_target_properties(${lib} PROPERTIES C_VISIBILITY_PRESET hidden CXX_VISIBILITY_PRESET hidden
                                            VISIBILITY_INLINES_HIDDEN ON)
    target_compile_options(${lib} PRIVATE -ffunction-sections -fdata-sections)
  endif()
endforeach()

# The C++ runtime a C program must add when it links the static archive (libstdc++ and libm with
# GCC): the C++ compiler's implicit link libraries the C compiler lacks.
set(octet_cxx_runtime_libs ${CMAKE_CXX_IMPLICIT_LINK_LIBRARIES})
if(CMAKE_C_IMPLICIT_LINK_LIBRARIES)
  list(REMOVE_ITEM octet_cxx_runtime_libs ${CMAKE_C_IMPLICIT_LINK_LIBRARIES})
endif()
list(REMOVE_DUPLICATES octet_cxx_runtime_libs)

set(octet_public_include ${PROJECT_SOURCE_DIR}/runtime/include)
# The header's version macros must agree with project(VERSION): the package version files use the latter.
file(STRINGS ${octet_public_include}/octet/octet.h octet_version_lines REGEX "^#define OCTET_VERSION_(MAJOR|MINOR|PATCH) ")
set(octet_header_version)
foreach(line ${octet_version_lines})
  string(REGEX REPLACE ".* ([0-9]+)$" "\\1" number "${line}")
  list(APPEND octet_header_version ${number})
endforeach()
list(JOIN octet_header_version "." octet_header_version)
if(NOT octet_header_version STREQUAL PROJECT_VERSION)
  message(FATAL_ERROR "octet.h says version ${octet_header_version}, CMakeLists.txt says ${PROJECT_VERSION}")
endif()
set(octet_lib_dir ${CMAKE_BINARY_DIR}/lib)

# liboctet.a: the runtime's objects and those of every internal static library in one archive.
add_library(octet_static STATIC ${octet_objects})
set_target_properties(octet_static PROPERTIES
  OUTPUT_NAME octet
  EXPORT_NAME octet_static
  LINKER_LANGUAGE CXX
  ARCHIVE_OUTPUT_DIRECTORY ${octet_lib_dir})
target_include_directories(octet_static INTERFACE $<BUILD_INTERFACE:${octet_public_include}>
                                                  $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
foreach(dep ${octet_link_deps} ${octet_cxx_runtime_libs})
  target_link_libraries(octet_static INTERFACE $<LINK_ONLY:${dep}>)
endforeach()
add_library(octet::octet_static ALIAS octet_static)
set(octet_installed_targets octet_static)

# The exported names: the C API functions declared in octet.h, read from the header itself.
file(STRINGS ${octet_public_include}/octet/octet.h octet_api_lines REGEX "^OCTET_API ")
set(OCTET_API_FUNCTIONS)
foreach(line ${octet_api_lines})
  if(line MATCHES "(octet_[a-z0-9_]+)\\(")
    list(APPEND OCTET_API_FUNCTIONS ${CMAKE_MATCH_1})
  endif()
endforeach()
list(LENGTH OCTET_API_FUNCTIONS octet_api_count)
if(octet_api_count LESS 10)
  message(FATAL_ERROR "octet packaging: found only ${octet_api_count} OCTET_API functions in octet.h")
endif()

if(OCTET_BUILD_SHARED)
  # A version script keeps the dynamic symbol table to the C API even for symbols a dependency or
  # the compiler would otherwise export (e.g. inline template instances, libstdc++ pieces).
  set(octet_version_script ${CMAKE_BINARY_DIR}/octet.map)
  list(JOIN OCTET_API_FUNCTIONS ";\n    " octet_map_globals)
  file(CONFIGURE OUTPUT ${octet_version_script}
       CONTENT "/* Generated from octet.h by cmake/OctetInstall.cmake. */\nOCTET_${PROJECT_VERSION_MAJOR} {\n  global:\n    ${octet_map_globals};\n  local:\n    *;\n};\n")
  add_library(octet_shared SHARED ${octet_objects})
  if(PROJECT_VERSION_MAJOR EQUAL 0)
    set(octet_soversion ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR})  # 0.x: minor releases may break
  else()
    set(octet_soversion ${PROJECT_VERSION_MAJOR})
  endif()
  set_target_properties(octet_shared PROPERTIES
    OUTPUT_NAME octet
    EXPORT_NAME octet_shared
    LINKER_LANGUAGE CXX
    VERSION ${PROJECT_VERSION}
    SOVERSION ${octet_soversion}
    LIBRARY_OUTPUT_DIRECTORY ${octet_lib_dir}
    LINK_DEPENDS ${octet_version_script})
  target_include_directories(octet_shared INTERFACE $<BUILD_INTERFACE:${octet_public_include}>
                                                    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  target_link_libraries(octet_shared PRIVATE ${octet_link_deps})
  target_link_options(octet_shared PRIVATE -Wl,--version-script=${octet_version_script} -Wl,--gc-sections
                      -Wl,--no-undefined)
  add_library(octet::octet_shared ALIAS octet_shared)
  list(APPEND octet_installed_targets octet_shared)
endif()

# --- Install rules -------------------------------------------------------------------------------
# Packages a CMake consumer of the static archive must find, from the imported targets it needs.
set(OCTET_FIND_DEPENDENCIES "")
set(OCTET_PC_REQUIRES_PRIVATE "")
set(OCTET_PC_LIBS_PRIVATE "")
set(octet_install_find_cpuinfo OFF)
find_package(PkgConfig QUIET)
foreach(dep ${octet_link_deps})
  if(dep STREQUAL "cpuinfo::cpuinfo")
    string(APPEND OCTET_FIND_DEPENDENCIES "find_dependency(cpuinfo MODULE)\n")
    set(octet_install_find_cpuinfo ON)
    if(PKG_CONFIG_FOUND)
      pkg_check_modules(octet_pc_cpuinfo QUIET libcpuinfo)
    endif()
    if(octet_pc_cpuinfo_FOUND)
      list(APPEND OCTET_PC_REQUIRES_PRIVATE libcpuinfo)
    else()
      list(APPEND OCTET_PC_LIBS_PRIVATE -lcpuinfo)
    endif()
  elseif(dep STREQUAL "Threads::Threads")
    string(APPEND OCTET_FIND_DEPENDENCIES "set(THREADS_PREFER_PTHREAD_FLAG ON)\nfind_dependency(Threads)\n")
    list(APPEND OCTET_PC_LIBS_PRIVATE -pthread)
  elseif(TARGET ${dep})
    message(FATAL_ERROR "octet packaging: no rule to find the dependency ${dep} in octetConfig.cmake/octet.pc")
  else()
    list(APPEND OCTET_PC_LIBS_PRIVATE -l${dep})
  endif()
endforeach()
foreach(lib ${octet_cxx_runtime_libs})
  list(APPEND OCTET_PC_LIBS_PRIVATE -l${lib})
endforeach()
list(JOIN OCTET_PC_REQUIRES_PRIVATE " " OCTET_PC_REQUIRES_PRIVATE)
# What the package was built with, for apps that check (octet_ISAS/octet_OPS; octet.pc's isas/ops).
if(OCTET_OPS)
  set(OCTET_PACKAGE_OPS "${OCTET_OPS}")
else()
  set(OCTET_PACKAGE_OPS "${OCTET_ALL_OPS}")
endif()
list(JOIN OCTET_PACKAGE_OPS " " OCTET_PC_OPS)
list(JOIN OCTET_ISAS " " OCTET_PC_ISAS)
list(JOIN OCTET_PC_LIBS_PRIVATE " " OCTET_PC_LIBS_PRIVATE)

if(PROJECT_VERSION_MAJOR EQUAL 0)
  set(octet_compatibility SameMinorVersion)  # 0.x: a minor release may change the API
else()
  set(octet_compatibility SameMajorVersion)
endif()

set(octet_package_dir ${CMAKE_BINARY_DIR}/package)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/octetConfig.cmake.in
  ${octet_package_dir}/octetConfig.cmake
  INSTALL_DESTINATION ${OCTET_INSTALL_CMAKEDIR})
write_basic_package_version_file(${octet_package_dir}/octetConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY ${octet_compatibility})
# pkg-config: the prefix is found from the .pc file's own place (${pcfiledir}), so an installed tree
# can move; absolute install dirs are written as they are.
file(RELATIVE_PATH octet_pc_up "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
string(REGEX REPLACE "/$" "" octet_pc_up "${octet_pc_up}")
set(OCTET_PC_PREFIX "\${pcfiledir}/${octet_pc_up}")
foreach(kind LIBDIR INCLUDEDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${kind}}")
    set(OCTET_PC_${kind} "${CMAKE_INSTALL_${kind}}")
  else()
    set(OCTET_PC_${kind} "\${prefix}/${CMAKE_INSTALL_${kind}}")
  endif()
endforeach()
configure_file(${PROJECT_SOURCE_DIR}/cmake/octet.pc.in ${octet_package_dir}/octet.pc @ONLY)

if(OCTET_INSTALL)
  install(TARGETS ${octet_installed_targets} EXPORT octetTargets
          ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
          LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
          RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  install(FILES ${octet_public_include}/octet/octet.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/octet)
  install(EXPORT octetTargets NAMESPACE octet:: DESTINATION ${OCTET_INSTALL_CMAKEDIR})
  install(FILES ${octet_package_dir}/octetConfig.cmake ${octet_package_dir}/octetConfigVersion.cmake
          DESTINATION ${OCTET_INSTALL_CMAKEDIR})
  if(octet_install_find_cpuinfo)
    # Debian's own cpuinfo CMake package is broken (see Findcpuinfo.cmake): ship the find module.
    install(FILES ${PROJECT_SOURCE_DIR}/cmake/Findcpuinfo.cmake DESTINATION ${OCTET_INSTALL_CMAKEDIR})
  endif()
  install(FILES ${octet_package_dir}/octet.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
  if(TARGET octet_cli)
    install(TARGETS octet_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  endif()
endif()

# --- API reference -------------------------------------------------------------------------------
# `cmake --build build --target docs` writes build/docs/html/index.html from octet.h's comments.
find_package(Doxygen QUIET)
if(DOXYGEN_FOUND)
  set(OCTET_DOCS_DIR ${CMAKE_BINARY_DIR}/docs)
  set(OCTET_DOCS_INPUT "${octet_public_include}/octet/octet.h")
  set(OCTET_DOCS_WARN_AS_ERROR YES)  # an undocumented function, parameter or enum value fails the build
  configure_file(${PROJECT_SOURCE_DIR}/cmake/Doxyfile.in ${OCTET_DOCS_DIR}/Doxyfile @ONLY)
  add_custom_target(docs
    COMMAND Doxygen::doxygen ${OCTET_DOCS_DIR}/Doxyfile
    WORKING_DIRECTORY ${OCTET_DOCS_DIR}
    DEPENDS ${octet_public_include}/octet/octet.h ${OCTET_DOCS_DIR}/Doxyfile
    COMMENT "Doxygen: API reference in ${OCTET_DOCS_DIR}/html/index.html"
    VERBATIM)
endif()
