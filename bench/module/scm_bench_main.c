// SPDX-License-Identifier: GPL-2.0
/*
 * scm_bench: benchmarks of the Qualcomm SCM wait-queue series, run from
 * module_init in a kernel booted under QEMU by bench/run.sh.
 *
 * Two settings, named "where" in every result:
 *
 * - "e2e": the real driver, across a real SMC boundary, on fakefw (the
 *   fake TrustZone of this repository). Fast path, allocations, trace
 *   point cost, throughput of calls that firmware holds, and wake-up
 *   latency. Works on the unpatched base too (fast path only).
 *
 * - "double": the driver's wait-queue code driven through the series'
 *   test hook by a small firmware double of this module, whose firmware
 *   time is an hrtimer, so that QEMU's CPU count and speed do not change
 *   how long firmware holds a call. Only built for kernels with the hook.
 *
 * Results are console lines "scm-bench: {json}" (bench/report.py reads
 * them). Values are raw samples; medians, percentiles and ratios are
 * computed by the report, against baselines measured in the same boot or,
 * for the fast path, in boots of the same session.
 *
 * 6.1 runs a module's kunit_test_suite() before its parameters are parsed,
 * and the same caution applies here: everything runs from module_init,
 * which sees the parameters.
 */
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/trace_events.h>
#include <linux/tracepoint.h>
#include <linux/wait_bit.h>

#include "scm_bench.h"

/*
 * The defaults are the full run's: bench/run.sh reads them from here (the
 * "unsigned int sb_<name> = <value>;" lines) and passes them on the command
 * line, so that every boot and the run's record name them.
 */
char *sb_mode = "unknown";
module_param_named(mode, sb_mode, charp, 0444);
MODULE_PARM_DESC(mode, "deployment of this boot, echoed in every result (base, serialized, multi-irq, multi-smc)");

static char *sb_run = "fast";
module_param_named(run, sb_run, charp, 0444);
MODULE_PARM_DESC(run, "comma-separated measurements: fast,trace,conc,lat (e2e); dconc,dholds,dcontend,dbound,didle,dcpus,dlat,dfloor,dctx,dtrace,dpark,dmem or double (all, firmware double)");

bool sb_quick;
module_param_named(quick, sb_quick, bool, 0444);
MODULE_PARM_DESC(quick, "few samples: proves that the benchmark works, measures nothing");

unsigned int sb_hold_us = 10000;
module_param_named(hold_us, sb_hold_us, uint, 0444);
MODULE_PARM_DESC(hold_us, "how long firmware holds a call in the concurrency runs (us)");

unsigned int sb_reps = 9;
module_param_named(reps, sb_reps, uint, 0444);
MODULE_PARM_DESC(reps, "repetitions of each concurrency run");

unsigned int sb_calls = 10;
module_param_named(calls, sb_calls, uint, 0444);
MODULE_PARM_DESC(calls, "calls per client in one concurrency run");

unsigned int sb_samples = 2005;
module_param_named(samples, sb_samples, uint, 0444);
MODULE_PARM_DESC(samples, "wake-ups measured per latency run (the report drops the first 5: 2005 resolve p99.9)");

unsigned int sb_batches = 4000;
module_param_named(batches, sb_batches, uint, 0444);
MODULE_PARM_DESC(batches, "timed batches per fast-path variant");

unsigned int sb_per_batch = 32;
module_param_named(per_batch, sb_per_batch, uint, 0444);
MODULE_PARM_DESC(per_batch, "calls per timed fast-path batch");

bool sb_wants(const char *what)
{
	size_t len = strlen(what);
	const char *p = sb_run;

	while (p && *p) {
		if (!strncmp(p, what, len) && (p[len] == ',' || !p[len]))
			return true;
		p = strchr(p, ',');
		if (p)
			p++;
	}
	return false;
}

/* Does "run" name a measurement of the firmware double? */
static bool sb_wants_double(void)
{
	static const char *const parts[] = {
		"double", "dconc", "dholds", "dcontend", "dbound", "didle",
		"dcpus", "dlat", "dfloor", "dctx", "dtrace", "dpark", "dmem",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(parts); i++)
		if (sb_wants(parts[i]))
			return true;
	return false;
}

/* printk keeps lines below 1 KiB: long sample lists go out in chunks */
#define SB_LINE		960
#define SB_PER_LINE	64

