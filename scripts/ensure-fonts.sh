#!/usr/bin/env bash
# Makes sure the CJK fonts the PDF documents are set in are on disk: Debian's fonts-noto-cjk
# (Noto Serif CJK for the forms' 宋体, Noto Sans CJK for headings). jiangxin loads them from
# /usr/share/fonts/opentype/noto when it starts and refuses to render without them.
#
# Idempotent: apt-get runs only when a font file is missing.
set -euo pipefail

FONTS_DIR=/usr/share/fonts/opentype/noto
say() { echo "ensure-fonts: $*"; }

have_fonts() {
  [ -f "$FONTS_DIR/NotoSerifCJK-Regular.ttc" ] && [ -f "$FONTS_DIR/NotoSansCJK-Regular.ttc" ]
}

if have_fonts; then
  say "Noto CJK fonts are installed in $FONTS_DIR"
  exit 0
fi

say "installing fonts-noto-cjk with apt-get"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends fonts-noto-cjk >/dev/null
if ! have_fonts; then
  say "错误：安装 fonts-noto-cjk 后仍找不到 $FONTS_DIR 中的字体（no Noto CJK fonts in $FONTS_DIR after installing）" >&2
  exit 1
fi
say "installed fonts-noto-cjk"
