// SPDX-License-Identifier: GPL-2.0
/*
 * fakefw core: wait-queue aware SCM protocol state machine. See fw_core.h.
 * Freestanding: only <stdint.h>; no libc calls.
 */
#include "fw_core.h"
#include "fmt_num.h"

#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))

static void fw_zero(void *p, unsigned long n)
{
	volatile unsigned char *b = p;

	while (n--)
		*b++ = 0;
}

static void fw_lock(struct fw *fw)
{
	if (fw->plat.lock)
		fw->plat.lock(fw->plat.arg);
}

static void fw_unlock(struct fw *fw)
{
	if (fw->plat.unlock)
		fw->plat.unlock(fw->plat.arg);
}

void fw_config_default(struct fw_config *cfg)
{
	cfg->nr_calls = 16;
	cfg->nr_wq = 16;
	cfg->wake_mode = FW_WAKE_MODE_IRQ;
	cfg->multi_call = 1;
	cfg->fault = FW_FAULT_NONE;
	cfg->spi = 200;
	cfg->release_flags = FW_WAKE_ONE;
	cfg->pas_duration = 4;
	cfg->tick_per_call = 0;
	cfg->call_ctxs = 0;
	cfg->wq_ctx_base = 0;
	cfg->info_irq = 1;
}

static void fw_clamp(struct fw_config *cfg)
{
	if (cfg->nr_calls < 1)
		cfg->nr_calls = 1;
	if (cfg->nr_calls > FW_MAX_CALLS)
		cfg->nr_calls = FW_MAX_CALLS;
	if (cfg->nr_wq < 1)
		cfg->nr_wq = 1;
	if (cfg->nr_wq > FW_MAX_WQ)
		cfg->nr_wq = FW_MAX_WQ;
	if (cfg->wake_mode != FW_WAKE_MODE_SMC)
		cfg->wake_mode = FW_WAKE_MODE_IRQ;
	if (cfg->fault >= FW_FAULT_COUNT)
		cfg->fault = FW_FAULT_NONE;
	if (cfg->release_flags != FW_WAKE_ALL)
		cfg->release_flags = FW_WAKE_ONE;
	cfg->multi_call = !!cfg->multi_call;
	if (cfg->call_ctxs > FW_MAX_CALLS)
		cfg->call_ctxs = FW_MAX_CALLS;
}

void fw_init(struct fw *fw, const struct fw_config *cfg,
	     const struct fw_platform *plat)
{
	fw_zero(fw, sizeof(*fw));
	fw->cfg = *cfg;
	fw_clamp(&fw->cfg);
	if (plat)
		fw->plat = *plat;
}

static void fw_release(struct fw *fw, uint32_t periph);

static int fw_set_locked(struct fw *fw, uint32_t key, uint64_t value)
{
	struct fw_config c = fw->cfg;

	switch (key) {
	case FW_KEY_RELEASE:
		if (value >= FW_NR_PERIPH)
			return -1;
		if (fw->periph[value].busy)
			fw_release(fw, (uint32_t)value);
		return 0;
	case FW_KEY_WAKE_MODE:
		c.wake_mode = (uint32_t)value;
		break;
	case FW_KEY_FAULT:
		c.fault = (uint32_t)value;
		break;
	case FW_KEY_RELEASE_FLAGS:
		c.release_flags = (uint32_t)value;
		break;
	case FW_KEY_MULTI_CALL:
		c.multi_call = (uint32_t)value;
		break;
	case FW_KEY_PAS_DURATION:
		c.pas_duration = (uint32_t)value;
		break;
	default:
		return -1;
	}
	fw_clamp(&c);
	fw->cfg = c;
	return 0;
}

int fw_set(struct fw *fw, uint32_t key, uint64_t value)
{
	int ret;

	fw_lock(fw);
	ret = fw_set_locked(fw, key, value);
	fw_unlock(fw);
	return ret;
}

void fw_get_counters(struct fw *fw, struct fw_counters *out)
{
	fw_lock(fw);
	*out = fw->cnt;
	fw_unlock(fw);
}

/* ---- call contexts ------------------------------------------------------ */
static uint64_t fw_ctx_of(const struct fw *fw, const struct fw_call *c)
{
	uint32_t idx = (uint32_t)(c - fw->call);

	return ((uint64_t)c->gen << 16) | (FW_CTX_BASE + idx);
}

static struct fw_call *fw_call_lookup(struct fw *fw, uint64_t ctx)
{
	uint64_t low = ctx & 0xffff;
	struct fw_call *c;

	if (ctx >> 24 || low < FW_CTX_BASE || low - FW_CTX_BASE >= fw->cfg.nr_calls)
		return 0;
	c = &fw->call[low - FW_CTX_BASE];
	if (c->state == FW_CALL_FREE || c->gen != ((ctx >> 16) & 0xff))
		return 0;
	return c;
}

