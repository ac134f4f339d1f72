# shellcheck shell=bash
# Helpers for the harness self-tests: tiny git repos and result checks.
set -euo pipefail
# The fixtures are of the default base's layout, whatever base the caller
# (make check BASE=...) selected.
unset SCM_BASE CHECK_BASES
HROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SCRIPTS=$HROOT/scripts
export FIXTURES=$HROOT/tests/harness/fixtures
T=${T:?T (test temp dir) not set}
export LOGS=$T/logs PATCHES=$T/patches
mkdir -p "$LOGS"
export GIT_AUTHOR_NAME="scm-waitq developers" GIT_AUTHOR_EMAIL="scm-waitq@example.org"
export GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME" GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL"

_n=0
# commit MSG : commit everything with increasing fixed dates
commit() {
	_n=$((_n + 1))
	GIT_AUTHOR_DATE="@$((1700000000 + _n * 60)) +0000" GIT_COMMITTER_DATE="@$((1700000000 + _n * 60)) +0000" \
		git commit -q -a -m "$1" -m "Body of: $1" -m "Signed-off-by: scm-waitq developers <scm-waitq@example.org>"
}

# mkrepo DIR : repo with tag scm-base and branch scm-waitq checked out
mkrepo() {
	mkdir -p "$1"
	cd "$1"
	git init -q -b main
	printf 'int base(void)\n{\n\treturn 0;\n}\n' >a.c
	git add a.c
	commit "base"
	git tag scm-base
	git checkout -q -b scm-waitq
	git config branch.scm-waitq.description "$(printf 'fake: a test series\n\nThis is the cover letter body.\nSecond line.')"
}

# export_to DIR : patches of the current repo (make export's code)
export_to() { "$SCRIPTS/export.sh" "$PWD" "$1" >/dev/null 2>&1; }

# expect_line OUTPUT REGEX : OUTPUT must contain a line matching REGEX
expect_line() {
	if ! grep -qE "$2" <<<"$1"; then
		echo "expected a line matching /$2/, got:"
		printf '%s\n' "$1" | tail -n 5
		return 1
	fi
}

# checkpatch_dir: a directory with scripts/checkpatch.pl (+ its data files),
# taken from the gate tree or workspace, else extracted from the tarball.
checkpatch_dir() {
	local d
	for d in "$HROOT/build/gate-tree" "$HROOT/build/linux" "$HROOT/build/harness-checkpatch"; do
		[[ -f $d/scripts/checkpatch.pl && -f $d/scripts/spelling.txt ]] && { echo "$d"; return; }
	done
	d=$HROOT/build/harness-checkpatch
	mkdir -p "$d"
	tar -xJf /usr/src/linux-source-6.1.tar.xz -C "$d" --strip-components=1 \
		linux-source-6.1/scripts/checkpatch.pl linux-source-6.1/scripts/spelling.txt \
		linux-source-6.1/scripts/const_structs.checkpatch >&2
	echo "$d"
}
