# Installs the build tree into a scratch prefix and builds apps against the installed package, one
# CASE per ctest entry:
#   cmake -DBUILD_DIR=<build tree> -DSOURCE_DIR=<tests/install> -DWORK=<scratch dir> -DCASE=<name>
#         -DGENERATOR=<generator> -DC_COMPILER=<cc> -DNM=<nm> -DREADELF=<readelf> -DPKG_CONFIG=<pkg-config>
#         -P install_test.cmake
# Cases:
#   layout      the installed files; liboctet.so's dynamic symbols are exactly octet.h's functions
#   cmake       find_package(octet): shared and static builds of consumer/ run and match `octet run`;
#               version checks (0.1 accepted, 0.2 and 1.0 refused)
#   pkgconfig   the same program compiled by hand with pkg-config's flags, shared and static
# Each case installs into its own prefix, so the cases can run in parallel.

set(prefix "${WORK}/prefix")
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err WORKING_DIRECTORY "${WORK}")
  if(NOT code EQUAL 0)
    string(REPLACE ";" " " command "${ARGN}")
    message(FATAL_ERROR "failed (${code}): ${command}\nstdout:\n${out}\nstderr:\n${err}")
  endif()
  set(OUT "${out}" PARENT_SCOPE)
endfunction()

function(expect_same a b)
  file(SHA256 "${a}" ha)
  file(SHA256 "${b}" hb)
  if(NOT ha STREQUAL hb)
    message(FATAL_ERROR "${a} and ${b} differ")
  endif()
endfunction()

# NEEDED entries of an ELF file.
function(needed_libs file out_var)
  run("${READELF}" -d "${file}")
  string(REGEX MATCHALL "Shared library: \\[[^]]+\\]" needed "${OUT}")
  set(${out_var} "${needed}" PARENT_SCOPE)
endfunction()

run("${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${prefix}")
# The library directory as installed (lib, or lib/<multiarch> with some GNUInstallDirs defaults).
file(GLOB_RECURSE pc_files "${prefix}/*/octet.pc")
list(LENGTH pc_files n)
if(NOT n EQUAL 1)
  message(FATAL_ERROR "expected one installed octet.pc, found: ${pc_files}")
endif()
get_filename_component(pkgconfig_dir "${pc_files}" DIRECTORY)
get_filename_component(libdir "${pkgconfig_dir}" DIRECTORY)

# A model and an input, and the tool's output for them: every app build must reproduce it.
set(octet_tool "${prefix}/bin/octet")
run("${octet_tool}" builtin mobilenet_v1_0.25_128 -o "${WORK}/model.octet")
string(REPEAT "q" 49152 pixels)  # 128x128x3 uint8
file(WRITE "${WORK}/input.bin" "${pixels}")
run("${octet_tool}" run "${WORK}/model.octet" --input "${WORK}/input.bin" --output "${WORK}/expected.bin")

if(CASE STREQUAL "layout")
  foreach(f include/octet/octet.h bin/octet)
    if(NOT EXISTS "${prefix}/${f}")
      message(FATAL_ERROR "not installed: ${prefix}/${f}")
    endif()
  endforeach()
  foreach(f liboctet.a liboctet.so cmake/octet/octetConfig.cmake cmake/octet/octetConfigVersion.cmake
            cmake/octet/octetTargets.cmake pkgconfig/octet.pc)
    if(NOT EXISTS "${libdir}/${f}")
      message(FATAL_ERROR "not installed: ${libdir}/${f}")
    endif()
  endforeach()
  # Exactly the C API is exported: the functions octet.h declares, nothing else.
  file(STRINGS "${prefix}/include/octet/octet.h" api_lines REGEX "^OCTET_API ")
  set(api)
  foreach(line ${api_lines})
    if(line MATCHES "(octet_[a-z0-9_]+)\\(")
      list(APPEND api ${CMAKE_MATCH_1})
    endif()
  endforeach()
  run("${NM}" -D --defined-only "${libdir}/liboctet.so")
  string(REGEX MATCHALL "[0-9a-f]+ [A-Za-z] [^\n]+" rows "${OUT}")
  set(exported)
  foreach(row ${rows})
    string(REGEX MATCH "^[0-9a-f]+ ([A-Za-z]) ([^@]+)" _ "${row}")
    if(NOT CMAKE_MATCH_1 STREQUAL "A")  # the version node
      list(APPEND exported ${CMAKE_MATCH_2})
    endif()
  endforeach()
  list(SORT api)
  list(SORT exported)
  if(NOT api STREQUAL exported)
    message(FATAL_ERROR "liboctet.so exports\n  ${exported}\nbut octet.h declares\n  ${api}")
  endif()
  list(LENGTH api count)
  message("liboctet.so exports exactly the ${count} functions of octet.h")
  # The archive holds the kernels too (no internal library left to link).
  run("${NM}" --defined-only "${libdir}/liboctet.a")
  if(NOT OUT MATCHES "kernels")
    message(FATAL_ERROR "liboctet.a lacks the kernels")
  endif()

