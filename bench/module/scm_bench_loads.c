// SPDX-License-Identifier: GPL-2.0
/*
 * scm_bench, "double": loads of many clients on the firmware double of
 * scm_bench_fw.c, each client a kthread of sb_run_clients():
 *
 * - concurrency: 1 to 8 clients, each on its own wq_ctx, whose calls
 *   firmware holds for hold_us; throughput against one call per hold.
 * - hold sweep: the same at 0.1 and 1 ms, where the per-call overhead and
 *   the poll of a board without the interrupt weigh more.
 * - contention: 2 to 8 clients that need one firmware resource, parked on
 *   one wq_ctx while it is busy and woken by WAKE_ONE (a handoff) or
 *   WAKE_ALL (every waiter races for it); throughput, RESUMEs answered
 *   SLEEP again, and who gets the resource.
 * - call contexts: 16 clients, firmware with 8 call contexts; the driver
 *   bounding its calls to the 8, against a driver that believes in 16 and
 *   gets EBUSY answers, which it retries after a sleep.
 * - parked idle: calls parked for a long hold; how often the driver asks
 *   firmware again while nothing has changed (the power cost of a poll).
 * - fast path from every CPU at once: calls that firmware answers at once,
 *   one client bound to each CPU, against one client alone.
 *
 * Every run counts the SMCs firmware saw, so each gives SMCs per call.
 */
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "qcom_scm.h"
#include "scm_bench_fw.h"
#include "scm_bench_loads.h"

/*
 * One load: @reps runs of @n clients, each making @calls calls of @cmd
 * (HOLD on its own wq_ctx, or LOCK of the resource), and what came of it.
 * One load at a time: after a timeout the clients may still use it, and
 * nothing runs after a timeout (the module gives up), so it is static, not
 * on a stack that would be gone, and its buffers are leaked.
 */
struct sbd_run {
	struct sbd *fw;
	u32 cmd;
	u64 hold_ns;
	unsigned int calls;	/* per client */
	unsigned int n;
	unsigned int reps;
	bool tolerate;		/* failed calls are counted, not fatal */
	u64 *elapsed;		/* per run */
	u64 *lat;		/* per call, run-major, then client-major */
	u64 *run_lat;		/* the current run's part of @lat */
	atomic_t failed;
	atomic_t sleeps;	/* the clients' voluntary context switches */
	struct sbd_stats st;	/* what firmware counted */
	struct sb_fw_errors e;	/* what the driver reported */
};

static struct sbd_run sbd_run;

static int sbd_run_client(void *data, unsigned int id)
{
	struct sbd_run *run = data;
	struct sbd *fw = run->fw;
	unsigned long nvcsw = current->nvcsw;
	unsigned int i;
	int ret, err = 0;
	u64 t;

	for (i = 0; i < run->calls; i++) {
		t = ktime_get_ns();
		ret = sbd_call(fw, run->cmd, id, run->hold_ns);
		run->run_lat[id * run->calls + i] = ktime_get_ns() - t;
		if (ret && run->tolerate)
			atomic_inc(&run->failed);
		else if (ret && !err)
			err = ret;
	}
	/* every sleep of a client is a wake-up, for a reason or not */
	atomic_add(current->nvcsw - nvcsw, &run->sleeps);
	if (run->cmd == SBD_CMD_LOCK) {
		/* one client is done: the others no longer all compete */
		raw_spin_lock_irq(&fw->lock);
		fw->lk.window = false;
		raw_spin_unlock_irq(&fw->lock);
	}
	return err;
}

static void sbd_run_free(void)
{
	kfree(sbd_run.elapsed);
	kfree(sbd_run.lat);
	sbd_run.elapsed = NULL;
	sbd_run.lat = NULL;
}

/*
 * The load that sbd_run's first fields describe, in deployment @d, LOCK
 * calls woken with @lock_flags: the time of each run, of each call, and
 * what firmware and the driver counted, in sbd_run. The caller frees the
 * buffers with sbd_run_free(), except after -ETIMEDOUT.
 */