static int sb_head(char *buf, size_t size, const struct sb_row *row)
{
	return scnprintf(buf, size,
			 "{\"name\":\"%s\",\"where\":\"%s\",\"mode\":\"%s\",\"clients\":%u,\"unit\":\"%s\",\"variant\":\"%s\"",
			 row->name, row->where, row->mode, row->clients,
			 row->unit, row->variant ?: "");
}

/**
 * sb_emit() - print raw samples of one measurement
 * @row:	what was measured
 * @extra:	more JSON members ("\"k\":v,..."), or NULL
 * @v:		samples
 * @n:		number of samples
 */
void sb_emit(const struct sb_row *row, const char *extra, const u64 *v,
	     unsigned int n)
{
	unsigned int i = 0, j;
	char *buf;
	int len;

	buf = kmalloc(SB_LINE, GFP_KERNEL);
	if (!buf)
		return;
	do {
		len = sb_head(buf, SB_LINE, row);
		if (extra)
			len += scnprintf(buf + len, SB_LINE - len, ",%s", extra);
		len += scnprintf(buf + len, SB_LINE - len, ",\"v\":[");
		for (j = 0; j < SB_PER_LINE && i < n; j++, i++)
			len += scnprintf(buf + len, SB_LINE - len, "%s%llu",
					 j ? "," : "", v[i]);
		scnprintf(buf + len, SB_LINE - len, "]}");
		pr_info("scm-bench: %s\n", buf);
	} while (i < n);
	kfree(buf);
}

/* One result line without samples: the members are formatted by @fmt */
void sb_emit_kv(const struct sb_row *row, const char *fmt, ...)
{
	va_list args;
	char *buf;
	int len;

	buf = kmalloc(SB_LINE, GFP_KERNEL);
	if (!buf)
		return;
	len = sb_head(buf, SB_LINE, row);
	len += scnprintf(buf + len, SB_LINE - len, ",");
	va_start(args, fmt);
	len += vscnprintf(buf + len, SB_LINE - len, fmt, args);
	va_end(args);
	scnprintf(buf + len, SB_LINE - len, "}");
	pr_info("scm-bench: %s\n", buf);
	kfree(buf);
}

void sb_sleep_us(unsigned int us)
{
	usleep_range(us, us + us / 8 + 10);
}

struct sb_runner {
	int (*fn)(void *data, unsigned int id);
	void *data;
	struct completion *go;
	struct completion done;
	unsigned int id;
	int err;
};

static struct sb_runner sb_runners[SB_RUN_MAX_CLIENTS];
static atomic_t sb_runners_ready;

static int sb_runner_fn(void *arg)
{
	struct sb_runner *r = arg;

	atomic_inc(&sb_runners_ready);
	wake_up_var(&sb_runners_ready);
	wait_for_completion(r->go);
	r->err = r->fn(r->data, r->id);
	complete(&r->done);
	return 0;
}

s64 sb_run_clients(unsigned int n, int (*fn)(void *data, unsigned int id),
		   void *data, bool bind, unsigned int timeout_ms)
{
	static DECLARE_COMPLETION(go);
	unsigned long left = msecs_to_jiffies(timeout_ms);
	struct task_struct *task;
	unsigned int i;
	u64 t0;

	if (WARN_ON(n > SB_RUN_MAX_CLIENTS))
		return -EINVAL;
	reinit_completion(&go);
	atomic_set(&sb_runners_ready, 0);
	for (i = 0; i < n; i++) {
		struct sb_runner *r = &sb_runners[i];

		*r = (struct sb_runner){ .fn = fn, .data = data, .go = &go,
					 .id = i };
		init_completion(&r->done);
		task = kthread_create(sb_runner_fn, r, "sb_client/%u", i);
		if (IS_ERR(task)) {
			/* those made so far wait for the start: let them go */
			n = i;
			complete_all(&go);
			while (i--)
				wait_for_completion(&sb_runners[i].done);
			return PTR_ERR(task);
		}
		if (bind)
			kthread_bind(task,
				     cpumask_nth(i % num_online_cpus(),
						 cpu_online_mask));
		wake_up_process(task);
	}
	/* every client at its start line, then all started together */
	if (!wait_var_event_timeout(&sb_runners_ready,
				    atomic_read(&sb_runners_ready) == n,
				    left)) {
		pr_err("scm-bench: the clients did not start\n");
		complete_all(&go);
		return -ETIMEDOUT;
	}
	t0 = ktime_get_ns();
	complete_all(&go);
	for (i = 0; i < n; i++) {
		left = wait_for_completion_timeout(&sb_runners[i].done,
						   left ?: 1);
		if (!left) {
			/* the clients still run: the caller keeps @data */
			pr_err("scm-bench: client %u did not finish: a wake-up was lost\n",
			       i);
			return -ETIMEDOUT;
		}
	}
	t0 = ktime_get_ns() - t0;
	for (i = 0; i < n; i++)
		if (sb_runners[i].err)
			return sb_runners[i].err;
	return t0;
}

