// SPDX-License-Identifier: GPL-2.0
/*
 * scm_bench, "double": the series' wait-queue code under a firmware double.
 *
 * Kernels built with CONFIG_QCOM_SCM_WAITQ_KUNIT_TEST let a function stand
 * in for the SMC instruction (qcom_scm_test_smc_fn). The double installed
 * here answers calls of its own service through the driver's real call
 * loop (__scm_smc_call() with a private struct qcom_scm_waitq, in each
 * deployment), so the measured code is the series' code, and only the
 * firmware is modelled:
 *
 * - HOLD(wq_ctx, ns): a secure operation that completes asynchronously.
 *   The call is parked (SLEEP) on arrival and an hrtimer ends the
 *   operation after the given time: firmware time is a sleep, so QEMU's
 *   CPU count and speed do not change how long firmware holds a call.
 *   At the end firmware signals the wake-up: the interrupt (an irq_sim
 *   interrupt made pending, drained by the driver's threaded handler with
 *   GET_WQ_CTX) or a WAKE answer to the next call it answers. A RESUME
 *   before that is answered SLEEP again. HOLD(wq_ctx, 0) parks the call
 *   and signals at once: a park whose wake-up is already on its way.
 * - ECHO: answers at once; the fast path, and the call that carries a
 *   WAKE answer in the latency runs.
 *
 * Measured here: throughput of held calls with 1 to 8 clients per
 * deployment, wake-up latency from the signal to the RESUME, the cost of
 * the trace events on the fast and park paths (on against off, and off
 * against a kernel built without them), and the memory of the wait queues.
 */
#include <linux/arm-smccc.h>
#include <linux/completion.h>
#include <linux/device.h>
#include <linux/hrtimer.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/irq_sim.h>
#include <linux/irqdomain.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/spinlock.h>

#include "qcom_scm.h"
#include "scm_bench.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

#define SBD_SVC			0x7d
#define SBD_CMD_ECHO		0x01
#define SBD_CMD_HOLD		0x02	/* x2 = wq_ctx, x3 = hold time (ns) */
#define SBD_NR_CTX		16
#define SBD_MAX_CALLS		32
#define SBD_CTX_BASE		0x3000
#define SBD_QLEN		64
#define SBD_MAX_CLIENTS		8
#define SBD_TIMEOUT_MS		60000
#define SBD_IRQ_CPU		0

#define SBD_WAKE_ONE		QCOM_SCM_WAITQ_FLAG_WAKE_ONE

static const char *const sbd_where = "double";

struct sbd_call {
	struct hrtimer timer;
	bool used;
	bool parked;
	bool done;
	bool wants_ack;
	bool park_after_ack;
	bool fast;		/* a fast call: firmware never answers it WAKE */
	u32 wq_ctx;
	u64 t_signal;		/* when firmware signalled its wake-up */
};

/* How firmware told the OS of a wake-up */
enum sbd_told {
	SBD_TOLD_SMC,		/* queued for a WAKE answer */
	SBD_TOLD_IRQ,		/* interrupt made pending */
	SBD_TOLD_DRAIN,		/* what-if: drained in hard interrupt context */
};

struct sbd_note {
	u32 wq_ctx;
	u32 flags;
};

struct sbd_queue {
	struct sbd_note e[SBD_QLEN];
	unsigned int head;
	unsigned int len;
};

/* One deployment of the double: the kernel side and the firmware side */
struct sbd {
	spinlock_t lock;		/* guards the firmware state below */
	bool smc_wake;
	bool hardirq_drain;
	struct sbd_call calls[SBD_MAX_CALLS];
	unsigned int parked_on[SBD_NR_CTX];
	struct sbd_queue irq_q;
	struct sbd_queue smc_q;
	u64 *lat;			/* signal-to-RESUME samples, or NULL */
	unsigned int nlat;
	unsigned int maxlat;
	unsigned int errors;
	unsigned int spurious;
	unsigned int wake_answers;
	unsigned int irqs;

