// SPDX-License-Identifier: GPL-2.0
/*
 * scm_bench, "double": the series' wait-queue code under the firmware
 * double of scm_bench_fw.c.
 *
 * Measured here: throughput of held calls with 1 to 8 clients per
 * deployment, wake-up latency from the signal to the RESUME, the cost of
 * the trace events on the fast and park paths (on against off, and off
 * against a kernel built without them), and the memory of the wait queues.
 * The loads of scm_bench_loads.c run after these, on the same double.
 */
#include <linux/completion.h>
#include <linux/device.h>
#include <linux/hrtimer.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/slab.h>

#include "qcom_scm.h"
#include "scm_bench_fw.h"
#include "scm_bench_loads.h"

/* One call of the command in *@data */
struct sbd_cmd {
	struct sbd *fw;
	u32 cmd;
};

static int sbd_cmd_fn(void *data)
{
	struct sbd_cmd *c = data;

	return sbd_call(c->fw, c->cmd, 0, 0);
}

static int sbd_get_wq_ctx_fn(void *data)
{
	return sbd_get_wq_ctx(data);
}

/* ---- wake-up latency --------------------------------------------------- */

/* SMC-return wakes need a call to carry them: this thread makes one */
static int sbd_carrier_fn(void *data)
{
	struct sbd *fw = data;

	for (;;) {
		wait_for_completion(&fw->carry);
		if (!READ_ONCE(fw->carrier_on))
			break;
		sbd_call(fw, SBD_CMD_ECHO, 0, 0);
	}
	complete(&fw->carrier_done);
	return 0;
}

