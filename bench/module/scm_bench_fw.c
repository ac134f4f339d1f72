// SPDX-License-Identifier: GPL-2.0
/*
 * scm_bench: a firmware double for the series' wait-queue code.
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
 * - LOCK(client, ns): takes one resource for the given time and returns;
 *   while the resource is busy the call is parked on SBD_LOCK_WQ, which
 *   firmware wakes (WAKE_ONE or WAKE_ALL) when the resource frees up.
 * - ECHO: answers at once; the fast path, and the call that carries a
 *   WAKE answer in the latency runs.
 *
 * Firmware has a bounded number of call contexts (struct sbd_deploy
 * fw_slots): a new call beyond them is answered EBUSY, which the driver's
 * call loop retries after a sleep, as mainline's does. It
 * can be told to get GET_WQ_CTX wrong (enum sbd_gwc), to measure what the
 * driver does about it. It counts what a measurement needs: SMCs, RESUMEs,
 * RESUMEs answered SLEEP again, EBUSY answers, interrupts, WAKE answers.
 */
#include <linux/arm-smccc.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/hrtimer.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/irq_sim.h>
#include <linux/irqdomain.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/stddef.h>
#include <linux/string.h>

#include "qcom_scm.h"
#include "scm_bench_fw.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

#define SBD_WAKE_ONE		QCOM_SCM_WAITQ_FLAG_WAKE_ONE

const char *const sbd_where = "double";

/* How firmware told the OS of a wake-up */
enum sbd_told {
	SBD_TOLD_SMC,		/* queued for a WAKE answer */
	SBD_TOLD_IRQ,		/* interrupt made pending */
	SBD_TOLD_DRAIN,		/* what-if: drained in hard interrupt context */
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

/* A call context for a new call, or NULL when all are taken */
static struct sbd_call *sbd_alloc(struct sbd *fw)
{
	struct sbd_call *free = NULL;
	unsigned int i, used = 0;

	for (i = 0; i < SBD_MAX_CALLS; i++) {
		if (fw->calls[i].used)
			used++;
		else if (!free)
			free = &fw->calls[i];
	}
	if (!free || used >= fw->slots)
		return NULL;
	/* everything but the timer and the back-pointer, which come first */
	memset(&free->used, 0,
	       sizeof(*free) - offsetof(struct sbd_call, used));
	free->used = true;
	free->t_new = ktime_get_ns();
	return free;
}

/* More wake-ups pending than calls the double can hold: a bug of its own */
#define sbd_push(q, wq_ctx, flags) \
	WARN_ON_ONCE(!kfifo_put(q, ((struct sbd_note){ wq_ctx, flags })))

/*
 * A WAKE answer is only worth giving for a wait queue on which a call is
 * still parked: the call it was meant for may have completed meanwhile
 * (resumed by the driver's poll on a board without the interrupt).
 */
static bool sbd_pop_live(struct sbd *fw, struct sbd_note *n)
{
	while (kfifo_get(&fw->smc_q, n))
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
	c->t_done = ktime_get_ns();
	if (fw->smc_wake) {
		sbd_push(&fw->smc_q, c->wq_ctx, SBD_WAKE_ONE);
		return SBD_TOLD_SMC;
	}
	sbd_push(&fw->irq_q, c->wq_ctx, SBD_WAKE_ONE);
	fw->st.irqs++;
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
	u64 now;

	if (fw->smc_wake && !c->fast && sbd_pop_live(fw, &n)) {
		c->wants_ack = true;
		c->park_after_ack = park;
		sbd_stamp(fw, n.wq_ctx, ktime_get_ns());
		fw->st.wake_answers++;
		sbd_answer(res, QCOM_SCM_WAITQ_WAKE, n.wq_ctx, sbd_ctx(fw, c),
			   n.flags);
		return;
	}
	if (park) {
		c->parked = true;
		fw->parked_on[c->wq_ctx]++;
		sbd_answer(res, QCOM_SCM_WAITQ_SLEEP, c->wq_ctx, sbd_ctx(fw, c),
			   0);
		/*
		 * HOLD(0) is signalled as it parks, after a WAKE answer and
		 * its ACK or not
		 */
		if (!c->lock && !c->hold_ns && !c->done)
			sbd_signal(fw, c);
		return;
	}
	sbd_answer(res, 0, 0, 0, 0);
	c->used = false;
	now = ktime_get_ns();
	fw->st.busy_ns += now - c->t_new;
	if (c->t_done && c->hold_ns) {
		/* the double's own timer, and the driver's wake-up path */
		fw->st.late_ns += max_t(s64, c->t_done - c->t_new - c->hold_ns, 0);
		fw->st.wake_ns += now - c->t_done;
		fw->st.held++;
	}
}

/* Is @c the LOCK call that has waited longest? */
static bool sbd_lock_first(struct sbd *fw, struct sbd_call *c)
{
	unsigned int i;

	for (i = 0; i < SBD_MAX_CALLS; i++) {
		struct sbd_call *o = &fw->calls[i];

		if (o != c && o->used && o->lock && !o->done && o->waited &&
		    o->arrival < c->arrival)
			return false;
	}
	return true;
}

static bool sbd_lock_waiters(struct sbd *fw)
{
	unsigned int i;

	for (i = 0; i < SBD_MAX_CALLS; i++)
		if (fw->calls[i].used && fw->calls[i].lock &&
		    !fw->calls[i].done && fw->calls[i].waited)
			return true;
	return false;
}

/* A LOCK call takes the resource and is answered, or waits for it */
static void sbd_lock_try(struct sbd *fw, struct sbd_call *c,
			 struct arm_smccc_res *res)
{
	struct sbd_lock *lk = &fw->lk;

