# A thin layer over CMake: the README's two commands, `make run` and
# `make test`, each install what is missing, configure, build and go.
#
#   make run ARGS="--nodes 6"   build and start the dashboard
#   make test                   normal build + sanitizer build, whole suite
#   make bench                  engine benchmarks, each figure beside its goal
#                               (Release build; builds OLD_COMMIT to compare)
#   make bench-video            video render speed per scenario and format
#   make bench-compare OLD=path  instructions and CPU time, an older
#                               gcounter binary against this tree's
#   make WERROR=OFF test        the suite without warnings-as-errors
#   make svg-browser            scenario 02's SVG in headless Chromium: a
#                               PNG screenshot, checked not blank
#   make phones-browser         two phone tabs in headless Chromium join
#                               --listen, one goes offline, all converge

BUILD_DIR   ?= build
ASAN_DIR    ?= build-asan
BENCH_DIR   ?= build-bench
WERROR      ?= ON
JOBS        ?= $(shell nproc 2>/dev/null || echo 2)
ARGS        ?=
CMAKE_FLAGS ?=

.PHONY: all deps build build-asan run test test-normal test-asan bench \
	bench-compare format clean svg-browser bench-video phones-browser

all: build

deps:
	@./scripts/deps.sh

# Configuring every time is cheap and picks up a changed WERROR.
build: deps
	cmake -S . -B $(BUILD_DIR) -DGCOUNTER_WERROR=$(WERROR) \
		-DGCOUNTER_MEMCHECK=ON -DGCOUNTER_TUI_EACH=ON $(CMAKE_FLAGS)
	cmake --build $(BUILD_DIR) -j $(JOBS)

build-asan: deps
	cmake -S . -B $(ASAN_DIR) -DGCOUNTER_WERROR=$(WERROR) \
		-DGCOUNTER_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug \
		-DGCOUNTER_TUI_EACH=ON $(CMAKE_FLAGS)
	cmake --build $(ASAN_DIR) -j $(JOBS)

run: build
	./$(BUILD_DIR)/gcounter $(ARGS)

test-normal: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

test-asan: build-asan
	cd $(ASAN_DIR) && ctest --output-on-failure -j $(JOBS)

test: test-normal test-asan

# Phones in a real browser (tests/phones/browser.sh): puppeteer-core is
# installed into build/phones-browser/, never into git; screenshots stay
# there to look at.
phones-browser: build
	@./scripts/deps.sh chromium
	@command -v npm >/dev/null || ./scripts/deps.sh npm
	./tests/phones/browser.sh ./$(BUILD_DIR)/gcounter \
		$(BUILD_DIR)/phones-browser

# Heavy (a browser), so not part of `make test`; the PNG stays in
# build/svg-browser/ to look at.
svg-browser: build
	@./scripts/deps.sh chromium
	./tests/svg/browser.sh ./$(BUILD_DIR)/gcounter assets/scenarios \
		$(BUILD_DIR)/svg-browser

# `make bench` measures the relay against main's 567e9e1 (before issue
# #16) in the same run: it builds that commit once in $(OLD_DIR).
OLD_COMMIT ?= 567e9e1
OLD_DIR    ?= /tmp/gcounter-old-$(OLD_COMMIT)

bench: deps
	cmake -S . -B $(BENCH_DIR) -DCMAKE_BUILD_TYPE=Release -DGCOUNTER_TESTS=ON
	cmake --build $(BENCH_DIR) -j $(JOBS) --target gcounter_bench gcounter \
		gcounter_past_bench gcounter_dash_bench
	@test -x $(OLD_DIR)/b/gcounter || { rm -rf $(OLD_DIR) && \
		mkdir -p $(OLD_DIR) && \
		git archive $(OLD_COMMIT) | tar -x -C $(OLD_DIR) && \
		cmake -S $(OLD_DIR) -B $(OLD_DIR)/b -DCMAKE_BUILD_TYPE=Release \
			-DGCOUNTER_TESTS=OFF >/dev/null && \
		cmake --build $(OLD_DIR)/b -j $(JOBS) --target gcounter; }
	./$(BENCH_DIR)/bench/gcounter_bench --old $(OLD_DIR)/b/gcounter \
		--new ./$(BENCH_DIR)/gcounter
	./$(BENCH_DIR)/bench/gcounter_past_bench
	./$(BENCH_DIR)/bench/gcounter_dash_bench --old $(OLD_DIR)/b/gcounter \
		--new ./$(BENCH_DIR)/gcounter