	bool carrier_on;		/* a carrier thread waits on @carry */
	struct completion carry;
	struct completion carrier_done;

	struct device *dev;
	struct irq_domain *domain;
	int irq;
	call_single_data_t fire_csd;	/* makes @irq pending on SBD_IRQ_CPU */
	struct qcom_scm_waitq *wq;
	void *group;			/* devres group of @wq */
};

static struct sbd *sbd;

/* ---- firmware side (called with fw->lock held) ------------------------ */

static void sbd_answer(struct arm_smccc_res *res, unsigned long a0,
		       unsigned long a1, unsigned long a2, unsigned long a3)
{
	res->a0 = a0;
	res->a1 = a1;
	res->a2 = a2;
	res->a3 = a3;
}

static u64 sbd_ctx(struct sbd *fw, struct sbd_call *c)
{
	return SBD_CTX_BASE + (c - fw->calls);
}

static struct sbd_call *sbd_lookup(struct sbd *fw, u64 ctx)
{
	u64 i = ctx - SBD_CTX_BASE;

	if (ctx < SBD_CTX_BASE || i >= SBD_MAX_CALLS || !fw->calls[i].used)
		return NULL;
	return &fw->calls[i];
}

static struct sbd_call *sbd_alloc(struct sbd *fw)
{
	unsigned int i;

	for (i = 0; i < SBD_MAX_CALLS; i++) {
		struct sbd_call *c = &fw->calls[i];

		if (!c->used) {
			c->used = true;
			c->parked = false;
			c->done = false;
			c->wants_ack = false;
			c->park_after_ack = false;
			c->wq_ctx = 0;
			c->t_signal = 0;
			return c;
		}
	}
	return NULL;
}

static void sbd_push(struct sbd_queue *q, u32 wq_ctx, u32 flags)
{
	if (WARN_ON_ONCE(q->len == SBD_QLEN))
		return;
	q->e[(q->head + q->len++) % SBD_QLEN] =
		(struct sbd_note){ wq_ctx, flags };
}

static bool sbd_pop(struct sbd_queue *q, struct sbd_note *n)
{
	if (!q->len)
		return false;
	*n = q->e[q->head];
	q->head = (q->head + 1) % SBD_QLEN;
	q->len--;
	return true;
}

/*
 * A WAKE answer is only worth giving for a wait queue on which a call is
 * still parked: the call it was meant for may have completed meanwhile
 * (resumed by the driver's poll on a board without the interrupt).
 */
static bool sbd_pop_live(struct sbd *fw, struct sbd_note *n)
{
	while (sbd_pop(&fw->smc_q, n))
		if (fw->parked_on[n->wq_ctx])
			return true;
	return false;
}

/* The wake-up of @wq_ctx is handed out now: that is its signal time */
static void sbd_stamp(struct sbd *fw, u32 wq_ctx, u64 now)
{
	unsigned int i;

	for (i = 0; i < SBD_MAX_CALLS; i++) {
		struct sbd_call *c = &fw->calls[i];

		if (c->used && c->parked && c->done && c->wq_ctx == wq_ctx &&
		    !c->t_signal)
			c->t_signal = now;
	}
}

/*
 * The interrupt, as an SPI routed to one CPU: irq_sim's handling
 * (handle_simple_irq()) drops a trigger that arrives while the previous one
 * is still in its primary handler on another CPU, where a GIC would keep
 * the edge pending. Making it pending from one CPU only keeps every
 * trigger, as the GIC does.
 */
static void sbd_fire(void *data)
{
	struct sbd *fw = data;

	irq_set_irqchip_state(fw->irq, IRQCHIP_STATE_PENDING, true);
}

/*
 * The operation of @c is over: tell the OS. As real firmware does, the
 * interrupt is raised together with the queue entry, under the firmware
 * lock: a trigger that lagged behind its entry could reach the driver
 * after another run drained the entry, as an interrupt with nothing to
 * wake. Returns how the OS was told.
 */