static struct fw_call *fw_call_alloc(struct fw *fw, int is_std)
{
	uint32_t i;

	for (i = 0; i < fw->cfg.nr_calls; i++) {
		struct fw_call *c = &fw->call[i];

		if (c->state == FW_CALL_FREE) {
			uint8_t gen = (uint8_t)(c->gen + 1);

			fw_zero(c, sizeof(*c));
			c->gen = gen;
			c->state = FW_CALL_ACTIVE;
			c->is_std = (uint8_t)is_std;
			return c;
		}
	}
	return 0;
}

static void fw_call_free(struct fw_call *c)
{
	c->state = FW_CALL_FREE;
	c->wake_sent = 0;
}

/*
 * Contexts in use: by standard calls only (parked, or answered WAKE and not
 * yet ACKed), or all of them (also fast calls answered WAKE by a fault).
 */
static uint32_t fw_ctx_used(const struct fw *fw, int std_only)
{
	uint32_t i, n = 0;

	for (i = 0; i < fw->cfg.nr_calls; i++)
		if (fw->call[i].state != FW_CALL_FREE &&
		    (fw->call[i].is_std || !std_only))
			n++;
	return n;
}

static uint32_t fw_parked_on(const struct fw *fw, uint32_t wq)
{
	uint32_t i, n = 0;

	for (i = 0; i < fw->cfg.nr_calls; i++)
		if (fw->call[i].state == FW_CALL_PARKED && fw->call[i].wq == wq)
			n++;
	return n;
}

/* ---- wake notifications ------------------------------------------------- */
static void fw_note_push(struct fw *fw, uint32_t wq, uint32_t flags)
{
	uint32_t i;

	if (fw->q_len == FW_QUEUE_LEN) {
		/* full: fold into an entry of the same wq_ctx, as WAKE_ALL */
		fw->cnt.queue_overflow++;
		for (i = 0; i < fw->q_len; i++) {
			struct fw_note *n = &fw->q[(fw->q_head + i) % FW_QUEUE_LEN];

			if (n->wq == wq) {
				n->flags = FW_WAKE_ALL;
				return;
			}
		}
		/* no such entry: turn the newest one into a wake of this wq */
		fw->q[(fw->q_head + fw->q_len - 1) % FW_QUEUE_LEN].wq = wq;
		fw->q[(fw->q_head + fw->q_len - 1) % FW_QUEUE_LEN].flags = FW_WAKE_ALL;
		return;
	}
	fw->q[(fw->q_head + fw->q_len) % FW_QUEUE_LEN].wq = wq;
	fw->q[(fw->q_head + fw->q_len) % FW_QUEUE_LEN].flags = flags;
	fw->q_len++;
}

static struct fw_note fw_note_pop(struct fw *fw)
{
	struct fw_note n = fw->q[fw->q_head];

	fw->q_head = (fw->q_head + 1) % FW_QUEUE_LEN;
	fw->q_len--;
	return n;
}

static void fw_raise(struct fw *fw)
{
	fw->cnt.irqs++;
	if (fw->plat.raise_irq)
		fw->plat.raise_irq(fw->plat.arg, fw->cfg.spi);
}

static void fw_notify(struct fw *fw, uint32_t wq, uint32_t flags)
{
	/* the wake-up happens in firmware (permit, WAKE_ALL), the OS never hears */
	if (fw->cfg.fault == FW_FAULT_LOST_WAKE) {
		fw->cnt.faults++;
		return;
	}
	fw_note_push(fw, wq, flags);
	if (fw->cfg.wake_mode == FW_WAKE_MODE_IRQ)
		fw_raise(fw);
}

/*
 * wq_ctx values as the OS is told of them: wait queue i is wq_ctx_base + i,
 * a u32 as every driver keeps it, so modulo 2^32: a base near the top wraps
 * to small values, and the values of distinct queues stay distinct. The
 * core keeps indexes and maps them only on the way out; no call takes a
 * wq_ctx as input (RESUME and ACK name the smc_call_ctx).
 */
static uint64_t fw_wq_ctx(const struct fw *fw, uint32_t wq)
{
	return (uint32_t)(fw->cfg.wq_ctx_base + wq);
}

/* a wq_ctx that names no wait queue (nr_wq + 7 < 2^32 - nr_wq), for faults */
static uint64_t fw_bad_wq(const struct fw *fw)
{
	return fw_wq_ctx(fw, fw->cfg.nr_wq + 7);
}

static uint32_t fw_out_flags(struct fw *fw, uint32_t flags)
{
	if (fw->cfg.fault == FW_FAULT_BAD_FLAGS) {
		fw->cnt.faults++;
		return flags | FW_BAD_FLAG;
	}
	return flags;
}

