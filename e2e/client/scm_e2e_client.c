// SPDX-License-Identifier: GPL-2.0
/*
 * End-to-end client of the Qualcomm SCM driver: a KUnit suite, built out of
 * tree, that drives qcom_scm's exported API from several kthreads against
 * the fake TrustZone (fakefw) under QEMU, across a real SMC boundary.
 *
 * fakefw models each PAS peripheral as a secure resource that stays busy
 * for a while after qcom_scm_pas_auth_and_reset() (the peripheral "boots").
 * A second caller for the same peripheral is answered WAITQ_SLEEP and must
 * be woken by the holder's release, through the interrupt or through a
 * WAKE answer to some other call, depending on the scenario.  IO reads and
 * writes are atomic calls that never park.
 *
 * Every call's result is checked.  With faulty=1 the firmware injects one
 * of its fault modes: a call may then fail with -EIO (the documented
 * outcome of a call firmware keeps parking on an unknown wq_ctx, or of a
 * SLEEP answer to an atomic call), but every call must return in time.
 * The module ends with one line of totals per kind of call, which the
 * harness puts in the bad-firmware matrix.
 *
 * What the driver did with those calls comes from its trace events, as a
 * platform engineer would see it: before its first call the module attaches
 * probes to qcom_scm:qcom_scm_waitq_park, _wake, _resume and _fw_error
 * (found by name with for_each_kernel_tracepoint(), as they are not
 * exported; counted in the probes, so no ring buffer can overrun), and once
 * its last call has returned it prints the counts in a block between
 * "scm-e2e: events begin" and "scm-e2e: events end", with the number of
 * calls it issued itself, which no event gives (e2e/report.py reads it).
 * On a tree without the series (mainline's wait-queue code, 6.12 and
 * later) it counts that driver's own trace points instead (see "Which
 * trace points" below).
 *
 * With freeze_holders=1 the module also leaves freezable kthreads running
 * after its init, for the freezer test /init runs next: each holds its own
 * mutex (as rproc_boot() holds rproc->lock) across a PAS call that parks,
 * then calls try_to_freeze().  /init writes "freezer" to /sys/power/pm_test
 * and "freeze" to /sys/power/state while calls are parked, stores the
 * write's result in the parameter freeze_rc and unloads the module; the
 * module's exit runs the suite qcom_scm_e2e_freeze, which checks that the
 * freeze overlapped parked calls, that no task was frozen inside a call,
 * that every holder froze at its freezing point after its call, and that
 * every call returned 0.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/freezer.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/suspend.h>
#include <linux/tracepoint.h>
/* the driver's API header moved in 6.4 */
#if __has_include(<linux/firmware/qcom/qcom_scm.h>)
#include <linux/firmware/qcom/qcom_scm.h>
#else
#include <linux/qcom_scm.h>
#endif

/*
 * Which trace points: the series' qcom_scm:qcom_scm_waitq_* events when the
 * tree has the series (its trace header), else the events of mainline's
 * wait-queue code (6.12 and later: qcom_scm:scm_waitq_sleep, _resume and
 * _get_wq_ctx, declared in the driver's own qcom_scm_trace.h, which Kbuild
 * puts on the include path when it exists).  Mainline has no event for a
 * firmware error and no debugfs state; e2e/report.py judges such a boot on
 * what it has (e2e/README.md, "A kernel without the series").
 */
#if __has_include(<trace/events/qcom_scm.h>)
/* the 6.1 series: its own header, qcom_scm_waitq_* events */
#include <trace/events/qcom_scm.h>
#define E2E_SERIES_EVENTS	1
typedef u64 e2e_ctx_t;
#define E2E_EV_PARK		qcom_scm_waitq_park
#define E2E_EV_WAKE		qcom_scm_waitq_wake
#define E2E_EV_RESUME		qcom_scm_waitq_resume
#define E2E_EV_FW_ERROR		qcom_scm_waitq_fw_error
#elif defined(E2E_SERIES_IN_DRIVER_TRACE)
/*
 * The 6.12 series: the same events in the driver's qcom_scm_trace.h, under
 * that header's names (scm_waitq_sleep is the park), with u32 values
 * (Kbuild defines E2E_SERIES_IN_DRIVER_TRACE when the header has them).
 */
#include <linux/arm-smccc.h>
struct arm_smccc_args;
#include "qcom_scm_trace.h"
#define E2E_SERIES_EVENTS	1
typedef u32 e2e_ctx_t;
#define E2E_EV_PARK		scm_waitq_sleep
#define E2E_EV_WAKE		scm_waitq_wake
#define E2E_EV_RESUME		scm_waitq_resume
#define E2E_EV_FW_ERROR		scm_waitq_fw_error
#elif __has_include("qcom_scm_trace.h")
#include <linux/arm-smccc.h>
/* its scm_smc_request event takes the driver's private argument block */
struct arm_smccc_args;
#include "qcom_scm_trace.h"
#define E2E_MAINLINE_EVENTS	1
/* mainline's QCOM_SMC_WAITQ_FLAG_WAKE_ONE, the only flags it acts on */
#define E2E_WAITQ_FLAG_WAKE_ONE	BIT(0)
#endif

static unsigned int threads = 4;
module_param(threads, uint, 0444);
MODULE_PARM_DESC(threads, "kthreads per contended case (1..8)");

static unsigned int rounds = 4;
module_param(rounds, uint, 0444);
MODULE_PARM_DESC(rounds, "calls per kthread in the contended cases");

static bool faulty;
module_param(faulty, bool, 0444);
MODULE_PARM_DESC(faulty, "firmware injects faults: PAS calls may fail with -EIO");

