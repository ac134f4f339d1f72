#!/usr/bin/env bash
# Kernel trees made from the Debian tarball plus the series.
#
#   tree.sh base DIR          DIR = fresh base repo, HEAD detached at scm-base
#   tree.sh apply DIR [PDIR]  base + git am of PDIR (default patches/) on branch
#   tree.sh am DIR [PDIR]     git am of PDIR on DIR's existing tag scm-base
#   tree.sh workspace         make tree: (re)create build/linux safely (FORCE=1)
#
# The base commit is reproducible: fixed identity, dates = mtime of the
# tarball's Makefile, .gitignore's Debian block removed, `git add -A -f`.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tarball_id() {
	local ver
	ver=$(dpkg-query -W -f '${Version}' "$BASE_PACKAGE" 2>/dev/null || echo unknown)
	printf 'tarball=%s size=%s mtime=%s pkg=%s\n' "$BASE_TARBALL" \
		"$(stat -c %s "$BASE_TARBALL")" "$(stat -c %Y "$BASE_TARBALL")" "$ver"
}

# Does the installed package match config/bases/$SCM_BASE.conf?  Prints the reason.
version_mismatch() {
	local dir=$1 sub ver
	ver=$(dpkg-query -W -f '${Version}' "$BASE_PACKAGE" 2>/dev/null || echo unknown)
	sub=$(sed -n 's/^SUBLEVEL = //p' "$dir/Makefile")
	if [[ $ver != "$BASE_DEBIAN_VERSION" || $sub != "$BASE_SUBLEVEL" ]]; then
		printf 'installed %s %s (Linux %s.%s.%s) differs from config/bases/%s.conf: %s (Linux %s.%s.%s)' \
			"$BASE_PACKAGE" "$ver" "$BASE_VERSION" "$BASE_PATCHLEVEL" "$sub" "$SCM_BASE" \
			"$BASE_DEBIAN_VERSION" "$BASE_VERSION" "$BASE_PATCHLEVEL" "$BASE_SUBLEVEL"
		return 0
	fi
	return 1
}

create_base() {
	local dir=$1 t0 mtime tmp
	[[ -f $BASE_TARBALL ]] || die "$BASE_TARBALL missing: run 'make deps' (installs $BASE_PACKAGE)"
	t0=$(_now)
	step "creating base tree $dir from $BASE_TARBALL (~35 s)"
	rm -rf "$dir"
	tmp=$dir.tmp.$$
	rm -rf "$tmp"
	mkdir -p "$tmp"
	info "extracting tarball"
	tar -xJf "$BASE_TARBALL" -C "$tmp" --strip-components=1
	# Drop the Debian packaging block at the end of .gitignore ("/*" would
	# ignore every new file).
	awk 'BEGIN{cut=0} { line[NR]=$0 } END {
		n=NR
		for (i=1;i<n;i++) if (line[i]=="#" && line[i+1] ~ /^# Debian packaging: ignore everything at the top level/) { n=i-1; break }
		for (i=1;i<=n;i++) print line[i] }' "$tmp/.gitignore" >"$tmp/.gitignore.new"
	mv "$tmp/.gitignore.new" "$tmp/.gitignore"
	mtime=$(stat -c %Y "$tmp/Makefile")
	local mm=""
	if mm=$(version_mismatch "$tmp"); then
		warn "$mm"
		warn "the series will be applied with 'git am -3'; after rebasing update config/bases/$SCM_BASE.conf"
	fi
	info "git add -A -f (~25 s)"
	(
		cd "$tmp"
		git init -q
		git config gc.auto 0
		git_identity_env
		export GIT_AUTHOR_DATE="@$mtime +0000" GIT_COMMITTER_DATE="@$mtime +0000"
		git add -A -f
		git commit -q --no-verify \
			-m "Linux ${BASE_VERSION}.${BASE_PATCHLEVEL}.$(sed -n 's/^SUBLEVEL = //p' Makefile) (Debian $BASE_PACKAGE $(dpkg-query -W -f '${Version}' "$BASE_PACKAGE" 2>/dev/null || echo unknown))"
		git tag -f "$BASE_TAG" >/dev/null
	)
	tarball_id >"$tmp/.git/scm-waitq-stamp"
	[[ -n $mm ]] && echo "mismatch=1" >>"$tmp/.git/scm-waitq-stamp"
	mv "$tmp" "$dir"
	info "base $(git -C "$dir" rev-parse --short "$BASE_TAG") tree $(git -C "$dir" rev-parse "$BASE_TAG^{tree}") ($(fmt_secs $(($(_now) - t0))))"
	if [[ -z $BASE_TREE ]]; then
		info "tip: set BASE_TREE=$(git -C "$dir" rev-parse "$BASE_TAG^{tree}") in config/bases/$SCM_BASE.conf"
	elif [[ -z $mm && $BASE_TREE != "$(git -C "$dir" rev-parse "$BASE_TAG^{tree}")" ]]; then
		warn "base tree differs from BASE_TREE in config/bases/$SCM_BASE.conf"
	fi
}

# ensure_base DIR: reuse DIR if it was made from the same tarball.
ensure_base() {
	local dir=$1
	if [[ -d $dir/.git && -f $dir/.git/scm-waitq-stamp ]] &&
		git -C "$dir" rev-parse -q --verify "refs/tags/$BASE_TAG" >/dev/null &&
		[[ $(head -n 1 "$dir/.git/scm-waitq-stamp") == "$(tarball_id)" ]]; then
		step "resetting $dir to $BASE_TAG (reusing extracted base)"
		git -C "$dir" am --abort >/dev/null 2>&1 || true
		git -C "$dir" checkout -q -f --detach "$BASE_TAG"
		git -C "$dir" clean -q -f -d -x
		return 0
	fi
	create_base "$dir"
	git -C "$dir" checkout -q -f --detach "$BASE_TAG"
}