/* Firmware-side wake-up of a wait queue, then tell the OS */
static void fw_wake(struct fw *fw, uint32_t wq, uint32_t flags)
{
	struct fw_wq *w = &fw->wq[wq];
	uint32_t parked = fw_parked_on(fw, wq);

	if (flags == FW_WAKE_ALL)
		w->all_seq++;
	else if (w->permits < parked)
		w->permits++;
	fw->cnt.wakes++;
	fw_notify(fw, wq, flags);

	if (fw->cfg.fault == FW_FAULT_WAKE_IDLE) {
		uint32_t i;

		for (i = 0; i < fw->cfg.nr_wq; i++) {
			if (i != wq && !fw_parked_on(fw, i)) {
				fw->cnt.faults++;
				fw_notify(fw, i, FW_WAKE_ONE);
				break;
			}
		}
	}
}

/* ---- secure resources --------------------------------------------------- */
static uint32_t fw_wq_of(const struct fw *fw, uint32_t periph)
{
	return periph % fw->cfg.nr_wq;
}

/* Take a free resource; the taker also takes a pending WAKE_ONE permit */
static int fw_take(struct fw *fw, uint32_t periph)
{
	struct fw_periph *p = &fw->periph[periph];
	struct fw_wq *w = &fw->wq[fw_wq_of(fw, periph)];

	if (p->busy)
		return 0;
	p->busy = 1;
	p->busy_until = fw->now + fw->cfg.pas_duration;
	if (w->permits)
		w->permits--;
	fw->cnt.acquires++;
	return 1;
}

static void fw_release(struct fw *fw, uint32_t periph)
{
	uint32_t wq = fw_wq_of(fw, periph);
	uint32_t flags = fw->cfg.release_flags;
	uint32_t i;

	fw->periph[periph].busy = 0;
	fw->cnt.releases++;
	if (!fw_parked_on(fw, wq))
		return;
	/* a shared wq_ctx may hold calls for other resources: wake them all */
	for (i = 0; i < fw->cfg.nr_calls; i++) {
		const struct fw_call *c = &fw->call[i];

		if (c->state == FW_CALL_PARKED && c->wq == wq && c->periph != periph)
			flags = FW_WAKE_ALL;
	}
	fw_wake(fw, wq, flags);
}

static void fw_tick_locked(struct fw *fw, uint64_t n)
{
	uint32_t i;

	fw->now += n;
	for (i = 0; i < FW_NR_PERIPH; i++)
		if (fw->periph[i].busy && fw->periph[i].busy_until <= fw->now)
			fw_release(fw, i);
}

void fw_tick(struct fw *fw, uint64_t n)
{
	fw_lock(fw);
	fw_tick_locked(fw, n);
	fw_unlock(fw);
}

/* ---- answers ------------------------------------------------------------ */
static void fw_set_out(uint64_t out[4], uint64_t a0, uint64_t a1, uint64_t a2,
		       uint64_t a3)
{
	out[0] = a0;
	out[1] = a1;
	out[2] = a2;
	out[3] = a3;
}

static void fw_sleep_answer(struct fw *fw, struct fw_call *c, uint64_t ans[4])
{
	uint64_t wq = fw_wq_ctx(fw, c->wq);

	if (fw->cfg.fault == FW_FAULT_SLEEP_BAD_WQ) {
		fw->cnt.faults++;
		wq = fw_bad_wq(fw);
	}
	fw->cnt.sleeps++;
	fw_set_out(ans, FW_RET_WAITQ_SLEEP, wq, fw_ctx_of(fw, c), 0);
}

static void fw_park(struct fw *fw, struct fw_call *c, uint64_t ans[4])
{
	c->state = FW_CALL_PARKED;
	c->wq = fw_wq_of(fw, c->periph);
	c->park_seq = fw->wq[c->wq].all_seq;
	fw_sleep_answer(fw, c, ans);
}

/*
 * In SMC wake mode a notification waits for an answer to ride on. By then
 * its wait queue may have emptied: the call it was for resumed on its own
 * (the kernel polls parked calls when no other call is in firmware) and
 * took the permit. Telling the OS then would only wake an idle wq_ctx,
 * which the kernel rightly reports as a firmware mistake, so such notes are
 * dropped; the WAKE_IDLE fault sends them on purpose.
 */
static void fw_drop_stale_notes(struct fw *fw)
{
	while (fw->q_len && fw->cfg.fault != FW_FAULT_WAKE_IDLE &&
	       !fw_parked_on(fw, fw->q[fw->q_head].wq))
		fw_note_pop(fw);
}

/*
 * Which answers may carry a pending wake-up in SMC wake mode. Real firmware
 * answers a fast call with success or an error only, never SLEEP or WAKE:
 * WAKE rides on standard calls (RESUME and ACK among them), and on a fast
 * one only as the WAKE_ATOMIC fault.
 */
enum fw_carry {
	FW_CARRY_NONE,		/* fast calls, refusals, GET_WQ_CTX, test hooks */
	FW_CARRY_STD,		/* the answer to a standard call */
	FW_CARRY_ATOMIC,	/* a fast call's, for FW_FAULT_WAKE_ATOMIC */
};