	if (lk->busy) {
		c->waited = true;
		sbd_progress(fw, c, true, res);
		return;
	}
	if (c->waited) {
		lk->handoffs++;
		lk->fifo += sbd_lock_first(fw, c);
	} else if (sbd_lock_waiters(fw)) {
		lk->barged++;
	}
	if (lk->window && c->client < SB_RUN_MAX_CLIENTS)
		lk->grants[c->client]++;
	lk->busy = true;
	c->done = true;
	hrtimer_start(&lk->timer, ns_to_ktime(lk->hold_ns), HRTIMER_MODE_REL);
	sbd_progress(fw, c, false, res);
}

/* The resource is free again: wake its waiters, if any */
static enum hrtimer_restart sbd_lock_done(struct hrtimer *t)
{
	struct sbd *fw = container_of(t, struct sbd, lk.timer);
	unsigned long flags;
	bool fire = false;

	raw_spin_lock_irqsave(&fw->lock, flags);
	fw->lk.busy = false;
	if (fw->parked_on[SBD_LOCK_WQ]) {
		if (fw->smc_wake) {
			sbd_push(&fw->smc_q, SBD_LOCK_WQ, fw->lk.flags);
		} else {
			sbd_push(&fw->irq_q, SBD_LOCK_WQ, fw->lk.flags);
			fw->st.irqs++;
			fire = true;
		}
	}
	if (fire)
		smp_call_function_single_async(SBD_IRQ_CPU, &fw->fire_csd);
	raw_spin_unlock_irqrestore(&fw->lock, flags);
	return HRTIMER_NORESTART;
}

static void sbd_waitq_call(struct sbd *fw, u32 cmd, const unsigned long *args,
			   struct arm_smccc_res *res)
{
	struct sbd_call *c;
	struct sbd_note n;
	u64 now;