static enum sbd_told sbd_signal(struct sbd *fw, struct sbd_call *c)
{
	c->done = true;
	if (fw->smc_wake) {
		sbd_push(&fw->smc_q, c->wq_ctx, SBD_WAKE_ONE);
		return SBD_TOLD_SMC;
	}
	sbd_push(&fw->irq_q, c->wq_ctx, SBD_WAKE_ONE);
	fw->irqs++;
	c->t_signal = ktime_get_ns();
	if (fw->hardirq_drain)
		return SBD_TOLD_DRAIN;
	/* still pending (-EBUSY): that delivery will see this entry too */
	smp_call_function_single_async(SBD_IRQ_CPU, &fw->fire_csd);
	return SBD_TOLD_IRQ;
}

/*
 * The call is ready to finish or to park. A wake-up waiting for an answer
 * to ride on goes first; the call's own answer then follows its ACK.
 */
static void sbd_progress(struct sbd *fw, struct sbd_call *c, bool park,
			 struct arm_smccc_res *res)
{
	struct sbd_note n;

	if (fw->smc_wake && !c->fast && sbd_pop_live(fw, &n)) {
		c->wants_ack = true;
		c->park_after_ack = park;
		sbd_stamp(fw, n.wq_ctx, ktime_get_ns());
		fw->wake_answers++;
		sbd_answer(res, QCOM_SCM_WAITQ_WAKE, n.wq_ctx, sbd_ctx(fw, c),
			   n.flags);
		return;
	}
	if (park) {
		c->parked = true;
		fw->parked_on[c->wq_ctx]++;
		sbd_answer(res, QCOM_SCM_WAITQ_SLEEP, c->wq_ctx, sbd_ctx(fw, c),
			   0);
		return;
	}
	sbd_answer(res, 0, 0, 0, 0);
	c->used = false;
}

static void sbd_waitq_call(struct sbd *fw, u32 cmd, const unsigned long *args,
			   struct arm_smccc_res *res)
{
	struct sbd_call *c;
	struct sbd_note n;
	u64 now;

	switch (cmd) {
	case QCOM_SCM_WAITQ_GET_WQ_CTX:
		if (!sbd_pop(&fw->irq_q, &n))
			n = (struct sbd_note){ 0, QCOM_SCM_WAITQ_FLAG_WAKE_NONE };
		sbd_answer(res, 0, n.wq_ctx, n.flags, fw->irq_q.len != 0);
		return;
	case QCOM_SCM_WAITQ_RESUME:
		now = ktime_get_ns();
		c = sbd_lookup(fw, args[2]);
		if (!c || !c->parked)
			break;
		c->parked = false;
		fw->parked_on[c->wq_ctx]--;
		if (!c->done) {
			/* resumed before the operation ended: park again */
			fw->spurious++;
			sbd_progress(fw, c, true, res);
			return;
		}
		if (fw->lat && c->t_signal && fw->nlat < fw->maxlat)
			fw->lat[fw->nlat++] = now - c->t_signal;
		sbd_progress(fw, c, false, res);
		return;
	case QCOM_SCM_WAITQ_ACK:
		c = sbd_lookup(fw, args[2]);
		if (!c || !c->wants_ack)
			break;
		c->wants_ack = false;
		/* an operation that ended before the call parked is answered */
		sbd_progress(fw, c, c->park_after_ack && !c->done, res);
		return;
	}
	fw->errors++;
	sbd_answer(res, QCOM_SCM_EINVAL_ARG, 0, 0, 0);
}