# Seconds per second of video for .cast, .gif and .mp4 (about 3 minutes).
bench-video: deps
	@./scripts/deps.sh time
	cmake -S . -B $(BENCH_DIR) -DCMAKE_BUILD_TYPE=Release -DGCOUNTER_TESTS=ON
	cmake --build $(BENCH_DIR) -j $(JOBS) --target gcounter
	./scripts/bench-video.sh ./$(BENCH_DIR)/gcounter assets

# Build the old binary from any commit, e.g.
#   git worktree add /tmp/old <commit> && cmake -S /tmp/old -B /tmp/old/b \
#     -DCMAKE_BUILD_TYPE=Release && cmake --build /tmp/old/b --target gcounter
bench-compare:
	@test -n "$(OLD)" || { echo "make bench-compare OLD=path/to/old/gcounter"; exit 2; }
	@./scripts/deps.sh time
	cmake -S . -B $(BENCH_DIR) -DCMAKE_BUILD_TYPE=Release -DGCOUNTER_TESTS=ON
	cmake --build $(BENCH_DIR) -j $(JOBS) --target gcounter
	./scripts/bench-compare.sh $(OLD) ./$(BENCH_DIR)/gcounter

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR) $(BENCH_DIR)

# --- fuzzing and soak (tests/fuzz, tests/soak) ------------------------------
#
#   make fuzz                   every libFuzzer harness, 60s each (clang)
#   FUZZ_SECONDS=10 make fuzz   a shorter run
#   make soak                   10,000 seeds x every strategy, then worlds of
#                               10,000 nodes (gossip, push-pull) and the relay
#                               at 4,096 through faults (Release)
#   make soak SOAK_ARGS="--seed 1234 --strategy gossip"   replay one case
#   make search                 random options and scenario files, the JSON's
#                               invariants checked (SEARCH_SECONDS, 600)
#   make search SEARCH_ARGS="--seed 1234"   the same cases again

FUZZ_DIR     ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
# Coverage for the libraries (the harness links libFuzzer itself); a
# sanitizer report aborts, so libFuzzer keeps the input.
FUZZ_CFLAGS  ?= -O1 -g -fno-omit-frame-pointer \
	-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
SOAK_DIR     ?= build-soak
SOAK_ARGS    ?=
SEARCH_SECONDS ?= 600
SEARCH_ARGS  ?=

.PHONY: fuzz fuzz-build soak soak-build search

fuzz-build:
	@./scripts/deps.sh clang libclang-rt-14-dev
	cmake -S . -B $(FUZZ_DIR) -DCMAKE_C_COMPILER=$(FUZZ_CC) \
		-DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS="$(FUZZ_CFLAGS)" \
		-DGCOUNTER_FUZZ=ON -DGCOUNTER_WERROR=$(WERROR) $(CMAKE_FLAGS)
	cmake --build $(FUZZ_DIR) -j $(JOBS) --target fuzz_all

fuzz: fuzz-build
	./tests/fuzz/run_fuzz.sh $(FUZZ_DIR) $(FUZZ_SECONDS)

soak-build: deps
	cmake -S . -B $(SOAK_DIR) -DCMAKE_BUILD_TYPE=Release \
		-DGCOUNTER_WERROR=$(WERROR) $(CMAKE_FLAGS)
	cmake --build $(SOAK_DIR) -j $(JOBS) --target gcounter_soak \
		gcounter_soak_large

soak: soak-build
	./$(SOAK_DIR)/tests/soak/gcounter_soak $(SOAK_ARGS)
	./$(SOAK_DIR)/tests/soak/gcounter_soak_large

# The search runs the Release binary of the soak build, bounded in time.
search: soak-build
	@./scripts/deps.sh python3
	cmake --build $(SOAK_DIR) -j $(JOBS) --target gcounter
	python3 tests/search/search.py ./$(SOAK_DIR)/gcounter \
		--seconds $(SEARCH_SECONDS) $(SEARCH_ARGS)
