# Compiler settings shared by every target: warnings, CI strictness, ccache, sanitizers.

option(OKNO_WERROR "Treat warnings as errors (on by default when CI=true)" "$ENV{CI}")
option(OKNO_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(OKNO_FUZZ "Build libFuzzer targets (needs clang)" OFF)
option(OKNO_BUILD_BENCH "Build the Google Benchmark programs under bench/" ON)

find_program(OKNO_CCACHE ccache)
if(OKNO_CCACHE)
  set(CMAKE_CXX_COMPILER_LAUNCHER "${OKNO_CCACHE}")
endif()

add_compile_options(-Wall -Wextra)
if(OKNO_WERROR)
  add_compile_options(-Werror)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # GCC 12 reports these falsely at -O2 inside libstdc++ and Boost; they stay warnings.
    # restrict: GCC bug 105651, on `"literal" + std::string` inlined from <string>.
    add_compile_options(-Wno-error=array-bounds -Wno-error=stringop-overflow
                        -Wno-error=maybe-uninitialized -Wno-error=restrict)
  endif()
endif()

if(OKNO_SANITIZE)
  # -O1 and line tables are what the sanitizers' reports need (ASan's own advice); they build
  # the sanitizer tree about a fifth faster than -O2 -g. Later flags win, so these override
  # the build type's.
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer -O1)
  if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    add_compile_options(-gline-tables-only)
  else()
    add_compile_options(-g1)
  endif()
  add_link_options(-fsanitize=address,undefined)
endif()

if(OKNO_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "OKNO_FUZZ needs clang (libFuzzer); this compiler is ${CMAKE_CXX_COMPILER_ID}")
  endif()
  # Libraries get coverage instrumentation; only fuzz executables link libFuzzer's main.
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