static unsigned int timeout_s = 60;
module_param(timeout_s, uint, 0444);
MODULE_PARM_DESC(timeout_s, "seconds a case waits for its kthreads");

static bool freeze_holders;
module_param(freeze_holders, bool, 0444);
MODULE_PARM_DESC(freeze_holders, "after the suite, leave freezable mutex holders with parked calls for /init's freezer test");

static unsigned int freeze_rounds = 8;
module_param(freeze_rounds, uint, 0444);
MODULE_PARM_DESC(freeze_rounds, "calls each freeze holder makes at least (it goes on until the freezer test is over)");

/* 1: not written; /init stores the result of its write to /sys/power/state */
static int freeze_rc = 1;
module_param(freeze_rc, int, 0644);
MODULE_PARM_DESC(freeze_rc, "written by /init: 0 or -errno of echo freeze > /sys/power/state (1: no freezer test ran)");

#define E2E_MAX_THREADS		8
/* fakefw's IO register file: 32 words keyed by 4-byte aligned address */
#define E2E_IO_BASE		0x1000
/* fakefw models PAS peripherals 0..7 */
#define E2E_PERIPH_CONTENDED	0
#define E2E_PERIPH_SHUTDOWN	7

/* totals over the whole suite, for the closing "scm-e2e: results" line */
static atomic_t e2e_pas_ok, e2e_pas_eio, e2e_io_ok, e2e_io_eio, e2e_other;

/*
 * The driver's trace events, counted from before the module's first call
 * to after its last one, plus the calls the module issued (every qcom_scm
 * API call, the freeze holders' included), which no event gives.
 */
#ifdef E2E_SERIES_EVENTS
static const char *const e2e_fw_error_names[] = {
	[QCOM_SCM_FW_ERR_FAST_CALL_ANSWER] = "fast_call_answer",
	[QCOM_SCM_FW_ERR_NO_WAKE_SOURCE] = "no_wake_source",
	[QCOM_SCM_FW_ERR_PARK_TIMEOUT] = "park_timeout",
	[QCOM_SCM_FW_ERR_UNKNOWN_FLAGS] = "unknown_flags",
	[QCOM_SCM_FW_ERR_GET_WQ_CTX_FAILED] = "get_wq_ctx_failed",
	[QCOM_SCM_FW_ERR_MORE_PENDING_ENDLESS] = "more_pending_endless",
	[QCOM_SCM_FW_ERR_WAKE_ENDLESS] = "wake_endless",
};
#define E2E_NR_FW_ERRORS	ARRAY_SIZE(e2e_fw_error_names)
#else
#define E2E_NR_FW_ERRORS	0
#endif

/* mainline events: start of the park of each smc_call_ctx (modulo this) */
#define E2E_PARK_SLOTS		64

static struct {
	atomic_t calls;			/* qcom_scm API calls of this module */
	atomic64_t parks;		/* qcom_scm_waitq_park / scm_waitq_sleep */
	atomic64_t wakes_irq;		/* qcom_scm_waitq_wake, source=irq */
	atomic64_t wakes_smc;		/* qcom_scm_waitq_wake, source=smc */
	atomic64_t resumes_woken;	/* qcom_scm_waitq_resume, by=wake */
	atomic64_t resumes_timeout;	/* qcom_scm_waitq_resume, by=timeout */
	atomic64_t longest_park_ns;	/* largest parked_ns of a resume */
	/* qcom_scm_waitq_fw_error by kind; the last entry: a kind not known here */
	atomic64_t fw_errors[E2E_NR_FW_ERRORS + 1];
	/* mainline: scm_waitq_get_wq_ctx, and those with flags it ignores */
	atomic64_t get_wq_ctx;
	atomic64_t get_wq_ctx_not_wake_one;
	atomic64_t park_t0_ns[E2E_PARK_SLOTS];
	unsigned int probes;		/* probes attached, from e2e_probes[] */
	int err;			/* attaching them failed */
	bool reported;
} e2e_ev;

static void e2e_note_park_ns(s64 parked_ns)
{
	s64 old = atomic64_read(&e2e_ev.longest_park_ns);

	while (parked_ns > old &&
	       !atomic64_try_cmpxchg(&e2e_ev.longest_park_ns, &old, parked_ns))
		;
}

#ifdef E2E_SERIES_EVENTS
static void e2e_on_park(void *data, e2e_ctx_t wq_ctx, e2e_ctx_t smc_call_ctx)
{
	atomic64_inc(&e2e_ev.parks);
}

static void e2e_on_wake(void *data, bool from_irq, e2e_ctx_t wq_ctx,
			e2e_ctx_t flags)
{
	atomic64_inc(from_irq ? &e2e_ev.wakes_irq : &e2e_ev.wakes_smc);
}

/* wq_ctx and smc_call_ctx, in 6.12's order or the 6.1 series', unused */
static void e2e_on_resume(void *data, e2e_ctx_t ctx_a, e2e_ctx_t ctx_b,
			  u64 parked_ns, bool woken)
{
	atomic64_inc(woken ? &e2e_ev.resumes_woken : &e2e_ev.resumes_timeout);
	e2e_note_park_ns(parked_ns);
}

static void e2e_on_fw_error(void *data, enum qcom_scm_fw_error what,
			    e2e_ctx_t wq_ctx, u64 value)
{
	unsigned int i = what;

	if (i >= ARRAY_SIZE(e2e_fw_error_names) || !e2e_fw_error_names[i])
		i = ARRAY_SIZE(e2e_fw_error_names);
	atomic64_inc(&e2e_ev.fw_errors[i]);
}