static int sbd_load(const struct sbd_deploy *d, u32 lock_flags)
{
	struct sbd_run *run = &sbd_run;
	struct sbd *fw = run->fw;
	unsigned int r, per_run = run->n * run->calls;
	int ret, down;
	s64 ns;

	run->elapsed = kcalloc(run->reps, sizeof(*run->elapsed), GFP_KERNEL);
	run->lat = kcalloc(array_size(run->reps, per_run), sizeof(*run->lat),
			   GFP_KERNEL);
	if (!run->elapsed || !run->lat)
		return -ENOMEM;
	ret = sbd_up(fw, d);
	if (ret)
		return ret;
	raw_spin_lock_irq(&fw->lock);
	fw->lk.flags = lock_flags;
	raw_spin_unlock_irq(&fw->lock);
	for (r = 0; r < run->reps; r++) {
		if (run->cmd == SBD_CMD_LOCK) {
			raw_spin_lock_irq(&fw->lock);
			fw->lk.window = true;
			raw_spin_unlock_irq(&fw->lock);
		}
		run->run_lat = run->lat + r * per_run;
		ns = sb_run_clients(run->n, sbd_run_client, run, false,
				    SBD_TIMEOUT_MS);
		if (ns == -ETIMEDOUT)
			return ns;
		if (ns < 0) {
			ret = ns;
			break;
		}
		run->elapsed[r] = ns;
	}
	raw_spin_lock_irq(&fw->lock);
	run->st = fw->st;
	raw_spin_unlock_irq(&fw->lock);
	down = sbd_down(fw, d, &run->e);
	return ret ?: down;
}

/* Each run's time as @variant, each call's time as @call_variant */
static void sbd_emit_load(struct sb_row *row, const char *variant,
			  const char *call_variant, const char *extra)
{
	struct sbd_run *run = &sbd_run;
	char hold[24];

	row->variant = variant;
	sb_emit(row, extra, run->elapsed, run->reps);
	row->variant = call_variant;
	snprintf(hold, sizeof(hold), "\"hold_us\":%llu",
		 div_u64(run->hold_ns, NSEC_PER_USEC));
	sb_emit(row, hold, run->lat, run->reps * run->n * run->calls);
}

/* ---- concurrency ------------------------------------------------------- */

/* @n clients, each @calls calls held for @hold_us: variant "<v>", "<v>_call" */
static int sbd_held(struct sbd *fw, const struct sbd_deploy *d,
		    const char *name, const char *variant, unsigned int n,
		    unsigned int calls, unsigned int hold_us)
{
	struct sb_row row = { .name = name, .where = sbd_where,
			      .mode = d->mode, .clients = n, .unit = "ns" };
	struct sbd_run *run = &sbd_run;
	struct sbd_stats *c = &run->st;
	char extra[256], v2[32];
	int ret;

	*run = (struct sbd_run){ .fw = fw, .cmd = SBD_CMD_HOLD,
				.hold_ns = (u64)hold_us * NSEC_PER_USEC,
				.calls = calls, .n = n,
				.reps = max(sb_reps, 1U) };
	ret = sbd_load(d, 0);
	if (ret == -ETIMEDOUT)
		return ret;	/* clients may still use the buffers: leak */
	if (!ret) {
		snprintf(extra, sizeof(extra),
			 "\"calls\":%u,\"hold_us\":%u,\"resumes_too_early\":%u,\"wakes\":%u,\"smcs\":%u,\"resumes\":%u,\"fw_busy_ns\":%llu,\"fw_late_ns\":%llu,\"fw_wake_ns\":%llu,\"held\":%u,\"what_if\":%d",
			 n * calls, hold_us, c->spurious,
			 c->wake_answers + c->irqs, c->smcs, c->resumes,
			 c->busy_ns, c->late_ns, c->wake_ns, c->held,
			 sbd_what_if(d));
		snprintf(v2, sizeof(v2), "%s_call", variant);
		/* the concurrency rows are named "elapsed" and "call" */
		sbd_emit_load(&row, variant,
			      strcmp(variant, "elapsed") ? v2 : "call", extra);
	}
	sbd_run_free();
	return ret;
}

/**
 * sbd_concurrency() - 1, 2, 4 and 8 clients of calls held for hold_us
 * @fw:		the double
 * @d:		deployment
 *
 * Return: 0, or the first error.
 */
int sbd_concurrency(struct sbd *fw, const struct sbd_deploy *d)
{
	static const unsigned int counts[] = { 1, 2, 4, 8 };
	unsigned int i;
	int ret = 0;

	for (i = 0; i < ARRAY_SIZE(counts) && !ret; i++)
		ret = sbd_held(fw, d, "concurrency", "elapsed", counts[i],
			       max(sb_calls, 1U), sb_hold_us);
	return ret;
}