/* A new call of the double's service */
static void sbd_new_call(struct sbd *fw, u32 cmd, bool fast,
			 const unsigned long *args, struct arm_smccc_res *res)
{
	struct sbd_call *c = sbd_alloc(fw);

	if (!c || (cmd == SBD_CMD_HOLD && args[2] >= SBD_NR_CTX) ||
	    (cmd != SBD_CMD_HOLD && cmd != SBD_CMD_ECHO)) {
		if (c)
			c->used = false;
		fw->errors++;
		sbd_answer(res, QCOM_SCM_ERROR, 0, 0, 0);
		return;
	}
	c->fast = fast;
	if (cmd == SBD_CMD_ECHO) {
		sbd_progress(fw, c, false, res);
		return;
	}
	c->wq_ctx = args[2];
	if (args[3]) {
		/* the secure operation starts as the call arrives */
		hrtimer_start(&c->timer, ns_to_ktime(args[3]),
			      HRTIMER_MODE_REL);
		sbd_progress(fw, c, true, res);
		return;
	}
	sbd_progress(fw, c, true, res);
	if (c->parked)
		sbd_signal(fw, c);
}

/*
 * What-if: the wake-ups drained by the interrupt's primary handler, in
 * hard interrupt context, rather than by its thread. GET_WQ_CTX is an
 * atomic call and qcom_scm_waitq_wake() does not sleep, so the driver could;
 * this measures the thread hop it would save. Called where the interrupt
 * would arrive (the firmware timer, in hard interrupt context).
 */
static void sbd_drain(struct sbd *fw)
{
	struct qcom_scm_desc desc = {
		.svc = QCOM_SCM_SVC_WAITQ,
		.cmd = QCOM_SCM_WAITQ_GET_WQ_CTX,
		.arginfo = QCOM_SCM_ARGS(0),
		.owner = ARM_SMCCC_OWNER_SIP,
	};
	struct qcom_scm_res res;
	unsigned int i;

	for (i = 0; i < SBD_QLEN; i++) {
		if (__scm_smc_call(fw->dev, &desc, SMC_CONVENTION_ARM_64, &res,
				   fw->wq, true))
			break;
		if (res.result[1] != QCOM_SCM_WAITQ_FLAG_WAKE_NONE)
			qcom_scm_waitq_wake(fw->wq, res.result[0], res.result[1],
					    QCOM_SCM_WAKE_SRC_IRQ);
		if (!res.result[2])
			break;
	}
}

static enum hrtimer_restart sbd_hold_done(struct hrtimer *t)
{
	struct sbd_call *c = container_of(t, struct sbd_call, timer);
	struct sbd *fw = READ_ONCE(sbd);
	enum sbd_told told;
	unsigned long flags;

	spin_lock_irqsave(&fw->lock, flags);
	told = sbd_signal(fw, c);
	spin_unlock_irqrestore(&fw->lock, flags);
	if (told == SBD_TOLD_DRAIN)
		sbd_drain(fw);
	else if (told == SBD_TOLD_SMC && READ_ONCE(fw->carrier_on))
		complete(&fw->carry);
	return HRTIMER_NORESTART;
}

/* Stands in for the SMC instruction */
static void sbd_smc(unsigned long a0, const unsigned long *args,
		    struct arm_smccc_res *res)
{
	struct sbd *fw = READ_ONCE(sbd);
	u32 svc = (a0 >> 8) & 0xff, cmd = a0 & 0xff;
	unsigned long flags;

	if (!fw) {
		sbd_answer(res, QCOM_SCM_EOPNOTSUPP, 0, 0, 0);
		return;
	}
	spin_lock_irqsave(&fw->lock, flags);
	if (svc == QCOM_SCM_SVC_WAITQ) {
		sbd_waitq_call(fw, cmd, args, res);
	} else if (svc == SBD_SVC) {
		sbd_new_call(fw, cmd, ARM_SMCCC_IS_FAST_CALL(a0), args, res);
	} else {
		fw->errors++;
		sbd_answer(res, QCOM_SCM_EOPNOTSUPP, 0, 0, 0);
	}
	spin_unlock_irqrestore(&fw->lock, flags);
}

/* ---- kernel side ------------------------------------------------------- */

