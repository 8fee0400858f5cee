# octet_target_warnings(<target>): the warning set every octet target builds with.
function(octet_target_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wshadow -Wformat=2 -Wundef
    $<$<COMPILE_LANGUAGE:CXX>:-Wnon-virtual-dtor -Wold-style-cast>)
  if(OCTET_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
