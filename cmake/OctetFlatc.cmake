# octet_flatc_cpp(<target> <fbs> <output_dir>): generates <name>_generated.h from a FlatBuffers
# schema at build time (generated headers are never committed) and exposes it through an
# INTERFACE library <target> that also carries the FlatBuffers headers.
function(octet_flatc_cpp target fbs output_dir)
  get_filename_component(name ${fbs} NAME_WE)
  set(header ${output_dir}/${name}_generated.h)
  if(TARGET flatbuffers::flatc)
    set(flatc flatbuffers::flatc)
  else()
    find_program(flatc flatc REQUIRED)
  endif()
  add_custom_command(OUTPUT ${header}
    COMMAND ${flatc} --cpp --scoped-enums -o ${output_dir} ${fbs}
    DEPENDS ${fbs}
    COMMENT "flatc ${name}.fbs"
    VERBATIM)
  add_custom_target(${target}_generate DEPENDS ${header})
  add_library(${target} INTERFACE)
  add_dependencies(${target} ${target}_generate)
  target_include_directories(${target} INTERFACE ${CMAKE_BINARY_DIR}/generated)
  # Reading, verifying and building FlatBuffers is header-only.
  get_target_property(fb_include flatbuffers::flatbuffers INTERFACE_INCLUDE_DIRECTORIES)
  target_include_directories(${target} SYSTEM INTERFACE ${fb_include})
  # octet.fbs forces 64-byte alignment of constant buffers; FlatBuffers 2.0.x asserts (debug builds)
  # on any forced alignment above its default maximum of 32.
  target_compile_definitions(${target} INTERFACE FLATBUFFERS_MAX_ALIGNMENT=64)
endfunction()