static int sbd_call(struct sbd *fw, u32 cmd, u64 a, u64 b)
{
	struct qcom_scm_desc desc = {
		.svc = SBD_SVC,
		.cmd = cmd,
		.arginfo = QCOM_SCM_ARGS(2),
		.args = { a, b },
		.owner = ARM_SMCCC_OWNER_SIP,
	};
	struct qcom_scm_res res;

	return __scm_smc_call(fw->dev, &desc, SMC_CONVENTION_ARM_64, &res,
			      fw->wq, false);
}

/*
 * Deployments, as the DT describes them (design.md, "Deployments"), and
 * two what-ifs: changes to the driver that the measurements suggest, to
 * show what they would buy (never a goal's verdict).
 */
struct sbd_deploy {
	const char *mode;
	bool multi_call;
	bool irq;
	unsigned int poll_ms;	/* what-if: another poll interval */
	bool hardirq_drain;	/* what-if: no interrupt thread */
};

static const struct sbd_deploy sbd_serialized = {
	.mode = "serialized", .irq = true,
};

static const struct sbd_deploy sbd_multi_irq = {
	.mode = "multi-irq", .multi_call = true, .irq = true,
};

static const struct sbd_deploy sbd_multi_smc = {
	.mode = "multi-smc", .multi_call = true,
};

/* Neither property: serialized, and parked calls are polled every 10 ms */
static const struct sbd_deploy sbd_serialized_poll = {
	.mode = "serialized-poll",
};

static const struct sbd_deploy sbd_multi_smc_poll4 = {
	.mode = "multi-smc-poll4ms", .multi_call = true, .poll_ms = 4,
};

static const struct sbd_deploy sbd_multi_irq_drain = {
	.mode = "multi-irq-hardirq", .multi_call = true, .irq = true,
	.hardirq_drain = true,
};

static bool sbd_what_if(const struct sbd_deploy *d)
{
	return d->poll_ms || d->hardirq_drain;
}

static void sbd_reset(struct sbd *fw, bool smc_wake)
{
	unsigned int i;

	for (i = 0; i < SBD_MAX_CALLS; i++)
		hrtimer_cancel(&fw->calls[i].timer);
	spin_lock_irq(&fw->lock);
	for (i = 0; i < SBD_MAX_CALLS; i++)
		fw->calls[i].used = false;
	memset(fw->parked_on, 0, sizeof(fw->parked_on));
	fw->irq_q.len = 0;
	fw->smc_q.len = 0;
	fw->smc_wake = smc_wake;
	fw->lat = NULL;
	fw->nlat = 0;
	fw->errors = 0;
	fw->spurious = 0;
	fw->wake_answers = 0;
	fw->irqs = 0;
	spin_unlock_irq(&fw->lock);
}

/* The wait queues of one deployment, freed by sbd_down() */
static int sbd_up(struct sbd *fw, const struct sbd_deploy *d)
{
	struct qcom_scm_waitq *wq;

	sbd_reset(fw, !d->irq);
	fw->group = devres_open_group(fw->dev, NULL, GFP_KERNEL);
	if (!fw->group)
		return -ENOMEM;
	wq = qcom_scm_waitq_create(fw->dev, d->irq ? fw->irq : 0,
				   d->multi_call, SBD_NR_CTX, SBD_MAX_CALLS);
	devres_close_group(fw->dev, fw->group);
	if (IS_ERR(wq)) {
		devres_release_group(fw->dev, fw->group);
		return PTR_ERR(wq);
	}
	if (d->poll_ms)
		wq->poll_interval = msecs_to_jiffies(d->poll_ms);
	fw->hardirq_drain = d->hardirq_drain;
	fw->wq = wq;
	return 0;
}

/*
 * Nothing may be left behind: every call returned (the double holds none,
 * the driver counts none in flight), nothing is parked, and the driver
 * reported no firmware mistake (qcom_scm_waitq_fw_error trace point) other
 * than the two kinds that races without any mistake also produce (struct
 * sb_fw_errors), which are counted in *@e.
 */
static int sbd_down(struct sbd *fw, const struct sbd_deploy *d,
		    struct sb_fw_errors *e)
{
	unsigned int i, used = 0, in_flight, parked;
	int ret = 0;