elseif(CASE STREQUAL "cmake")
  foreach(kind shared static)
    if(kind STREQUAL "static")
      set(static ON)
    else()
      set(static OFF)
    endif()
    set(bin "${WORK}/cmake_${kind}")
    run("${CMAKE_COMMAND}" -S "${SOURCE_DIR}/consumer" -B "${bin}" -G "${GENERATOR}" -DCMAKE_C_COMPILER=${C_COMPILER}
        -DCMAKE_PREFIX_PATH=${prefix} -DCONSUMER_STATIC=${static} -DCMAKE_BUILD_TYPE=Release)
    run("${CMAKE_COMMAND}" --build "${bin}")
    run("${bin}/consumer" "${WORK}/model.octet" "${WORK}/input.bin" "${WORK}/out_cmake_${kind}.bin")
    message("find_package, ${kind}: ${OUT}")
    expect_same("${WORK}/expected.bin" "${WORK}/out_cmake_${kind}.bin")
    needed_libs("${bin}/consumer" needed)
    if(kind STREQUAL "shared" AND NOT needed MATCHES "liboctet\\.so")
      message(FATAL_ERROR "the shared build does not load liboctet.so: ${needed}")
    elseif(kind STREQUAL "static" AND needed MATCHES "liboctet")
      message(FATAL_ERROR "the static build loads liboctet: ${needed}")
    endif()
  endforeach()
  # Version compatibility (0.x: the same minor version only).
  foreach(version 0.2 1.0)
    execute_process(COMMAND "${CMAKE_COMMAND}" -S "${SOURCE_DIR}/consumer" -B "${WORK}/version_${version}"
                            -G "${GENERATOR}" -DCMAKE_C_COMPILER=${C_COMPILER} -DCMAKE_PREFIX_PATH=${prefix}
                            -DCONSUMER_OCTET_VERSION=${version}
                    RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(code EQUAL 0 OR NOT err MATCHES "not compatible|version")
      message(FATAL_ERROR "find_package(octet ${version}) was accepted (exit ${code}):\n${err}")
    endif()
  endforeach()

elseif(CASE STREQUAL "pkgconfig")
  set(ENV{PKG_CONFIG_PATH} "${pkgconfig_dir}")
  run("${PKG_CONFIG}" --modversion octet)
  message("pkg-config octet: ${OUT}")
  run("${PKG_CONFIG}" --cflags octet)
  string(STRIP "${OUT}" cflags)
  separate_arguments(cflags UNIX_COMMAND "${cflags}")
  run("${PKG_CONFIG}" --libs octet)
  string(STRIP "${OUT}" libs)
  separate_arguments(libs UNIX_COMMAND "${libs}")
  run("${PKG_CONFIG}" --static --libs octet)
  string(STRIP "${OUT}" static_libs)
  # Static: the archive by name (-l:liboctet.a picks it over liboctet.so), then Libs.private and
  # Requires.private (cpuinfo, the C++ runtime), linked by the C compiler driver.
  string(REPLACE "-loctet" "-l:liboctet.a" static_libs "${static_libs}")
  separate_arguments(static_libs UNIX_COMMAND "${static_libs}")
  foreach(kind shared static)
    set(exe "${WORK}/pc_${kind}")
    if(kind STREQUAL "shared")
      run("${C_COMPILER}" "${SOURCE_DIR}/consumer/main.c" -o "${exe}" ${cflags} ${libs} "-Wl,-rpath,${libdir}")
    else()
      run("${C_COMPILER}" "${SOURCE_DIR}/consumer/main.c" -o "${exe}" ${cflags} ${static_libs})
    endif()
    run("${exe}" "${WORK}/model.octet" "${WORK}/input.bin" "${WORK}/out_pc_${kind}.bin")
    message("pkg-config, ${kind}: ${OUT}")
    expect_same("${WORK}/expected.bin" "${WORK}/out_pc_${kind}.bin")
    needed_libs("${exe}" needed)
    if(kind STREQUAL "shared" AND NOT needed MATCHES "liboctet\\.so")
      message(FATAL_ERROR "the shared build does not load liboctet.so: ${needed}")
    elseif(kind STREQUAL "static" AND needed MATCHES "liboctet")
      message(FATAL_ERROR "the static build loads liboctet: ${needed}")
    endif()
  endforeach()

else()
  message(FATAL_ERROR "unknown CASE '${CASE}'")
endif()
