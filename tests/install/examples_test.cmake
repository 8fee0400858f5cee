# Runs the example programs of tools/examples, one CASE per ctest entry:
#   cmake -DOCTET=<octet tool> -DCLASSIFY=<classify> -DTHREADS=<threads> -DWORK=<dir> -DSHARED=<shared dir>
#         -DCASE=classify|classify_photos|threads -P examples_test.cmake
# classify_photos prints "SKIPPED" when ../shared/models is absent.
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err WORKING_DIRECTORY "${WORK}")
  if(NOT code EQUAL 0)
    string(REPLACE ";" " " command "${ARGN}")
    message(FATAL_ERROR "failed (${code}): ${command}\nstdout:\n${out}\nstderr:\n${err}")
  endif()
  message("${out}")
  set(OUT "${out}" PARENT_SCOPE)
endfunction()

function(expect_contains text needle what)
  string(FIND "${text}" "${needle}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${what} does not contain '${needle}':\n${text}")
  endif()
endfunction()

if(CASE STREQUAL "classify")
  # A built-in model (seeded weights) on a raw input: five ranked lines, ranks 1..5.
  run("${OCTET}" builtin mobilenet_v1_0.25_128 -o model.octet)
  string(REPEAT "k" 49152 pixels)
  file(WRITE "${WORK}/input.rgb" "${pixels}")
  run("${CLASSIFY}" model.octet input.rgb)
  string(REGEX MATCHALL "(^|\n)[1-5]  +[0-9]+  -?[0-9.]+" rows "${OUT}")
  list(LENGTH rows count)
  if(NOT count EQUAL 5)
    message(FATAL_ERROR "classify printed ${count} ranked rows:\n${OUT}")
  endif()
  # Wrong-size input and a missing model are errors, not crashes.
  execute_process(COMMAND "${CLASSIFY}" model.octet model.octet WORKING_DIRECTORY "${WORK}" RESULT_VARIABLE code
                  ERROR_VARIABLE err OUTPUT_QUIET)
  if(NOT code EQUAL 1)
    message(FATAL_ERROR "classify on a non-image input exited with ${code}: ${err}")
  endif()
  execute_process(COMMAND "${CLASSIFY}" missing.octet input.rgb WORKING_DIRECTORY "${WORK}" RESULT_VARIABLE code
                  ERROR_VARIABLE err OUTPUT_QUIET)
  if(NOT code EQUAL 1 OR NOT err MATCHES "missing.octet")
    message(FATAL_ERROR "classify on a missing model exited with ${code}: ${err}")
  endif()

elseif(CASE STREQUAL "classify_photos")
  set(models "${SHARED}/models")
  if(NOT EXISTS "${models}/mobilenet_v1_0.25_128_quant.tflite" OR NOT EXISTS "${models}/images/cat.bmp")
    message("SKIPPED: shared models not found in ${models}")
    return()
  endif()
  # The real models, converted by the tool, on the BMP photos: uint8 (v1) and int8-inside (v2) models.
  run("${OCTET}" convert "${models}/mobilenet_v1_0.25_128_quant.tflite" -o v1.octet)
  run("${CLASSIFY}" v1.octet "${models}/images/cat.bmp" "${models}/imagenet_labels.txt")
  expect_contains("${OUT}" "cat" "classify v1 cat.bmp")
  if(EXISTS "${models}/tf2_mobilenet_v2_1.0_224_ptq.tflite" AND EXISTS "${models}/images/grace_hopper.bmp")
    run("${OCTET}" convert "${models}/tf2_mobilenet_v2_1.0_224_ptq.tflite" -o v2.octet)
    run("${CLASSIFY}" v2.octet "${models}/images/grace_hopper.bmp" "${models}/imagenet_labels.txt")
    expect_contains("${OUT}" "military uniform" "classify v2 grace_hopper.bmp")
  endif()

elseif(CASE STREQUAL "threads")
  run("${OCTET}" builtin mobilenet_v1_0.25_128 -o model.octet)
  run("${THREADS}" model.octet 4 3)
  expect_contains("${OUT}" "all 4 threads produced identical outputs" "threads")

else()
  message(FATAL_ERROR "unknown CASE '${CASE}'")
endif()
