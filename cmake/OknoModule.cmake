# Helpers that declare a module, its tests and fuzz targets in one line each, so every module's
# CMakeLists.txt reads the same way.

# okno_module(NAME SOURCES file... [DEPS target...] [TESTS file...])
# Declares the static library okno_NAME (alias okno::NAME). Headers are included from src/ as
# "NAME/header.h". TESTS are unit tests beside the code, built into okno_NAME_test and run by
# ctest with the label "unit".
function(okno_module name)
  cmake_parse_arguments(arg "" "" "SOURCES;DEPS;TESTS" ${ARGN})
  add_library(okno_${name} STATIC ${arg_SOURCES})
  add_library(okno::${name} ALIAS okno_${name})
  target_include_directories(okno_${name} PUBLIC "${PROJECT_SOURCE_DIR}/src")
  target_link_libraries(okno_${name} PUBLIC ${arg_DEPS})
  if(arg_TESTS)
    okno_test(okno_${name}_test LABEL unit SOURCES ${arg_TESTS} DEPS okno::${name})
  endif()
endfunction()

# okno_test(NAME LABEL label SOURCES file... [DEPS target...] [OWN_MAIN] [ARGS arg...])
# A GoogleTest program run by ctest as one labelled test. A program that finds it cannot run
# here (e.g. ../shared is missing outside CI) exits 77, which ctest reports as skipped.
function(okno_test name)
  cmake_parse_arguments(arg "OWN_MAIN" "LABEL" "SOURCES;DEPS;ARGS" ${ARGN})
  add_executable(${name} ${arg_SOURCES})
  target_link_libraries(${name} PRIVATE ${arg_DEPS} GTest::gtest GTest::gmock)
  if(NOT arg_OWN_MAIN)
    target_link_libraries(${name} PRIVATE GTest::gtest_main)
  endif()
  add_test(NAME ${name} COMMAND ${name} ${arg_ARGS})
  set_tests_properties(${name} PROPERTIES LABELS "${arg_LABEL}" SKIP_RETURN_CODE 77)
endfunction()

# okno_fuzz_target(NAME SOURCES file... DEPS target... CORPUS dir... [SEEDS_FIXTURE name])
# With OKNO_FUZZ (the clang-16 tree) a libFuzzer program, run by ctest (label "fuzz") for
# OKNO_FUZZ_SECONDS from its seed corpora. In other trees the same entry point is linked to a
# driver that replays the seed corpora once, so the target always compiles and its seeds stay
# regression tests (label "unit"). SEEDS_FIXTURE names a ctest fixture that writes more seeds
# into one of the CORPUS folders before the run.
set(OKNO_FUZZ_SECONDS 30 CACHE STRING "Seconds each fuzz target runs in the ctest smoke run")
function(okno_fuzz_target name)
  cmake_parse_arguments(arg "" "SEEDS_FIXTURE" "SOURCES;DEPS;CORPUS" ${ARGN})
  set(target fuzz_${name})
  add_executable(${target} ${arg_SOURCES})
  target_link_libraries(${target} PRIVATE ${arg_DEPS})
  if(OKNO_FUZZ)
    target_link_options(${target} PRIVATE -fsanitize=fuzzer)
    set(work_corpus "${CMAKE_CURRENT_BINARY_DIR}/corpus/${name}")
    file(MAKE_DIRECTORY "${work_corpus}")
    # New inputs go to the build tree; the seed folders are only read.
    add_test(NAME ${target}
             COMMAND ${target} -max_total_time=${OKNO_FUZZ_SECONDS} -print_final_stats=1
                     -timeout=10 -rss_limit_mb=2048 "${work_corpus}" ${arg_CORPUS})
    set_tests_properties(${target} PROPERTIES LABELS fuzz)
  else()
    target_sources(${target} PRIVATE "${PROJECT_SOURCE_DIR}/fuzz/replay_main.cc")
    add_test(NAME ${target} COMMAND ${target} ${arg_CORPUS})
    set_tests_properties(${target} PROPERTIES LABELS unit)
  endif()
  if(arg_SEEDS_FIXTURE)
    set_tests_properties(${target} PROPERTIES FIXTURES_REQUIRED ${arg_SEEDS_FIXTURE})
  endif()
endfunction()