static const struct {
	const char *name;
	void *probe;
} e2e_probes[] = {
	{ __stringify(E2E_EV_PARK), e2e_on_park },
	{ __stringify(E2E_EV_WAKE), e2e_on_wake },
	{ __stringify(E2E_EV_RESUME), e2e_on_resume },
	{ __stringify(E2E_EV_FW_ERROR), e2e_on_fw_error },
};

#define E2E_CHECK_TYPE(ev, fn)	__E2E_CHECK_TYPE(ev, fn)
#define __E2E_CHECK_TYPE(ev, fn) check_trace_callback_type_##ev(fn)

static void e2e_check_probe_types(void)
{
	/* the probes' prototypes are the events' (checked at compile time) */
	E2E_CHECK_TYPE(E2E_EV_PARK, e2e_on_park);
	E2E_CHECK_TYPE(E2E_EV_WAKE, e2e_on_wake);
	E2E_CHECK_TYPE(E2E_EV_RESUME, e2e_on_resume);
	E2E_CHECK_TYPE(E2E_EV_FW_ERROR, e2e_on_fw_error);
}
#elif defined(E2E_MAINLINE_EVENTS)
/*
 * Mainline parks a call on a SLEEP answer (scm_waitq_sleep), sends its
 * RESUME once the wait queue's completion is done (scm_waitq_resume; it has
 * no other way back), and completes a wait queue for each GET_WQ_CTX
 * answer of its interrupt thread whose flags are WAKE_ONE
 * (scm_waitq_get_wq_ctx, traced for each successful answer).
 */
static void e2e_ml_on_sleep(void *data, u32 wq_ctx, u32 smc_call_ctx)
{
	atomic64_inc(&e2e_ev.parks);
	atomic64_set(&e2e_ev.park_t0_ns[smc_call_ctx % E2E_PARK_SLOTS],
		     ktime_get_ns());
}

static void e2e_ml_on_resume(void *data, u32 smc_call_ctx)
{
	s64 t0 = atomic64_read(&e2e_ev.park_t0_ns[smc_call_ctx % E2E_PARK_SLOTS]);

	atomic64_inc(&e2e_ev.resumes_woken);
	if (t0)
		e2e_note_park_ns(ktime_get_ns() - t0);
}

static void e2e_ml_on_get_wq_ctx(void *data, u32 wq_ctx, u32 flags,
				 u32 more_pending)
{
	atomic64_inc(&e2e_ev.get_wq_ctx);
	atomic64_inc(flags == E2E_WAITQ_FLAG_WAKE_ONE ? &e2e_ev.wakes_irq :
		     &e2e_ev.get_wq_ctx_not_wake_one);
}

static const struct {
	const char *name;
	void *probe;
} e2e_probes[] = {
	{ "scm_waitq_sleep", e2e_ml_on_sleep },
	{ "scm_waitq_resume", e2e_ml_on_resume },
	{ "scm_waitq_get_wq_ctx", e2e_ml_on_get_wq_ctx },
};

static void e2e_check_probe_types(void)
{
	check_trace_callback_type_scm_waitq_sleep(e2e_ml_on_sleep);
	check_trace_callback_type_scm_waitq_resume(e2e_ml_on_resume);
	check_trace_callback_type_scm_waitq_get_wq_ctx(e2e_ml_on_get_wq_ctx);
}
#else
#error "no qcom_scm wait-queue trace points in this tree (neither the series' nor mainline's)"
#endif

struct e2e_tp_find {
	const char *name;
	struct tracepoint *tp;
};

static void e2e_tp_match(struct tracepoint *tp, void *priv)
{
	struct e2e_tp_find *f = priv;

	if (!strcmp(tp->name, f->name))
		f->tp = tp;
}

/* The driver's trace points are built in but not exported: find them by name */
static struct tracepoint *e2e_tracepoint(const char *name)
{
	struct e2e_tp_find f = { .name = name };

	for_each_kernel_tracepoint(e2e_tp_match, &f);
	return f.tp;
}

static void e2e_events_detach(void)
{
	while (e2e_ev.probes) {
		e2e_ev.probes--;
		tracepoint_probe_unregister(e2e_tracepoint(e2e_probes[e2e_ev.probes].name),
					    e2e_probes[e2e_ev.probes].probe, NULL);
	}
	/* no probe runs module code once this returns */
	tracepoint_synchronize_unregister();
}

static int e2e_events_attach(void)
{
	struct tracepoint *tp;
	unsigned int i;
	int err;

	e2e_check_probe_types();
	for (i = 0; i < ARRAY_SIZE(e2e_probes); i++) {
		tp = e2e_tracepoint(e2e_probes[i].name);
		err = tp ? tracepoint_probe_register(tp, e2e_probes[i].probe, NULL) :
			   -ENOENT;
		if (err) {
			pr_err("scm-e2e: events: cannot attach a probe to %s: %d\n",
			       e2e_probes[i].name, err);
			e2e_events_detach();
			e2e_ev.err = err;
			return err;
		}
		e2e_ev.probes++;
	}
	return 0;
}

