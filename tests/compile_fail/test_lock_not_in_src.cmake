# cmake -DSRC_DIR=… -P test_lock_not_in_src.cmake
# The test-only token (tests/unit/support/engine_lock_for_test.h) is never used under src/: the only
# mention allowed is the friend declaration in core/engine_lock.h.
file(GLOB_RECURSE sources ${SRC_DIR}/*.h ${SRC_DIR}/*.cc ${SRC_DIR}/*.cpp)
set(offenders "")
foreach(f IN LISTS sources)
  if(f MATCHES "/core/engine_lock\\.h$")
    continue()
  endif()
  file(STRINGS ${f} hits REGEX "EngineLockForTest|engine_lock_for_test|test_lock\\(")
  if(hits)
    list(APPEND offenders "${f}: ${hits}")
  endif()
endforeach()
if(offenders)
  string(REPLACE ";" "\n" offenders "${offenders}")
  message(FATAL_ERROR "src/ uses the test-only engine lock:\n${offenders}")
endif()
