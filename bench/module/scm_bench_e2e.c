// SPDX-License-Identifier: GPL-2.0
/*
 * scm_bench, "e2e": the real qcom_scm driver across a real SMC boundary,
 * on fakefw under QEMU. Only the exported qcom_scm API is called, so this
 * part also runs on the unpatched base kernel (fast path only there).
 *
 * fakefw models each PAS peripheral as a secure resource. The benchmark
 * configures it (bench/run.sh) so that a taken resource stays busy
 * forever: qcom_scm_pas_auth_and_reset() of a busy peripheral parks in
 * firmware until the resource is released. This module plays the secure
 * operation's completion: when a call parks (seen through the series'
 * park trace point), an hrtimer releases that call's peripheral after the
 * modelled hold time, through fakefw's test hook (a raw SMC, FAKEFW SET
 * RELEASE). fakefw then wakes the wait queue as configured: interrupt
 * (SPI + GET_WQ_CTX) or a WAKE answer to the next call that can carry one.
 * The resumed call takes the resource again and returns 0.
 */
#include <linux/arm-smccc.h>
#include <linux/completion.h>
#include <linux/hrtimer.h>
#include <linux/irqflags.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/qcom_scm.h>
#include <linux/slab.h>
#include <linux/wait.h>

#include "scm_bench.h"
#ifdef SB_HAVE_WAITQ
#include "qcom_scm.h"
#endif

/* fakefw's test hook: SIP service 0x3f, SET (x2 = key, x3 = value) */
#define SB_FW_SET		ARM_SMCCC_CALL_VAL(ARM_SMCCC_FAST_CALL, \
						   ARM_SMCCC_SMC_64, \
						   ARM_SMCCC_OWNER_SIP, 0x3f01)
#define SB_FW_KEY_RELEASE	6
#define SB_NR_PERIPH		8
#define SB_MAX_CLIENTS		SB_NR_PERIPH
/* Never written, so fakefw reads it as 0 without touching its table */
#define SB_IO_ADDR		0x2000
/* Supported by fakefw, and never taken by this module */
#define SB_PERIPH_QUERY		7
#define SB_PERIPH_LAT		0
#define SB_TIMEOUT_MS		60000
/* a parked call is asleep this long after its park */
#define SB_SETTLE_US		1000

static const char *const sb_where = "e2e";

/* Release a peripheral now: firmware's secure operation is over */
static void sb_fw_release(u32 periph)
{
	struct arm_smccc_res res;

	arm_smccc_smc(SB_FW_SET, 0, SB_FW_KEY_RELEASE, periph, 0, 0, 0, 0,
		      &res);
}

/* ---- fast path: calls that never park ---------------------------------- */

static int sb_io_read(void *data)
{
	unsigned int val;

	return qcom_scm_io_readl(SB_IO_ADDR, &val);
}

static int sb_std_query(void *data)
{
	return qcom_scm_pas_supported(SB_PERIPH_QUERY) ? 0 : -EIO;
}

/* The calls timed (by sb_time_batch(): their data is unused) */
static const struct {
	const char *variant;
	int (*fn)(void *data);
	unsigned int smcs;
} sb_fast[] = {
	/* qcom_scm_io_readl(): one atomic (fast) SMC, no lock */
	{ "atomic", sb_io_read, 1 },
	/* qcom_scm_pas_supported(): two standard SMCs, each under the lock */
	{ "standard", sb_std_query, 2 },
};

/*
 * Each batch times per_batch calls; the variants take turns batch by
 * batch, so that a slower stretch of the host affects both alike.
 */