# apply_series DIR PATCHDIR: branch BRANCH = scm-base + git am of PATCHDIR.
apply_series() {
	local dir=$1 pdir=$2 am_opts=(--committer-date-is-author-date) p n=0
	mapfile -t plist < <(series_patches "$pdir")
	if grep -q '^mismatch=1' "$dir/.git/scm-waitq-stamp" 2>/dev/null; then
		am_opts+=(-3)
		warn "installed base differs from config/bases/$SCM_BASE.conf: applying with git am -3"
	fi
	git -C "$dir" checkout -q -f -B "$BRANCH" "$BASE_TAG"
	# Branch description from the cover letter.
	if [[ -f $pdir/0000-cover-letter.patch ]]; then
		"$SCRIPTS/cover.sh" description "$pdir/0000-cover-letter.patch" >"$dir/.git/scm-waitq-description"
		git -C "$dir" config "branch.$BRANCH.description" "$(cat "$dir/.git/scm-waitq-description")"
	fi
	step "applying ${#plist[@]} patch(es) from $pdir"
	git_identity_env
	for p in "${plist[@]}"; do
		n=$((n + 1))
		if ! git -C "$dir" am -q "${am_opts[@]}" "$p" >"$dir/.git/scm-waitq-am.log" 2>&1; then
			sed 's/^/        | /' "$dir/.git/scm-waitq-am.log" >&2
			git -C "$dir" am --abort >/dev/null 2>&1 || true
			patch_name "$p" >"$dir/.git/scm-waitq-failed-patch"
			die "patch $n $(patch_name "$p") does not apply to $BASE_TAG; fix it in the workspace (make tree stops here too) and re-export"
		fi
	done
	rm -f "$dir/.git/scm-waitq-failed-patch"
	info "$BRANCH at $(git -C "$dir" rev-parse --short HEAD): ${#plist[@]} patch(es) applied"
}

# workspace_check: refuse to recreate build/linux if it holds work that
# patches/ does not have.  Prints the reasons; returns 1 if unsafe.
workspace_check() {
	local ws=$1 pdir=$2 unsafe=0 br c pid subj
	[[ -d $ws/.git ]] || return 0
	if [[ -n $(git -C "$ws" status --porcelain 2>/dev/null | head -n 5) ]]; then
		echo "  - $ws has uncommitted changes (git -C $ws status)"
		unsafe=1
	fi
	if [[ -n $(git -C "$ws" stash list 2>/dev/null | head -n 1) ]]; then
		echo "  - $ws has stashed changes (git -C $ws stash list)"
		unsafe=1
	fi
	if [[ -d $ws/.git/rebase-apply || -d $ws/.git/rebase-merge ]]; then
		echo "  - $ws has a git am/rebase in progress"
		unsafe=1
	fi
	git -C "$ws" rev-parse -q --verify "refs/tags/$BASE_TAG" >/dev/null || {
		echo "  - $ws has no tag $BASE_TAG"
		return 1
	}
	# Patch ids and subjects of what patches/ contains.
	local known
	known=$(mktemp)
	local p
	while IFS= read -r p; do
		git patch-id --stable <"$p" | awk '{print $1}' >>"$known"
	done < <(series_patches "$pdir")
	while IFS= read -r br; do
		while IFS= read -r c; do
			pid=$(git -C "$ws" show "$c" | git patch-id --stable | awk '{print $1}')
			[[ -z $pid ]] && pid=empty-$c
			if ! grep -qx "$pid" "$known"; then
				subj=$(git -C "$ws" log -1 --format=%s "$c")
				echo "  - branch $br: commit ${c:0:12} \"$subj\" is not in $pdir (run 'make export' first)"
				unsafe=1
			fi
		done < <(git -C "$ws" rev-list "$BASE_TAG..refs/heads/$br")
	done < <(git -C "$ws" for-each-ref --format='%(refname:short)' refs/heads/)
	rm -f "$known"
	return $unsafe
}

cmd=${1:-}
case $cmd in
base)
	ensure_base "${2:?dir}"
	;;
apply)
	ensure_base "${2:?dir}"
	apply_series "$2" "${3:-$PATCHES}"
	;;
am)
	# apply only: DIR must already have tag scm-base (self-tests use this)
	apply_series "${2:?dir}" "${3:-$PATCHES}"
	;;
workspace)
	if [[ -d $WORKSPACE ]]; then
		if ! reasons=$(workspace_check "$WORKSPACE" "$PATCHES"); then
			if [[ ${FORCE:-0} == 1 ]]; then
				warn "FORCE=1: discarding work in $WORKSPACE:"
				printf '%s\n' "$reasons" >&2
			else
				printf '%s\n' "$reasons" >&2
				die "refusing to recreate $WORKSPACE: it holds work that patches/ lacks. Run 'make export' (and commit patches/), or 'make tree FORCE=1' to discard it."
			fi
		fi
		# Only reuse the repo when it is one of ours (stamped); otherwise
		# start from the tarball so that the base sha is the reproducible one.
		if [[ ! -f $WORKSPACE/.git/scm-waitq-stamp ]]; then
			info "$WORKSPACE was not made by these scripts: recreating it from the tarball"
			rm -rf "$WORKSPACE"
		fi
	fi
	ensure_base "$WORKSPACE"
	apply_series "$WORKSPACE" "$PATCHES"
	step "workspace ready: $WORKSPACE on branch $BRANCH (edit, commit, then 'make export')"
	;;
*)
	echo "usage: $0 base DIR | apply DIR [PATCHDIR] | am DIR [PATCHDIR] | workspace" >&2
	exit 2
	;;
esac
