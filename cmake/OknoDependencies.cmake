# Every third-party library Okno uses, found once, from Debian 12's packages
# (scripts/install-deps installs them). ARCHITECTURE.md says why each one.

set(THREADS_PREFER_PTHREAD_FLAG ON)
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)

find_package(Boost 1.74 REQUIRED)                 # Beast and Asio, header-only
find_package(OpenSSL 3 REQUIRED)                  # TLS for Asio (okno serve --tls-cert)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
find_package(CLI11 REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(simdjson REQUIRED)
find_package(yaml-cpp REQUIRED)                   # writes the HSDS import
find_package(date REQUIRED)                       # date::date, date::date-tz (OS tzdata)
find_package(GTest REQUIRED)
if(OKNO_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()

pkg_check_modules(re2 REQUIRED IMPORTED_TARGET re2)
pkg_check_modules(libyaml REQUIRED IMPORTED_TARGET yaml-0.1)  # reads every YAML file
pkg_check_modules(sqlite3 REQUIRED IMPORTED_TARGET sqlite3)
pkg_check_modules(libpq REQUIRED IMPORTED_TARGET libpq)
pkg_check_modules(libsodium REQUIRED IMPORTED_TARGET libsodium)
# Debian's cnats CMake config names a static library the package does not ship.
pkg_check_modules(libnats REQUIRED IMPORTED_TARGET libnats)
pkg_check_modules(fasttext REQUIRED IMPORTED_TARGET fasttext)

# jemalloc for the programs that plan (okno, plan_bench): a plan allocates many small values,
# and jemalloc makes one 1.3-1.6x faster than glibc's malloc (bench/plan_bench, same run).
# Sanitizer and fuzz builds keep their own allocator.
add_library(okno_allocator INTERFACE)
if(NOT OKNO_SANITIZE AND NOT OKNO_FUZZ)
  pkg_check_modules(jemalloc REQUIRED IMPORTED_TARGET jemalloc)
  target_link_libraries(okno_allocator INTERFACE PkgConfig::jemalloc)
endif()
add_library(okno::allocator ALIAS okno_allocator)

# libstemmer ships neither a CMake config nor a pkg-config file.
find_path(STEMMER_INCLUDE_DIR libstemmer.h REQUIRED)
find_library(STEMMER_LIBRARY stemmer REQUIRED)
add_library(okno_stemmer INTERFACE)
target_include_directories(okno_stemmer SYSTEM INTERFACE "${STEMMER_INCLUDE_DIR}")
target_link_libraries(okno_stemmer INTERFACE "${STEMMER_LIBRARY}")
add_library(stemmer::stemmer ALIAS okno_stemmer)
