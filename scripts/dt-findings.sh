#!/usr/bin/env bash
# dt-validate findings of a dtbs_check log, one a line, with the source and
# output tree prefixes removed so that base and patched logs compare.
#   dt-findings.sh LOG SRC OUT
set -euo pipefail
log=$1 src=$(realpath -m "$2") out=$(realpath -m "$3")
# "<out>/arch/.../board.dtb: <node>: <message>"
grep -E '\.dtb: ' "$log" | sed -E -e "s|$src/||g" -e "s|$out/||g" || true