u64 sb_time_batch(int (*fn)(void *data), void *data, unsigned int per,
		  unsigned int *errors)
{
	u64 t0 = ktime_get_ns();
	unsigned int i;

	for (i = 0; i < per; i++)
		if (fn(data))
			(*errors)++;
	return ktime_get_ns() - t0;
}

int sb_events_blocks(const struct sb_batch *bt, unsigned int nb,
		     unsigned int blocks, unsigned int per_block, u64 *v,
		     unsigned int *errors)
{
	unsigned int total = blocks * per_block, b, s, k, j;
	int ret = 0;

	for (b = 0; b < blocks && !ret; b++)
		for (s = 0; s < 2 && !ret; s++) {
			ret = sb_events(s);
			for (k = 0; k < per_block && !ret; k++)
				for (j = 0; j < nb; j++)
					v[(s * nb + j) * total +
					  b * per_block + k] =
						sb_time_batch(bt[j].fn,
							      bt[j].data,
							      bt[j].per,
							      errors);
		}
	sb_events(false);
	return ret;
}

/*
 * The floor of a wake-up, measured between the wake-up samples of the same
 * run so that the host's slow moments hit both alike: the calling thread,
 * woken by a timer (as firmware's completion is a timer here), stamps the
 * time and completes a completion that a kthread sleeps on; that one stamps
 * its wake-up ("one hop"). "Two hops" relays through a third kthread, as an
 * interrupt thread relays a wake-up from the interrupt to the parked call.
 * One wake-up at a time, as with the parked call.
 */
struct sb_hop {
	struct completion go[2];
	struct completion ack;
	struct completion finished;
	u64 t0;
	u64 *v;
	unsigned int n;
	unsigned int max;
	unsigned int hops;
	unsigned int threads;
	bool stop;
};

struct sb_floor {
	struct sb_hop hop[2];
};

static int sb_hop_relay(void *data)
{
	struct sb_hop *h = data;

	for (;;) {
		wait_for_completion(&h->go[0]);
		/* passes the stop on to the receiver, too */
		complete(&h->go[1]);
		if (READ_ONCE(h->stop))
			break;
	}
	complete(&h->finished);
	return 0;
}

static int sb_hop_receiver(void *data)
{
	struct sb_hop *h = data;
	struct completion *last = &h->go[h->hops - 1];
	u64 t;

	for (;;) {
		wait_for_completion(last);
		t = ktime_get_ns();
		if (READ_ONCE(h->stop))
			break;
		if (h->n < h->max)
			h->v[h->n++] = t - READ_ONCE(h->t0);
		complete(&h->ack);
	}
	complete(&h->finished);
	return 0;
}

static void sb_hop_stop(struct sb_hop *h)
{
	WRITE_ONCE(h->stop, true);
	complete(&h->go[0]);
	while (h->threads--)
		wait_for_completion(&h->finished);
}

static int sb_hop_start(struct sb_hop *h, unsigned int hops, unsigned int max)
{
	struct task_struct *t;

	init_completion(&h->go[0]);
	init_completion(&h->go[1]);
	init_completion(&h->ack);
	init_completion(&h->finished);
	h->hops = hops;
	h->max = max;
	h->v = kcalloc(max, sizeof(*h->v), GFP_KERNEL);
	if (!h->v)
		return -ENOMEM;
	t = kthread_run(sb_hop_receiver, h, "sb_hop_rx%u", hops);
	if (IS_ERR(t))
		return PTR_ERR(t);
	h->threads++;
	if (hops > 1) {
		t = kthread_run(sb_hop_relay, h, "sb_hop_relay");
		if (IS_ERR(t)) {
			sb_hop_stop(h);
			return PTR_ERR(t);
		}
		h->threads++;
	}
	return 0;
}

/**
 * sb_floor_start() - start the kthreads of the completion-handoff floor
 * @samples:	most samples that will be taken
 *
 * Return: the floor, or NULL.
 */
struct sb_floor *sb_floor_start(unsigned int samples)
{
	struct sb_floor *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return NULL;
	if (sb_hop_start(&f->hop[0], 1, samples))
		goto err;
	if (sb_hop_start(&f->hop[1], 2, samples)) {
		sb_hop_stop(&f->hop[0]);
		goto err;
	}
	return f;
err:
	/* a thread that did start was stopped: only the memory is left */
	kfree(f->hop[0].v);
	kfree(f->hop[1].v);
	kfree(f);
	return NULL;
}