/* Once the module's last call has returned: the counts, for report.py */
static void e2e_events_report(void)
{
	s64 total = 0;
	unsigned int i;

	if (e2e_ev.reported)
		return;
	e2e_ev.reported = true;
	if (e2e_ev.err) {
		pr_err("scm-e2e: events unavailable: attaching the probes failed: %d\n",
		       e2e_ev.err);
		return;
	}
	for (i = 0; i < ARRAY_SIZE(e2e_ev.fw_errors); i++)
		total += atomic64_read(&e2e_ev.fw_errors[i]);
#ifdef E2E_MAINLINE_EVENTS
	/* no event for a WAKE answer, a timeout or a firmware error: not printed */
	pr_info("scm-e2e: events begin (mainline qcom_scm trace points scm_waitq_sleep, scm_waitq_resume, scm_waitq_get_wq_ctx; probes attached before the first call)\n");
	pr_info("scm-e2e: events calls: %d\n", atomic_read(&e2e_ev.calls));
	pr_info("scm-e2e: events parks: %lld\n", atomic64_read(&e2e_ev.parks));
	pr_info("scm-e2e: events wakes_irq: %lld\n", atomic64_read(&e2e_ev.wakes_irq));
	pr_info("scm-e2e: events get_wq_ctx: %lld\n", atomic64_read(&e2e_ev.get_wq_ctx));
	pr_info("scm-e2e: events get_wq_ctx_not_wake_one: %lld\n",
		atomic64_read(&e2e_ev.get_wq_ctx_not_wake_one));
	pr_info("scm-e2e: events resumes: %lld\n",
		atomic64_read(&e2e_ev.resumes_woken));
	pr_info("scm-e2e: events longest_park_us: %lld\n",
		atomic64_read(&e2e_ev.longest_park_ns) / NSEC_PER_USEC);
	pr_info("scm-e2e: events end\n");
	return;
#endif
	pr_info("scm-e2e: events begin (qcom_scm trace points, probes attached before the first call)\n");
	pr_info("scm-e2e: events calls: %d\n", atomic_read(&e2e_ev.calls));
	pr_info("scm-e2e: events parks: %lld\n", atomic64_read(&e2e_ev.parks));
	pr_info("scm-e2e: events wakes_irq: %lld\n", atomic64_read(&e2e_ev.wakes_irq));
	pr_info("scm-e2e: events wakes_smc: %lld\n", atomic64_read(&e2e_ev.wakes_smc));
	pr_info("scm-e2e: events resumes: %lld\n",
		atomic64_read(&e2e_ev.resumes_woken) +
		atomic64_read(&e2e_ev.resumes_timeout));
	pr_info("scm-e2e: events resumes_woken: %lld\n",
		atomic64_read(&e2e_ev.resumes_woken));
	pr_info("scm-e2e: events resumes_timeout: %lld\n",
		atomic64_read(&e2e_ev.resumes_timeout));
	pr_info("scm-e2e: events longest_park_us: %lld\n",
		atomic64_read(&e2e_ev.longest_park_ns) / NSEC_PER_USEC);
	pr_info("scm-e2e: events firmware_errors: %lld\n", total);
#ifdef E2E_SERIES_EVENTS
	for (i = 0; i < ARRAY_SIZE(e2e_fw_error_names); i++)
		if (e2e_fw_error_names[i])
			pr_info("scm-e2e: events fw_error_%s: %lld\n",
				e2e_fw_error_names[i],
				atomic64_read(&e2e_ev.fw_errors[i]));
#endif
	pr_info("scm-e2e: events fw_error_unknown_kind: %lld\n",
		atomic64_read(&e2e_ev.fw_errors[E2E_NR_FW_ERRORS]));
	pr_info("scm-e2e: events end\n");
}

/* Every qcom_scm API call of the module goes through one of these. */
static int e2e_pas_auth_and_reset(u32 periph)
{
	atomic_inc(&e2e_ev.calls);
	return qcom_scm_pas_auth_and_reset(periph);
}

static int e2e_pas_shutdown(u32 periph)
{
	atomic_inc(&e2e_ev.calls);
	return qcom_scm_pas_shutdown(periph);
}

static void e2e_count(bool io, int ret)
{
	if (!ret)
		atomic_inc(io ? &e2e_io_ok : &e2e_pas_ok);
	else if (ret == -EIO)
		atomic_inc(io ? &e2e_io_eio : &e2e_pas_eio);
	else
		atomic_inc(&e2e_other);
}

/* 0, or -EIO when firmware is known to misbehave */
static bool e2e_ret_ok(int ret)
{
	return !ret || (faulty && ret == -EIO);
}

struct e2e_worker {
	struct completion done;
	u32 periph;
	unsigned int calls;
	unsigned int ok;
	unsigned int eio;
	unsigned int other;
	int first_bad;
	s64 longest_us;
};

struct e2e_run {
	struct e2e_worker w[E2E_MAX_THREADS];
	unsigned int n;
};

static int e2e_pas_worker(void *data)
{
	struct e2e_worker *w = data;
	unsigned int i;

	for (i = 0; i < w->calls; i++) {
		ktime_t t0 = ktime_get();
		int ret = e2e_pas_auth_and_reset(w->periph);
		s64 us = ktime_us_delta(ktime_get(), t0);

		w->longest_us = max(w->longest_us, us);
		e2e_count(false, ret);
		if (!ret) {
			w->ok++;
		} else {
			if (ret == -EIO)
				w->eio++;
			else
				w->other++;
			if (!w->first_bad)
				w->first_bad = ret;
		}
	}
	complete(&w->done);
	return 0;
}

static unsigned int e2e_threads(void)
{
	return clamp(threads, 1U, (unsigned int)E2E_MAX_THREADS);
}

static void e2e_start_workers(struct kunit *test, struct e2e_run *run)
{
	struct task_struct *t;
	unsigned int i;

	for (i = 0; i < run->n; i++) {
		init_completion(&run->w[i].done);
		t = kthread_run(e2e_pas_worker, &run->w[i], "scm_e2e/%u", i);
		KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(t), "kthread_run: %ld", PTR_ERR(t));
	}
}

/*
 * A worker that does not finish in time means a call never returned (a
 * lost wake-up or a hang): the case fails and the run is leaked on
 * purpose, because the kthread still uses it.
 */
