#!/usr/bin/env bash
# Runs every libFuzzer target for SECONDS each and prints executions and crashes per target.
# Usage: fuzz/run_all.sh SECONDS [BUILD_DIR]   (BUILD_DIR defaults to build-fuzz; make fuzz builds it)
# Each target starts from its committed seeds (fuzz/corpus/<target>/, read-only) plus a working
# corpus in BUILD_DIR/fuzz/work/<target>/ that keeps what earlier runs found. Crash, leak, timeout
# and OOM reproducers land in BUILD_DIR/fuzz/artifacts/; replay one with
#   BUILD_DIR/fuzz/<target> BUILD_DIR/fuzz/artifacts/<file>
# Exit status: 0 when no target crashed, 1 otherwise, 2 for a usage or build problem.
set -uo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-}"
build_dir="${2:-build-fuzz}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || ((seconds < 1)); then
  echo "usage: fuzz/run_all.sh SECONDS [BUILD_DIR]" >&2
  exit 2
fi
bin_dir="$build_dir/fuzz"
shopt -s nullglob
targets=()
for src in fuzz/fuzz_*.cc; do targets+=("$(basename "$src" .cc)"); done
for t in "${targets[@]}"; do
  if [[ ! -x "$bin_dir/$t" ]]; then
    echo "run_all: $bin_dir/$t is not built (make fuzz builds $build_dir)" >&2
    exit 2
  fi
done

mkdir -p "$bin_dir/artifacts" "$bin_dir/logs"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
failed=0
total_execs=0
printf '%-24s %12s %10s %8s %8s\n' target executions exec/s corpus crashes
for t in "${targets[@]}"; do
  work="$bin_dir/work/$t"
  mkdir -p "$work"
  log="$bin_dir/logs/$t.log"
  before=$(ls "$bin_dir/artifacts" | grep -c "^$t-" || true)
  dict=()
  [[ -f "fuzz/dict/$t.dict" ]] && dict=(-dict="fuzz/dict/$t.dict")
  "$bin_dir/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
    -print_final_stats=1 -artifact_prefix="$bin_dir/artifacts/$t-" "${dict[@]}" \
    "$work" "fuzz/corpus/$t" >"$log" 2>&1
  status=$?
  after=$(ls "$bin_dir/artifacts" | grep -c "^$t-" || true)
  crashes=$((after - before))
  if ((status != 0 && crashes == 0)); then crashes=1; fi  # died without writing a reproducer
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  corpus=$(ls "$work" | wc -l)
  printf '%-24s %12s %10s %8s %8s\n' "$t" "${execs:-?}" "${rate:-?}" "$corpus" "$crashes"
  total_execs=$((total_execs + ${execs:-0}))
  if ((crashes > 0)); then
    failed=1
    echo "--- $t: last lines of $log" >&2
    grep -E "ERROR|SUMMARY|runtime error|==[0-9]+==|#[0-9]+ 0x" "$log" | head -30 >&2
    ls -t "$bin_dir/artifacts" | grep "^$t-" | head -3 | sed "s|^|    reproducer: $bin_dir/artifacts/|" >&2
  fi
done
echo "fuzz: ${#targets[@]} targets, $total_execs executions, $seconds s each: $( ((failed)) && echo CRASHES FOUND || echo no crashes)"
exit $failed
