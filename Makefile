# cloudlife: `make run` installs what is missing, builds and serves on 127.0.0.1:4570;
# `make test` installs, builds and runs every test through ctest.
BUILD_DIR ?= build
BUILD_TYPE ?= Release
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
PORT ?= 4570

.PHONY: all deps test-deps configure build run test bench format clean package image wheel coverage-doc test-asan test-tsan fuzz \
        fuzz-sequences

all: build

deps:
	@./scripts/install-deps.sh

test-deps:
	@./scripts/install-deps.sh --test

# CI=true builds with warnings as errors (CLOUDLIFE_WERROR); a local build only reports them.
# CI=true also compiles in unity batches (CLOUDLIFE_UNITY, docs/architecture.md "Tests"): a clean
# build in well under half the time; a local build stays per file so an edit recompiles one file.
ifeq ($(CI),true)
WERROR ?= ON
UNITY ?= ON
else
WERROR ?= OFF
UNITY ?= OFF
endif

configure:
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DCLOUDLIFE_WERROR=$(WERROR) \
	  -DCLOUDLIFE_UNITY=$(UNITY) >/dev/null

build: deps configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	./$(BUILD_DIR)/cloudlife --port $(PORT)

test: test-deps configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)
# CI=true makes a Docker engine available for ops.image (scripts/docker-engine.sh: installs
# docker.io and starts dockerd when none runs, and stops only what it started); elsewhere
# ops.image is skipped, with a message, when no engine answers.
ifeq ($(CI),true)
	@./scripts/docker-engine.sh start
	@cd $(BUILD_DIR) && CI=true ctest --output-on-failure -j $(JOBS); status=$$?; \
	  cd $(CURDIR) && ./scripts/docker-engine.sh stop; exit $$status
else
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)
endif
# CI=true adds a short fuzz pass, the TSan pass and the ASan+UBSan pass (in that order, so the
# last test-runner output is still a ctest summary); local `make test` stays fast.
ifeq ($(CI),true)
	@$(MAKE) --no-print-directory fuzz || echo "fuzz: a crash was found (reproducer and log above); a random find does not fail CI, 'make fuzz' does"
	@$(MAKE) --no-print-directory test-tsan
	@$(MAKE) --no-print-directory test-asan
endif

# Sanitizer and fuzz builds (cmake/sanitizers.cmake, fuzz/README.md), each in its own directory,
# always clean builds of the whole tree: compiled in unity batches.
SAN_CMAKE_FLAGS = -G Ninja -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g" -DCLOUDLIFE_UNITY=ON
ASAN_DIR ?= build-asan
TSAN_DIR ?= build-tsan
FUZZ_DIR ?= build-fuzz
FUZZ_SECONDS ?= 15
export ASAN_OPTIONS ?= detect_leaks=1:check_initialization_order=1:strict_init_order=1
export UBSAN_OPTIONS ?= print_stacktrace=1:halt_on_error=1
export TSAN_OPTIONS ?= halt_on_error=1:second_deadlock_stack=1:suppressions=$(CURDIR)/cmake/tsan.supp

# The whole suite (unit, integration with the sanitized server binary, soak) under ASan + UBSan.
test-asan: test-deps
	@cmake -S . -B $(ASAN_DIR) $(SAN_CMAKE_FLAGS) -DCLOUDLIFE_SANITIZE=address,undefined >/dev/null
	@cmake --build $(ASAN_DIR) -j $(JOBS)
	@cd $(ASAN_DIR) && ctest --output-on-failure -j $(JOBS)

# The concurrency-relevant tests under TSan: unit tests, stress.router, and the soak against the
# TSan-built server (integration, ops and bench are left to the other passes).
test-tsan: test-deps
	@cmake -S . -B $(TSAN_DIR) $(SAN_CMAKE_FLAGS) -DCLOUDLIFE_SANITIZE=thread >/dev/null
	@cmake --build $(TSAN_DIR) -j $(JOBS)
	@cd $(TSAN_DIR) && ctest --output-on-failure -j $(JOBS) -E '^(integration|ops|bench)\.'

# Builds the libFuzzer targets with clang and runs each for FUZZ_SECONDS (fuzz/run_all.sh).
fuzz: test-deps
	@cmake -S . -B $(FUZZ_DIR) $(SAN_CMAKE_FLAGS) -DCMAKE_CXX_COMPILER=clang++ -DCLOUDLIFE_FUZZ=ON \
	  -DCLOUDLIFE_BUILD_TESTS=OFF >/dev/null
	@cmake --build $(FUZZ_DIR) -j $(JOBS) --target cloudlife_fuzzers
	@./fuzz/run_all.sh $(FUZZ_SECONDS) $(FUZZ_DIR)

# The sequence test for a long time (docs/sequence-testing.md): in process for SEQ_SECONDS from a
# fresh seed (SEQ_SEED to repeat a run), then a shorter pass over HTTP against the real binary and
# the kill -9 pass. Each failure prints its seed and shrunk sequence (sequence-failure-*.txt).
SEQ_SECONDS ?= 900
SEQ_SEED ?= $(shell date +%s)
fuzz-sequences: build
	@cd $(BUILD_DIR) && ./cloudlife_sequence_fuzz --seconds $(SEQ_SECONDS) --seed $(SEQ_SEED) --max-failures 20
	@cd $(BUILD_DIR) && ./cloudlife_sequence_fuzz --driver http --server ./cloudlife \
	  --seconds $$(( $(SEQ_SECONDS) / 10 + 1 )) --seed $(SEQ_SEED) --max-failures 5
	@cd $(BUILD_DIR) && ./cloudlife_sequence_fuzz --crash --server ./cloudlife \
	  --seconds $$(( $(SEQ_SECONDS) / 10 + 1 )) --sequences 1000000 --seed $(SEQ_SEED)

bench: build
	./$(BUILD_DIR)/bench/cloudlife_bench --server ./$(BUILD_DIR)/cloudlife
	/usr/bin/python3 bench/connections_bench.py --server ./$(BUILD_DIR)/cloudlife
	/usr/bin/python3 bench/persistence_bench.py --server ./$(BUILD_DIR)/cloudlife
	/usr/bin/python3 bench/autoscaling_bench.py --server ./$(BUILD_DIR)/cloudlife
	CLOUDLIFE_NATIVE_MODULE=$$(ls $(BUILD_DIR)/python/cloudlife/_native*.so 2>/dev/null) \
	  python3 bench/python_mock_bench.py --server ./$(BUILD_DIR)/cloudlife

package: build
	@cd $(BUILD_DIR) && cpack -G DEB
	@ls $(BUILD_DIR)/cloudlife_*.deb

# The container image from the binary just built (scripts/build-image.sh: docker/Dockerfile with
# a context holding only that binary, so the image carries the binary the tests test). Needs a
# Docker engine (scripts/docker-engine.sh start); builds a debian:12 base where none can be pulled.
IMAGE ?= cloudlife
image: build
	@./scripts/build-image.sh $(BUILD_DIR)/cloudlife $(IMAGE)

# The Python package as a platform wheel carrying the extension cloudlife._native (pybind11):
# $(BUILD_DIR)/dist/cloudlife-<version>-cpXY-cpXY-<platform>.whl (scripts/build-wheel.sh).
wheel: build
	@./scripts/build-wheel.sh $$(ls $(BUILD_DIR)/python/cloudlife/_native*.so) $(BUILD_DIR)/dist

coverage-doc: build
	./$(BUILD_DIR)/cloudlife --list-actions --format markdown > docs/coverage.md

format:
	@find src include tests bench -name '*.h' -o -name '*.cc' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR)
