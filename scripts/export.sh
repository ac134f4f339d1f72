#!/usr/bin/env bash
# make export: write the series of SRC (default build/linux, branch
# scm-waitq) to OUTDIR (default patches/) with a stable cover letter.
#
#   export.sh [SRC [OUTDIR]]
#
# Cover letter subject+body come from the branch description; its Date is
# kept from the existing cover letter (or is the newest author date of the
# series when there is none), so that import + export is a no-op.
# Patch files no longer in the series are removed.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

src=${1:-$WORKSPACE}
outdir=${2:-$PATCHES}
[[ -d $src/.git ]] || die "$src is not a git tree: run 'make tree' first"
git -C "$src" rev-parse -q --verify "refs/heads/$BRANCH" >/dev/null ||
	die "$src has no branch $BRANCH: run 'make tree'"
git -C "$src" rev-parse -q --verify "refs/tags/$BASE_TAG" >/dev/null ||
	die "$src has no tag $BASE_TAG: run 'make tree'"
range="$BASE_TAG..$BRANCH"
n=$(git -C "$src" rev-list --count "$range")
((n > 0)) || die "no commits in $range: nothing to export"
desc=$(git -C "$src" config "branch.$BRANCH.description" || true)
[[ -n $desc ]] || die "branch $BRANCH has no description (cover letter text): git -C $src branch --edit-description $BRANCH"
if [[ -n $(git -C "$src" status --porcelain --untracked-files=no) ]]; then
	warn "$src has uncommitted changes; they are not exported"
fi

git_identity_env
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
step "exporting $n commit(s) of $src $range to $outdir"
git -C "$src" -c core.abbrev=9 format-patch -q --zero-commit --cover-letter \
	--cover-from-description=subject --subject-prefix="${SUBJECT_PREFIX:-PATCH}" \
	-o "$tmp" "$range" >/dev/null
# Stable cover-letter date: keep the one of the existing cover letter
# (COVER_DATE_FROM, default OUTDIR's), else the newest author date.
cover_from=${COVER_DATE_FROM:-$outdir/0000-cover-letter.patch}
cdate=""
[[ -f $cover_from ]] && cdate=$(sed -n '0,/^Date: /s/^Date: //p' "$cover_from" | head -n 1)
[[ -n $cdate ]] || cdate=$("$SCRIPTS/cover.sh" date "$src" "$range")
# Only the first Date: header (the cover letter's own) is replaced.
sed -i "0,/^Date: /s/^Date: .*/Date: $cdate/" "$tmp/0000-cover-letter.patch"

mkdir -p "$outdir"
changed=0
for f in "$outdir"/*.patch; do
	[[ -e $f ]] || continue
	if [[ ! -e $tmp/$(basename "$f") ]]; then
		info "removing stale $(basename "$f")"
		rm -f "$f"
		changed=1
	fi
done
for f in "$tmp"/*.patch; do
	if ! cmp -s "$f" "$outdir/$(basename "$f")"; then
		info "writing $(basename "$f")"
		cp "$f" "$outdir/"
		changed=1
	fi
done
if ((changed)); then
	info "patches updated; review with 'git -C $ROOT diff -- patches' and commit them"
else
	info "patches unchanged"
fi