	sb_fw_errors_take(e);
	in_flight = qcom_scm_waitq_calls_in_flight(fw->wq);
	parked = atomic_read(&fw->wq->parked);
	spin_lock_irq(&fw->lock);
	for (i = 0; i < SBD_MAX_CALLS; i++)
		used += fw->calls[i].used;
	if (fw->errors || used || in_flight || parked || e->other) {
		pr_err("scm-bench: %s: double errors %u, calls left %u, driver: %u firmware errors (%u unexpected), %u calls in flight, %u parked\n",
		       d->mode, fw->errors, used,
		       e->other + e->spurious_irq + e->wake_idle, e->other,
		       in_flight, parked);
		ret = -EPROTO;
	}
	spin_unlock_irq(&fw->lock);
	devres_release_group(fw->dev, fw->group);
	fw->wq = NULL;
	return ret;
}

/* ---- concurrency ------------------------------------------------------- */

struct sbd_client {
	struct sbd *fw;
	struct completion *go;
	struct completion done;
	unsigned int id;
	unsigned int calls;
	u64 hold_ns;
	u64 *lat;
	int err;
};

static int sbd_client_fn(void *data)
{
	struct sbd_client *c = data;
	unsigned int i;
	int ret;
	u64 t;

	wait_for_completion(c->go);
	for (i = 0; i < c->calls; i++) {
		t = ktime_get_ns();
		ret = sbd_call(c->fw, SBD_CMD_HOLD, c->id, c->hold_ns);
		c->lat[i] = ktime_get_ns() - t;
		if (ret && !c->err)
			c->err = ret;
	}
	complete(&c->done);
	return 0;
}

static struct sbd_client sbd_clients[SBD_MAX_CLIENTS];
static struct completion sbd_go;

static s64 sbd_conc_once(struct sbd *fw, unsigned int n, unsigned int calls,
			 u64 hold_ns, u64 *lat)
{
	unsigned long left = msecs_to_jiffies(SBD_TIMEOUT_MS);
	struct task_struct *task;
	unsigned int i;
	u64 t0;

	init_completion(&sbd_go);
	for (i = 0; i < n; i++) {
		struct sbd_client *c = &sbd_clients[i];

		*c = (struct sbd_client){ .fw = fw, .go = &sbd_go, .id = i,
					  .calls = calls, .hold_ns = hold_ns,
					  .lat = lat + i * calls };
		init_completion(&c->done);
		task = kthread_run(sbd_client_fn, c, "sbd_client/%u", i);
		if (IS_ERR(task))
			return PTR_ERR(task);
	}
	sb_sleep_us(2000);
	t0 = ktime_get_ns();
	complete_all(&sbd_go);
	for (i = 0; i < n; i++) {
		left = wait_for_completion_timeout(&sbd_clients[i].done,
						   left ?: 1);
		if (!left) {
			pr_err("scm-bench: double client %u did not finish\n",
			       i);
			return -ETIMEDOUT;
		}
	}
	for (i = 0; i < n; i++)
		if (sbd_clients[i].err)
			return sbd_clients[i].err;
	return ktime_get_ns() - t0;
}