/* One sample of each floor; @settle_us: the wait before, as for a wake-up */
void sb_floor_sample(struct sb_floor *f, unsigned int settle_us)
{
	unsigned int i;

	for (i = 0; f && i < ARRAY_SIZE(f->hop); i++) {
		struct sb_hop *h = &f->hop[i];

		sb_sleep_us(settle_us);
		WRITE_ONCE(h->t0, ktime_get_ns());
		complete(&h->go[0]);
		wait_for_completion(&h->ack);
	}
}

/* Stop the kthreads, print both floors as rows of @where/@mode */
void sb_floor_stop(struct sb_floor *f, const char *where, const char *mode)
{
	struct sb_row row = { .name = "completion_handoff", .where = where,
			      .mode = mode, .clients = 1, .unit = "ns" };
	unsigned int i;

	if (!f)
		return;
	for (i = 0; i < ARRAY_SIZE(f->hop); i++) {
		sb_hop_stop(&f->hop[i]);
		row.variant = i ? "two_hops" : "one_hop";
		sb_emit(&row, NULL, f->hop[i].v, f->hop[i].n);
		kfree(f->hop[i].v);
	}
	kfree(f);
}

#ifdef CONFIG_TRACEPOINTS
struct sb_tp_find {
	const char *name;
	struct tracepoint *tp;
};

static void sb_tp_match(struct tracepoint *tp, void *priv)
{
	struct sb_tp_find *f = priv;

	if (!strcmp(tp->name, f->name))
		f->tp = tp;
}

struct tracepoint *sb_tracepoint(const char *name)
{
	struct sb_tp_find f = { .name = name };

	for_each_kernel_tracepoint(sb_tp_match, &f);
	return f.tp;
}

int sb_probe(const char *name, void *probe, void *data)
{
	struct tracepoint *tp = sb_tracepoint(name);

	return tp ? tracepoint_probe_register(tp, probe, data) : -ENOENT;
}

void sb_unprobe(const char *name, void *probe, void *data)
{
	struct tracepoint *tp = sb_tracepoint(name);

	if (tp)
		tracepoint_probe_unregister(tp, probe, data);
	tracepoint_synchronize_unregister();
}

static atomic_t sb_fw_err[3];

/*
 * Since v3 the series reports neither an empty interrupt nor a wake-up of
 * an idle wait queue (sb_fw_err[0] and [1] stay 0). The report that a board
 * has no wake source is expected in the serialized-poll mode, which is such
 * a board; every other report is a mistake.
 */
/*
 * QCOM_SCM_FW_ERR_NO_WAKE_SOURCE: the event's values are ABI, and the base
 * kernel this module is also built for has no header that names them
 */
#define SB_FW_ERR_NO_WAKE_SOURCE	1

static void sb_on_fw_error(void *data, int what, u64 wq_ctx, u64 value)
{
	if (what != SB_FW_ERR_NO_WAKE_SOURCE)
		atomic_inc(&sb_fw_err[2]);
}

int sb_fw_errors_start(void)
{
	struct sb_fw_errors e;

	sb_fw_errors_take(&e);
	return sb_probe("qcom_scm_waitq_fw_error", sb_on_fw_error, NULL);
}

void sb_fw_errors_take(struct sb_fw_errors *e)
{
	e->spurious_irq = atomic_xchg(&sb_fw_err[0], 0);
	e->wake_idle = atomic_xchg(&sb_fw_err[1], 0);
	e->other = atomic_xchg(&sb_fw_err[2], 0);
}

void sb_fw_errors_stop(void)
{
	sb_unprobe("qcom_scm_waitq_fw_error", sb_on_fw_error, NULL);
}

/*
 * Allocation counting: probes on the allocator's trace points count what
 * the task under test allocates. Page allocations are not added: a large
 * kmalloc and a slab refill are already counted as the kmalloc or cache
 * allocation that caused them.
 */
static struct task_struct *sb_alloc_task;
static u64 sb_alloc_count;
static u64 sb_alloc_bytes;

static bool sb_alloc_mine(void)
{
	return in_task() && current == READ_ONCE(sb_alloc_task);
}

static void sb_on_kmalloc(void *data, unsigned long call_site,
			  const void *ptr, size_t bytes_req,
			  size_t bytes_alloc, gfp_t gfp_flags, int node)
{
	if (!sb_alloc_mine())
		return;
	sb_alloc_count++;
	sb_alloc_bytes += bytes_alloc;
}