/*
 * Give the answer @ans of call @c (NULL for a call without a context).
 * In SMC wake mode a pending notification goes first as a WAKE answer and
 * @ans waits in the call for its ACK. A call that is not parked ends here.
 */
static void fw_finish(struct fw *fw, struct fw_call *c, const uint64_t ans[4],
		      uint64_t out[4], enum fw_carry carry)
{
	int may_wake = carry != FW_CARRY_NONE &&
		       fw->cfg.wake_mode == FW_WAKE_MODE_SMC;
	uint32_t i;

	if (may_wake)
		fw_drop_stale_notes(fw);
	if (may_wake && fw->q_len && carry == FW_CARRY_ATOMIC) {
		/*
		 * The WAKE_ATOMIC fault. No driver acknowledges a WAKE to a
		 * fast call (the vendor trees fail the call, the series too),
		 * so no context keeps the call's own answer: it is lost, and
		 * the wake-up is delivered.
		 */
		struct fw_note n = fw_note_pop(fw);

		fw->cnt.faults++;
		fw->cnt.wake_answers++;
		fw_set_out(out, FW_RET_WAITQ_WAKE, fw_wq_ctx(fw, n.wq), 0,
			   fw_out_flags(fw, n.flags));
		return;
	}
	if (may_wake && fw->q_len) {
		if (!c)		/* transient context, to keep @ans for the ACK */
			c = fw_call_alloc(fw, carry == FW_CARRY_STD);
		if (c) {
			struct fw_note n = fw_note_pop(fw);
			uint64_t wq = fw_wq_ctx(fw, n.wq);

			if (fw->cfg.fault == FW_FAULT_WAKE_BAD_WQ) {
				fw->cnt.faults++;
				wq = fw_bad_wq(fw);
			}
			for (i = 0; i < 4; i++)
				c->stash[i] = ans[i];
			c->wake_sent = 1;
			fw->cnt.wake_answers++;
			fw_set_out(out, FW_RET_WAITQ_WAKE, wq, fw_ctx_of(fw, c),
				   fw_out_flags(fw, n.flags));
			return;
		}
	}
	for (i = 0; i < 4; i++)
		out[i] = ans[i];
	if (out[0] == FW_RET_EBUSY)
		fw->cnt.ebusy++;
	else if (out[0] == FW_RET_EINVAL_ARG)
		fw->cnt.einval++;
	else if (out[0] == FW_RET_EOPNOTSUPP)
		fw->cnt.unknown++;
	if (c && c->state == FW_CALL_ACTIVE)
		fw_call_free(c);
}

/* ---- ABI ---------------------------------------------------------------- */
#define FW_T_FAST	1u	/* may come as a fast call */
#define FW_T_STD	2u	/* may come as a standard call */
#define FW_NARGS_ANY	0xffu	/* the test hooks take any arginfo */

/* kinds of ABI violation: one bit each in fw->abi_logged[] */
#define FW_ABI_CONV	1u	/* SMC32 convention */
#define FW_ABI_TYPE	2u	/* fast instead of standard, or the other way */
#define FW_ABI_ARGS	4u	/* arginfo gives the wrong number of arguments */
#define FW_ABI_CTX	8u	/* x2 names no call that could be resumed/ACKed */

/*
 * Every call the core knows, with the type and arginfo the Linux driver
 * (qcom_scm.c, 6.1 to mainline) uses for it: IS_CALL_AVAIL is fast in the
 * convention probe and standard otherwise; the PAS calls are standard;
 * IO read/write are atomic, that is fast; RESUME and ACK are standard;
 * GET_INFO is fast; GET_WQ_CTX is fast in mainline and standard in a
 * vendor tree without multi-call. All of them are SMC64 only.
 */
