#!/usr/bin/env bash
# Benchmarks `jiangxin screen` end to end (read, validate, evaluate every program, write):
#
#   scripts/bench-screen.sh [ROWS] [--pgo]       # default 1,000,000 rows
#
# Builds in release mode, generates a deterministic registry of ROWS rows in a temporary
# directory (removed afterwards), screens it five times against every program with the wide
# output written to a new file, and prints rows per second (median of the five runs) and the
# peak resident memory of the process. Also prints the evaluation-only speed of
# `crates/policy/examples/throughput.rs` on one core for comparison.
#
# With --pgo it also builds the profile-guided binary (scripts/build-pgo.sh; the first time
# some 30 minutes on two cores), screens with both binaries in turn (plain, PGO, plain, ...) so
# that both see the same state of a noisy machine, checks that their outputs are identical, and
# prints both medians and their ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
# Cargo builds where CARGO_TARGET_DIR says, if set; the binaries are then there too.
target=${CARGO_TARGET_DIR:-target}

rows=1000000
pgo=
for arg in "$@"; do
  case $arg in
    --pgo) pgo=1 ;;
    *) rows=$arg ;;
  esac
done
runs=5

cargo build --quiet --release --locked -p jiangxin
cargo build --quiet --release --locked -p jiangxin-registry --example gen_registry
cargo build --quiet --release --locked -p jiangxin-policy --example throughput
binaries=("$target/release/jiangxin")
labels=(plain)
if [ -n "$pgo" ]; then
  pgo_binary=$(scripts/build-pgo.sh | tail -n 1)
  binaries+=("$pgo_binary")
  labels+=(PGO)
fi

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

declare -A rates peaks
for run in $(seq "$runs"); do
  for b in "${!binaries[@]}"; do
    # Each run writes a new file, as a screen does: truncating the last run's 130 MB inside the
    # timed command would charge the kernel's freeing of its pages to the screen (some 50 ms).
    rm -f "$work/out-$b.csv"
    kb=$(peak_kb "${binaries[$b]}" screen --registry "$work/registry.csv" --out "$work/out-$b.csv")
    seconds=$(cat "$work/seconds")
    rate=$(awk -v r="$rows" -v s="$seconds" 'BEGIN { printf "%d", r / s }')
    echo "run $run, ${labels[$b]}: $seconds s, $rate rows/s, peak $((kb / 1024)) MB"
    rates[$b]="${rates[$b]:-} $rate"
    [ "$kb" -gt "${peaks[$b]:-0}" ] && peaks[$b]=$kb
  done
done
median_of() { printf '%s\n' $1 | sort -n | sed -n "$(( (runs + 1) / 2 ))p"; }
lines=$(wc -l < "$work/out-0.csv")
echo "output: $((lines - 1)) rows (+ header)"
if [ -n "$pgo" ]; then
  cmp -s "$work/out-0.csv" "$work/out-1.csv" && echo "PGO output: identical to the plain build's" || {
    echo "错误：PGO 构建的输出与普通构建不同（the PGO build's output differs）" >&2
    exit 1
  }
fi

evaluation=$("$target"/release/examples/throughput | sed -n 's/.*, \([0-9]*\) rows\/s (all categories).*/\1/p')
echo
median=$(median_of "${rates[0]}")
echo "rows:                      $rows"
echo "rows/s (median of $runs):     $median"
echo "peak RSS:                  $((peaks[0] / 1024)) MB"
echo "evaluation only, one core: $evaluation rows/s (policy throughput example)"
printf 'end to end / evaluation:   %.2f\n' "$(awk -v m="$median" -v e="$evaluation" 'BEGIN { print m / e }')"
if [ -n "$pgo" ]; then
  pgo_median=$(median_of "${rates[1]}")
  echo "PGO rows/s (median of $runs): $pgo_median"
  echo "PGO peak RSS:              $((peaks[1] / 1024)) MB"
  printf 'PGO / plain:               %.3f\n' "$(awk -v p="$pgo_median" -v m="$median" 'BEGIN { print p / m }')"
fi