static int sb_fast_path(void)
{
	unsigned int nv = ARRAY_SIZE(sb_fast), n = sb_batches, i, j;
	unsigned int errors[ARRAY_SIZE(sb_fast)] = {};
	struct sb_row row = { .name = "fast_path", .where = sb_where,
			      .mode = sb_mode, .clients = 1, .unit = "ns" };
	char extra[64];
	u64 *v;

	v = kcalloc(nv * n, sizeof(*v), GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	/* warm-up: caches, branch predictors, fakefw's first-call paths */
	for (j = 0; j < nv; j++)
		sb_time_batch(sb_fast[j].fn, NULL, sb_per_batch, &errors[j]);
	memset(errors, 0, sizeof(errors));
	for (i = 0; i < n; i++)
		for (j = 0; j < nv; j++)
			v[j * n + i] = sb_time_batch(sb_fast[j].fn, NULL,
						     sb_per_batch, &errors[j]);
	for (j = 0; j < nv; j++) {
		row.variant = sb_fast[j].variant;
		snprintf(extra, sizeof(extra),
			 "\"per\":%u,\"smcs\":%u,\"errors\":%u", sb_per_batch,
			 sb_fast[j].smcs, errors[j]);
		sb_emit(&row, extra, v + j * n, n);
	}
	kfree(v);
	return 0;
}

/* Allocations on the fast path, counted by the allocator's trace points */
static int sb_fast_allocs(void)
{
	struct sb_row row = { .name = "fast_path_allocs", .where = sb_where,
			      .mode = sb_mode, .clients = 1, .unit = "allocs" };
	unsigned int calls = sb_quick ? 100 : 1000, j, errors;
	struct sb_allocs a;
	void *p;
	int ret;

	/* The counter must see a known allocation, or a 0 would mean nothing */
	ret = sb_allocs_start();
	if (ret)
		return ret;
	p = kmalloc(48, GFP_KERNEL);
	kfree(p);
	sb_allocs_stop(&a);
	row.variant = "selftest";
	sb_emit_kv(&row, "\"calls\":1,\"allocs\":%llu,\"bytes\":%llu",
		   a.count, a.bytes);

	for (j = 0; j < ARRAY_SIZE(sb_fast); j++) {
		errors = 0;
		ret = sb_allocs_start();
		if (ret)
			return ret;
		/* sb_time_batch() for its loop: the time is not used */
		sb_time_batch(sb_fast[j].fn, NULL, calls, &errors);
		sb_allocs_stop(&a);
		row.variant = sb_fast[j].variant;
		sb_emit_kv(&row, "\"calls\":%u,\"allocs\":%llu,\"bytes\":%llu,\"errors\":%u",
			   calls, a.count, a.bytes, errors);
	}
	return 0;
}

#ifdef SB_HAVE_WAITQ
/*
 * What the series adds to a call that firmware answers at once, replayed
 * alone on a private struct qcom_scm_waitq (the driver's own functions are
 * static or inlined into the call path):
 * - every SMC: the acquire load of __scm and the load of its wait-queue
 *   pointer (qcom_scm_waitq()), and the check of the answer for SLEEP or
 *   WAKE (qcom_scm_waitq_answer()). An atomic call does nothing else;
 * - every standard SMC also: the wake-sequence sample before it
 *   (qcom_scm_waitq_seq(), an atomic64_read());
 * - a standard SMC with multi-call: a call context taken and given back
 *   (qcom_scm_waitq_get_call()/_put_call() on free_calls), in place of
 *   the call lock that serialized calls, and the base, take.
 * Nothing else: no counter, and no shared atomic but free_calls, which
 * only multi-call touches. The answer checked is a success, as on the
 * fast path. Loads and read-modify-writes are what QEMU's TCG emulates at
 * a high price (cortex-a57 has no LSE: exclusive load/store loops).
 */
struct sb_bk_scm {		/* stands in for the driver's struct qcom_scm */
	struct device *dev;
	struct qcom_scm_waitq *waitq;
};

static struct sb_bk_scm *sb_bk_scm;
static struct qcom_scm_waitq *sb_bk_wq;
static unsigned long sb_bk_a0;	/* firmware's answer: 0, success */
static DEFINE_MUTEX(sb_bk_lock);

static int sb_bk_empty(void *data)
{
	barrier();
	return 0;
}

/* as qcom_scm_waitq() */
static struct qcom_scm_waitq *sb_bk_waitq(void)
{
	/* pairs with the release in sb_bookkeeping(), as with __scm */
	struct sb_bk_scm *scm = smp_load_acquire(&sb_bk_scm);

	return scm ? scm->waitq : NULL;
}

/* as qcom_scm_waitq_answer() on the SMC's answer */
static bool sb_bk_answer(void)
{
	unsigned long a0 = READ_ONCE(sb_bk_a0);

	return a0 == QCOM_SCM_WAITQ_SLEEP || a0 == QCOM_SCM_WAITQ_WAKE;
}

static int sb_bk_every_call(void *data)
{
	struct qcom_scm_waitq *wq = sb_bk_waitq();

	/* the driver passes it on to __scm_smc_call() */
	OPTIMIZER_HIDE_VAR(wq);
	return sb_bk_answer();
}

static int sb_bk_standard(void *data)
{
	struct qcom_scm_waitq *wq = sb_bk_waitq();
	u64 start_seq;

	OPTIMIZER_HIDE_VAR(wq);
	/* as __scm_smc_do() samples it before each standard SMC */
	start_seq = qcom_scm_waitq_seq(wq);
	OPTIMIZER_HIDE_VAR(start_seq);
	return sb_bk_answer();
}

static int sb_bk_call_lock(void *data)
{
	mutex_lock(&sb_bk_lock);
	mutex_unlock(&sb_bk_lock);
	return 0;
}

/* as qcom_scm_waitq_get_call() + qcom_scm_waitq_put_call() uncontended */
static int sb_bk_call_context(void *data)
{
	struct qcom_scm_waitq *wq = sb_bk_wq;

	wait_event_idle_exclusive(wq->call_wait,
				  atomic_add_unless(&wq->free_calls, -1, 0));
	atomic_inc(&wq->free_calls);
	/*
	 * wq_has_sleeper()'s full barrier orders the increment before the
	 * check for waiters; none here: uncontended, as on the fast path
	 */
	if (wq_has_sleeper(&wq->call_wait))
		wake_up(&wq->call_wait);
	return 0;
}

static int sb_bookkeeping(void)
{
	static const struct {
		const char *variant;
		int (*fn)(void *data);
	} steps[] = {
		{ "empty", sb_bk_empty },
		{ "every-call", sb_bk_every_call },
		{ "standard-call", sb_bk_standard },
		{ "call-lock", sb_bk_call_lock },
		{ "call-context", sb_bk_call_context },
	};
	struct sb_row row = { .name = "fast_path_bookkeeping",
			      .where = sb_where, .mode = sb_mode, .clients = 1,
			      .unit = "ns" };
	unsigned int ns = ARRAY_SIZE(steps), n = sb_batches, i, j, errors = 0;
	static struct sb_bk_scm scm;
	struct qcom_scm_waitq *wq;
	char extra[48];
	u64 *v;

	wq = kzalloc(struct_size(wq, ctx, 1), GFP_KERNEL);
	v = kcalloc(ns * n, sizeof(*v), GFP_KERNEL);
	if (!wq || !v)
		goto out;
	/* as qcom_scm_waitq_create() sets up a multi-call board */
	wq->multi_call = true;
	wq->max_calls = SB_NR_PERIPH;
	atomic_set(&wq->free_calls, wq->max_calls);
	init_waitqueue_head(&wq->call_wait);
	wq->nr_ctx = 1;
	atomic64_set(&wq->seq, 0);
	init_waitqueue_head(&wq->ctx[0].wait);
	sb_bk_wq = wq;
	scm.waitq = wq;
	/* as probe publishes __scm: pairs with the acquire in sb_bk_waitq() */
	smp_store_release(&sb_bk_scm, &scm);
	for (i = 0; i < n; i++)
		for (j = 0; j < ns; j++)
			v[j * n + i] = sb_time_batch(steps[j].fn, NULL,
						     sb_per_batch, &errors);
	snprintf(extra, sizeof(extra), "\"per\":%u", sb_per_batch);
	for (j = 0; j < ns; j++) {
		row.variant = steps[j].variant;
		sb_emit(&row, extra, v + j * n, n);
	}
	WARN_ON(atomic_read(&wq->free_calls) != wq->max_calls);
	/* unpublished before it is freed */
	smp_store_release(&sb_bk_scm, NULL);
	sb_bk_wq = NULL;
out:
	kfree(wq);
	kfree(v);
	return 0;
}
#else
static int sb_bookkeeping(void)
{
	return 0;
}
#endif

/*
 * The fast path with the series' trace events disabled and enabled, in
 * alternating blocks of batches. The events sit on the park and wake paths
 * only, so enabling them should change nothing here.
 */
static int sb_fast_trace(void)
{
	unsigned int blocks = sb_quick ? 4 : 20, per_block, total, s, j;
	struct sb_row row = { .name = "trace_cost", .where = sb_where,
			      .mode = sb_mode, .clients = 1, .unit = "ns" };
	static const char *const names[2][ARRAY_SIZE(sb_fast)] = {
		{ "fast-atomic-events-off", "fast-standard-events-off" },
		{ "fast-atomic-events-on", "fast-standard-events-on" },
	};
	struct sb_batch bt[ARRAY_SIZE(sb_fast)];
	unsigned int nv = ARRAY_SIZE(sb_fast), errors = 0;
	char extra[80];
	u64 *v;
	int ret;

	ret = sb_events(false);
	if (ret) {
		pr_info("scm-bench: no qcom_scm trace events (%d): trace cost not measured\n",
			ret);
		return 0;
	}
	per_block = max(sb_batches / blocks, 1U);
	/* batches of each call with the events off, and as many on */
	total = blocks * per_block;
	v = kcalloc(array3_size(2, nv, total), sizeof(*v), GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	for (j = 0; j < nv; j++)
		bt[j] = (struct sb_batch){ sb_fast[j].fn, NULL, sb_per_batch };
	ret = sb_events_blocks(bt, nv, blocks, per_block, v, &errors);
	if (ret)
		goto out;
	for (s = 0; s < 2; s++)
		for (j = 0; j < nv; j++) {
			row.variant = names[s][j];
			snprintf(extra, sizeof(extra),
				 "\"per\":%u,\"smcs\":%u,\"errors\":%u,\"blocks\":%u",
				 sb_per_batch, sb_fast[j].smcs, errors, blocks);
			sb_emit(&row, extra, v + (s * nv + j) * total, total);
		}
out:
	kfree(v);
	return ret;
}

/* ---- concurrency: calls that firmware holds for hold_us ---------------- */

/*
 * Client i calls for peripheral i, whose wait queue is i: its release
 * timer is armed by the park of its call.
 */
struct sb_client {
	struct hrtimer release;
	atomic_t armed;
	unsigned int id;
};

static struct sb_client sb_clients[SB_MAX_CLIENTS];
static unsigned int sb_nr_clients;
static u64 sb_hold_ns;

/* One run: each client's calls, and their times, client after client */
struct sb_conc_run {
	unsigned int calls;
	u64 *lat;
};

static enum hrtimer_restart sb_release_fn(struct hrtimer *t)
{
	struct sb_client *c = container_of(t, struct sb_client, release);

	sb_fw_release(c->id);
	return HRTIMER_NORESTART;
}

/*
 * The series' park trace point: the call has arrived in firmware and was
 * parked, so its secure operation starts now. A call that firmware parks
 * again (a resume before the release) keeps its first deadline.
 */
static void sb_conc_on_park(void *data, u64 wq_ctx, u64 smc_call_ctx)
{
	struct sb_client *c;

	if (wq_ctx >= READ_ONCE(sb_nr_clients))
		return;
	c = &sb_clients[wq_ctx];
	if (!atomic_xchg(&c->armed, 1))
		hrtimer_start(&c->release, ns_to_ktime(sb_hold_ns),
			      HRTIMER_MODE_REL);
}

/* Client @id of sb_run_clients(): its calls; the first error */
static int sb_conc_client(void *data, unsigned int id)
{
	const struct sb_conc_run *run = data;
	struct sb_client *c = &sb_clients[id];
	u64 *lat = run->lat + id * run->calls;
	unsigned int i;
	int ret, err = 0;
	u64 t;

	for (i = 0; i < run->calls; i++) {
		t = ktime_get_ns();
		ret = qcom_scm_pas_auth_and_reset(id);
		lat[i] = ktime_get_ns() - t;
		atomic_set(&c->armed, 0);
		/* an errno: sb_run_clients() takes a result > 0 for a time */
		if (ret && !err)
			err = ret < 0 ? ret : -EIO;
	}
	return err;
}

static int sb_concurrency(void)
{
	static const unsigned int counts[] = { 1, 2, 4, 8 };
	struct sb_row row = { .name = "concurrency", .where = sb_where,
			      .mode = sb_mode, .unit = "ns" };
	unsigned int reps = max(sb_reps, 1U), calls = max(sb_calls, 1U);
	/* static: the clients of a run that timed out may still read it */
	static struct sb_conc_run run;
	unsigned int ci, r, i, n;
	struct sb_fw_errors e;
	u64 *elapsed, *lat;
	char extra[128];
	s64 ns;
	int ret;

	BUILD_BUG_ON(SB_MAX_CLIENTS > SB_RUN_MAX_CLIENTS);
	sb_hold_ns = (u64)sb_hold_us * NSEC_PER_USEC;
	for (i = 0; i < SB_MAX_CLIENTS; i++) {
		sb_clients[i].id = i;
		atomic_set(&sb_clients[i].armed, 0);
		hrtimer_init(&sb_clients[i].release, CLOCK_MONOTONIC,
			     HRTIMER_MODE_REL);
		sb_clients[i].release.function = sb_release_fn;
	}
	/* Take every resource once: from now on each call parks */
	for (i = 0; i < SB_NR_PERIPH; i++) {
		ret = qcom_scm_pas_auth_and_reset(i);
		if (ret) {
			pr_err("scm-bench: taking peripheral %u: %d\n", i, ret);
			return ret;
		}
	}
	elapsed = kcalloc(reps, sizeof(*elapsed), GFP_KERNEL);
	lat = kcalloc(reps * SB_MAX_CLIENTS * calls, sizeof(*lat), GFP_KERNEL);
	ret = -ENOMEM;
	if (!elapsed || !lat)
		goto out;
	ret = sb_probe("qcom_scm_waitq_park", sb_conc_on_park, NULL);
	if (ret) {
		pr_err("scm-bench: no park trace point: %d\n", ret);
		goto out;
	}
	ret = sb_fw_errors_start();
	if (ret) {
		sb_unprobe("qcom_scm_waitq_park", sb_conc_on_park, NULL);
		goto out;
	}
	run.calls = calls;
	for (ci = 0; ci < ARRAY_SIZE(counts); ci++) {
		n = counts[ci];
		WRITE_ONCE(sb_nr_clients, n);
		for (r = 0; r < reps; r++) {
			run.lat = lat + r * n * calls;
			ns = sb_run_clients(n, sb_conc_client, &run, false,
					    SB_TIMEOUT_MS);
			if (ns < 0) {
				ret = ns;
				goto out_probe;
			}
			elapsed[r] = ns;
		}
		sb_fw_errors_take(&e);
		if (e.other) {
			pr_err("scm-bench: the driver reported %u firmware errors\n",
			       e.other);
			ret = -EPROTO;
			goto out_probe;
		}
		row.clients = n;
		row.variant = "elapsed";
		snprintf(extra, sizeof(extra),
			 "\"calls\":%u,\"hold_us\":%u,\"fw_spurious_irq\":%u,\"fw_wake_idle\":%u",
			 n * calls, sb_hold_us, e.spurious_irq, e.wake_idle);
		sb_emit(&row, extra, elapsed, reps);
		row.variant = "call";
		snprintf(extra, sizeof(extra), "\"hold_us\":%u", sb_hold_us);
		sb_emit(&row, extra, lat, reps * n * calls);
	}
	ret = 0;
out_probe:
	WRITE_ONCE(sb_nr_clients, 0);
	sb_fw_errors_stop();
	sb_unprobe("qcom_scm_waitq_park", sb_conc_on_park, NULL);
	if (ret)
		return ret;	/* a client may still be parked: leak */
	for (i = 0; i < SB_MAX_CLIENTS; i++)
		hrtimer_cancel(&sb_clients[i].release);
	/* Leave every resource free, and nothing parked */
	for (i = 0; i < SB_NR_PERIPH; i++)
		qcom_scm_pas_shutdown(i);
out:
	kfree(lat);
	kfree(elapsed);
	return ret;
}

/* ---- wake-up latency --------------------------------------------------- */

/*
 * One client parks on SB_PERIPH_LAT; this thread then plays firmware: it
 * releases the peripheral and takes the time at which the wake-up was
 * signalled. With the interrupt, that is when the release SMC returns with
 * the SPI pending (local interrupts are masked until the time is taken).
 * With SMC-return wakes, firmware hands the wake-up to the next call that
 * can carry it, here an IO read of this thread, and the time is taken when
 * the driver sees the WAKE answer (wake trace point). The sample ends when
 * the parked call, woken, leaves its wait to issue RESUME (resume trace
 * point). Each sample is followed by one of the completion-handoff floor.
 */
static struct {
	struct completion parked;
	struct completion next;
	struct completion returned;
	bool park_seen;
	u64 t_signal;
	u64 sample;
	unsigned int n;
	int err;
} sb_lat;

static void sb_lat_on_park(void *data, u64 wq_ctx, u64 smc_call_ctx)
{
	if (wq_ctx != SB_PERIPH_LAT || sb_lat.park_seen)
		return;
	sb_lat.park_seen = true;
	complete(&sb_lat.parked);
}

static void sb_lat_on_wake(void *data, bool from_irq, u64 wq_ctx, u64 flags)
{
	if (wq_ctx == SB_PERIPH_LAT && !from_irq && !READ_ONCE(sb_lat.t_signal))
		WRITE_ONCE(sb_lat.t_signal, ktime_get_ns());
}

static void sb_lat_on_resume(void *data, u64 wq_ctx, u64 smc_call_ctx,
			     u64 parked_ns, bool woken)
{
	u64 t = ktime_get_ns(), t0 = READ_ONCE(sb_lat.t_signal);

	if (wq_ctx == SB_PERIPH_LAT && woken && t0 && !sb_lat.sample)
		sb_lat.sample = t - t0;
}

static int sb_lat_client(void *data)
{
	unsigned int i;
	int ret;

	for (i = 0; i < sb_lat.n; i++) {
		wait_for_completion(&sb_lat.next);
		ret = qcom_scm_pas_auth_and_reset(SB_PERIPH_LAT);
		if (ret && !sb_lat.err)
			sb_lat.err = ret;
		complete(&sb_lat.returned);
	}
	return 0;
}

static const struct {
	const char *name;
	void *probe;
} sb_lat_tps[] = {
	{ "qcom_scm_waitq_park", sb_lat_on_park },
	{ "qcom_scm_waitq_wake", sb_lat_on_wake },
	{ "qcom_scm_waitq_resume", sb_lat_on_resume },
};

static int sb_latency(bool smc_wake)
{
	struct sb_row row = { .name = "wake_latency", .where = sb_where,
			      .mode = sb_mode, .clients = 1, .unit = "ns" };
	unsigned int n = max(sb_samples, 1U), i, got = 0;
	struct sb_floor *floor = NULL;
	struct task_struct *task;
	struct sb_fw_errors e;
	unsigned long flags;
	char extra[96];
	u64 *v;
	int ret;

	v = kcalloc(n, sizeof(*v), GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	init_completion(&sb_lat.parked);
	init_completion(&sb_lat.next);
	init_completion(&sb_lat.returned);
	sb_lat.n = n;
	sb_lat.err = 0;
	/* the first call takes the free resource; the others park */
	ret = qcom_scm_pas_auth_and_reset(SB_PERIPH_LAT);
	if (ret)
		goto out;
	ret = sb_fw_errors_start();
	if (ret)
		goto out;
	for (i = 0; i < ARRAY_SIZE(sb_lat_tps); i++) {
		ret = sb_probe(sb_lat_tps[i].name, sb_lat_tps[i].probe, NULL);
		if (ret) {
			while (i--)
				sb_unprobe(sb_lat_tps[i].name,
					   sb_lat_tps[i].probe, NULL);
			sb_fw_errors_stop();
			goto out;
		}
	}
	floor = sb_floor_start(n);
	task = kthread_run(sb_lat_client, NULL, "sb_lat_client");
	ret = PTR_ERR_OR_ZERO(task);
	for (i = 0; !ret && i < n; i++) {
		sb_lat.park_seen = false;
		sb_lat.sample = 0;
		WRITE_ONCE(sb_lat.t_signal, 0);
		complete(&sb_lat.next);
		if (!wait_for_completion_timeout(&sb_lat.parked,
						 msecs_to_jiffies(SB_TIMEOUT_MS))) {
			ret = -ETIMEDOUT;
			break;
		}
		/* the parked caller is asleep in its wait queue by now */
		sb_sleep_us(SB_SETTLE_US);
		if (smc_wake) {
			sb_fw_release(SB_PERIPH_LAT);
			/*
			 * A standard call carries the WAKE: firmware answers
			 * no fast call with one.
			 */
			qcom_scm_pas_supported(SB_PERIPH_LAT);
		} else {
			local_irq_save(flags);
			sb_fw_release(SB_PERIPH_LAT);
			WRITE_ONCE(sb_lat.t_signal, ktime_get_ns());
			local_irq_restore(flags);
		}
		if (!wait_for_completion_timeout(&sb_lat.returned,
						 msecs_to_jiffies(SB_TIMEOUT_MS))) {
			ret = -ETIMEDOUT;
			break;
		}
		if (sb_lat.sample)
			v[got++] = sb_lat.sample;
		sb_floor_sample(floor, SB_SETTLE_US);
	}
	if (ret) {
		pr_err("scm-bench: latency: %d after %u samples\n", ret, i);
		/* the client may still be parked: leave the probes alone */
		return ret;
	}
	for (i = 0; i < ARRAY_SIZE(sb_lat_tps); i++)
		sb_unprobe(sb_lat_tps[i].name, sb_lat_tps[i].probe, NULL);
	ret = sb_lat.err;
	qcom_scm_pas_shutdown(SB_PERIPH_LAT);
	sb_fw_errors_take(&e);
	sb_fw_errors_stop();
	if (!ret && e.other)
		ret = -EPROTO;
	snprintf(extra, sizeof(extra),
		 "\"signal\":\"%s\",\"fw_spurious_irq\":%u,\"fw_wake_idle\":%u",
		 smc_wake ? "wake_answer" : "irq_pending", e.spurious_irq,
		 e.wake_idle);
	if (!ret)
		sb_emit(&row, extra, v, got);
	sb_floor_stop(floor, sb_where, sb_mode);
out:
	kfree(v);
	return ret;
}

int sb_e2e_run(void)
{
	bool smc_wake = !strcmp(sb_mode, "multi-smc");
	int ret;

	if (!qcom_scm_is_available()) {
		pr_err("scm-bench: qcom_scm is not available\n");
		return -ENODEV;
	}
	if (sb_wants("fast")) {
		ret = sb_fast_path();
		if (ret)
			return ret;
		ret = sb_fast_allocs();
		if (ret)
			return ret;
		ret = sb_bookkeeping();
		if (ret)
			return ret;
	}
	if (sb_wants("trace")) {
		ret = sb_fast_trace();
		if (ret)
			return ret;
	}
	if (sb_wants("conc")) {
		ret = sb_concurrency();
		if (ret)
			return ret;
	}
	if (sb_wants("lat")) {
		ret = sb_latency(smc_wake);
		if (ret)
			return ret;
	}
	return 0;
}