static int sbd_latency(struct sbd *fw, const struct sbd_deploy *d)
{
	struct sb_row row = { .name = "wake_latency", .where = sbd_where,
			      .mode = d->mode, .clients = 1, .unit = "ns" };
	unsigned int n = max(sb_samples, 1U), i;
	struct task_struct *carrier = NULL;
	struct sb_floor *floor = NULL;
	struct sb_fw_errors e = {};
	char extra[128];
	u64 *v, *v_end;
	int ret;

	v = kcalloc(array_size(2, n), sizeof(*v), GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	v_end = v + n;
	ret = sbd_up(fw, d);
	if (ret)
		goto out;
	if (!d->irq) {
		init_completion(&fw->carry);
		init_completion(&fw->carrier_done);
		WRITE_ONCE(fw->carrier_on, true);
		carrier = kthread_run(sbd_carrier_fn, fw, "sbd_carrier");
		if (IS_ERR(carrier)) {
			ret = PTR_ERR(carrier);
			WRITE_ONCE(fw->carrier_on, false);
			sbd_down(fw, d, &e);
			goto out;
		}
	}
	raw_spin_lock_irq(&fw->lock);
	fw->lat = v;
	fw->lat_end = v_end;
	fw->maxlat = n;
	raw_spin_unlock_irq(&fw->lock);
	floor = sb_floor_start(n);
	/*
	 * 1 ms: long enough for the caller to be asleep when it ends. Each
	 * sample is followed by one of the completion-handoff floor.
	 */
	for (i = 0; i < n && !ret; i++) {
		ret = sbd_call(fw, SBD_CMD_HOLD, 0, NSEC_PER_MSEC);
		sb_floor_sample(floor, USEC_PER_MSEC);
	}
	if (carrier) {
		WRITE_ONCE(fw->carrier_on, false);
		complete(&fw->carry);
		wait_for_completion(&fw->carrier_done);
	}
	raw_spin_lock_irq(&fw->lock);
	fw->lat = NULL;
	fw->lat_end = NULL;
	n = fw->nlat;
	raw_spin_unlock_irq(&fw->lock);
	if (!ret)
		ret = sbd_down(fw, d, &e);
	snprintf(extra, sizeof(extra),
		 "\"signal\":\"%s\",\"fw_spurious_irq\":%u,\"fw_wake_idle\":%u,\"what_if\":%d",
		 d->irq ? "irq_pending" : "wake_answer", e.spurious_irq,
		 e.wake_idle, sbd_what_if(d));
	if (!ret)
		sb_emit(&row, extra, v, n);
	/*
	 * Without the interrupt, a wake-up waits for a call to carry it:
	 * from the end of the operation, that wait is part of the latency.
	 * Here the carrier is a thread that firmware's timer wakes.
	 */
	if (!ret && !d->irq) {
		row.name = "wake_latency_op_end";
		sb_emit(&row, extra, v_end, n);
	}
	sb_floor_stop(floor, sbd_where, d->mode);
out:
	kfree(v);
	return ret;
}

/* ---- the parts of a wake-up, alone ------------------------------------ */

/*
 * Interrupt delivery: a bare threaded interrupt of the same irq_sim domain,
 * made pending on SBD_IRQ_CPU from an hrtimer as firmware's interrupt is,
 * timed from the timer to its thread.
 */
struct sbd_irq_floor {
	struct hrtimer timer;
	call_single_data_t csd;
	struct completion done;
	int irq;
	u64 t0;
	u64 t1;
};

static void sbd_irq_floor_fire(void *data)
{
	struct sbd_irq_floor *f = data;

	irq_set_irqchip_state(f->irq, IRQCHIP_STATE_PENDING, true);
}

static enum hrtimer_restart sbd_irq_floor_timer(struct hrtimer *t)
{
	struct sbd_irq_floor *f = container_of(t, struct sbd_irq_floor, timer);

	f->t0 = ktime_get_ns();
	smp_call_function_single_async(SBD_IRQ_CPU, &f->csd);
	return HRTIMER_NORESTART;
}

static irqreturn_t sbd_irq_floor_thread(int irq, void *data)
{
	struct sbd_irq_floor *f = data;

	f->t1 = ktime_get_ns();
	complete(&f->done);
	return IRQ_HANDLED;
}

static int sbd_irq_delivery(struct sbd *fw)
{
	struct sb_row row = { .name = "floor_irq_delivery",
			      .where = sbd_where, .mode = "multi-irq",
			      .clients = 1, .unit = "ns" };
	unsigned int n = max(sb_samples, 1U), i;
	struct sbd_irq_floor *f;
	u64 *v;
	int ret;

	f = kzalloc(sizeof(*f), GFP_KERNEL);
	v = kcalloc(n, sizeof(*v), GFP_KERNEL);
	if (!f || !v) {
		ret = -ENOMEM;
		goto out;
	}
	f->irq = fw->floor_irq;
	init_completion(&f->done);
	INIT_CSD(&f->csd, sbd_irq_floor_fire, f);
	hrtimer_init(&f->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	f->timer.function = sbd_irq_floor_timer;
	ret = request_threaded_irq(f->irq, NULL, sbd_irq_floor_thread,
				   IRQF_ONESHOT, "sbd-floor", f);
	if (ret)
		goto out;
	for (i = 0; i < n; i++) {
		reinit_completion(&f->done);
		/* as the wake-up samples: the caller asleep when it fires */
		hrtimer_start(&f->timer, ns_to_ktime(NSEC_PER_MSEC),
			      HRTIMER_MODE_REL);
		if (!wait_for_completion_timeout(&f->done,
						 msecs_to_jiffies(SBD_TIMEOUT_MS))) {
			/* the timer may still fire: keep @f */
			pr_err("scm-bench: the floor interrupt did not arrive\n");
			return -ETIMEDOUT;
		}
		v[i] = f->t1 - f->t0;
	}
	free_irq(f->irq, f);
	/* the last IPI may still be on its way */
	while (READ_ONCE(f->csd.node.u_flags) & CSD_FLAG_LOCK)
		cpu_relax();
	sb_emit(&row, NULL, v, n);
out:
	kfree(v);
	kfree(f);
	return ret;
}

/* Calls that firmware answers at once, in batches: ns per batch */
static int sbd_call_floors(struct sbd *fw)
{
	struct sb_row row = { .where = sbd_where, .mode = "multi-irq",
			      .clients = 1, .unit = "ns" };
	unsigned int n = max(sb_batches / 8, 4U), per = max(sb_per_batch, 1U);
	struct sbd_cmd echo = { fw, SBD_CMD_ECHO };
	unsigned int i, errors[2] = {};
	struct sb_fw_errors e = {};
	char extra[48];
	u64 *v;
	int ret;

	v = kcalloc(array_size(2, n), sizeof(*v), GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	ret = sbd_up(fw, &sbd_multi_irq);
	if (ret)
		goto out;
	/* nothing queued: GET_WQ_CTX answers WAKE_NONE, as after a race */
	for (i = 0; i < n; i++) {
		v[i] = sb_time_batch(sbd_get_wq_ctx_fn, fw, per, &errors[0]);
		v[n + i] = sb_time_batch(sbd_cmd_fn, &echo, per, &errors[1]);
	}
	ret = sbd_down(fw, &sbd_multi_irq, &e);
	if (ret)
		goto out;
	row.name = "floor_get_wq_ctx";
	snprintf(extra, sizeof(extra), "\"per\":%u,\"errors\":%u", per,
		 errors[0]);
	sb_emit(&row, extra, v, n);
	row.name = "floor_standard_call";
	snprintf(extra, sizeof(extra), "\"per\":%u,\"errors\":%u", per,
		 errors[1]);
	sb_emit(&row, extra, v + n, n);
out:
	kfree(v);
	return ret;
}

/* ---- many wait queues -------------------------------------------------- */

/*
 * A call parked on the last of @nr_ctx wait queues (HOLD of 1 ms: it is
 * asleep when the operation ends) and woken by its own GET_WQ_CTX answer
 * ("wake"), or, when firmware gets GET_WQ_CTX wrong, by resuming every
 * parked call, which walks all the wait queues (after the bound of
 * GET_WQ_CTX calls, 2 * @nr_ctx and at least 16, when more_pending never
 * clears). The three kinds take turns sample by sample, so that the host's
 * slow moments hit them alike. Firmware's mistakes are reported by the
 * driver, rate-limited: the first samples of those kinds include the
 * console.
 */
static int sbd_many_one(struct sbd *fw, unsigned int nr_ctx)
{
	static const char *const kinds[] = {
		[SBD_GWC_OK] = "wake",
		[SBD_GWC_FAIL] = "get_wq_ctx_fails",
		[SBD_GWC_ENDLESS] = "more_pending_endless",
	};
	const struct sbd_deploy d = {
		.mode = "multi-irq", .multi_call = true, .irq = true,
		.nr_ctx = nr_ctx,
	};
	struct sb_row row = { .name = "many_wq_ctx", .where = sbd_where,
			      .mode = d.mode, .clients = 1, .unit = "ns" };
	unsigned int n = max(sb_samples / 10, 30U), i, k;
	unsigned int got[ARRAY_SIZE(kinds)] = {};
	unsigned int gwc[ARRAY_SIZE(kinds)] = {};
	struct sb_fw_errors e = {};
	char extra[128], variant[40];
	unsigned int before;
	u64 *v, sample;
	int ret;

	v = kcalloc(array_size(ARRAY_SIZE(kinds), n), sizeof(*v), GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	ret = sbd_up(fw, &d);
	if (ret)
		goto out;
	for (i = 0; i < ARRAY_SIZE(kinds) * n && !ret; i++) {
		k = i % ARRAY_SIZE(kinds);
		raw_spin_lock_irq(&fw->lock);
		fw->gwc = k;
		fw->fw_faults = true;
		fw->lat = &sample;
		fw->maxlat = 1;
		fw->nlat = 0;
		before = fw->st.gwc_calls;
		raw_spin_unlock_irq(&fw->lock);
		ret = sbd_call(fw, SBD_CMD_HOLD, nr_ctx - 1, NSEC_PER_MSEC);
		raw_spin_lock_irq(&fw->lock);
		if (fw->nlat)
			v[k * n + got[k]++] = sample;
		gwc[k] += fw->st.gwc_calls - before;
		fw->lat = NULL;
		raw_spin_unlock_irq(&fw->lock);
		sb_sleep_us(200);
	}
	if (!ret)
		ret = sbd_down(fw, &d, &e);
	else
		sbd_down(fw, &d, &e);
	for (k = 0; k < ARRAY_SIZE(kinds) && !ret; k++) {
		snprintf(variant, sizeof(variant), "%s@%u", kinds[k], nr_ctx);
		row.variant = variant;
		snprintf(extra, sizeof(extra),
			 "\"nr_ctx\":%u,\"kind\":\"%s\",\"wakes\":%u,\"get_wq_ctx_calls\":%u",
			 nr_ctx, kinds[k], n, gwc[k]);
		sb_emit(&row, extra, v + k * n, got[k]);
	}
out:
	kfree(v);
	return ret;
}

static int sbd_many_wq_ctx(struct sbd *fw)
{
	/* one; the driver's default; the most GET_INFO can report */
	static const unsigned int nr[] = { 1, 32, U8_MAX };
	unsigned int i;
	int ret = 0;

	for (i = 0; i < ARRAY_SIZE(nr) && !ret; i++)
		ret = sbd_many_one(fw, nr[i]);
	return ret;
}

/* ---- trace events: fast path and park path, off and on ---------------- */

static int sbd_trace_cost(struct sbd *fw)
{
	static const char *const names[2][2] = {
		{ "fast-events-off", "park-events-off" },
		{ "fast-events-on", "park-events-on" },
	};
	/* ECHO never parks; HOLD(0) parks and is woken by the interrupt */
	struct sbd_cmd cmds[2] = { { fw, SBD_CMD_ECHO }, { fw, SBD_CMD_HOLD } };
	/* a park costs tens of fast calls: fewer per batch, same batches */
	struct sb_batch bt[2] = {
		{ sbd_cmd_fn, &cmds[0], max(sb_per_batch, 1U) },
		{ sbd_cmd_fn, &cmds[1], max(sb_per_batch / 4, 1U) },
	};
	struct sb_row row = { .name = "trace_cost", .where = sbd_where,
			      .mode = sbd_multi_irq.mode, .clients = 1,
			      .unit = "ns" };
	unsigned int blocks = sb_quick ? 4 : 20, per_block, s, j;
	unsigned int errors = 0, total;
	struct sb_fw_errors e = {};
	char extra[80];
	u64 *v;
	int ret;

	ret = sb_events(0);
	if (ret) {
		pr_info("scm-bench: no qcom_scm trace events (%d)\n", ret);
		return 0;
	}
	per_block = max(sb_batches / blocks, 1U);
	total = blocks * per_block;
	v = kcalloc(array_size(4, total), sizeof(*v), GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	ret = sbd_up(fw, &sbd_multi_irq);
	if (ret)
		goto out;
	ret = sb_events_blocks(bt, 2, blocks, per_block, v, &errors);
	if (!ret)
		ret = sbd_down(fw, &sbd_multi_irq, &e);
	if (ret)
		goto out;
	for (s = 0; s < 2; s++)
		for (j = 0; j < 2; j++) {
			row.variant = names[s][j];
			snprintf(extra, sizeof(extra),
				 "\"per\":%u,\"errors\":%u,\"blocks\":%u",
				 bt[j].per, errors, blocks);
			sb_emit(&row, extra, v + (s * 2 + j) * total, total);
		}
out:
	kfree(v);
	return ret;
}

/* ---- the park path: trace events off, or not built in ------------------ */

/*
 * HOLD(0) calls, one after another, as the park rows of sbd_trace_cost():
 * every call parks, is woken by the interrupt (irq thread, GET_WQ_CTX) and
 * resumes, so each passes every trace point of the park, wake and resume
 * path. The same batches run on the hook kernel with the series' events
 * compiled in but off, and on the hook kernel of the series without its
 * trace events (patch 8/9), which has none to turn off: bench/run.sh boots
 * both in rounds and bench/report.py compares them.
 */
static int sbd_park_path(struct sbd *fw)
{
	struct sb_row row = { .name = "park_path", .where = sbd_where,
			      .mode = sbd_multi_irq.mode, .clients = 1,
			      .unit = "ns" };
	unsigned int n = max(sb_batches, 1U), per = max(sb_per_batch / 4, 1U);
	struct sbd_cmd hold = { fw, SBD_CMD_HOLD };
	unsigned int i, errors = 0;
	struct sb_fw_errors e = {};
	char extra[96];
	bool events;
	u64 *v;
	int ret;

	/* off, as in every kernel that nobody traces; or none at all */
	events = !sb_events(false);
	v = kcalloc(n, sizeof(*v), GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	ret = sbd_up(fw, &sbd_multi_irq);
	if (ret)
		goto out;
	for (i = 0; i < n; i++)
		v[i] = sb_time_batch(sbd_cmd_fn, &hold, per, &errors);
	ret = sbd_down(fw, &sbd_multi_irq, &e);
	if (ret)
		goto out;
	row.variant = events ? "events-off" : "no-events";
	snprintf(extra, sizeof(extra),
		 "\"per\":%u,\"errors\":%u,\"events\":\"%s\"", per, errors,
		 events ? "off" : "none");
	sb_emit(&row, extra, v, n);
out:
	kfree(v);
	return ret;
}

/* ---- memory ------------------------------------------------------------ */

/*
 * What qcom_scm_waitq_create() allocates for @nr_ctx wait queues, counted
 * by the allocator's trace points (so slab rounding, the devres headers,
 * the bitmap of deferred wake-ups and the debugfs entries are included),
 * next to what the structure needs.
 */
static int sbd_memory_one(struct sbd *fw, unsigned int nr_ctx)
{
	struct sb_row row = { .name = "memory", .where = sbd_where,
			      .mode = "multi-irq", .clients = 0,
			      .unit = "bytes" };
	struct qcom_scm_waitq *wq;
	struct sb_allocs a;
	char variant[24];
	void *group;
	int ret;

	group = devres_open_group(fw->dev, NULL, GFP_KERNEL);
	if (!group)
		return -ENOMEM;
	ret = sb_allocs_start();
	if (ret)
		goto out;
	wq = qcom_scm_waitq_create(fw->dev, 0, true, nr_ctx, nr_ctx);
	sb_allocs_stop(&a);
	devres_close_group(fw->dev, group);
	if (IS_ERR(wq)) {
		ret = PTR_ERR(wq);
		goto out;
	}
	snprintf(variant, sizeof(variant), "nr_ctx=%u", nr_ctx);
	row.variant = variant;
	sb_emit_kv(&row,
		   "\"nr_ctx\":%u,\"per_ctx\":%zu,\"struct_bytes\":%zu,\"alloc_bytes\":%llu,\"allocs\":%llu",
		   nr_ctx, sizeof(struct qcom_scm_wq_ctx),
		   struct_size(wq, ctx, nr_ctx), a.bytes, a.count);
out:
	devres_release_group(fw->dev, group);
	return ret;
}

static int sbd_memory(struct sbd *fw)
{
	int ret;

	/* the driver's default, and the most GET_INFO can report (8 bits) */
	ret = sbd_memory_one(fw, 32);
	if (!ret)
		ret = sbd_memory_one(fw, U8_MAX);
	return ret;
}

/* "double" in the run parameter selects every part */
static bool sbd_wants(const char *part)
{
	return sb_wants("double") || sb_wants(part);
}

int sb_double_run(void)
{
	static const struct sbd_deploy *const conc[] = {
		&sbd_serialized, &sbd_multi_irq, &sbd_multi_smc,
		&sbd_serialized_poll, &sbd_multi_smc_poll4,
	};
	/* a polled call's latency is the poll interval: not measured */
	static const struct sbd_deploy *const lat[] = {
		&sbd_serialized, &sbd_multi_irq, &sbd_multi_smc,
		&sbd_multi_irq_drain,
	};
	/* the deployments of the DT, and a board with neither property */
	static const struct sbd_deploy *const idle[] = {
		&sbd_serialized, &sbd_multi_irq, &sbd_multi_smc,
		&sbd_serialized_poll,
	};
	struct sbd *fw;
	unsigned int i;
	int ret = 0;

	fw = sbd_create();
	if (IS_ERR(fw))
		return PTR_ERR(fw);
	ret = sb_fw_errors_start();
	if (ret == -ENOENT && !sb_tracepoint("qcom_scm_waitq_park")) {
		/* the series without its trace events: nothing to count with */
		pr_info("scm-bench: no qcom_scm trace points: firmware errors not counted\n");
		ret = 0;
	}
	if (ret) {
		sbd_destroy(fw);
		return ret;
	}
	sbd_install(fw);

	for (i = 0; i < ARRAY_SIZE(conc) && !ret && sbd_wants("dconc"); i++)
		ret = sbd_concurrency(fw, conc[i]);
	for (i = 0; i < 3 && !ret && sbd_wants("dholds"); i++)
		ret = sbd_hold_sweep(fw, conc[i]);
	/* serialized, one LOCK call is in firmware at a time: no contention */
	for (i = 1; i < 3 && !ret && sbd_wants("dcontend"); i++)
		ret = sbd_contention(fw, conc[i]);
	if (!ret && sbd_wants("dbound"))
		ret = sbd_call_contexts(fw);
	for (i = 0; i < ARRAY_SIZE(idle) && !ret && sbd_wants("didle"); i++)
		ret = sbd_parked_idle(fw, idle[i]);
	for (i = 0; i < 2 && !ret && sbd_wants("dcpus"); i++)
		ret = sbd_fast_all_cpus(fw, conc[i]);
	for (i = 0; i < ARRAY_SIZE(lat) && !ret && sbd_wants("dlat"); i++)
		ret = sbd_latency(fw, lat[i]);
	if (!ret && sbd_wants("dfloor"))
		ret = sbd_irq_delivery(fw);
	if (!ret && sbd_wants("dfloor"))
		ret = sbd_call_floors(fw);
	if (!ret && sbd_wants("dctx"))
		ret = sbd_many_wq_ctx(fw);
	if (!ret && sbd_wants("dtrace"))
		ret = sbd_trace_cost(fw);
	if (!ret && sbd_wants("dpark"))
		ret = sbd_park_path(fw);
	if (!ret && sbd_wants("dmem"))
		ret = sbd_memory(fw);

	if (ret) {
		/* a client may still be in the double: keep it installed */
		pr_err("scm-bench: double: %d\n", ret);
		return ret;
	}
	sbd_uninstall();
	sb_fw_errors_stop();
	sbd_destroy(fw);
	return 0;
}