static bool e2e_wait_workers(struct kunit *test, struct e2e_run *run)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(timeout_s * 1000);
	bool all_done = true;
	unsigned int i;

	for (i = 0; i < run->n; i++) {
		long left = (long)(deadline - jiffies);

		if (left <= 0 ||
		    !wait_for_completion_timeout(&run->w[i].done, left)) {
			KUNIT_FAIL(test, "worker %u (peripheral %u) did not finish in %u s: a call never returned",
				   i, run->w[i].periph, timeout_s);
			all_done = false;
		}
	}
	return all_done;
}

static struct e2e_run *e2e_run_alloc(struct kunit *test)
{
	/* not kunit_kzalloc(): a timed-out run must outlive the case */
	struct e2e_run *run = kzalloc(sizeof(*run), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, run);
	return run;
}

/* Every call either succeeded or, with faulty firmware, failed with -EIO. */
static void e2e_check_results(struct kunit *test, struct e2e_run *run)
{
	unsigned int i, calls = 0, ok = 0, eio = 0;
	s64 longest = 0;

	for (i = 0; i < run->n; i++) {
		struct e2e_worker *w = &run->w[i];

		calls += w->calls;
		ok += w->ok;
		eio += w->eio;
		longest = max(longest, w->longest_us);
		KUNIT_EXPECT_EQ_MSG(test, w->other, 0U,
				    "worker %u: unexpected error %d", i, w->first_bad);
		if (!faulty)
			KUNIT_EXPECT_EQ_MSG(test, w->ok, w->calls,
					    "worker %u: %u of %u calls failed (first error %d)",
					    i, w->calls - w->ok, w->calls, w->first_bad);
	}
	KUNIT_EXPECT_EQ(test, ok + eio, calls);
	kunit_info(test, "%u calls: %u ok, %u -EIO, longest %lld us\n",
		   calls, ok, eio, longest);
}

static void e2e_scm_is_available(struct kunit *test)
{
	kunit_info(test, "threads=%u rounds=%u faulty=%d timeout_s=%u\n",
		   threads, rounds, faulty, timeout_s);
	KUNIT_ASSERT_TRUE_MSG(test, qcom_scm_is_available(),
			      "qcom_scm did not probe: no qcom,scm node or no firmware");
	/* what the driver did is counted from its trace events */
	KUNIT_EXPECT_EQ_MSG(test, e2e_ev.err, 0,
			    "no probes on the qcom_scm trace points (CONFIG_TRACEPOINTS?)");
	KUNIT_EXPECT_EQ(test, e2e_ev.probes, (unsigned int)ARRAY_SIZE(e2e_probes));
}

static int e2e_io_write(phys_addr_t addr, unsigned int val)
{
	int ret;

	atomic_inc(&e2e_ev.calls);
	ret = qcom_scm_io_writel(addr, val);

	e2e_count(true, ret);
	return ret;
}

static int e2e_io_read(phys_addr_t addr, unsigned int *val)
{
	int ret;

	atomic_inc(&e2e_ev.calls);
	ret = qcom_scm_io_readl(addr, val);

	e2e_count(true, ret);
	return ret;
}

static void e2e_io_write_read_round_trip(struct kunit *test)
{
	unsigned int i, val;
	int wret[8], ret;

	for (i = 0; i < 8; i++) {
		wret[i] = e2e_io_write(E2E_IO_BASE + 4 * i, 0x5ca10000 + i);
		KUNIT_EXPECT_TRUE_MSG(test, e2e_ret_ok(wret[i]), "write: %d", wret[i]);
	}
	for (i = 0; i < 8; i++) {
		val = 0;
		ret = e2e_io_read(E2E_IO_BASE + 4 * i, &val);
		KUNIT_EXPECT_TRUE_MSG(test, e2e_ret_ok(ret), "read: %d", ret);
		if (!ret && !wret[i])
			KUNIT_EXPECT_EQ(test, val, 0x5ca10000 + i);
	}
}

/* every worker calls for the contended peripheral, rounds times */
static struct e2e_run *e2e_contended_run(struct kunit *test)
{
	struct e2e_run *run = e2e_run_alloc(test);
	unsigned int i;

	run->n = e2e_threads();
	for (i = 0; i < run->n; i++) {
		run->w[i].periph = E2E_PERIPH_CONTENDED;
		run->w[i].calls = max(rounds, 1U);
	}
	return run;
}

static void e2e_pas_contended_calls_all_return(struct kunit *test)
{
	struct e2e_run *run = e2e_contended_run(test);

	e2e_start_workers(test, run);
	if (!e2e_wait_workers(test, run))
		return;
	e2e_check_results(test, run);
	kfree(run);
}

static void e2e_pas_distinct_peripherals(struct kunit *test)
{
	struct e2e_run *run = e2e_run_alloc(test);
	unsigned int i;

	/* peripherals 1..6: neither the contended nor the shutdown one */
	run->n = min(e2e_threads(), 6U);
	for (i = 0; i < run->n; i++) {
		run->w[i].periph = 1 + i;
		run->w[i].calls = 1;
	}
	e2e_start_workers(test, run);
	if (!e2e_wait_workers(test, run))
		return;
	e2e_check_results(test, run);
	kfree(run);
}

/*
 * Atomic calls must not queue behind calls parked in firmware: while the
 * workers contend for one peripheral, this thread keeps doing IO.
 */
