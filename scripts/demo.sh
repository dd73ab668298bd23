#!/usr/bin/env bash
# The demo behind `./x run` with no arguments: the web application on the embedded SQLite
# database with demo units, an account for every role and applications at every stage of every
# seed program (`jiangxin serve --demo`; seeding happens once per database). The log-ins are
# printed at start; open the address it prints in a browser. Stop with Ctrl-C.
#
#   scripts/demo.sh [jiangxin serve arguments...]     e.g. --bind 0.0.0.0:8080
#
# The command-line demo is scripts/demo-cli.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --release --locked -p jiangxin
exec target/release/jiangxin --database-url sqlite://data/demo/jiangxin.db --data-dir data serve --demo "$@"