static const struct fw_fn {
	uint16_t fnid;
	uint8_t types;		/* FW_T_* */
	uint8_t nargs;		/* arginfo bits 3:0, or FW_NARGS_ANY */
	const char *name;
} fw_fns[] = {
	{ FW_FNID(FW_SVC_INFO, FW_INFO_IS_CALL_AVAIL), FW_T_FAST | FW_T_STD, 1,
	  "IS_CALL_AVAIL" },
	{ FW_FNID(FW_SVC_PIL, FW_PIL_PAS_INIT_IMAGE), FW_T_STD, 2, "PAS_INIT_IMAGE" },
	{ FW_FNID(FW_SVC_PIL, FW_PIL_PAS_MEM_SETUP), FW_T_STD, 3, "PAS_MEM_SETUP" },
	{ FW_FNID(FW_SVC_PIL, FW_PIL_PAS_AUTH_AND_RESET), FW_T_STD, 1,
	  "PAS_AUTH_AND_RESET" },
	{ FW_FNID(FW_SVC_PIL, FW_PIL_PAS_SHUTDOWN), FW_T_STD, 1, "PAS_SHUTDOWN" },
	{ FW_FNID(FW_SVC_PIL, FW_PIL_PAS_IS_SUPPORTED), FW_T_STD, 1,
	  "PAS_IS_SUPPORTED" },
	{ FW_FNID(FW_SVC_IO, FW_IO_READ), FW_T_FAST, 1, "IO_READ" },
	{ FW_FNID(FW_SVC_IO, FW_IO_WRITE), FW_T_FAST, 2, "IO_WRITE" },
	{ FW_FNID(FW_SVC_WAITQ, FW_WAITQ_ACK), FW_T_STD, 1, "WAITQ_ACK" },
	{ FW_FNID(FW_SVC_WAITQ, FW_WAITQ_RESUME), FW_T_STD, 1, "WAITQ_RESUME" },
	{ FW_FNID(FW_SVC_WAITQ, FW_WAITQ_GET_WQ_CTX), FW_T_FAST | FW_T_STD, 0,
	  "WAITQ_GET_WQ_CTX" },
	{ FW_FNID(FW_SVC_WAITQ, FW_WAITQ_GET_INFO), FW_T_FAST, 0, "WAITQ_GET_INFO" },
	{ FW_FNID(FW_SVC_FAKEFW, FW_FAKEFW_SET), FW_T_FAST | FW_T_STD,
	  FW_NARGS_ANY, "FAKEFW_SET" },
	{ FW_FNID(FW_SVC_FAKEFW, FW_FAKEFW_GET_COUNTER), FW_T_FAST | FW_T_STD,
	  FW_NARGS_ANY, "FAKEFW_GET_COUNTER" },
};
_Static_assert(ARRAY_LEN(fw_fns) == FW_NR_FNS, "FW_NR_FNS is the size of fw_fns[]");

static const struct fw_fn *fw_fn_find(uint32_t fnid)
{
	uint32_t i;

	for (i = 0; i < ARRAY_LEN(fw_fns); i++)
		if (fw_fns[i].fnid == fnid)
			return &fw_fns[i];
	return 0;
}

/* a line for fw_platform.log, cut to fit */
#define FW_MSG_MAX	160
struct fw_msg {
	char buf[FW_MSG_MAX];
	uint32_t pos;
};

static void msg_str(struct fw_msg *m, const char *s)
{
	while (*s && m->pos + 1 < FW_MSG_MAX)
		m->buf[m->pos++] = *s++;
	m->buf[m->pos] = 0;
}

static void msg_num(struct fw_msg *m, uint64_t v, unsigned base)
{
	char buf[FMT_NUM_MAX + 1];
	int n = fmt_num(buf, v, base, 0);

	buf[n] = 0;
	if (base == 16)
		msg_str(m, "0x");
	msg_str(m, buf);
}

/* "ABI violation: fn 0x.. NAME: what is wrong -> the answer" */
static void fw_abi_log(struct fw *fw, const struct fw_fn *f, uint32_t kind,
		       uint32_t fn, uint64_t val, uint64_t ret)
{
	struct fw_msg m = { { 0 }, 0 };

	if (!fw->plat.log)
		return;
	msg_str(&m, "ABI violation: fn ");
	msg_num(&m, fn, 16);
	msg_str(&m, " ");
	msg_str(&m, f->name);
	msg_str(&m, ": ");
	switch (kind) {
	case FW_ABI_CONV:
		msg_str(&m, "SMC32 call, must be SMC64");
		break;
	case FW_ABI_TYPE:
		msg_str(&m, fn & FW_SMC_FAST ? "fast call, must be standard" :
			    "standard call, must be fast");
		break;
	case FW_ABI_ARGS:
		msg_str(&m, "arginfo ");
		msg_num(&m, val, 16);
		msg_str(&m, " gives ");
		msg_num(&m, FW_ARGINFO_NARGS(val), 10);
		msg_str(&m, " args, must be ");
		msg_num(&m, f->nargs, 10);
		break;
	default:
		msg_str(&m, "x2 ");
		msg_num(&m, val, 16);
		msg_str(&m, f->fnid == FW_FNID(FW_SVC_WAITQ, FW_WAITQ_ACK) ?
			    " is no smc_call_ctx of a call answered WAKE" :
			    " is no smc_call_ctx of a parked call");
		break;
	}
	msg_str(&m, ret == FW_RET_EOPNOTSUPP ? " -> EOPNOTSUPP (-4)" :
		    " -> EINVAL_ARG (-2)");
	fw->plat.log(fw->plat.arg, m.buf);
}

/*
 * Refuse a call that breaks the ABI as real firmware does: a function id
 * of the wrong convention or type is one it does not have (EOPNOTSUPP),
 * a wrong argument count or an unknown smc_call_ctx is a bad argument
 * (EINVAL_ARG). Each is counted; each kind is reported once per call.
 */
