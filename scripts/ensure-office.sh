#!/usr/bin/env bash
# Makes sure the readers the document tests check their output with are installed:
#   pdftotext, pdftoppm                  <- poppler-utils
#   libreoffice --headless --convert-to  <- libreoffice-calc-nogui (the spreadsheet alone,
#                                           without a desktop or Java)
#
# Idempotent: apt-get runs only for what is missing.
set -euo pipefail

say() { echo "ensure-office: $*"; }

missing=()
command -v pdftotext >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 \
  || missing+=(poppler-utils)
command -v libreoffice >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui)

if [ ${#missing[@]} -eq 0 ]; then
  say "poppler-utils and LibreOffice Calc are installed"
  exit 0
fi

say "installing ${missing[*]} with apt-get"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
for tool in pdftotext pdftoppm libreoffice; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    say "错误：安装后仍找不到 $tool（$tool is still missing after installing）" >&2
    exit 1
  fi
done
say "installed ${missing[*]}"