/**
 * sbd_hold_sweep() - 1 and 4 clients at holds of 0.1 and 1 ms
 * @fw:		the double
 * @d:		deployment
 *
 * The 10 ms hold is the concurrency run's. Shorter holds get more calls,
 * so that each run lasts about as long (not in the quick run).
 *
 * Return: 0, or the first error.
 */
int sbd_hold_sweep(struct sbd *fw, const struct sbd_deploy *d)
{
	static const unsigned int holds[] = { 100, 1000 };
	static const unsigned int counts[] = { 1, 4 };
	unsigned int h, i, calls;
	char variant[24];
	int ret = 0;

	for (h = 0; h < ARRAY_SIZE(holds) && !ret; h++) {
		calls = max(sb_calls, 1U);
		if (!sb_quick)
			calls *= holds[h] < 1000 ? 10 : 3;
		snprintf(variant, sizeof(variant), "hold_%uus", holds[h]);
		for (i = 0; i < ARRAY_SIZE(counts) && !ret; i++)
			ret = sbd_held(fw, d, "hold_sweep", variant, counts[i],
				       calls, holds[h]);
	}
	return ret;
}

/* ---- contention on one wq_ctx ----------------------------------------- */

/*
 * Each client makes @calls LOCK calls; the resource is held 1 ms after
 * each. The grants per client are counted while every client still calls
 * (until the first one is done), over all runs.
 */
static int sbd_contend(struct sbd *fw, const struct sbd_deploy *d,
		       unsigned int n, u32 flags)
{
	const char *variant = flags & QCOM_SCM_WAITQ_FLAG_WAKE_ALL ?
			      "wake_all" : "wake_one";
	struct sb_row row = { .name = "contention", .where = sbd_where,
			      .mode = d->mode, .clients = n, .unit = "ns" };
	unsigned int calls = max(sb_calls, 1U), hold_us = 1000, i, len;
	unsigned int grants[SB_RUN_MAX_CLIENTS], handoffs, fifo, barged;
	struct sbd_run *run = &sbd_run;
	struct sbd_stats *c = &run->st;
	char extra[384], v2[32];
	int ret;

	*run = (struct sbd_run){ .fw = fw, .cmd = SBD_CMD_LOCK,
				.hold_ns = (u64)hold_us * NSEC_PER_USEC,
				.calls = calls, .n = n,
				.reps = max(sb_reps, 1U) };
	ret = sbd_load(d, flags);
	if (ret == -ETIMEDOUT)
		return ret;	/* clients may still use the buffers: leak */
	if (ret)
		goto out;
	/* the resource's record stays until the next sbd_up() */
	raw_spin_lock_irq(&fw->lock);
	memcpy(grants, fw->lk.grants, sizeof(grants));
	handoffs = fw->lk.handoffs;
	fifo = fw->lk.fifo;
	barged = fw->lk.barged;
	raw_spin_unlock_irq(&fw->lock);
	len = scnprintf(extra, sizeof(extra),
			"\"calls\":%u,\"hold_us\":%u,\"smcs\":%u,\"resumes\":%u,\"resumes_too_early\":%u,\"wakes\":%u,\"handoffs\":%u,\"fifo\":%u,\"barged\":%u,\"grants\":[",
			n * calls, hold_us, c->smcs, c->resumes, c->spurious,
			c->wake_answers + c->irqs, handoffs, fifo, barged);
	for (i = 0; i < n; i++)
		len += scnprintf(extra + len, sizeof(extra) - len, "%s%u",
				 i ? "," : "", grants[i]);
	scnprintf(extra + len, sizeof(extra) - len, "]");
	snprintf(v2, sizeof(v2), "%s_call", variant);
	sbd_emit_load(&row, variant, v2, extra);
out:
	sbd_run_free();
	return ret;
}

/**
 * sbd_contention() - 2, 4 and 8 clients contending for one resource, woken
 * with WAKE_ONE and with WAKE_ALL
 * @fw:		the double
 * @d:		deployment
 *
 * Return: 0, or the first error.
 */
int sbd_contention(struct sbd *fw, const struct sbd_deploy *d)
{
	static const unsigned int counts[] = { 2, 4, 8 };
	static const u32 flags[] = { QCOM_SCM_WAITQ_FLAG_WAKE_ONE,
				     QCOM_SCM_WAITQ_FLAG_WAKE_ALL };
	unsigned int i, f;
	int ret = 0;

	for (f = 0; f < ARRAY_SIZE(flags) && !ret; f++)
		for (i = 0; i < ARRAY_SIZE(counts) && !ret; i++)
			ret = sbd_contend(fw, d, counts[i], flags[f]);
	return ret;
}

