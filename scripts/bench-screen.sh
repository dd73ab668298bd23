#!/usr/bin/env bash
# Benchmarks `jiangxin screen` end to end (read, validate, evaluate every program, write):
#
#   scripts/bench-screen.sh [ROWS]        # default 1,000,000 rows
#
# Builds in release mode, generates a deterministic registry of ROWS rows in a temporary
# directory (removed afterwards), screens it five times against every program with the wide
# output written to a new file, and prints rows per second (median of the five runs) and the
# peak resident memory of the process. Also prints the evaluation-only speed of
# `crates/policy/examples/throughput.rs` on one core for comparison.
set -euo pipefail
cd "$(dirname "$0")/.."
# Cargo builds where CARGO_TARGET_DIR says, if set; the binaries are then there too.
target=${CARGO_TARGET_DIR:-target}

rows=${1:-1000000}
runs=5

cargo build --quiet --release --locked -p jiangxin
cargo build --quiet --release --locked -p jiangxin-registry --example gen_registry
cargo build --quiet --release --locked -p jiangxin-policy --example throughput

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$target"/release/examples/gen_registry "$rows" "$work/registry.csv"
size_mb=$(( $(stat -c %s "$work/registry.csv") / 1000000 ))
echo "registry: $rows rows, $size_mb MB, $(nproc) cores"

# Peak RSS in kB of one run of the command given; its wall time in seconds goes to $work/seconds.
peak_kb() {
  local start end
  start=$(date +%s%N)
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f %M -o "$work/time" "$@" 2>/dev/null
    end=$(date +%s%N)
    tail -n 1 "$work/time"
  else
    # No GNU time: the peak of the finished child, from getrusage (kB on Linux).
    python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stderr=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$@"
    end=$(date +%s%N)
  fi
  awk -v ns=$((end - start)) 'BEGIN { printf "%.3f\n", ns / 1e9 }' > "$work/seconds"
}

rates=()
peak=0
for run in $(seq "$runs"); do
  # Each run writes a new file, as a screen does: truncating the last run's 130 MB inside the
  # timed command would charge the kernel's freeing of its pages to the screen (some 50 ms).
  rm -f "$work/out.csv"
  kb=$(peak_kb "$target"/release/jiangxin screen --registry "$work/registry.csv" --out "$work/out.csv")
  seconds=$(cat "$work/seconds")
  rate=$(awk -v r="$rows" -v s="$seconds" 'BEGIN { printf "%d", r / s }')
  echo "run $run: $seconds s, $rate rows/s, peak $((kb / 1024)) MB"
  rates+=("$rate")
  [ "$kb" -gt "$peak" ] && peak=$kb
done
median=$(printf '%s\n' "${rates[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
lines=$(wc -l < "$work/out.csv")
echo "output: $((lines - 1)) rows (+ header)"

evaluation=$("$target"/release/examples/throughput | sed -n 's/.*, \([0-9]*\) rows\/s (all categories).*/\1/p')
echo
echo "rows:                      $rows"
echo "rows/s (median of $runs):     $median"
echo "peak RSS:                  $((peak / 1024)) MB"
echo "evaluation only, one core: $evaluation rows/s (policy throughput example)"
printf 'end to end / evaluation:   %.2f\n' "$(awk -v m="$median" -v e="$evaluation" 'BEGIN { print m / e }')"
