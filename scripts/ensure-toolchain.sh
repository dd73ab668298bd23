#!/usr/bin/env bash
# Fails early, in one clear line, when the pinned Rust toolchain is not usable here.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v cargo >/dev/null 2>&1; then
  echo "错误：未找到 cargo，请先安装 Rust 工具链（rustup）。 (cargo not found: install Rust with rustup)" >&2
  exit 1
fi
if ! cargo --version >/dev/null 2>&1; then
  echo "错误：rust-toolchain.toml 指定的工具链不可用。 (the toolchain pinned in rust-toolchain.toml is not installed)" >&2
  exit 1
fi