/* ---- more clients than call contexts ---------------------------------- */

static int sbd_contexts_one(struct sbd *fw, const struct sbd_deploy *d,
			    unsigned int clients, const char *variant)
{
	struct sb_row row = { .name = "call_contexts", .where = sbd_where,
			      .mode = d->mode, .clients = clients,
			      .unit = "ns" };
	unsigned int calls = max(sb_calls / 2, 1U);
	struct sbd_run *run = &sbd_run;
	struct sbd_stats *c = &run->st;
	char extra[256], v2[32];
	int ret;

	*run = (struct sbd_run){ .fw = fw, .cmd = SBD_CMD_HOLD,
				.hold_ns = (u64)sb_hold_us * NSEC_PER_USEC,
				.calls = calls, .n = clients,
				.reps = max(sb_reps, 1U), .tolerate = true };
	ret = sbd_load(d, 0);
	if (ret == -ETIMEDOUT)
		return ret;	/* clients may still use the buffers: leak */
	if (!ret) {
		snprintf(extra, sizeof(extra),
			 "\"calls\":%u,\"hold_us\":%u,\"contexts\":%u,\"max_calls\":%u,\"ebusy\":%u,\"failed\":%d,\"smcs\":%u,\"resumes\":%u,\"resumes_too_early\":%u,\"fw_busy_ns\":%llu",
			 clients * calls, sb_hold_us, d->fw_slots,
			 d->max_calls, c->ebusy, atomic_read(&run->failed),
			 c->smcs, c->resumes, c->spurious, c->busy_ns);
		snprintf(v2, sizeof(v2), "%s_call", variant);
		sbd_emit_load(&row, variant, v2, extra);
	}
	sbd_run_free();
	return ret;
}

/**
 * sbd_call_contexts() - 16 clients of calls held for hold_us, firmware
 * with 8 call contexts
 * @fw:		the double
 *
 * "bounded": the driver knows of the 8 (GET_INFO's count, read as call
 * contexts) and queues the other calls itself. "ebusy": the driver takes
 * the count as 16 and firmware answers the calls beyond 8 EBUSY, which the
 * driver retries after 30 ms, 21 times at most. "no_queue": 8 clients on
 * the 8 contexts, where no call waits in line.
 *
 * Return: 0, or the first error.
 */
int sbd_call_contexts(struct sbd *fw)
{
	static const struct sbd_deploy bounded = {
		.mode = "multi-irq", .multi_call = true, .irq = true,
		.max_calls = 8, .fw_slots = 8,
	};
	static const struct sbd_deploy ebusy = {
		.mode = "multi-irq", .multi_call = true, .irq = true,
		.max_calls = 16, .fw_slots = 8,
	};
	int ret;

	ret = sbd_contexts_one(fw, &bounded, 16, "bounded");
	if (!ret)
		ret = sbd_contexts_one(fw, &ebusy, 16, "ebusy");
	/* the reference: as many clients as contexts, nobody waits in line */
	if (!ret)
		ret = sbd_contexts_one(fw, &bounded, 8, "no_queue");
	return ret;
}

/* ---- parked and idle --------------------------------------------------- */

/**
 * sbd_parked_idle() - four calls parked for 20 times hold_us each, one
 * call per client
 * @fw:		the double
 * @d:		deployment
 *
 * Nothing changes in firmware until the holds end: every SMC beyond the
 * call, its RESUME and what carries its wake-up is a poll, and every RESUME
 * answered SLEEP again woke a CPU for nothing. So did every sleep of a
 * client beyond one per call: a poll that found another call in firmware
 * goes back to sleep without an SMC (counted as the clients' voluntary
 * context switches).
 *
 * Return: 0, or the first error.
 */