static int sbd_concurrency(struct sbd *fw, const struct sbd_deploy *d)
{
	static const unsigned int counts[] = { 1, 2, 4, 8 };
	struct sb_row row = { .name = "concurrency", .where = sbd_where,
			      .mode = d->mode, .unit = "ns" };
	unsigned int reps = max(sb_reps, 1U), calls = max(sb_calls, 1U);
	u64 hold_ns = (u64)sb_hold_us * NSEC_PER_USEC, *elapsed, *lat;
	unsigned int ci, r, n, spurious, wakes;
	struct sb_fw_errors e;
	char extra[192];
	int ret = 0;
	s64 ns;

	elapsed = kcalloc(reps, sizeof(*elapsed), GFP_KERNEL);
	lat = kcalloc(reps * SBD_MAX_CLIENTS * calls, sizeof(*lat),
		      GFP_KERNEL);
	if (!elapsed || !lat) {
		ret = -ENOMEM;
		goto out;
	}
	for (ci = 0; ci < ARRAY_SIZE(counts); ci++) {
		n = counts[ci];
		ret = sbd_up(fw, d);
		if (ret)
			goto out;
		for (r = 0; r < reps; r++) {
			ns = sbd_conc_once(fw, n, calls, hold_ns,
					   lat + r * n * calls);
			if (ns < 0) {
				/* clients may still use the double: leak */
				return ns;
			}
			elapsed[r] = ns;
		}
		spin_lock_irq(&fw->lock);
		spurious = fw->spurious;
		wakes = fw->wake_answers + fw->irqs;
		spin_unlock_irq(&fw->lock);
		ret = sbd_down(fw, d, &e);
		if (ret)
			goto out;
		row.clients = n;
		row.variant = "elapsed";
		snprintf(extra, sizeof(extra),
			 "\"calls\":%u,\"hold_us\":%u,\"resumes_too_early\":%u,\"wakes\":%u,\"fw_spurious_irq\":%u,\"fw_wake_idle\":%u,\"what_if\":%d",
			 n * calls, sb_hold_us, spurious, wakes, e.spurious_irq,
			 e.wake_idle, sbd_what_if(d));
		sb_emit(&row, extra, elapsed, reps);
		row.variant = "call";
		snprintf(extra, sizeof(extra), "\"hold_us\":%u", sb_hold_us);
		sb_emit(&row, extra, lat, reps * n * calls);
	}
out:
	kfree(lat);
	kfree(elapsed);
	return ret;
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
	u64 *v;
	int ret;

	v = kcalloc(n, sizeof(*v), GFP_KERNEL);
	if (!v)
		return -ENOMEM;
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
			goto out;
		}
	}
	spin_lock_irq(&fw->lock);
	fw->lat = v;
	fw->maxlat = n;
	spin_unlock_irq(&fw->lock);
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
	spin_lock_irq(&fw->lock);
	fw->lat = NULL;
	n = fw->nlat;
	spin_unlock_irq(&fw->lock);
	if (!ret)
		ret = sbd_down(fw, d, &e);
	snprintf(extra, sizeof(extra),
		 "\"signal\":\"%s\",\"fw_spurious_irq\":%u,\"fw_wake_idle\":%u,\"what_if\":%d",
		 d->irq ? "irq_pending" : "wake_answer", e.spurious_irq,
		 e.wake_idle, sbd_what_if(d));
	if (!ret)
		sb_emit(&row, extra, v, n);
	sb_floor_stop(floor, sbd_where, d->mode);
out:
	kfree(v);
	return ret;
}

/* ---- trace events: fast path and park path, off and on ---------------- */

static u64 sbd_batch(struct sbd *fw, u32 cmd, unsigned int per,
		     unsigned int *errors)
{
	u64 t0 = ktime_get_ns();
	unsigned int i;

	for (i = 0; i < per; i++)
		if (sbd_call(fw, cmd, 0, 0))
			(*errors)++;
	return ktime_get_ns() - t0;
}

