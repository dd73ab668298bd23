#!/usr/bin/env bash
# Makes sure Debian's headless Chromium and its WebDriver are installed, for the browser tests
# of crates/web (tests/e2e). Nothing is downloaded but Debian packages: no browser builds.
#
#   chromium and chromedriver on PATH -> say so
#   either missing                    -> apt-get install chromium chromium-driver (and CJK fonts,
#                                        so that screenshots of the Chinese pages are legible)
#
# Idempotent: on a machine that is already set up it only says so.
set -euo pipefail

say() { echo "ensure-chromium: $*"; }

have() { command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; }

if have && fc-list 2>/dev/null | grep -qi "cjk\|wqy"; then
  say "chromium $(chromium --version 2>/dev/null | awk '{print $2}') and chromedriver are installed"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  say "错误：需要 root 权限安装 chromium 与 chromium-driver（run as root to install chromium and chromium-driver）" >&2
  exit 1
fi
say "installing chromium, chromium-driver and CJK fonts with apt-get"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null
if ! have; then
  say "错误：安装后仍找不到 chromium 或 chromedriver（chromium or chromedriver missing after installing）" >&2
  exit 1
fi
say "chromium $(chromium --version 2>/dev/null | awk '{print $2}') and chromedriver are installed"