static void e2e_io_served_while_calls_park(struct kunit *test)
{
	struct e2e_run *run = e2e_contended_run(test);
	unsigned int i, n, val, io = 0;

	e2e_start_workers(test, run);
	/* IO until the last worker is done, at least once */
	do {
		phys_addr_t addr = E2E_IO_BASE + 4 * (io % 32);
		int wret = e2e_io_write(addr, io), rret = e2e_io_read(addr, &val);

		KUNIT_ASSERT_TRUE_MSG(test, e2e_ret_ok(wret), "write: %d", wret);
		KUNIT_ASSERT_TRUE_MSG(test, e2e_ret_ok(rret), "read: %d", rret);
		if (!wret && !rret)
			KUNIT_ASSERT_EQ(test, val, io);
		io++;
		usleep_range(200, 400);
		for (n = 0, i = 0; i < run->n; i++)
			n += completion_done(&run->w[i].done);
	} while (n < run->n && io < 100000);
	if (!e2e_wait_workers(test, run))
		return;
	kunit_info(test, "%u IO round trips while the PAS calls ran\n", io);
	e2e_check_results(test, run);
	kfree(run);
}

/*
 * The holder shuts the peripheral down while another caller waits for it:
 * the release must wake that caller (whether it parked before the release
 * or arrives after it, its call succeeds).
 */
static void e2e_pas_shutdown_releases_waiter(struct kunit *test)
{
	struct e2e_run *run = e2e_run_alloc(test);
	int ret;

	ret = e2e_pas_auth_and_reset(E2E_PERIPH_SHUTDOWN);
	e2e_count(false, ret);
	if (faulty && ret == -EIO) {
		kfree(run);
		kunit_skip(test, "holder's call failed with -EIO under an injected fault");
	}
	KUNIT_ASSERT_EQ(test, ret, 0);
	run->n = 1;
	run->w[0].periph = E2E_PERIPH_SHUTDOWN;
	run->w[0].calls = 1;
	init_completion(&run->w[0].done);
	KUNIT_ASSERT_FALSE(test, IS_ERR(kthread_run(e2e_pas_worker, &run->w[0],
						    "scm_e2e/waiter")));
	/* give the waiter a chance to park; either order must work */
	usleep_range(2000, 3000);
	KUNIT_EXPECT_EQ(test, e2e_pas_shutdown(E2E_PERIPH_SHUTDOWN), 0);
	if (!wait_for_completion_timeout(&run->w[0].done,
					 msecs_to_jiffies(timeout_s * 1000))) {
		KUNIT_FAIL(test, "the waiter was not woken by the shutdown");
		return;
	}
	e2e_check_results(test, run);
	KUNIT_EXPECT_EQ(test, e2e_pas_shutdown(E2E_PERIPH_SHUTDOWN), 0);
	kfree(run);
}

/*
 * Freezer test (freeze_holders=1).  Holders are freezable kthreads; each
 * loops: lock its own mutex, qcom_scm_pas_auth_and_reset() of the contended
 * peripheral (fakefw keeps it busy after each success, so the other
 * holders' calls park), unlock, try_to_freeze().  A non-freezable monitor
 * samples the holders' states, so a holder frozen inside a call (holding
 * its mutex) is seen while the freezer test keeps tasks frozen.
 */
#define E2E_FREEZE_MAX_CALLS	100000

struct e2e_holder {
	struct mutex lock;		/* the caller's lock, like rproc->lock */
	struct completion done;
	struct task_struct *task;	/* referenced until the module exits */
	int in_call;			/* inside qcom_scm_pas_auth_and_reset() */
	unsigned int calls;
	unsigned int ok;
	unsigned int failed;
	int first_bad;
	bool joined;			/* the case consumed ->done */
	unsigned int frozen_after_call;	/* try_to_freeze() froze it */
	bool seen_frozen_in_call;	/* monitor: TASK_FROZEN inside a call */
};

static struct e2e_freeze {
	struct e2e_holder h[E2E_MAX_THREADS];
	unsigned int n;
	int start_err;
	unsigned long deadline;
	struct task_struct *monitor;
	struct completion monitor_done;
	bool monitor_stop;
	bool notifier;
	struct notifier_block pm_nb;
	bool prepared;			/* PM_SUSPEND_PREPARE seen */
	bool thawed;			/* PM_POST_SUSPEND seen */
	unsigned int parked_at_freeze;	/* holders parked at PM_SUSPEND_PREPARE */
	unsigned int in_call_at_freeze;
} e2e_fz;

/* Parked: inside the call and asleep in TASK_IDLE, how the driver parks it. */
static bool e2e_holder_parked(struct e2e_holder *h)
{
	return READ_ONCE(h->in_call) &&
	       (READ_ONCE(h->task->__state) & TASK_NOLOAD);
}

static unsigned int e2e_freeze_parked(void)
{
	unsigned int i, parked = 0;

	for (i = 0; i < e2e_fz.n; i++)
		parked += e2e_holder_parked(&e2e_fz.h[i]);
	return parked;
}

static int e2e_pm_notify(struct notifier_block *nb, unsigned long action,
			 void *data)
{
	unsigned int i, in_call = 0;

	switch (action) {
	case PM_SUSPEND_PREPARE:
		/* right before the freezer starts */
		for (i = 0; i < e2e_fz.n; i++)
			in_call += READ_ONCE(e2e_fz.h[i].in_call);
		e2e_fz.parked_at_freeze = e2e_freeze_parked();
		e2e_fz.in_call_at_freeze = in_call;
		WRITE_ONCE(e2e_fz.prepared, true);
		pr_info("scm-e2e: suspend prepare: %u of %u holders in a call, %u parked\n",
			in_call, e2e_fz.n, e2e_fz.parked_at_freeze);
		break;
	case PM_POST_SUSPEND:
		WRITE_ONCE(e2e_fz.thawed, true);
		pr_info("scm-e2e: post suspend: tasks thawed\n");
		break;
	}
	return NOTIFY_OK;
}

