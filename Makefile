# scm-waitq: harness around the Qualcomm SCM wait-queue series for Linux 6.1
# and 6.12.
# `make` = set up + build + demo; `make check` = every gate.  See README.md.

SHELL := /bin/bash
S := scripts
G := scripts/gates

# BASE=6.12 (a name of config/bases/): one base for tree, export and the
# gates; without it the gates run on every base and tree/export act on the
# first (6.1).
ifneq ($(BASE),)
export SCM_BASE := $(BASE)
export CHECK_BASES := $(BASE)
endif

.PHONY: all demo deps tree export check lint checkpatch kerneldoc apply roundtrip \
	warnings dt kunit kunit-debug bisect users model fakefw e2e matrix bench harness-test \
	shellcheck clean help

all: deps
	@$(S)/demo.sh

demo: deps
	@$(S)/demo.sh

help:
	@echo "Bases: $$(. config/base.conf && echo $$BASES) (config/bases/); BASE=<base> picks one, else tree/export act on 6.1 and the gates run on every base"; \
	echo "make              deps, each base's workspace and e2e kernel; boots both patched kernels on fakefw in both deployments (hyp-multi, nohyp-multi), prints one table"; \
	echo "make check        harness self-tests, model, fakefw, then every gate of each base (GATE@BASE); last line N passed, N failed"; \
	echo "make deps         Debian packages of config/packages (apt-get, as root or via sudo)"; \
	echo "make tree         workspace build/linux (BASE=6.12: build/linux-6.12) = base tarball + git am of its patch dir (FORCE=1 discards local work)"; \
	echo "make export       the workspace's series -> patches/ (BASE=6.12: patches-6.12/), cover letter from the branch description"; \
	echo "make apply|roundtrip|checkpatch|kerneldoc|warnings|dt|bisect|kunit|kunit-debug|users|e2e|matrix"; \
	echo "                  one gate, on every base or on BASE (README.md, Gates: what each checks)"; \
	echo "make model|fakefw the two gates that do not depend on a base"; \
	echo "make bench        benchmarks (build/bench/results.md); QUICK=1: the short run of make check; BASE=6.12: the series vs 6.12's own driver"; \
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
	@shellcheck -x -e SC1090,SC1091 $(S)/*.sh $(G)/*.sh tests/harness/*.sh .ci/run e2e/run.sh bench/run.sh bench/run-6.12.sh

## clean: build outputs and logs (not the workspaces build/linux*, not ccache)
clean:
	rm -rf build/out build/logs build/out-* build/logs-*
