# Shared by the vadd, pool, reduce and vcvt kernel families (include()d by each CMakeLists.txt).
#
# octet_elementwise_family(<dispatch source> [<isa> <file>]...) is shared by the vadd, pool, reduce and
# vcvt families: it adds each ISA file with octet_add_isa_sources and, because source properties set
# in this directory are not seen by octet_kernels (a target of the parent directory), repeats the ISA
# flags on that target's directory; it also tells the dispatch source which ISAs were built
# (OCTET_BUILT_<ISA>).
function(octet_elementwise_family dispatch_source)
  set(args ${ARGN})
  list(LENGTH args n)
  set(i 0)
  while(i LESS n)
    list(GET args ${i} isa)
    math(EXPR j "${i} + 1")
    list(GET args ${j} file)
    if(isa IN_LIST OCTET_ISAS)
      set(path ${CMAKE_CURRENT_SOURCE_DIR}/${file})
      octet_add_isa_sources(octet_kernels ${isa} ${path})
      octet_isa_flags(${isa} flags)
      set_source_files_properties(${path} TARGET_DIRECTORY octet_kernels PROPERTIES COMPILE_OPTIONS "${flags}")
      string(TOUPPER ${isa} ISA)
      set_property(SOURCE ${CMAKE_CURRENT_SOURCE_DIR}/${dispatch_source} TARGET_DIRECTORY octet_kernels APPEND
                   PROPERTY COMPILE_DEFINITIONS OCTET_BUILT_${ISA})
    endif()
    math(EXPR i "${i} + 2")
  endwhile()
endfunction()
