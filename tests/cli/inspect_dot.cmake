# `octet inspect MODEL --dot FILE` end to end:
#   cmake -DOCTET=<binary> -DWORK=<scratch dir> -DDOT=<dot program or empty> -P inspect_dot.cmake
# Checks the DOT text of the small built-in model (operator nodes with type and options, constant
# inputs in the node, activation tensors on edges with shape, type and quantization, graph input and
# output nodes) and, when Graphviz is installed, that `dot -Tsvg` accepts it.
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")

function(octet expected_code)
  execute_process(COMMAND "${OCTET}" ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err
                  WORKING_DIRECTORY "${WORK}")
  if(NOT code STREQUAL "${expected_code}")
    message(FATAL_ERROR "octet ${ARGN}: exit code ${code}, expected ${expected_code}\nstdout:\n${out}\nstderr:\n${err}")
  endif()
  set(OUT "${out}" PARENT_SCOPE)
  set(ERR "${err}" PARENT_SCOPE)
endfunction()

function(expect_contains text needle what)
  string(FIND "${text}" "${needle}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${what} does not contain '${needle}':\n${text}")
  endif()
endfunction()

set(SMALL mobilenet_v1_0.25_128)
octet(0 inspect ${SMALL} --dot graph.dot)
expect_contains("${OUT}" "arena bytes:" "inspect --dot summary")  # the summary is still printed
expect_contains("${OUT}" "graph: graph.dot" "inspect --dot summary")
string(REGEX MATCH "operators: ([0-9]+)" _ "${OUT}")
set(num_ops ${CMAKE_MATCH_1})
file(READ "${WORK}/graph.dot" dot)

if(NOT dot MATCHES "^digraph octet {\n" OR NOT dot MATCHES "}\n$")
  message(FATAL_ERROR "not a DOT digraph:\n${dot}")
endif()
foreach(needle
    # the graph input, its edge into the first operator (name, shape, type, quantization)
    "in0 [shape=oval" "label=\"input 0\\nimage\"" "in0 -> op0 [label=\"image\\n[1,128,128,3] uint8, scale 0.00784313772 zp 128\"]"
    # an operator with its type, options and constant inputs
    "op1 [shape=box" "#1 CONV_2D\\n3x3 stride 2 SAME RELU6\\ninput 1 " ": [8,3,3,3] int8, per-channel 8 scales axis 0"
    "DEPTHWISE_CONV_2D\\n3x3 stride 1 SAME multiplier 1 RELU6" "AVERAGE_POOL_2D" "SOFTMAX\\nbeta 1"
    # an activation edge between operators, and the graph output
    "op0 -> op1 [label=\"image_int8\\n[1,128,128,3] int8, scale"
    "out0 [shape=oval" "-> out0 [label=\"probabilities\\n[1,1001] int8, scale 0.00390625 zp -128\"]")
  expect_contains("${dot}" "${needle}" "graph.dot")
endforeach()
# One node per operator, and every operator but the first is fed by an edge from another operator.
# (brackets swapped out first: CMake lists do not split inside [ ].)
string(REPLACE "[" "(" flat "${dot}")
string(REPLACE "]" ")" flat "${flat}")
string(REGEX MATCHALL "\n  op[0-9]+ \\(shape=box" op_nodes "${flat}")
list(LENGTH op_nodes count)
if(NOT count EQUAL num_ops)
  message(FATAL_ERROR "graph.dot has ${count} operator nodes, the model has ${num_ops} operators")
endif()
string(REGEX MATCHALL "\n  op[0-9]+ -> op[0-9]+ " op_edges "${flat}")
list(LENGTH op_edges count)
math(EXPR expected "${num_ops} - 1")
if(count LESS expected)
  message(FATAL_ERROR "graph.dot has ${count} operator-to-operator edges, expected at least ${expected}")
endif()

# '-' writes the graph to stdout instead of the summary.
octet(0 inspect ${SMALL} --dot -)
if(NOT OUT STREQUAL dot)
  message(FATAL_ERROR "--dot - printed something else than the file:\n${OUT}")
endif()
# Errors: no value, an unwritable place.
octet(2 inspect ${SMALL} --dot)
expect_contains("${ERR}" "--dot" "--dot without a value")
octet(1 inspect ${SMALL} --dot no_such_dir/graph.dot)
expect_contains("${ERR}" "no_such_dir/graph.dot" "unwritable --dot file")

if(DOT)
  execute_process(COMMAND "${DOT}" -Tsvg graph.dot -o graph.svg WORKING_DIRECTORY "${WORK}" RESULT_VARIABLE code
                  ERROR_VARIABLE err)
  file(READ "${WORK}/graph.svg" svg LIMIT 4096)
  if(NOT code EQUAL 0 OR NOT svg MATCHES "<svg")
    message(FATAL_ERROR "dot -Tsvg rejected graph.dot (${code}): ${err}")
  endif()
  message("dot -Tsvg accepted graph.dot")
else()
  message("Graphviz not installed: the DOT text was checked, not rendered")
endif()