static void fw_abi_refuse(struct fw *fw, const struct fw_fn *f, uint32_t kind,
			  uint32_t fn, uint64_t val, uint64_t out[4])
{
	uint64_t ans[4] = { FW_RET_EINVAL_ARG, 0, 0, 0 };
	uint32_t idx = (uint32_t)(f - fw_fns);

	if (kind == FW_ABI_CONV || kind == FW_ABI_TYPE)
		ans[0] = FW_RET_EOPNOTSUPP;
	fw->cnt.abi_violations++;
	if (!(fw->abi_logged[idx] & kind)) {
		fw->abi_logged[idx] |= kind;
		fw_abi_log(fw, f, kind, fn, val, ans[0]);
	}
	fw_finish(fw, 0, ans, out, FW_CARRY_NONE);
}

static int fw_abi_ok(struct fw *fw, const struct fw_fn *f, const uint64_t in[8],
		     uint64_t out[4])
{
	uint32_t fn = (uint32_t)in[0];
	uint32_t type = fn & FW_SMC_FAST ? FW_T_FAST : FW_T_STD;

	if (!(fn & FW_SMC_64))
		fw_abi_refuse(fw, f, FW_ABI_CONV, fn, 0, out);
	else if (!(f->types & type))
		fw_abi_refuse(fw, f, FW_ABI_TYPE, fn, 0, out);
	else if (f->nargs != FW_NARGS_ANY && FW_ARGINFO_NARGS(in[1]) != f->nargs)
		fw_abi_refuse(fw, f, FW_ABI_ARGS, fn, in[1], out);
	else
		return 1;
	return 0;
}

/*
 * A new standard call needs a call context of its own for as long as it is
 * in firmware: while it is served, parked, or answered WAKE and not yet
 * ACKed. With call_ctxs set, at most that many are in firmware at once, and
 * a call that finds them all in use is answered EBUSY (counted in busy);
 * so is one that finds the table of nr_calls contexts full. Without
 * multi-call the one live call keeps its turn. RESUME and ACK go on with
 * the context their call holds; GET_WQ_CTX, GET_INFO and the test hooks
 * take none.
 */
static int fw_admit(struct fw *fw, uint64_t out[4])
{
	uint64_t ans[4] = { FW_RET_EBUSY, 0, 0, 0 };
	uint32_t n = fw_ctx_used(fw, 1);

	if (fw->cfg.call_ctxs && n >= fw->cfg.call_ctxs) {
		fw->cnt.busy++;
	} else if (fw_ctx_used(fw, 0) >= fw->cfg.nr_calls) {
		/* out of contexts: counted in ebusy only, as before call_ctxs */
	} else if (n && !fw->cfg.multi_call) {
		/* counted in ebusy only */
	} else {
		if (n + 1 > fw->cnt.max_in_fw)
			fw->cnt.max_in_fw = n + 1;
		return 1;
	}
	fw_finish(fw, 0, ans, out, FW_CARRY_NONE);
	return 0;
}

/* ---- services ----------------------------------------------------------- */
static void fw_pas_auth_and_reset(struct fw *fw, const uint64_t in[8],
				  uint64_t out[4])
{
	uint64_t ans[4] = { FW_RET_SUCCESS, 0, 0, 0 };
	uint64_t periph = in[2];
	struct fw_call *c;

	if (fw->cfg.fault == FW_FAULT_SPURIOUS_IRQ) {
		fw->cnt.faults++;
		fw_raise(fw);
	}
	if (periph >= FW_NR_PERIPH) {
		ans[0] = FW_RET_EINVAL_ARG;
		fw_finish(fw, 0, ans, out, FW_CARRY_STD);
		return;
	}
	c = fw_call_alloc(fw, 1);
	if (!c) {
		ans[0] = FW_RET_EBUSY;
		fw_finish(fw, 0, ans, out, FW_CARRY_NONE);
		return;
	}
	c->periph = (uint32_t)periph;
	if (!fw_take(fw, c->periph))
		fw_park(fw, c, ans);
	fw_finish(fw, c, ans, out, FW_CARRY_STD);
}

static void fw_resume(struct fw *fw, const struct fw_fn *f,
		      const uint64_t in[8], uint64_t out[4])
{
	uint64_t ans[4] = { FW_RET_SUCCESS, 0, 0, 0 };
	struct fw_call *c = fw_call_lookup(fw, in[2]);
	struct fw_wq *w;

	fw->cnt.resumes++;
	if (!c || c->state != FW_CALL_PARKED || c->wake_sent) {
		fw_abi_refuse(fw, f, FW_ABI_CTX, (uint32_t)in[0], in[2], out);
		return;
	}
	w = &fw->wq[c->wq];
	if (c->park_seq == w->all_seq && !w->permits) {
		/* nothing for it yet: park again */
		fw->cnt.resleeps++;
		fw->cnt.resume_idle++;
		fw_sleep_answer(fw, c, ans);
		fw_finish(fw, c, ans, out, FW_CARRY_STD);
		return;
	}
	if (fw_take(fw, c->periph)) {
		c->state = FW_CALL_ACTIVE;
	} else {
		/* woken but beaten to the resource: park again */
		fw->cnt.resleeps++;
		fw->cnt.resume_beaten++;
		fw_park(fw, c, ans);
	}
	fw_finish(fw, c, ans, out, FW_CARRY_STD);
}