static bool e2e_freeze_test_over(void)
{
	return READ_ONCE(e2e_fz.thawed) || READ_ONCE(freeze_rc) != 1 ||
	       time_after(jiffies, e2e_fz.deadline);
}

static int e2e_freeze_holder(void *data)
{
	struct e2e_holder *h = data;
	int ret;

	set_freezable();
	while (h->calls < E2E_FREEZE_MAX_CALLS &&
	       (h->calls < max(freeze_rounds, 1U) || !e2e_freeze_test_over())) {
		mutex_lock(&h->lock);
		WRITE_ONCE(h->in_call, 1);
		ret = e2e_pas_auth_and_reset(E2E_PERIPH_CONTENDED);
		WRITE_ONCE(h->in_call, 0);
		/* the monitor sees in_call == 0 once it sees TASK_FROZEN */
		smp_wmb();
		mutex_unlock(&h->lock);
		h->calls++;
		if (e2e_ret_ok(ret)) {
			h->ok++;
		} else {
			h->failed++;
			if (!h->first_bad)
				h->first_bad = ret;
		}
		if (try_to_freeze())
			h->frozen_after_call++;
	}
	kthread_complete_and_exit(&h->done, 0);
}

static int e2e_freeze_monitor(void *data)
{
	unsigned int i;

	while (!READ_ONCE(e2e_fz.monitor_stop)) {
		for (i = 0; i < e2e_fz.n; i++) {
			struct e2e_holder *h = &e2e_fz.h[i];

			if (!(READ_ONCE(h->task->__state) & TASK_FROZEN))
				continue;
			/* pairs with the holder's smp_wmb() */
			smp_rmb();
			if (READ_ONCE(h->in_call))
				h->seen_frozen_in_call = true;
		}
		usleep_range(500, 1000);
	}
	kthread_complete_and_exit(&e2e_fz.monitor_done, 0);
}

/* From module init, after the suite: start the holders and the monitor. */
static void e2e_freeze_start(void)
{
	unsigned long until;
	unsigned int i;
	int err;

	e2e_fz.deadline = jiffies + msecs_to_jiffies(timeout_s * 1000);
	e2e_fz.pm_nb.notifier_call = e2e_pm_notify;
	err = register_pm_notifier(&e2e_fz.pm_nb);
	if (err) {
		e2e_fz.start_err = err;
		return;
	}
	e2e_fz.notifier = true;
	for (i = 0; i < e2e_threads(); i++) {
		struct e2e_holder *h = &e2e_fz.h[i];
		struct task_struct *t;

		mutex_init(&h->lock);
		init_completion(&h->done);
		t = kthread_create(e2e_freeze_holder, h, "scm_e2e_fz/%u", i);
		if (IS_ERR(t)) {
			e2e_fz.start_err = PTR_ERR(t);
			break;
		}
		h->task = get_task_struct(t);
		e2e_fz.n++;
	}
	init_completion(&e2e_fz.monitor_done);
	e2e_fz.monitor = kthread_run(e2e_freeze_monitor, NULL, "scm_e2e_fzmon");
	if (IS_ERR(e2e_fz.monitor)) {
		e2e_fz.start_err = PTR_ERR(e2e_fz.monitor);
		e2e_fz.monitor = NULL;
	} else {
		get_task_struct(e2e_fz.monitor);
	}
	for (i = 0; i < e2e_fz.n; i++)
		wake_up_process(e2e_fz.h[i].task);

	/* return (and let /init start the freeze) once a call is parked */
	until = jiffies + msecs_to_jiffies(5000);
	while (!e2e_freeze_parked() && time_before(jiffies, until))
		usleep_range(200, 400);
	pr_info("scm-e2e: freeze holders: %u kthreads (err %d), %u parked; /init runs the freezer test now\n",
		e2e_fz.n, e2e_fz.start_err, e2e_freeze_parked());
}

/* Stop the monitor, drop the task references (after the holders are done). */
static void e2e_freeze_cleanup(void)
{
	unsigned int i;

	/* the holders run module code: never unload under them */
	for (i = 0; i < e2e_fz.n; i++) {
		if (e2e_fz.h[i].joined)
			continue;
		if (!completion_done(&e2e_fz.h[i].done))
			pr_err("scm-e2e: freeze holder %u still running; exit waits for it\n",
			       i);
		wait_for_completion(&e2e_fz.h[i].done);
	}
	if (e2e_fz.monitor) {
		WRITE_ONCE(e2e_fz.monitor_stop, true);
		wait_for_completion(&e2e_fz.monitor_done);
		put_task_struct(e2e_fz.monitor);
		e2e_fz.monitor = NULL;
	}
	for (i = 0; i < e2e_fz.n; i++)
		put_task_struct(e2e_fz.h[i].task);
	e2e_fz.n = 0;
	if (e2e_fz.notifier)
		unregister_pm_notifier(&e2e_fz.pm_nb);
	e2e_fz.notifier = false;
}

/*
 * Runs from module exit, after /init's freezer test.  What suspend must do
 * while calls are parked (e2e/README.md): the freezer does not freeze a
 * task inside a parked call; a freezable caller freezes at its next
 * freezing point after the call; the freeze succeeds; every call returns
 * its normal result.
 */