	switch (cmd) {
	case QCOM_SCM_WAITQ_GET_WQ_CTX:
		fw->st.gwc_calls++;
		if (fw->gwc != SBD_GWC_OK) {
			/* the wake-ups are lost in firmware's mistake */
			kfifo_reset(&fw->irq_q);
			if (fw->gwc == SBD_GWC_FAIL)
				sbd_answer(res, QCOM_SCM_ERROR, 0, 0, 0);
			else
				sbd_answer(res, 0, 0,
					   QCOM_SCM_WAITQ_FLAG_WAKE_NONE, 1);
			return;
		}
		if (!kfifo_get(&fw->irq_q, &n))
			n = (struct sbd_note){ 0, QCOM_SCM_WAITQ_FLAG_WAKE_NONE };
		sbd_answer(res, 0, n.wq_ctx, n.flags,
			   !kfifo_is_empty(&fw->irq_q));
		return;
	case QCOM_SCM_WAITQ_RESUME:
		now = ktime_get_ns();
		c = sbd_lookup(fw, args[2]);
		if (!c || !c->parked)
			break;
		c->parked = false;
		fw->parked_on[c->wq_ctx]--;
		fw->st.resumes++;
		if (c->lock) {
			fw->st.spurious += fw->lk.busy;
			sbd_lock_try(fw, c, res);
			return;
		}
		if (!c->done) {
			/* resumed before the operation ended: park again */
			fw->st.spurious++;
			sbd_progress(fw, c, true, res);
			return;
		}
		if (fw->lat && c->t_signal && fw->nlat < fw->maxlat) {
			if (fw->lat_end)
				fw->lat_end[fw->nlat] = now - c->t_done;
			fw->lat[fw->nlat++] = now - c->t_signal;
		}
		sbd_progress(fw, c, false, res);
		return;
	case QCOM_SCM_WAITQ_ACK:
		c = sbd_lookup(fw, args[2]);
		if (!c || !c->wants_ack)
			break;
		c->wants_ack = false;
		/* a LOCK call looks at the resource again */
		if (c->lock && !c->done) {
			sbd_lock_try(fw, c, res);
			return;
		}
		/* an operation that ended before the call parked is answered */
		sbd_progress(fw, c, c->park_after_ack && !c->done, res);
		return;
	}
	fw->st.errors++;
	sbd_answer(res, QCOM_SCM_EINVAL_ARG, 0, 0, 0);
}

/* A new call of the double's service */
static void sbd_new_call(struct sbd *fw, u32 cmd, bool fast,
			 const unsigned long *args, struct arm_smccc_res *res)
{
	struct sbd_call *c = sbd_alloc(fw);

	if (!c) {
		/* every call context is taken: try again later */
		fw->st.ebusy++;
		sbd_answer(res, QCOM_SCM_V2_EBUSY, 0, 0, 0);
		return;
	}
	if ((cmd == SBD_CMD_HOLD && args[2] >= SBD_FW_NR_CTX) ||
	    (cmd != SBD_CMD_HOLD && cmd != SBD_CMD_ECHO &&
	     cmd != SBD_CMD_LOCK)) {
		c->used = false;
		fw->st.errors++;
		sbd_answer(res, QCOM_SCM_ERROR, 0, 0, 0);
		return;
	}
	c->fast = fast;
	if (cmd == SBD_CMD_ECHO) {
		sbd_progress(fw, c, false, res);
		return;
	}
	if (cmd == SBD_CMD_LOCK) {
		c->lock = true;
		c->client = args[2];
		c->wq_ctx = SBD_LOCK_WQ;
		c->arrival = fw->lk.arrivals++;
		fw->lk.hold_ns = args[3];
		sbd_lock_try(fw, c, res);
		return;
	}
	c->wq_ctx = args[2];
	c->hold_ns = args[3];
	if (args[3]) {
		/* the secure operation starts as the call arrives */
		hrtimer_start(&c->timer, ns_to_ktime(args[3]),
			      HRTIMER_MODE_REL);
		sbd_progress(fw, c, true, res);
		return;
	}
	sbd_progress(fw, c, true, res);
}

/* One GET_WQ_CTX through the driver's call loop, an atomic call */
static int sbd_gwc(struct sbd *fw, struct qcom_scm_res *res)
{
	struct qcom_scm_desc desc = {
		.svc = QCOM_SCM_SVC_WAITQ,
		.cmd = QCOM_SCM_WAITQ_GET_WQ_CTX,
		.arginfo = QCOM_SCM_ARGS(0),
		.owner = ARM_SMCCC_OWNER_SIP,
	};

	return __scm_smc_call(fw->dev, &desc, SMC_CONVENTION_ARM_64, res,
			      fw->wq, true);
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
	struct qcom_scm_res res;
	unsigned int i;

	for (i = 0; i < SBD_QLEN; i++) {
		if (sbd_gwc(fw, &res))
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
	struct sbd *fw = c->fw;
	enum sbd_told told;
	unsigned long flags;

	raw_spin_lock_irqsave(&fw->lock, flags);
	told = sbd_signal(fw, c);
	raw_spin_unlock_irqrestore(&fw->lock, flags);
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
	raw_spin_lock_irqsave(&fw->lock, flags);
	fw->st.smcs++;
	if (svc == QCOM_SCM_SVC_WAITQ) {
		sbd_waitq_call(fw, cmd, args, res);
	} else if (svc == SBD_SVC) {
		sbd_new_call(fw, cmd, ARM_SMCCC_IS_FAST_CALL(a0), args, res);
	} else {
		fw->st.errors++;
		sbd_answer(res, QCOM_SCM_EOPNOTSUPP, 0, 0, 0);
	}
	raw_spin_unlock_irqrestore(&fw->lock, flags);
}

/**
 * sbd_echo_raw() - what the double alone costs for one ECHO: its SMC
 * handler called directly, without the driver
 * @fw:		the double, installed
 *
 * The baseline of the all-CPU fast path: the handler takes the double's one
 * lock, which every CPU shares, and that is not the driver's cost.
 */
void sbd_echo_raw(struct sbd *fw)
{
	unsigned long args[8] = {};	/* x0..x7, as the hook gets them */
	struct arm_smccc_res res;

	sbd_smc(ARM_SMCCC_CALL_VAL(ARM_SMCCC_STD_CALL, ARM_SMCCC_SMC_64,
				   ARM_SMCCC_OWNER_SIP,
				   SCM_SMC_FNID(SBD_SVC, SBD_CMD_ECHO)),
		args, &res);
}

/* ---- kernel side ------------------------------------------------------- */

/**
 * sbd_call() - one standard call of the double's service, through the
 * driver's call loop in the current deployment
 * @fw:		the double
 * @cmd:	SBD_CMD_*
 * @a:		x2
 * @b:		x3
 *
 * Return: what __scm_smc_call() returns.
 */
int sbd_call(struct sbd *fw, u32 cmd, u64 a, u64 b)
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

/**
 * sbd_get_wq_ctx() - one GET_WQ_CTX, as the interrupt thread makes it
 * @fw:		the double
 *
 * Return: what __scm_smc_call() returns.
 */
int sbd_get_wq_ctx(struct sbd *fw)
{
	struct qcom_scm_res res;

	return sbd_gwc(fw, &res);
}

const struct sbd_deploy sbd_serialized = {
	.mode = "serialized", .irq = true,
};

const struct sbd_deploy sbd_multi_irq = {
	.mode = "multi-irq", .multi_call = true, .irq = true,
};

const struct sbd_deploy sbd_multi_smc = {
	.mode = "multi-smc", .multi_call = true,
};

/* Neither property: serialized, and parked calls are polled every 10 ms */
const struct sbd_deploy sbd_serialized_poll = {
	.mode = "serialized-poll",
};

const struct sbd_deploy sbd_multi_smc_poll4 = {
	.mode = "multi-smc-poll4ms", .multi_call = true, .poll_ms = 4,
};

const struct sbd_deploy sbd_multi_irq_drain = {
	.mode = "multi-irq-hardirq", .multi_call = true, .irq = true,
	.hardirq_drain = true,
};

/**
 * sbd_what_if() - is @d a change to the driver rather than a deployment?
 * @d:		deployment
 *
 * Return: true for a what-if, whose figures never carry a goal's verdict.
 */
bool sbd_what_if(const struct sbd_deploy *d)
{
	return d->poll_ms || d->hardirq_drain;
}

static void sbd_reset(struct sbd *fw, const struct sbd_deploy *d)
{
	unsigned int i;

	for (i = 0; i < SBD_MAX_CALLS; i++)
		hrtimer_cancel(&fw->calls[i].timer);
	hrtimer_cancel(&fw->lk.timer);
	raw_spin_lock_irq(&fw->lock);
	for (i = 0; i < SBD_MAX_CALLS; i++)
		fw->calls[i].used = false;
	memset(fw->parked_on, 0, sizeof(fw->parked_on));
	memset(fw->lk.grants, 0, sizeof(fw->lk.grants));
	fw->lk.busy = false;
	fw->lk.window = false;
	fw->lk.flags = SBD_WAKE_ONE;
	fw->lk.arrivals = 0;
	fw->lk.handoffs = 0;
	fw->lk.fifo = 0;
	fw->lk.barged = 0;
	kfifo_reset(&fw->irq_q);
	kfifo_reset(&fw->smc_q);
	fw->smc_wake = !d->irq;
	fw->slots = d->fw_slots ?: d->max_calls ?: SBD_MAX_CALLS;
	fw->gwc = SBD_GWC_OK;
	fw->fw_faults = false;
	fw->lat = NULL;
	fw->lat_end = NULL;
	fw->nlat = 0;
	memset(&fw->st, 0, sizeof(fw->st));
	raw_spin_unlock_irq(&fw->lock);
}

/**
 * sbd_up() - set up the driver's wait queues of deployment @d
 * @fw:		the double, whose firmware state is reset too
 * @d:		deployment
 *
 * Return: 0, or an error of qcom_scm_waitq_create(). sbd_down() undoes it.
 */
int sbd_up(struct sbd *fw, const struct sbd_deploy *d)
{
	struct qcom_scm_waitq *wq;

	sbd_reset(fw, d);
	fw->group = devres_open_group(fw->dev, NULL, GFP_KERNEL);
	if (!fw->group)
		return -ENOMEM;
	wq = qcom_scm_waitq_create(fw->dev, d->irq ? fw->irq : 0,
				   d->multi_call, d->nr_ctx ?: SBD_NR_CTX,
				   d->max_calls ?: SBD_MAX_CALLS);
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

/**
 * sbd_down() - check that nothing is left behind, and free the wait queues
 * @fw:		the double
 * @d:		deployment, for the message
 * @e:		the driver's firmware-error reports since the last call
 *
 * Nothing may be left behind: every call returned (the double holds none,
 * the driver counts none in flight), nothing is parked, and the driver
 * reported no firmware mistake (qcom_scm_waitq_fw_error trace point) other
 * than the two kinds that races without any mistake also produce (struct
 * sb_fw_errors), unless the run made firmware err on purpose
 * (@fw->fw_faults).
 *
 * Return: 0, or -EPROTO with a message.
 */
int sbd_down(struct sbd *fw, const struct sbd_deploy *d,
	     struct sb_fw_errors *e)
{
	unsigned int i, used = 0, in_flight, parked;
	int ret = 0;

	sb_fw_errors_take(e);
	in_flight = qcom_scm_waitq_calls_in_flight(fw->wq);
	parked = atomic_read(&fw->wq->parked);
	raw_spin_lock_irq(&fw->lock);
	for (i = 0; i < SBD_MAX_CALLS; i++)
		used += fw->calls[i].used;
	if (fw->st.errors || used || in_flight || parked ||
	    (e->other && !fw->fw_faults)) {
		pr_err("scm-bench: %s: double errors %u, calls left %u, driver: %u firmware errors (%u unexpected), %u calls in flight, %u parked\n",
		       d->mode, fw->st.errors, used,
		       e->other + e->spurious_irq + e->wake_idle, e->other,
		       in_flight, parked);
		ret = -EPROTO;
	}
	raw_spin_unlock_irq(&fw->lock);
	devres_release_group(fw->dev, fw->group);
	fw->wq = NULL;
	return ret;
}

/* ---- setup ------------------------------------------------------------- */

/**
 * sbd_create() - a firmware double, not yet installed
 *
 * Return: the double, or an ERR_PTR().
 */
struct sbd *sbd_create(void)
{
	struct sbd *fw;
	unsigned int i;
	int ret;

	fw = kzalloc(sizeof(*fw), GFP_KERNEL);
	if (!fw)
		return ERR_PTR(-ENOMEM);
	raw_spin_lock_init(&fw->lock);
	init_completion(&fw->carry);
	INIT_KFIFO(fw->irq_q);
	INIT_KFIFO(fw->smc_q);
	INIT_CSD(&fw->fire_csd, sbd_fire, fw);
	for (i = 0; i < SBD_MAX_CALLS; i++) {
		hrtimer_init(&fw->calls[i].timer, CLOCK_MONOTONIC,
			     HRTIMER_MODE_REL);
		fw->calls[i].timer.function = sbd_hold_done;
		fw->calls[i].fw = fw;
	}
	hrtimer_init(&fw->lk.timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	fw->lk.timer.function = sbd_lock_done;
	fw->dev = root_device_register("scm-bench-double");
	if (IS_ERR(fw->dev)) {
		ret = PTR_ERR(fw->dev);
		goto err_free;
	}
	/* the driver's interrupt, and a bare one for the floor */
	fw->domain = irq_domain_create_sim(NULL, 2);
	if (IS_ERR(fw->domain)) {
		ret = PTR_ERR(fw->domain);
		goto err_dev;
	}
	fw->irq = irq_create_mapping(fw->domain, 0);
	fw->floor_irq = irq_create_mapping(fw->domain, 1);
	if (!fw->irq || !fw->floor_irq) {
		ret = -ENOMEM;
		goto err_domain;
	}
	return fw;

err_domain:
	if (fw->floor_irq)
		irq_dispose_mapping(fw->floor_irq);
	if (fw->irq)
		irq_dispose_mapping(fw->irq);
	irq_domain_remove_sim(fw->domain);
err_dev:
	root_device_unregister(fw->dev);
err_free:
	kfree(fw);
	return ERR_PTR(ret);
}

static void sbd_nop(void *unused)
{
}

static bool sbd_irq_pending(int irq)
{
	bool pending = false;

	return !irq_get_irqchip_state(irq, IRQCHIP_STATE_PENDING, &pending) &&
	       pending;
}

/**
 * sbd_destroy() - free a double made by sbd_create(), no longer installed
 * @fw:		the double
 */
void sbd_destroy(struct sbd *fw)
{
	unsigned int i;

	for (i = 0; i < SBD_MAX_CALLS; i++)
		hrtimer_cancel(&fw->calls[i].timer);
	hrtimer_cancel(&fw->lk.timer);
	/*
	 * The last interrupt may still be on its way: the IPI to
	 * SBD_IRQ_CPU (a call that waits for it runs after it), then
	 * irq_sim's irq_work, which clears the pending bit as it handles it.
	 */
	smp_call_function_single(SBD_IRQ_CPU, sbd_nop, NULL, 1);
	for (i = 0; i < 1000 && sbd_irq_pending(fw->irq); i++)
		usleep_range(100, 200);
	root_device_unregister(fw->dev);
	irq_dispose_mapping(fw->floor_irq);
	irq_dispose_mapping(fw->irq);
	irq_domain_remove_sim(fw->domain);
	kfree(fw);
}

/**
 * sbd_install() - answer every SCM call of this kernel with the double @fw
 * @fw:		the double
 */
void sbd_install(struct sbd *fw)
{
	WRITE_ONCE(sbd, fw);
	WRITE_ONCE(qcom_scm_test_smc_fn, sbd_smc);
}

/**
 * sbd_uninstall() - back to the SMC instruction; nothing may be in the
 * double any more
 */
void sbd_uninstall(void)
{
	WRITE_ONCE(qcom_scm_test_smc_fn, NULL);
	WRITE_ONCE(sbd, NULL);
}
