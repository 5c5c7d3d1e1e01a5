# cloudlife: `make run` installs what is missing, builds and serves on 127.0.0.1:4570;
# `make test` installs, builds and runs every test through ctest.
BUILD_DIR ?= build
BUILD_TYPE ?= Release
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
PORT ?= 4570

.PHONY: all deps test-deps configure build run test bench format clean package coverage-doc

all: build

deps:
	@./scripts/install-deps.sh

test-deps:
	@./scripts/install-deps.sh --test

configure:
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) >/dev/null

build: deps configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	./$(BUILD_DIR)/cloudlife --port $(PORT)

test: test-deps configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

bench: build
	./$(BUILD_DIR)/bench/cloudlife_bench --server ./$(BUILD_DIR)/cloudlife

package: build
	@cd $(BUILD_DIR) && cpack -G DEB
	@ls $(BUILD_DIR)/cloudlife_*.deb

coverage-doc: build
	./$(BUILD_DIR)/cloudlife --list-actions --format markdown > docs/coverage.md

format:
	@find src include tests bench -name '*.h' -o -name '*.cc' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR)