static void e2e_freeze_parked_holders(struct kunit *test)
{
	unsigned int i, calls = 0, ok = 0, in_call = 0, after = 0, alive = 0;
	bool all_done = true;
	int first_bad = 0;

	KUNIT_ASSERT_EQ_MSG(test, e2e_fz.start_err, 0, "starting the holders failed");
	KUNIT_ASSERT_GT(test, e2e_fz.n, 0U);
	for (i = 0; i < e2e_fz.n; i++) {
		struct e2e_holder *h = &e2e_fz.h[i];
		unsigned long left = e2e_fz.deadline - jiffies;

		if ((long)left <= 0)
			left = 1;
		if (!wait_for_completion_timeout(&h->done, left)) {
			KUNIT_FAIL(test, "holder %u did not finish in %u s: a call never returned",
				   i, timeout_s);
			all_done = false;
			continue;
		}
		h->joined = true;
		calls += h->calls;
		ok += h->ok;
		in_call += h->seen_frozen_in_call;
		after += h->frozen_after_call ? 1 : 0;
		alive++;
		if (h->failed && !first_bad)
			first_bad = h->first_bad;
	}
	if (all_done && ok == calls)
		kunit_info(test, "freezer: state write returned %d, %u calls parked at freeze, %u frozen while parked, %u of %u holders frozen after their call, all %u calls completed\n",
			   freeze_rc, e2e_fz.parked_at_freeze, in_call, after,
			   alive, calls);
	else
		kunit_info(test, "freezer: state write returned %d, %u calls parked at freeze, %u frozen while parked, %u of %u holders frozen after their call, %u of %u calls returned 0, %u holders finished\n",
			   freeze_rc, e2e_fz.parked_at_freeze, in_call, after,
			   alive, ok, calls, alive);
	KUNIT_EXPECT_NE_MSG(test, freeze_rc, 1, "/init did not run the freezer test");
	KUNIT_EXPECT_EQ_MSG(test, freeze_rc, 0, "echo freeze > /sys/power/state failed");
	KUNIT_EXPECT_TRUE_MSG(test, e2e_fz.prepared,
			      "no PM_SUSPEND_PREPARE: the freeze never started");
	KUNIT_EXPECT_TRUE_MSG(test, e2e_fz.thawed, "no PM_POST_SUSPEND");
	KUNIT_EXPECT_GT_MSG(test, e2e_fz.parked_at_freeze, 0U,
			    "no call was parked when the freeze started: nothing was tested");
	KUNIT_EXPECT_EQ_MSG(test, in_call, 0U,
			    "holders frozen inside a parked call, holding their mutex");
	KUNIT_EXPECT_EQ_MSG(test, after, alive,
			    "holders not frozen at their freezing point after the call");
	KUNIT_EXPECT_EQ_MSG(test, ok, calls, "%u of %u calls failed (first error %d)",
			    calls - ok, calls, first_bad);
}

static struct kunit_case qcom_scm_e2e_cases[] = {
	KUNIT_CASE(e2e_scm_is_available),
	KUNIT_CASE(e2e_io_write_read_round_trip),
	KUNIT_CASE(e2e_pas_contended_calls_all_return),
	KUNIT_CASE(e2e_pas_distinct_peripherals),
	KUNIT_CASE(e2e_io_served_while_calls_park),
	KUNIT_CASE(e2e_pas_shutdown_releases_waiter),
	{}
};

static struct kunit_suite qcom_scm_e2e_suite = {
	.name = "qcom_scm_e2e",
	.test_cases = qcom_scm_e2e_cases,
};

static struct kunit_suite *qcom_scm_e2e_suites[] = { &qcom_scm_e2e_suite };

static struct kunit_case qcom_scm_e2e_freeze_cases[] = {
	KUNIT_CASE(e2e_freeze_parked_holders),
	{}
};

static struct kunit_suite qcom_scm_e2e_freeze_suite = {
	.name = "qcom_scm_e2e_freeze",
	.test_cases = qcom_scm_e2e_freeze_cases,
};

static struct kunit_suite *qcom_scm_e2e_freeze_suites[] = { &qcom_scm_e2e_freeze_suite };

/*
 * Not kunit_test_suite(): 6.1 runs a module's suites when the module is
 * COMING, before its parameters are parsed, so threads/rounds/faulty would
 * still hold their defaults. Running the suite from module_init sees them.
 */
static int __init qcom_scm_e2e_init(void)
{
	int ret;

	/* before the first call; a failure is reported with the events */
	e2e_events_attach();
	ret = __kunit_test_suites_init(qcom_scm_e2e_suites,
				       ARRAY_SIZE(qcom_scm_e2e_suites));

	pr_info("scm-e2e: results pas_ok=%d pas_eio=%d io_ok=%d io_eio=%d other=%d\n",
		atomic_read(&e2e_pas_ok), atomic_read(&e2e_pas_eio),
		atomic_read(&e2e_io_ok), atomic_read(&e2e_io_eio),
		atomic_read(&e2e_other));
	/* the freeze holders' calls end in the module's exit: reported there */
	if (freeze_holders)
		e2e_freeze_start();
	else
		e2e_events_report();
	return ret;
}
module_init(qcom_scm_e2e_init);

static void __exit qcom_scm_e2e_exit(void)
{
	if (freeze_holders) {
		__kunit_test_suites_init(qcom_scm_e2e_freeze_suites,
					 ARRAY_SIZE(qcom_scm_e2e_freeze_suites));
		e2e_freeze_cleanup();
		__kunit_test_suites_exit(qcom_scm_e2e_freeze_suites,
					 ARRAY_SIZE(qcom_scm_e2e_freeze_suites));
	}
	/* every holder has returned from its last call */
	e2e_events_report();
	e2e_events_detach();
	__kunit_test_suites_exit(qcom_scm_e2e_suites,
				 ARRAY_SIZE(qcom_scm_e2e_suites));
}
module_exit(qcom_scm_e2e_exit);

MODULE_DESCRIPTION("End-to-end client of qcom_scm against fakefw");
MODULE_LICENSE("GPL");
