# cmake -DBUILD_DIR=… -DOK_TARGET=… -DFAIL_TARGET=… -P expect_compile_error.cmake
# OK_TARGET must build; FAIL_TARGET must not, with a compiler error about the engine lock's proof.
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target ${OK_TARGET}
                RESULT_VARIABLE ok_rc OUTPUT_VARIABLE ok_out ERROR_VARIABLE ok_out)
if(NOT ok_rc EQUAL 0)
  message(FATAL_ERROR "the control ${OK_TARGET} (lock held) does not compile:\n${ok_out}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target ${FAIL_TARGET}
                RESULT_VARIABLE fail_rc OUTPUT_VARIABLE fail_out ERROR_VARIABLE fail_out)
if(fail_rc EQUAL 0)
  message(FATAL_ERROR "${FAIL_TARGET} compiled: the engine-lock contract is no longer enforced")
endif()
if(NOT fail_out MATCHES "EngineLock|LockProof")
  message(FATAL_ERROR "${FAIL_TARGET} failed for another reason than the lock:\n${fail_out}")
endif()
message(STATUS "${FAIL_TARGET} is refused by the compiler, as it must be")
