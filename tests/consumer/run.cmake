# Installs the build tree to a temporary prefix, then configures, builds and runs the
# consumer project against it. Run by ctest (test "install-consumer"):
#   cmake -DBUILD_DIR=... -DSOURCE_DIR=... -DWORK_DIR=... -P run.cmake
foreach(var BUILD_DIR SOURCE_DIR WORK_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run.cmake: ${var} is not set")
  endif()
endforeach()
file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")

function(run_step)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(step_output "${out}" PARENT_SCOPE)
endfunction()

run_step(${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${prefix}")
foreach(f bin/quotecheck share/quotecheck/rules share/man/man1/quotecheck.1 include/quotecheck/report.hpp)
  if(NOT EXISTS "${prefix}/${f}")
    message(FATAL_ERROR "not installed: ${f}")
  endif()
endforeach()
file(GLOB private_headers "${prefix}/include/quotecheck/compiled.hpp" "${prefix}/include/quotecheck/names.hpp")
if(private_headers)
  message(FATAL_ERROR "private headers installed: ${private_headers}")
endif()
# The installed binary finds the installed rule pack.
run_step(${CMAKE_COMMAND} -E env --unset=QUOTECHECK_RULES "${prefix}/bin/quotecheck" rules check)

run_step(${CMAKE_COMMAND} -S "${SOURCE_DIR}/tests/consumer" -B "${WORK_DIR}/build"
         -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=Release)
run_step(${CMAKE_COMMAND} --build "${WORK_DIR}/build")
run_step("${WORK_DIR}/build/consumer")
if(NOT step_output MATCHES "quotes: 1")
  message(FATAL_ERROR "consumer output: ${step_output}")
endif()
file(REMOVE_RECURSE "${WORK_DIR}")
