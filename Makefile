# Okno's front door. A new user needs two commands: `make run` and `make test`.
# Every target installs what is missing first (scripts/install-deps), so a fresh Debian 12
# machine is the only set-up.

BUILD_DIR := build
ASAN_DIR := build-asan
CTEST_JOBS ?= 2
# Extra flags for the first configure, e.g. CMAKE_FLAGS=-DCMAKE_BUILD_TYPE=Debug
CMAKE_FLAGS ?=

.PHONY: help run test build web bench asan format deps clean

help:
	@echo "make run     установить, собрать и запустить сервер Okno на :8080 (install, build, serve)"
	@echo "make test    собрать и запустить все тесты (build and run every test suite)"
	@echo "make build   только собрать: build/okno (build only)"
	@echo "make bench   собрать и запустить бенчмарки (build and run the benchmarks)"
	@echo "make asan    clang-16: тесты под ASan+UBSan и фаззинг (sanitizers and fuzzing)"
	@echo "make format  отформатировать код (format the C++ sources with clang-format-16)"
	@echo "make clean   удалить сборки (remove the build trees)"

deps:
	@scripts/install-deps build

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)

build: deps $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR)

# The web app (web/): its packages from the npm registry as package-lock.json pins them, then
# built into web/dist, which okno serve serves on its own port.
web:
	@scripts/install-deps web
	@command -v npm >/dev/null || { echo "make web: Node.js 20 and npm are needed (see DESIGN.md §5)"; exit 1; }
	cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build

# The server on http://localhost:8080 with the demo's users and cases (OKNO_LISTEN to change
# the address, OKNO_DATA the data folder); Ctrl+C stops it.
run: build web
	$(BUILD_DIR)/okno serve --demo

test:
	@scripts/install-deps build test
	@$(MAKE) --no-print-directory build
	@$(MAKE) --no-print-directory web
	@[ -d ../shared ] || [ -n "$${OKNO_SHARED_DIR:-}" ] || echo "make test: ВНИМАНИЕ / WARNING:" \
	  "../shared is missing; the conformance suites that need it are SKIPPED"
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(CTEST_JOBS)

# Every Google Benchmark program, then the side-by-side comparisons with peer engines (they
# install their peers from the npm registry into bench/'s own folders).
bench: build
	@set -e; for program in $(BUILD_DIR)/bench/*_bench; do \
	  echo "== $$program"; $$program --benchmark_counters_tabular=true; done
	@echo "== bench/compare-cel-js"; bench/compare-cel-js
	@echo "== plan_bench on a synthetic catalog of 10 000 services, regional offices by region"; \
	  bench/make-synthetic-catalog $(BUILD_DIR)/synthetic-catalog 10000 && \
	  OKNO_BENCH_CATALOG=$(BUILD_DIR)/synthetic-catalog $(BUILD_DIR)/bench/plan_bench \
	    --benchmark_counters_tabular=true --benchmark_filter='BM_Plan/'
	@echo "== the same, every service in every region (the worst case)"; \
	  bench/make-synthetic-catalog $(BUILD_DIR)/synthetic-catalog-national 10000 --national && \
	  OKNO_BENCH_CATALOG=$(BUILD_DIR)/synthetic-catalog-national $(BUILD_DIR)/bench/plan_bench \
	    --benchmark_counters_tabular=true --benchmark_filter='BM_Plan/'
	@echo "== bench/plan-process"; bench/plan-process
	@echo "== bench/screen-questions"; bench/screen-questions
	@echo "== bench/household-growth (a plan of 20 and of 40 members: time and instructions)"; \
	  bench/household-growth
	@echo "== bench/http-bench (okno serve under wrk, nginx on the same bytes)"; bench/http-bench
	@echo "== bench/cases-memory (1 000 000 cases; about 14 GB of disk, 2 minutes)"; \
	  bench/cases-memory

# Every test under AddressSanitizer and UndefinedBehaviorSanitizer, then each fuzz target for a
# bounded smoke run of FUZZ_SECONDS each. Configuring again each time is cheap and picks up
# FUZZ_SECONDS.
FUZZ_SECONDS ?= 30
asan:
	@scripts/install-deps build asan
	cmake -S . -B $(ASAN_DIR) -G Ninja -DCMAKE_CXX_COMPILER=clang++-16 \
	  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOKNO_SANITIZE=ON -DOKNO_FUZZ=ON \
	  -DOKNO_BUILD_BENCH=OFF -DOKNO_FUZZ_SECONDS=$(FUZZ_SECONDS) $(CMAKE_FLAGS) >/dev/null
	cmake --build $(ASAN_DIR)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --test-dir $(ASAN_DIR) --output-on-failure -j $(CTEST_JOBS) -LE 'fuzz|lint|web'
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --test-dir $(ASAN_DIR) --output-on-failure -j $(CTEST_JOBS) -L fuzz

format:
	scripts/check-format --fix
	@if [ -d web/node_modules ]; then cd web && npm run --silent format; \
	else echo "format: web/ left as is (make web installs prettier)"; fi

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR)
