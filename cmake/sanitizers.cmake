# Sanitizer and fuzzer settings shared by the whole build (docs: fuzz/README.md).
#
#   -DCLOUDLIFE_SANITIZE=address,undefined   ASan + UBSan on every target (make test-asan)
#   -DCLOUDLIFE_SANITIZE=thread              TSan on every target (make test-tsan)
#   -DCLOUDLIFE_FUZZ=ON                      libFuzzer targets in fuzz/ (clang only, make fuzz);
#                                            implies address,undefined and instruments every library
#                                            for coverage (-fsanitize=fuzzer-no-link).
#
# Included from the top-level CMakeLists.txt before any target exists, so the flags apply to the
# libraries, the server binary and the tests alike. UBSan findings abort (no recovery), so a test
# or a fuzz run fails on the first one instead of printing and passing.
set(CLOUDLIFE_SANITIZE "" CACHE STRING
    "Comma-separated -fsanitize= list for every target: address,undefined or thread (empty: none)")
option(CLOUDLIFE_FUZZ "Build the libFuzzer targets in fuzz/ (needs clang and its runtime)" OFF)

if(CLOUDLIFE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "CLOUDLIFE_FUZZ needs clang (libFuzzer): configure with "
                        "-DCMAKE_CXX_COMPILER=clang++ (found ${CMAKE_CXX_COMPILER_ID})")
  endif()
  if(CLOUDLIFE_SANITIZE STREQUAL "")
    set(CLOUDLIFE_SANITIZE "address,undefined" CACHE STRING "" FORCE)
  endif()
  if(CLOUDLIFE_SANITIZE MATCHES "thread")
    message(FATAL_ERROR "CLOUDLIFE_FUZZ runs under address,undefined, not ${CLOUDLIFE_SANITIZE}")
  endif()
  # Coverage instrumentation everywhere; only the fuzz executables link libFuzzer's main().
  add_compile_options(-fsanitize=fuzzer-no-link)
  set(CLOUDLIFE_FUZZ_LINK_FLAGS -fsanitize=fuzzer)
endif()

if(NOT CLOUDLIFE_SANITIZE STREQUAL "")
  if(CLOUDLIFE_SANITIZE MATCHES "thread" AND CLOUDLIFE_SANITIZE MATCHES "address")
    message(FATAL_ERROR "thread and address sanitizers cannot be combined (${CLOUDLIFE_SANITIZE})")
  endif()
  set(_cloudlife_san_flags -fsanitize=${CLOUDLIFE_SANITIZE} -fno-omit-frame-pointer -g)
  if(CLOUDLIFE_SANITIZE MATCHES "undefined")
    list(APPEND _cloudlife_san_flags -fno-sanitize-recover=undefined)
  endif()
  if(CLOUDLIFE_SANITIZE MATCHES "address")
    list(APPEND _cloudlife_san_flags -D_GLIBCXX_ASSERTIONS)  # bounds-checked operator[] et al.
  endif()
  add_compile_options(${_cloudlife_san_flags})
  add_link_options(-fsanitize=${CLOUDLIFE_SANITIZE})
  message(STATUS "cloudlife: -fsanitize=${CLOUDLIFE_SANITIZE} (fuzz targets: ${CLOUDLIFE_FUZZ})")
endif()
