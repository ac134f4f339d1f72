#!/usr/bin/env bash
# Install the Debian packages listed in config/packages that are missing.
# apt-get update runs once, only when something is missing.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

mapfile -t want < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$CONFIG/packages")
missing=()
for p in "${want[@]}"; do
	if [[ $(dpkg-query -W -f '${db:Status-Status}' "$p" 2>/dev/null) != installed ]]; then
		missing+=("$p")
	fi
done
if ((${#missing[@]} == 0)); then
	info "deps: all ${#want[@]} packages installed"
	exit 0
fi
step "installing ${#missing[@]} missing package(s): ${missing[*]}"
SUDO=()
if [[ $(id -u) != 0 ]]; then
	command -v sudo >/dev/null || die "not root and no sudo: install as root: apt-get install ${missing[*]}"
	SUDO=(sudo -n)
fi
export DEBIAN_FRONTEND=noninteractive
run_logged "$LOGS/deps-apt-update.log" "${SUDO[@]}" apt-get update ||
	die "apt-get update failed (network? see $LOGS/deps-apt-update.log)"
run_logged "$LOGS/deps-apt-install.log" "${SUDO[@]}" apt-get install -y --no-install-recommends "${missing[@]}" ||
	die "apt-get install failed: see $LOGS/deps-apt-install.log"
info "deps: installed ${missing[*]}"
