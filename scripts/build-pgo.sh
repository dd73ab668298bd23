#!/usr/bin/env bash
# Builds the release binary with profile-guided optimisation (PGO), for bureaus that screen large
# registries:
#
#   scripts/build-pgo.sh        # prints the path of the optimised binary on its last line
#
# Three steps, as rustc's own release builds do: a build instrumented to count how often each
# branch and call is taken; a training run of that build screening a generated registry (the
# default wide output, and the long output on a smaller one, so both paths are laid out for what
# they do); and a build that uses the counts to lay out and inline the hot paths. The optimised
# binary behaves exactly as the plain one (the same source; only code layout and inlining differ),
# and the test suite runs on the plain build.
#
# The counts are merged by llvm-profdata of the same LLVM major version as rustc's; the script
# installs Debian's llvm-N package when it is missing. Each build has its own target directory
# (RUSTFLAGS differ), so a first run compiles everything twice.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
say() { echo "build-pgo: $*" >&2; }

llvm_major=$(rustc -vV | sed -n 's/^LLVM version: \([0-9]*\).*/\1/p')
profdata=/usr/lib/llvm-$llvm_major/bin/llvm-profdata
if [ ! -x "$profdata" ]; then
  say "installing llvm-$llvm_major (llvm-profdata for rustc's LLVM $llvm_major) with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "llvm-$llvm_major" >/dev/null
fi
if [ ! -x "$profdata" ]; then
  say "错误：找不到 $profdata（no llvm-profdata for LLVM $llvm_major）" >&2
  exit 1
fi

profiles=$(realpath -m "$target/pgo-profiles")
merged=$profiles/merged.profdata
instrumented=$target/pgo-generate/release/jiangxin

say "1/3 instrumented build"
# Build scripts and proc macros are instrumented too and write their counts when they run; they
# go to build/, apart from the training run's.
CARGO_TARGET_DIR="$target/pgo-generate" RUSTFLAGS="-Cprofile-generate=$profiles/build" \
  cargo build --quiet --release --locked -p jiangxin
cargo build --quiet --release --locked -p jiangxin-registry --example gen_registry

# Trained again only when the instrumented binary changed: rustc records the profile as an input,
# so a new one (and the counts of the threads' waiting differ from run to run) rebuilds every
# crate of the optimised build.
if [ -f "$merged" ] && [ "$merged" -nt "$instrumented" ]; then
  say "2/3 training run: the profile is up to date"
else
  say "2/3 training run"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  "$target"/release/examples/gen_registry 300000 "$work/registry.csv"
  head -n 20001 "$work/registry.csv" > "$work/small.csv"
  rm -rf "$profiles/training"
  export LLVM_PROFILE_FILE="$profiles/training/%p-%m.profraw"
  # The screens' summaries go to a log, shown only when a screen fails.
  train() {
    "$instrumented" screen "$@" 2>"$work/train.log" || {
      cat "$work/train.log" >&2
      say "错误：训练筛查失败（the training screen failed）"
      exit 1
    }
  }
  train --registry "$work/registry.csv" --out "$work/wide.csv"
  train --registry "$work/small.csv" --long --out "$work/long.csv" --rejects "$work/rejects.csv"
  unset LLVM_PROFILE_FILE
  "$profdata" merge -o "$merged" "$profiles"/training/*.profraw
fi

say "3/3 optimised build"
CARGO_TARGET_DIR="$target/pgo-use" \
  RUSTFLAGS="-Cprofile-use=$merged" \
  cargo build --quiet --release --locked -p jiangxin
echo "$target/pgo-use/release/jiangxin"