static void fw_ack(struct fw *fw, const struct fw_fn *f, const uint64_t in[8],
		   uint64_t out[4])
{
	uint64_t ans[4];
	struct fw_call *c = fw_call_lookup(fw, in[2]);
	uint32_t i;

	fw->cnt.acks++;
	if (!c || !c->wake_sent) {
		fw_abi_refuse(fw, f, FW_ABI_CTX, (uint32_t)in[0], in[2], out);
		return;
	}
	c->wake_sent = 0;
	for (i = 0; i < 4; i++)
		ans[i] = c->stash[i];
	fw_finish(fw, c, ans, out, FW_CARRY_STD);
}

static void fw_get_wq_ctx(struct fw *fw, uint64_t out[4])
{
	struct fw_note n = { 0, FW_WAKE_NONE };
	uint64_t wq = 0, more;

	fw->cnt.get_wq_ctx++;
	if (fw->cfg.fault == FW_FAULT_GETWQ_FAIL) {
		fw->cnt.faults++;
		fw_set_out(out, FW_RET_ERROR, 0, 0, 0);
		return;
	}
	if (fw->q_len) {
		n = fw_note_pop(fw);
		wq = fw_wq_ctx(fw, n.wq);
		if (fw->cfg.fault == FW_FAULT_GETWQ_BAD_WQ) {
			fw->cnt.faults++;
			wq = fw_bad_wq(fw);
		}
		n.flags = fw_out_flags(fw, n.flags);
	}
	more = fw->q_len != 0;
	if (fw->cfg.fault == FW_FAULT_ENDLESS_PENDING) {
		fw->cnt.faults++;
		more = 1;
	}
	fw_set_out(out, FW_RET_SUCCESS, wq, n.flags, more);
}

static int fw_reg_find(struct fw *fw, uint64_t addr, int alloc)
{
	uint32_t i;

	for (i = 0; i < FW_NR_REGS; i++)
		if (fw->reg[i].used && fw->reg[i].addr == addr)
			return (int)i;
	if (!alloc)
		return -1;
	for (i = 0; i < FW_NR_REGS; i++) {
		if (!fw->reg[i].used) {
			fw->reg[i].used = 1;
			fw->reg[i].addr = addr;
			fw->reg[i].val = 0;
			return (int)i;
		}
	}
	return -1;
}

static void fw_io(struct fw *fw, uint32_t cmd, const uint64_t in[8],
		  uint64_t out[4])
{
	uint64_t ans[4] = { FW_RET_SUCCESS, 0, 0, 0 };
	uint64_t addr = in[2];
	int r;

	if (fw->cfg.fault == FW_FAULT_SLEEP_ATOMIC) {
		/* an atomic call cannot sleep: nothing is parked, no context */
		fw->cnt.faults++;
		fw_set_out(out, FW_RET_WAITQ_SLEEP, fw_wq_ctx(fw, 0), 0, 0);
		return;
	}
	if (addr & 3) {
		ans[0] = FW_RET_EINVAL_ARG;
	} else if (cmd == FW_IO_READ) {
		r = fw_reg_find(fw, addr, 0);
		ans[1] = r < 0 ? 0 : (uint32_t)fw->reg[r].val;
	} else {
		r = fw_reg_find(fw, addr, 1);
		if (r < 0)
			ans[0] = FW_RET_ERROR;
		else
			fw->reg[r].val = (uint32_t)in[3];
	}
	/* a fast call: never a WAKE, unless that is the fault asked for */
	fw_finish(fw, 0, ans, out, fw->cfg.fault == FW_FAULT_WAKE_ATOMIC ?
		  FW_CARRY_ATOMIC : FW_CARRY_NONE);
}

/* IS_CALL_AVAIL: x2 = a function id; bits 31:30 (type, convention) ignored */
static int fw_call_avail(uint64_t q)
{
	if (FW_OWNER(q) != FW_OWNER_SIP || (q & 0x00ff0000))
		return 0;
	return fw_fn_find((uint32_t)(q & 0xffff)) != 0;
}