int sbd_parked_idle(struct sbd *fw, const struct sbd_deploy *d)
{
	struct sb_row row = { .name = "parked_idle", .where = sbd_where,
			      .mode = d->mode, .clients = 4, .unit = "ns" };
	unsigned int hold_us = 20 * sb_hold_us;
	struct sbd_run *run = &sbd_run;
	struct sbd_stats *c = &run->st;
	int ret;

	*run = (struct sbd_run){ .fw = fw, .cmd = SBD_CMD_HOLD,
				.hold_ns = (u64)hold_us * NSEC_PER_USEC,
				.calls = 1, .n = row.clients, .reps = 1 };
	ret = sbd_load(d, 0);
	if (ret == -ETIMEDOUT)
		return ret;	/* clients may still use the buffers: leak */
	if (!ret)
		sb_emit_kv(&row,
			   "\"calls\":%u,\"hold_us\":%u,\"elapsed_ns\":%llu,\"smcs\":%u,\"resumes\":%u,\"resumes_too_early\":%u,\"wakes\":%u,\"sleeps\":%d,\"v\":[%llu]",
			   row.clients, hold_us, run->elapsed[0], c->smcs,
			   c->resumes, c->spurious, c->wake_answers + c->irqs,
			   atomic_read(&run->sleeps), run->elapsed[0]);
	sbd_run_free();
	return ret;
}

/* ---- the fast path from every CPU ------------------------------------- */

struct sbd_cpus {
	struct sbd *fw;
	bool raw;		/* the double's handler alone, no driver */
	unsigned int batches;
	unsigned int per;
	u64 *v;			/* ns per batch, client-major */
	atomic_t errors;
};

/* static for the same reason as sbd_run */
static struct sbd_cpus sbd_cpus;

static int sbd_echo(void *data)
{
	return sbd_call(data, SBD_CMD_ECHO, 0, 0);
}

static int sbd_echo_raw_fn(void *data)
{
	sbd_echo_raw(data);
	return 0;
}

static int sbd_cpus_client(void *data, unsigned int id)
{
	struct sbd_cpus *s = data;
	unsigned int i, errors = 0;

	for (i = 0; i < s->batches; i++)
		s->v[id * s->batches + i] =
			sb_time_batch(s->raw ? sbd_echo_raw_fn : sbd_echo,
				      s->fw, s->per, &errors);
	atomic_add(errors, &s->errors);
	return 0;
}

/**
 * sbd_fast_all_cpus() - standard calls answered at once, from one client
 * bound to each online CPU at the same time, and from one client alone
 * @fw:		the double
 * @d:		deployment
 *
 * Serialized, the clients queue on the SCM mutex; with multi-call they
 * share the call-context counter. QEMU's TCG models no caches, so what
 * shows is the cost of the lock and of the host's atomics, not of cache
 * lines moving between cores. The double's SMC handler takes one lock that
 * every CPU shares: variant "firmware_only" times that handler alone, from
 * one CPU and from all, so that the driver's share can be told apart.
 *
 * Return: 0, or the first error.
 */
int sbd_fast_all_cpus(struct sbd *fw, const struct sbd_deploy *d)
{
	static const char *const variants[] = { "standard", "firmware_only" };
	struct sb_row row = { .name = "fast_all_cpus", .where = sbd_where,
			      .mode = d->mode, .unit = "ns" };
	unsigned int ncpu = min_t(unsigned int, num_online_cpus(),
				  SB_RUN_MAX_CLIENTS);
	unsigned int k, r, counts[2] = { 1, ncpu };
	struct sbd_cpus *s = &sbd_cpus;
	struct sb_fw_errors e = {};
	char extra[96];
	s64 ns;
	int ret;

	*s = (struct sbd_cpus){ .fw = fw, .per = max(sb_per_batch, 1U),
				.batches = max(sb_batches / 8, 4U) };
	s->v = kcalloc(array_size(ncpu, s->batches), sizeof(*s->v),
		       GFP_KERNEL);
	if (!s->v)
		return -ENOMEM;
	ret = sbd_up(fw, d);
	if (ret)
		goto out;
	for (r = 0; r < ARRAY_SIZE(variants) && !ret; r++) {
		s->raw = r;
		row.variant = variants[r];
		for (k = 0; k < 2 && !ret; k++) {
			atomic_set(&s->errors, 0);
			ns = sb_run_clients(counts[k], sbd_cpus_client, s, true,
					    SBD_TIMEOUT_MS);
			if (ns == -ETIMEDOUT)
				return ns;	/* the clients still run: leak */
			if (ns < 0) {
				ret = ns;
				break;
			}
			row.clients = counts[k];
			snprintf(extra, sizeof(extra),
				 "\"per\":%u,\"cpus\":%u,\"errors\":%d",
				 s->per, counts[k], atomic_read(&s->errors));
			sb_emit(&row, extra, s->v, counts[k] * s->batches);
		}
	}
	if (!ret)
		ret = sbd_down(fw, d, &e);
	else
		sbd_down(fw, d, &e);
out:
	kfree(s->v);
	return ret;
}
