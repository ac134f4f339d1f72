#!/usr/bin/env bash
# Cover letter <-> branch description.
#
#   cover.sh description COVER   print the branch description that produced
#                                COVER: subject (without "[PATCH 0/N]") and
#                                the body up to the shortlog
#   cover.sh date SRC RANGE      print the stable Date for the cover letter:
#                                the newest author date of the commits in RANGE
set -euo pipefail

case ${1:-} in
description)
	awk '
	BEGIN { inhdr = 1; subj = ""; insubj = 0; nb = 0 }
	inhdr {
		if ($0 == "") { inhdr = 0; next }
		if (insubj && $0 ~ /^[ \t]/) { sub(/^[ \t]+/, " "); subj = subj $0; next }
		insubj = 0
		if ($0 ~ /^Subject: /) { subj = substr($0, 10); insubj = 1 }
		next
	}
	# shortlog: "Author Name (N):" followed by indented subjects
	/^[^ ].* \([0-9]+\):$/ { done = 1 }
	done { next }
	{ body[++nb] = $0 }
	END {
		sub(/^(\[[^]]*\] *)+/, "", subj)
		while (nb > 0 && body[nb] == "") nb--
		printf "%s\n", subj
		if (nb > 0) { printf "\n"; for (i = 1; i <= nb; i++) print body[i] }
	}' "${2:?cover letter}"
	;;
date)
	git -C "${2:?src}" log --format='%at %aD' "${3:?range}" | sort -n -k1,1 | tail -n 1 | cut -d' ' -f2-
	;;
*)
	echo "usage: $0 description COVER | date SRC RANGE" >&2
	exit 2
	;;
esac