static void fw_smc_locked(struct fw *fw, const uint64_t in[8], uint64_t out[4])
{
	uint64_t ans[4] = { FW_RET_SUCCESS, 0, 0, 0 };
	uint32_t fn = (uint32_t)in[0];
	uint32_t svc = (fn >> 8) & 0xff, cmd = fn & 0xff;
	const struct fw_fn *f;

	fw->cnt.calls++;
	if (fw->cfg.tick_per_call)
		fw_tick_locked(fw, 1);

	if (FW_OWNER(fn) != FW_OWNER_SIP || (fn & 0x00ff0000))
		goto unsupported;
	f = fw_fn_find(FW_FNID(svc, cmd));
	if (!f)
		goto unsupported;
	if (!fw_abi_ok(fw, f, in, out))
		return;
	if (!(fn & FW_SMC_FAST) && svc != FW_SVC_WAITQ && svc != FW_SVC_FAKEFW &&
	    !fw_admit(fw, out))
		return;

	switch (f->fnid) {
	case FW_FNID(FW_SVC_INFO, FW_INFO_IS_CALL_AVAIL):
		ans[1] = (uint64_t)fw_call_avail(in[2]);
		fw_finish(fw, 0, ans, out, FW_CARRY_NONE);
		return;
	case FW_FNID(FW_SVC_PIL, FW_PIL_PAS_AUTH_AND_RESET):
		fw_pas_auth_and_reset(fw, in, out);
		return;
	case FW_FNID(FW_SVC_PIL, FW_PIL_PAS_INIT_IMAGE):
	case FW_FNID(FW_SVC_PIL, FW_PIL_PAS_MEM_SETUP):
		ans[0] = in[2] < FW_NR_PERIPH ? FW_RET_SUCCESS : FW_RET_EINVAL_ARG;
		fw_finish(fw, 0, ans, out, FW_CARRY_STD);
		return;
	case FW_FNID(FW_SVC_PIL, FW_PIL_PAS_SHUTDOWN):
		/* the peripheral stops: its resource is released (and wakes) */
		if (in[2] >= FW_NR_PERIPH)
			ans[0] = FW_RET_EINVAL_ARG;
		else if (fw->periph[in[2]].busy)
			fw_release(fw, (uint32_t)in[2]);
		fw_finish(fw, 0, ans, out, FW_CARRY_STD);
		return;
	case FW_FNID(FW_SVC_PIL, FW_PIL_PAS_IS_SUPPORTED):
		ans[1] = in[2] < FW_NR_PERIPH;
		fw_finish(fw, 0, ans, out, FW_CARRY_STD);
		return;
	case FW_FNID(FW_SVC_IO, FW_IO_READ):
	case FW_FNID(FW_SVC_IO, FW_IO_WRITE):
		fw_io(fw, cmd, in, out);
		return;
	case FW_FNID(FW_SVC_WAITQ, FW_WAITQ_ACK):
		fw_ack(fw, f, in, out);
		return;
	case FW_FNID(FW_SVC_WAITQ, FW_WAITQ_RESUME):
		fw_resume(fw, f, in, out);
		return;
	case FW_FNID(FW_SVC_WAITQ, FW_WAITQ_GET_WQ_CTX):
		fw_get_wq_ctx(fw, out);
		return;
	case FW_FNID(FW_SVC_WAITQ, FW_WAITQ_GET_INFO):
		/*
		 * x1: the number of wait queues as mainline reads it, or, on a
		 * firmware configured with call_ctxs, the number of call
		 * contexts as vendor trees read it (wq_ctx is then any value).
		 * x2: the interrupt as a GIC INTID, not as an SPI number.
		 */
		ans[1] = (fw->cfg.call_ctxs ? fw->cfg.call_ctxs : fw->cfg.nr_wq) & 0xff;
		ans[2] = fw->cfg.info_irq ? FW_SPI_INTID(fw->cfg.spi) & 0xffff : 0;
		fw_finish(fw, 0, ans, out, FW_CARRY_NONE);
		return;
	case FW_FNID(FW_SVC_FAKEFW, FW_FAKEFW_SET):
		ans[0] = fw_set_locked(fw, (uint32_t)in[2], in[3]) ?
			 FW_RET_EINVAL_ARG : FW_RET_SUCCESS;
		fw_finish(fw, 0, ans, out, FW_CARRY_NONE);
		return;
	case FW_FNID(FW_SVC_FAKEFW, FW_FAKEFW_GET_COUNTER):
		if (in[2] < FW_NR_COUNTERS) {
			const uint64_t *cv = (const uint64_t *)&fw->cnt;

			ans[1] = cv[in[2]];
		} else {
			ans[0] = FW_RET_EINVAL_ARG;
		}
		fw_finish(fw, 0, ans, out, FW_CARRY_NONE);
		return;
	default:
		break;
	}
unsupported:
	ans[0] = FW_RET_EOPNOTSUPP;
	fw_finish(fw, 0, ans, out, FW_CARRY_NONE);
}

void fw_smc(struct fw *fw, const uint64_t in[8], uint64_t out[4])
{
	fw_lock(fw);
	fw_smc_locked(fw, in, out);
	fw_unlock(fw);
}