static int sbd_trace_cost(struct sbd *fw)
{
	static const char *const names[2][2] = {
		{ "fast-events-off", "park-events-off" },
		{ "fast-events-on", "park-events-on" },
	};
	/* ECHO never parks; HOLD(0) parks and is woken by the interrupt */
	static const u32 cmds[2] = { SBD_CMD_ECHO, SBD_CMD_HOLD };
	struct sb_row row = { .name = "trace_cost", .where = sbd_where,
			      .mode = sbd_multi_irq.mode, .clients = 1,
			      .unit = "ns" };
	unsigned int blocks = sb_quick ? 4 : 20, per_block, b, k, s, j;
	unsigned int idx[2][2] = {}, errors = 0, stride, per[2];
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
	stride = blocks * per_block;
	/* a park costs tens of fast calls: fewer per batch, same batches */
	per[0] = max(sb_per_batch, 1U);
	per[1] = max(sb_per_batch / 4, 1U);
	v = kcalloc(4 * stride, sizeof(*v), GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	ret = sbd_up(fw, &sbd_multi_irq);
	if (ret)
		goto out;
	for (b = 0; b < blocks && !ret; b++) {
		for (s = 0; s < 2 && !ret; s++) {
			ret = sb_events(s);
			for (k = 0; k < per_block && !ret; k++)
				for (j = 0; j < 2; j++)
					v[(s * 2 + j) * stride + idx[s][j]++] =
						sbd_batch(fw, cmds[j], per[j],
							  &errors);
		}
	}
	sb_events(0);
	if (!ret)
		ret = sbd_down(fw, &sbd_multi_irq, &e);
	if (ret)
		goto out;
	for (s = 0; s < 2; s++)
		for (j = 0; j < 2; j++) {
			row.variant = names[s][j];
			snprintf(extra, sizeof(extra),
				 "\"per\":%u,\"errors\":%u,\"blocks\":%u",
				 per[j], errors, blocks);
			sb_emit(&row, extra, v + (s * 2 + j) * stride,
				idx[s][j]);
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
		v[i] = sbd_batch(fw, SBD_CMD_HOLD, per, &errors);
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

/* ---- setup ------------------------------------------------------------- */

static struct sbd *sbd_create(void)
{
	struct sbd *fw;
	unsigned int i;

	fw = kzalloc(sizeof(*fw), GFP_KERNEL);
	if (!fw)
		return ERR_PTR(-ENOMEM);
	spin_lock_init(&fw->lock);
	init_completion(&fw->carry);
	INIT_CSD(&fw->fire_csd, sbd_fire, fw);
	for (i = 0; i < SBD_MAX_CALLS; i++) {
		hrtimer_init(&fw->calls[i].timer, CLOCK_MONOTONIC,
			     HRTIMER_MODE_REL);
		fw->calls[i].timer.function = sbd_hold_done;
	}
	fw->dev = root_device_register("scm-bench-double");
	if (IS_ERR(fw->dev))
		goto err_free;
	fw->domain = irq_domain_create_sim(NULL, 1);
	if (IS_ERR(fw->domain))
		goto err_dev;
	fw->irq = irq_create_mapping(fw->domain, 0);
	if (!fw->irq)
		goto err_domain;
	return fw;

err_domain:
	irq_domain_remove_sim(fw->domain);
err_dev:
	root_device_unregister(fw->dev);
err_free:
	kfree(fw);
	return ERR_PTR(-ENODEV);
}

static void sbd_destroy(struct sbd *fw)
{
	unsigned int i;

	for (i = 0; i < SBD_MAX_CALLS; i++)
		hrtimer_cancel(&fw->calls[i].timer);
	/* the last interrupt may still be on its way to SBD_IRQ_CPU */
	while (READ_ONCE(fw->fire_csd.node.u_flags) & CSD_FLAG_LOCK)
		cpu_relax();
	root_device_unregister(fw->dev);
	irq_dispose_mapping(fw->irq);
	irq_domain_remove_sim(fw->domain);
	kfree(fw);
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
	WRITE_ONCE(sbd, fw);
	/* From here on every SCM call of this kernel goes to the double */
	WRITE_ONCE(qcom_scm_test_smc_fn, sbd_smc);

	for (i = 0; i < ARRAY_SIZE(conc) && !ret && sbd_wants("dconc"); i++)
		ret = sbd_concurrency(fw, conc[i]);
	for (i = 0; i < ARRAY_SIZE(lat) && !ret && sbd_wants("dlat"); i++)
		ret = sbd_latency(fw, lat[i]);
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
	WRITE_ONCE(qcom_scm_test_smc_fn, NULL);
	WRITE_ONCE(sbd, NULL);
	sb_fw_errors_stop();
	sbd_destroy(fw);
	return 0;
}
