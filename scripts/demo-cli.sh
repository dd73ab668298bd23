#!/usr/bin/env bash
# The command-line demo: the released binary answering the questions a bureau officer asks most,
# on the built-in data. (`./x run` with no arguments starts the web demo, scripts/demo.sh.)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --release --locked -p jiangxin
bin=target/release/jiangxin
show() {
  printf '\n$ jiangxin %s\n' "$*"
  "$bin" "$@" || true
}
show id 11010519491231002X
show id 210282197001011235
show uscc 91350100M000100Y43
show workdays add 2025-09-26 5
show workdays add --calendar 2025-09-26 7
show workdays between 2025-01-01 2025-12-31
show workdays day 2025-09-28
show workdays add 2026-12-25 5
show retirement 1970-05-20 女 --category cadre --on 2026-11-22
show retirement 1965-03-10 男 --on 2026-11-22
show check --program dalian-high-skill-2021 --category cultivated \
  --facts examples/facts/high-skill-remote.json --set salary_subsidy_cultivated=100000
printf '\n更多用法 / more: %s --help\n' "$bin"