static void sb_on_cache_alloc(void *data, unsigned long call_site,
			      const void *ptr, struct kmem_cache *s,
			      gfp_t gfp_flags, int node)
{
	if (!sb_alloc_mine())
		return;
	sb_alloc_count++;
	sb_alloc_bytes += kmem_cache_size(s);
}

static void sb_on_percpu_alloc(void *data, unsigned long call_site,
			       bool reserved, bool is_atomic, size_t size,
			       size_t align, void *base_addr, int off,
			       void __percpu *ptr, size_t bytes_alloc,
			       gfp_t gfp_flags)
{
	if (!sb_alloc_mine())
		return;
	sb_alloc_count++;
	sb_alloc_bytes += bytes_alloc;
}

static const struct {
	const char *name;
	void *probe;
} sb_alloc_tps[] = {
	{ "kmalloc", sb_on_kmalloc },
	{ "kmem_cache_alloc", sb_on_cache_alloc },
	{ "percpu_alloc_percpu", sb_on_percpu_alloc },
};

int sb_allocs_start(void)
{
	unsigned int i;
	int ret;

	/* registering a probe allocates: count only once all are in place */
	for (i = 0; i < ARRAY_SIZE(sb_alloc_tps); i++) {
		ret = sb_probe(sb_alloc_tps[i].name, sb_alloc_tps[i].probe,
			       NULL);
		if (ret) {
			while (i--)
				sb_unprobe(sb_alloc_tps[i].name,
					   sb_alloc_tps[i].probe, NULL);
			return ret;
		}
	}
	sb_alloc_count = 0;
	sb_alloc_bytes = 0;
	WRITE_ONCE(sb_alloc_task, current);
	return 0;
}

void sb_allocs_stop(struct sb_allocs *out)
{
	unsigned int i;

	WRITE_ONCE(sb_alloc_task, NULL);
	out->count = sb_alloc_count;
	out->bytes = sb_alloc_bytes;
	for (i = 0; i < ARRAY_SIZE(sb_alloc_tps); i++)
		sb_unprobe(sb_alloc_tps[i].name, sb_alloc_tps[i].probe, NULL);
}
#else
int sb_fw_errors_start(void)
{
	return -ENOENT;
}

void sb_fw_errors_take(struct sb_fw_errors *e)
{
	memset(e, 0, sizeof(*e));
}

void sb_fw_errors_stop(void)
{
}

struct tracepoint *sb_tracepoint(const char *name)
{
	return NULL;
}

int sb_probe(const char *name, void *probe, void *data)
{
	return -ENOENT;
}

void sb_unprobe(const char *name, void *probe, void *data)
{
}

int sb_allocs_start(void)
{
	return -ENOENT;
}

void sb_allocs_stop(struct sb_allocs *out)
{
	out->count = 0;
	out->bytes = 0;
}
#endif

/* The series' trace events (system qcom_scm) on or off */
#ifdef CONFIG_EVENT_TRACING
int sb_events(bool on)
{
	return trace_set_clr_event("qcom_scm", NULL, on);
}
#else
int sb_events(bool on)
{
	return -ENOENT;
}
#endif

static int __init sb_init(void)
{
	struct sb_row row = { .name = "run", .where = "-", .mode = sb_mode,
			      .unit = "-" };
	ktime_t t0 = ktime_get();
	int ret = 0;

	pr_info("scm-bench: run=%s mode=%s quick=%d hold_us=%u reps=%u calls=%u samples=%u batches=%u per_batch=%u\n",
		sb_run, sb_mode, sb_quick, sb_hold_us, sb_reps, sb_calls,
		sb_samples, sb_batches, sb_per_batch);
	if (sb_wants_double()) {
		ret = sb_double_run();
		if (ret)
			pr_err("scm-bench: double measurements failed: %d\n",
			       ret);
	}
	if (!ret)
		ret = sb_e2e_run();
	/* report.py requires this line: a boot without it did not finish */
	sb_emit_kv(&row, "\"status\":%d,\"secs\":%lld", ret,
		   ktime_ms_delta(ktime_get(), t0) / MSEC_PER_SEC);
	return 0;
}
module_init(sb_init);

static void __exit sb_exit(void)
{
}
module_exit(sb_exit);

MODULE_DESCRIPTION("Benchmarks of the Qualcomm SCM wait-queue series");
MODULE_LICENSE("GPL");
