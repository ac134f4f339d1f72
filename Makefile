# scm-waitq: harness around the Qualcomm SCM wait-queue series for Linux 6.1.
# `make` = set up + build + demo; `make check` = every gate.  See README.md.

SHELL := /bin/bash
S := scripts
G := scripts/gates

.PHONY: all demo deps tree export check lint checkpatch kerneldoc apply roundtrip \
	warnings dt kunit kunit-debug bisect users model fakefw e2e matrix bench harness-test \
	shellcheck clean help

all: deps
	@$(S)/demo.sh

demo: deps
	@$(S)/demo.sh

help:
	@echo "make              deps, workspace, e2e kernel; boots it on fakefw in both deployments (hyp-multi, nohyp-multi), prints the table"; \
	echo "make check        harness self-tests + every gate; last line N passed, N failed"; \
	echo "make deps         Debian packages of config/packages (apt-get, as root or via sudo)"; \
	echo "make tree         build/linux = base tarball + git am patches/ (FORCE=1 discards local work)"; \
	echo "make export       build/linux's series -> patches/ (cover letter from the branch description)"; \
	echo "make apply|roundtrip|checkpatch|kerneldoc|warnings|dt|bisect|kunit|kunit-debug|users|model|fakefw|e2e|matrix"; \
	echo "                  one gate (README.md, Gates: what each checks)"; \
	echo "make bench        benchmarks (build/bench/results.md); QUICK=1: the short run of make check"; \
	echo "make harness-test|shellcheck|clean"

deps:
	@$(S)/deps.sh

## tree: fresh base + git am of patches/ in build/linux (FORCE=1 discards work)
tree: deps
	@$(S)/tree.sh workspace

## export: build/linux's series -> patches/
export:
	@$(S)/export.sh

check: deps
	@$(S)/check.sh

lint checkpatch: deps
	@$(S)/check.sh checkpatch

## kerneldoc: kernel-doc -none and missing kernel-doc on each patch's files
kerneldoc: deps
	@$(S)/check.sh kerneldoc

apply: deps
	@$(S)/check.sh apply

roundtrip: deps
	@$(S)/check.sh export

warnings: deps
	@$(S)/check.sh warnings

dt: deps
	@$(S)/check.sh dt

kunit: deps
	@$(S)/check.sh kunit

kunit-debug: deps
	@$(S)/check.sh kunit-debug

bisect: deps
	@$(S)/check.sh bisect

users: deps
	@$(S)/check.sh users

## model: spin proves model/waitq.pml and catches every mutant
model: deps
	@$(S)/check.sh model

## fakefw: the fake TrustZone's host tests and QEMU smoke boots
fakefw: deps
	@$(S)/check.sh fakefw

## e2e: the patched kernel booted on fakefw in every scenario of e2e/scenarios
e2e: deps
	@$(S)/check.sh e2e

## matrix: KUnit + e2e, then the bad-firmware matrix (MATRIX_UPDATE_DOCS=1 rewrites docs/bad-firmware-matrix.md)
matrix: deps
	@$(S)/check.sh kunit kunit-debug e2e matrix

## bench: benchmarks of the series (build/bench: results.json, results.md, throughput.png); QUICK=1: short run
bench: deps
	@bench/run.sh $(if $(QUICK),--quick)

harness-test:
	@$(S)/check.sh harness

shellcheck:
	@shellcheck -x -e SC1090,SC1091 $(S)/*.sh $(G)/*.sh tests/harness/*.sh .ci/run e2e/run.sh bench/run.sh

## clean: build outputs and logs (not the workspace build/linux, not ccache)
clean:
	rm -rf build/out build/logs
