// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of the fakefw core. Own tiny runner: one line per test,
 * closing line "N passed, N failed".
 */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fw_core.h"

static int cur_failed;
static char cur_msg[512];

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		if (!cur_failed)					\
			snprintf(cur_msg, sizeof(cur_msg), "%s:%d: %s",	\
				 __FILE__, __LINE__, #cond);		\
		cur_failed = 1;						\
		return;							\
	}								\
} while (0)

#define CHECK_EQ(a, b) do {						\
	unsigned long long _a = (unsigned long long)(a);		\
	unsigned long long _b = (unsigned long long)(b);		\
	if (_a != _b) {							\
		if (!cur_failed)					\
			snprintf(cur_msg, sizeof(cur_msg),		\
				 "%s:%d: %s == %#llx, want %s == %#llx",\
				 __FILE__, __LINE__, #a, _a, #b, _b);	\
		cur_failed = 1;						\
		return;							\
	}								\
} while (0)

/* ---- platform stubs ----------------------------------------------------- */
static unsigned irq_count;
static unsigned irq_spi;

static void raise_irq(void *arg, uint32_t spi)
{
	(void)arg;
	irq_count++;
	irq_spi = spi;
}

static pthread_mutex_t host_mutex = PTHREAD_MUTEX_INITIALIZER;

static void host_lock(void *arg)
{
	pthread_mutex_lock(arg);
}

static void host_unlock(void *arg)
{
	pthread_mutex_unlock(arg);
}

static const struct fw_platform plat_plain = { 0, 0, raise_irq, 0 };
static const struct fw_platform plat_mutex = { host_lock, host_unlock, 0, &host_mutex };

static struct fw fw;

static void setup(void (*tweak)(struct fw_config *))
{
	struct fw_config cfg;

	fw_config_default(&cfg);
	if (tweak)
		tweak(&cfg);
	fw_init(&fw, &cfg, &plat_plain);
	irq_count = 0;
	irq_spi = 0;
}

static void smc(uint32_t fn, uint64_t a2, uint64_t a3, uint64_t out[4])
{
	uint64_t in[8] = { fn, 0, a2, a3, 0x44, 0x55, 0x66, 0x77 };

	fw_smc(&fw, in, out);
}

#define STD(svc, cmd)	FW_SIP_STD64(svc, cmd)
#define FAST(svc, cmd)	FW_SIP_FAST64(svc, cmd)
#define PAS		STD(FW_SVC_PIL, FW_PIL_PAS_AUTH_AND_RESET)
#define RESUME		STD(FW_SVC_WAITQ, FW_WAITQ_RESUME)
#define ACK		STD(FW_SVC_WAITQ, FW_WAITQ_ACK)
#define GETWQ		FAST(FW_SVC_WAITQ, FW_WAITQ_GET_WQ_CTX)
#define GETINFO		FAST(FW_SVC_WAITQ, FW_WAITQ_GET_INFO)
#define IOREAD		FAST(FW_SVC_IO, FW_IO_READ)
#define IOWRITE		FAST(FW_SVC_IO, FW_IO_WRITE)

/* ---- tests -------------------------------------------------------------- */
static void t_probe_and_info(void)
{
	uint64_t o[4];

	setup(0);
	/* the kernel's convention probe asks about IS_CALL_AVAIL itself */
	smc(0xC2000601u, 0x02000601u, 0, o);
	CHECK_EQ(o[0], 0);
	CHECK_EQ(o[1], 1);
	smc(STD(FW_SVC_INFO, FW_INFO_IS_CALL_AVAIL), 0x02002403u, 0, o);
	CHECK_EQ(o[1], 1);
	smc(STD(FW_SVC_INFO, FW_INFO_IS_CALL_AVAIL), 0x02000999u, 0, o);
	CHECK_EQ(o[0], 0);
	CHECK_EQ(o[1], 0);
	smc(GETINFO, 0, 0, o);
	CHECK_EQ(o[0], 0);
	CHECK_EQ(o[1] & 0xff, 16);
	CHECK_EQ(o[2] & 0xffff, 200);
}

static void t_plain_calls(void)
{
	uint64_t o[4];

	setup(0);
	smc(IOWRITE, 0x1000, 0xdeadbeef, o);
	CHECK_EQ(o[0], 0);
	smc(IOREAD, 0x1000, 0, o);
	CHECK_EQ(o[0], 0);
	CHECK_EQ(o[1], 0xdeadbeef);
	smc(IOREAD, 0x2000, 0, o);
	CHECK_EQ(o[1], 0);
	smc(IOREAD, 0x2001, 0, o);
	CHECK_EQ(o[0], FW_RET_EINVAL_ARG);
	smc(PAS, 3, 0, o);
	CHECK_EQ(o[0], 0);
	smc(STD(FW_SVC_PIL, FW_PIL_PAS_IS_SUPPORTED), 3, 0, o);
	CHECK_EQ(o[1], 1);
	smc(PAS, FW_NR_PERIPH, 0, o);
	CHECK_EQ(o[0], FW_RET_EINVAL_ARG);
	CHECK_EQ(fw.cnt.sleeps, 0);
	CHECK_EQ(irq_count, 0);
}

static void t_unknown_calls(void)
{
	uint64_t o[4];

	setup(0);
	smc(STD(0x77, 0x01), 0, 0, o);
	CHECK_EQ(o[0], FW_RET_EOPNOTSUPP);
	smc(0x82000501u, 0x1000, 0, o);		/* SMC32 IO read */
	CHECK_EQ(o[0], FW_RET_EOPNOTSUPP);
	smc(0xC4000000u, 0, 0, o);		/* not SIP */
	CHECK_EQ(o[0], FW_RET_EOPNOTSUPP);
	smc(RESUME, 0x1234, 0, o);
	CHECK_EQ(o[0], FW_RET_EINVAL_ARG);
	smc(ACK, FW_CTX_BASE, 0, o);
	CHECK_EQ(o[0], FW_RET_EINVAL_ARG);
	CHECK_EQ(fw.cnt.unknown, 3);
	CHECK_EQ(fw.cnt.einval, 2);
}

static void t_park_wake_irq(void)
{
	uint64_t o[4], ctx;

	setup(0);
	smc(PAS, 0, 0, o);
	CHECK_EQ(o[0], 0);
	smc(PAS, 0, 0, o);
	CHECK_EQ(o[0], FW_RET_WAITQ_SLEEP);
	CHECK_EQ(o[1], 0);
	ctx = o[2];
	fw_tick(&fw, 3);
	CHECK_EQ(irq_count, 0);
	fw_tick(&fw, 1);
	CHECK_EQ(irq_count, 1);
	CHECK_EQ(irq_spi, 200);
	smc(GETWQ, 0, 0, o);
	CHECK_EQ(o[0], 0);
	CHECK_EQ(o[1], 0);
	CHECK_EQ(o[2], FW_WAKE_ONE);
	CHECK_EQ(o[3], 0);
	smc(RESUME, ctx, 0, o);
	CHECK_EQ(o[0], 0);
	/* the call ended: its context is gone */
	smc(RESUME, ctx, 0, o);
	CHECK_EQ(o[0], FW_RET_EINVAL_ARG);
	CHECK_EQ(fw.cnt.acquires, 2);
}

static void t_early_resume_reparks(void)
{
	uint64_t o[4], ctx;
	int i;

	setup(0);
	smc(PAS, 5, 0, o);
	smc(PAS, 5, 0, o);
	CHECK_EQ(o[0], FW_RET_WAITQ_SLEEP);
	ctx = o[2];
	for (i = 0; i < 3; i++) {
		smc(RESUME, ctx, 0, o);
		CHECK_EQ(o[0], FW_RET_WAITQ_SLEEP);
		CHECK_EQ(o[1], 5);
		CHECK_EQ(o[2], ctx);
		fw_tick(&fw, 1);
	}
	CHECK_EQ(fw.cnt.resleeps, 3);
	CHECK_EQ(fw.cnt.resume_idle, 3);
	CHECK_EQ(fw.cnt.resume_beaten, 0);
	fw_tick(&fw, 1);
	smc(RESUME, ctx, 0, o);
	CHECK_EQ(o[0], 0);
}

static void smc_mode(struct fw_config *c)
{
	c->wake_mode = FW_WAKE_MODE_SMC;
}

static void t_park_wake_smc_ack(void)
{
	uint64_t o[4], ctx;

	setup(smc_mode);
	smc(IOWRITE, 0x40, 7, o);
	smc(PAS, 1, 0, o);
	smc(PAS, 1, 0, o);
	CHECK_EQ(o[0], FW_RET_WAITQ_SLEEP);
	ctx = o[2];
	fw_tick(&fw, 4);
	CHECK_EQ(irq_count, 0);
	/* the next answer to any call is the WAKE; its real answer follows ACK */
	smc(IOREAD, 0x40, 0, o);
	CHECK_EQ(o[0], FW_RET_WAITQ_WAKE);
	CHECK_EQ(o[1], 1);
	CHECK(o[2] != ctx);
	CHECK_EQ(o[3], FW_WAKE_ONE);
	smc(ACK, o[2], 0, o);
	CHECK_EQ(o[0], 0);
	CHECK_EQ(o[1], 7);
	smc(RESUME, ctx, 0, o);
	CHECK_EQ(o[0], 0);
	CHECK_EQ(fw.cnt.wake_answers, 1);
	CHECK_EQ(fw.cnt.acks, 1);
}

static void t_wake_rides_on_resume(void)
{
	uint64_t o[4], ctx;

	setup(smc_mode);
	smc(PAS, 2, 0, o);
	smc(PAS, 2, 0, o);
	ctx = o[2];
	fw_tick(&fw, 4);
	/* the parked call's own RESUME gets the WAKE first, success after ACK */
	smc(RESUME, ctx, 0, o);
	CHECK_EQ(o[0], FW_RET_WAITQ_WAKE);
	CHECK_EQ(o[1], 2);
	CHECK_EQ(o[2], ctx);
	smc(RESUME, ctx, 0, o);			/* not parked while WAKE is open */
	CHECK_EQ(o[0], FW_RET_EINVAL_ARG);
	smc(ACK, ctx, 0, o);
	CHECK_EQ(o[0], 0);
	smc(ACK, ctx, 0, o);
	CHECK_EQ(o[0], FW_RET_EINVAL_ARG);
}

static void t_wake_chain_and_sleep_after_ack(void)
{
	uint64_t o[4], a, b, c;

	setup(smc_mode);
	smc(PAS, 0, 0, o);
	smc(PAS, 1, 0, o);
	smc(PAS, 0, 0, o);
	a = o[2];
	smc(PAS, 1, 0, o);
	b = o[2];
	fw_tick(&fw, 4);		/* two notifications pending */
	smc(PAS, 1, 0, o);		/* takes p1 and its permit ... */
	CHECK_EQ(o[0], FW_RET_WAITQ_WAKE);
	c = o[2];
	CHECK_EQ(o[1], 0);
	smc(ACK, c, 0, o);		/* ... second WAKE before the real answer */
	CHECK_EQ(o[0], FW_RET_WAITQ_WAKE);
	CHECK_EQ(o[1], 1);
	CHECK_EQ(o[2], c);
	smc(ACK, c, 0, o);
	CHECK_EQ(o[0], 0);
	smc(RESUME, a, 0, o);
	CHECK_EQ(o[0], 0);
	smc(RESUME, b, 0, o);		/* its permit went to the arrival */
	CHECK_EQ(o[0], FW_RET_WAITQ_SLEEP);
	CHECK_EQ(o[2], b);
}

static void release_all(struct fw_config *c)
{
	c->release_flags = FW_WAKE_ALL;
}

static void t_wake_one(void)
{
	uint64_t o[4], ctx[3];
	int i;

	setup(0);
	smc(PAS, 4, 0, o);
	for (i = 0; i < 3; i++) {
		smc(PAS, 4, 0, o);
		CHECK_EQ(o[0], FW_RET_WAITQ_SLEEP);
		ctx[i] = o[2];
	}
	fw_tick(&fw, 4);
	CHECK_EQ(fw.wq[4].permits, 1);
	smc(GETWQ, 0, 0, o);
	CHECK_EQ(o[2], FW_WAKE_ONE);
	/* one permit: whoever resumes first gets it, even not the oldest */
	smc(RESUME, ctx[2], 0, o);
	CHECK_EQ(o[0], 0);
	CHECK_EQ(fw.wq[4].permits, 0);
	smc(RESUME, ctx[0], 0, o);
	CHECK_EQ(o[0], FW_RET_WAITQ_SLEEP);
	smc(RESUME, ctx[1], 0, o);
	CHECK_EQ(o[0], FW_RET_WAITQ_SLEEP);
	/* the others had nothing for them: not "woken but beaten" */
	CHECK_EQ(fw.cnt.resume_idle, 2);
	CHECK_EQ(fw.cnt.resume_beaten, 0);
	fw_tick(&fw, 4);
	smc(RESUME, ctx[1], 0, o);
	CHECK_EQ(o[0], 0);
	smc(RESUME, ctx[0], 0, o);
	CHECK_EQ(o[0], FW_RET_WAITQ_SLEEP);
}

static void t_wake_one_taken_by_arrival(void)
{
	uint64_t o[4], ctx;

	setup(0);
	smc(PAS, 6, 0, o);
	smc(PAS, 6, 0, o);
	ctx = o[2];
	fw_tick(&fw, 4);
	smc(PAS, 6, 0, o);		/* arrives first: takes resource and permit */
	CHECK_EQ(o[0], 0);
	CHECK_EQ(fw.wq[6].permits, 0);
	smc(RESUME, ctx, 0, o);
	CHECK_EQ(o[0], FW_RET_WAITQ_SLEEP);
	CHECK_EQ(fw.cnt.resume_idle, 1);
	fw_tick(&fw, 4);
	smc(RESUME, ctx, 0, o);
	CHECK_EQ(o[0], 0);
}

static void t_wake_all(void)
{
	uint64_t o[4], ctx[3], late;
	int i;

	setup(release_all);
	smc(PAS, 4, 0, o);
	for (i = 0; i < 3; i++) {
		smc(PAS, 4, 0, o);
		ctx[i] = o[2];
	}
	fw_tick(&fw, 4);
	smc(GETWQ, 0, 0, o);
	CHECK_EQ(o[2], FW_WAKE_ALL);
	/* a call parked after the WAKE_ALL is not released by it */
	smc(PAS, 4, 0, o);		/* resource free: takes it */
	CHECK_EQ(o[0], 0);
	smc(PAS, 4, 0, o);
	CHECK_EQ(o[0], FW_RET_WAITQ_SLEEP);
	late = o[2];
	/* all three were released: each resumes, finds it busy, re-parks */
	for (i = 0; i < 3; i++) {
		smc(RESUME, ctx[i], 0, o);
		CHECK_EQ(o[0], FW_RET_WAITQ_SLEEP);
	}
	CHECK_EQ(fw.cnt.resleeps, 3);
	CHECK_EQ(fw.cnt.resume_beaten, 3);
	CHECK_EQ(fw.wq[4].permits, 0);
	smc(RESUME, late, 0, o);
	CHECK_EQ(o[0], FW_RET_WAITQ_SLEEP);
	CHECK_EQ(fw.cnt.resume_idle, 1);
	fw_tick(&fw, 4);		/* WAKE_ALL again: everyone released */
	smc(RESUME, ctx[1], 0, o);
	CHECK_EQ(o[0], 0);
	smc(RESUME, late, 0, o);
	CHECK_EQ(o[0], FW_RET_WAITQ_SLEEP);
	CHECK_EQ(fw.cnt.wakes, 2);
}

static void t_more_pending(void)
{
	uint64_t o[4];
	unsigned seen = 0;
	int i;

	setup(0);
	for (i = 0; i < 4; i++) {
		smc(PAS, (uint64_t)i, 0, o);
		smc(PAS, (uint64_t)i, 0, o);
		CHECK_EQ(o[0], FW_RET_WAITQ_SLEEP);
	}
	fw_tick(&fw, 4);
	CHECK_EQ(irq_count, 4);
	for (i = 0; i < 4; i++) {
		smc(GETWQ, 0, 0, o);
		CHECK_EQ(o[0], 0);
		CHECK_EQ(o[2], FW_WAKE_ONE);
		CHECK_EQ(o[3], i < 3);
		seen |= 1u << o[1];
	}
	CHECK_EQ(seen, 0xf);
	smc(GETWQ, 0, 0, o);
	CHECK_EQ(o[0], 0);
	CHECK_EQ(o[2], FW_WAKE_NONE);
	CHECK_EQ(o[3], 0);
}

static void no_multi(struct fw_config *c)
{
	c->multi_call = 0;
}

static void t_ebusy_without_multi_call(void)
{
	uint64_t o[4], ctx;

	setup(no_multi);
	smc(PAS, 0, 0, o);
	CHECK_EQ(o[0], 0);
	smc(PAS, 0, 0, o);
	CHECK_EQ(o[0], FW_RET_WAITQ_SLEEP);
	ctx = o[2];
	smc(PAS, 1, 0, o);		/* second concurrent call */
	CHECK_EQ(o[0], FW_RET_EBUSY);
	smc(IOREAD, 0x10, 0, o);	/* fast calls still go through */
	CHECK_EQ(o[0], 0);
	fw_tick(&fw, 4);
	smc(RESUME, ctx, 0, o);
	CHECK_EQ(o[0], 0);
	smc(PAS, 1, 0, o);
	CHECK_EQ(o[0], 0);
	CHECK_EQ(fw.cnt.ebusy, 1);
}

static void two_calls(struct fw_config *c)
{
	c->nr_calls = 2;
}

static void t_ebusy_out_of_contexts(void)
{
	uint64_t o[4];

	setup(two_calls);
	smc(PAS, 0, 0, o);
	smc(PAS, 0, 0, o);
	CHECK_EQ(o[0], FW_RET_WAITQ_SLEEP);
	smc(PAS, 0, 0, o);
	CHECK_EQ(o[0], FW_RET_WAITQ_SLEEP);
	smc(PAS, 0, 0, o);
	CHECK_EQ(o[0], FW_RET_EBUSY);
}

static void shared_wq(struct fw_config *c)
{
	c->nr_wq = 2;
}

static void t_shared_wq_wakes_all(void)
{
	uint64_t o[4], a, b;

	setup(shared_wq);
	smc(GETINFO, 0, 0, o);
	CHECK_EQ(o[1], 2);
	smc(PAS, 0, 0, o);
	smc(PAS, 2, 0, o);
	smc(PAS, 0, 0, o);
	CHECK_EQ(o[1], 0);
	a = o[2];
	smc(PAS, 2, 0, o);
	CHECK_EQ(o[1], 0);		/* periph 2 shares wq_ctx 0 */
	b = o[2];
	fw_tick(&fw, 4);
	smc(GETWQ, 0, 0, o);
	CHECK_EQ(o[2], FW_WAKE_ALL);
	smc(RESUME, b, 0, o);
	CHECK_EQ(o[0], 0);
	smc(RESUME, a, 0, o);
	CHECK_EQ(o[0], 0);
}

/* ---- fault modes -------------------------------------------------------- */
static uint32_t fault;

static void with_fault(struct fw_config *c)
{
	c->fault = fault;
}

static void with_fault_smc(struct fw_config *c)
{
	c->fault = fault;
	c->wake_mode = FW_WAKE_MODE_SMC;
}

/* park one call on periph 3 and release it; returns its ctx */
static uint64_t park_and_release(void)
{
	uint64_t o[4], ctx;

	smc(PAS, 3, 0, o);
	smc(PAS, 3, 0, o);
	ctx = o[2];
	fw_tick(&fw, 4);
	return ctx;
}

static void t_fault_sleep_bad_wq(void)
{
	uint64_t o[4];

	fault = FW_FAULT_SLEEP_BAD_WQ;
	setup(with_fault);
	smc(PAS, 3, 0, o);
	smc(PAS, 3, 0, o);
	CHECK_EQ(o[0], FW_RET_WAITQ_SLEEP);
	CHECK(o[1] >= 16);
	smc(RESUME, o[2], 0, o);	/* resuming still works */
	CHECK_EQ(o[0], FW_RET_WAITQ_SLEEP);
	CHECK(o[1] >= 16);
	CHECK(fw.cnt.faults >= 2);
}

static void t_fault_wake_bad_wq(void)
{
	uint64_t o[4];

	fault = FW_FAULT_WAKE_BAD_WQ;
	setup(with_fault_smc);
	park_and_release();
	smc(IOREAD, 0, 0, o);
	CHECK_EQ(o[0], FW_RET_WAITQ_WAKE);
	CHECK(o[1] >= 16);
	smc(ACK, o[2], 0, o);
	CHECK_EQ(o[0], 0);
}

static void t_fault_getwq_bad_wq(void)
{
	uint64_t o[4], ctx;

	fault = FW_FAULT_GETWQ_BAD_WQ;
	setup(with_fault);
	ctx = park_and_release();
	CHECK_EQ(irq_count, 1);
	smc(GETWQ, 0, 0, o);
	CHECK_EQ(o[0], 0);
	CHECK(o[1] >= 16);
	smc(RESUME, ctx, 0, o);		/* firmware-side the call was woken */
	CHECK_EQ(o[0], 0);
}

static void t_fault_bad_flags(void)
{
	uint64_t o[4];

	fault = FW_FAULT_BAD_FLAGS;
	setup(with_fault);
	park_and_release();
	smc(GETWQ, 0, 0, o);
	CHECK_EQ(o[2], FW_WAKE_ONE | FW_BAD_FLAG);
	setup(with_fault_smc);
	park_and_release();
	smc(IOREAD, 0, 0, o);
	CHECK_EQ(o[0], FW_RET_WAITQ_WAKE);
	CHECK_EQ(o[3], FW_WAKE_ONE | FW_BAD_FLAG);
}

static void t_fault_endless_pending(void)
{
	uint64_t o[4];
	int i;

	fault = FW_FAULT_ENDLESS_PENDING;
	setup(with_fault);
	park_and_release();
	smc(GETWQ, 0, 0, o);
	CHECK_EQ(o[1], 3);
	CHECK_EQ(o[3], 1);
	for (i = 0; i < 5; i++) {
		smc(GETWQ, 0, 0, o);
		CHECK_EQ(o[0], 0);
		CHECK_EQ(o[2], FW_WAKE_NONE);
		CHECK_EQ(o[3], 1);
	}
}

static void t_fault_wake_idle(void)
{
	uint64_t o[4];

	fault = FW_FAULT_WAKE_IDLE;
	setup(with_fault);
	park_and_release();
	CHECK_EQ(irq_count, 2);
	smc(GETWQ, 0, 0, o);
	CHECK_EQ(o[1], 3);
	CHECK_EQ(o[3], 1);
	smc(GETWQ, 0, 0, o);
	CHECK(o[1] != 3);
	CHECK(o[1] < 16);
	CHECK_EQ(o[2], FW_WAKE_ONE);
	CHECK_EQ(o[3], 0);
}

static void t_fault_getwq_fail(void)
{
	uint64_t o[4];

	fault = FW_FAULT_GETWQ_FAIL;
	setup(with_fault);
	park_and_release();
	smc(GETWQ, 0, 0, o);
	CHECK_EQ(o[0], FW_RET_ERROR);
	CHECK_EQ(fw.q_len, 1);		/* nothing was lost */
}

static void t_fault_spurious_irq(void)
{
	uint64_t o[4];

	fault = FW_FAULT_SPURIOUS_IRQ;
	setup(with_fault);
	smc(PAS, 0, 0, o);
	CHECK_EQ(o[0], 0);
	CHECK_EQ(irq_count, 1);
	smc(GETWQ, 0, 0, o);
	CHECK_EQ(o[0], 0);
	CHECK_EQ(o[2], FW_WAKE_NONE);
	CHECK_EQ(o[3], 0);
}

static void t_runtime_set_and_counters(void)
{
	uint64_t o[4];

	setup(0);
	smc(STD(FW_SVC_FAKEFW, FW_FAKEFW_SET), FW_KEY_WAKE_MODE, FW_WAKE_MODE_SMC, o);
	CHECK_EQ(o[0], 0);
	CHECK_EQ(fw.cfg.wake_mode, FW_WAKE_MODE_SMC);
	smc(STD(FW_SVC_FAKEFW, FW_FAKEFW_SET), 99, 0, o);
	CHECK_EQ(o[0], FW_RET_EINVAL_ARG);
	smc(STD(FW_SVC_FAKEFW, FW_FAKEFW_SET), FW_KEY_RELEASE, FW_NR_PERIPH, o);
	CHECK_EQ(o[0], FW_RET_EINVAL_ARG);
	smc(STD(FW_SVC_FAKEFW, FW_FAKEFW_GET_COUNTER), 0, 0, o);
	CHECK_EQ(o[0], 0);
	CHECK_EQ(o[1], 4);
	smc(STD(FW_SVC_FAKEFW, FW_FAKEFW_GET_COUNTER), FW_NR_COUNTERS, 0, o);
	CHECK_EQ(o[0], FW_RET_EINVAL_ARG);
}

static void t_forced_release(void)
{
	uint64_t o[4], ctx;

	setup(0);
	fw_set(&fw, FW_KEY_PAS_DURATION, 1000000);
	smc(PAS, 2, 0, o);
	smc(PAS, 2, 0, o);
	CHECK_EQ(o[0], FW_RET_WAITQ_SLEEP);
	ctx = o[2];
	smc(STD(FW_SVC_FAKEFW, FW_FAKEFW_SET), FW_KEY_RELEASE, 2, o);
	CHECK_EQ(o[0], 0);
	CHECK_EQ(irq_count, 1);
	smc(RESUME, ctx, 0, o);
	CHECK_EQ(o[0], 0);
	smc(STD(FW_SVC_FAKEFW, FW_FAKEFW_SET), FW_KEY_RELEASE, 3, o);	/* idle: no-op */
	CHECK_EQ(o[0], 0);
	CHECK_EQ(fw.cnt.releases, 1);
}

static void t_pas_shutdown_releases(void)
{
	uint64_t o[4], ctx;

	setup(smc_mode);
	fw_set(&fw, FW_KEY_PAS_DURATION, 1000000);
	smc(STD(FW_SVC_PIL, FW_PIL_PAS_INIT_IMAGE), 1, 0x80000000u, o);
	CHECK_EQ(o[0], 0);
	smc(STD(FW_SVC_PIL, FW_PIL_PAS_MEM_SETUP), 1, 0x80000000u, o);
	CHECK_EQ(o[0], 0);
	smc(PAS, 1, 0, o);
	smc(PAS, 1, 0, o);
	CHECK_EQ(o[0], FW_RET_WAITQ_SLEEP);
	ctx = o[2];
	/* the shutdown's own answer carries the WAKE of the released wq_ctx */
	smc(STD(FW_SVC_PIL, FW_PIL_PAS_SHUTDOWN), 1, 0, o);
	CHECK_EQ(o[0], FW_RET_WAITQ_WAKE);
	CHECK_EQ(o[1], 1);
	smc(ACK, o[2], 0, o);
	CHECK_EQ(o[0], 0);
	smc(RESUME, ctx, 0, o);
	CHECK_EQ(o[0], 0);
	smc(STD(FW_SVC_PIL, FW_PIL_PAS_SHUTDOWN), FW_NR_PERIPH, 0, o);
	CHECK_EQ(o[0], FW_RET_EINVAL_ARG);
	smc(STD(FW_SVC_INFO, FW_INFO_IS_CALL_AVAIL), 0x02000206u, 0, o);
	CHECK_EQ(o[1], 1);
}

static void t_queue_overflow_merges(void)
{
	uint64_t o[4];
	int i, n = 0;

	setup(0);
	smc(PAS, 0, 0, o);
	smc(PAS, 0, 0, o);
	for (i = 0; i < FW_QUEUE_LEN + 8; i++) {
		fw.periph[0].busy = 1;
		fw.periph[0].busy_until = fw.now + 1;
		fw_tick(&fw, 1);
	}
	CHECK(fw.cnt.queue_overflow > 0);
	do {
		smc(GETWQ, 0, 0, o);
		n++;
	} while (o[3] && n < 1000);
	CHECK_EQ(n, FW_QUEUE_LEN);
}

/* ---- concurrency under a pthread mutex ---------------------------------- */
#define STRESS_THREADS	4
#define STRESS_CALLS	300

static volatile int stress_stop;
static int stress_bad;

static void *stress_worker(void *arg)
{
	unsigned seed = (unsigned)(uintptr_t)arg;
	int i;

	for (i = 0; i < STRESS_CALLS; i++) {
		uint64_t in[8] = { PAS, 0, 0, 0, 0, 0, 0, 0 }, o[4];
		long guard = 0;

		in[2] = rand_r(&seed) % 3;
		fw_smc(&fw, in, o);
		while (o[0] == FW_RET_WAITQ_SLEEP || o[0] == FW_RET_WAITQ_WAKE) {
			uint64_t next[8] = { 0, 0, o[2], 0, 0, 0, 0, 0 };

			next[0] = o[0] == FW_RET_WAITQ_SLEEP ? RESUME : ACK;
			if (o[0] == FW_RET_WAITQ_SLEEP)
				sched_yield();
			fw_smc(&fw, next, o);
			if (++guard > 10000000) {
				__atomic_store_n(&stress_bad, 1, __ATOMIC_SEQ_CST);
				return 0;
			}
		}
		if (o[0] != 0)
			__atomic_store_n(&stress_bad, 1, __ATOMIC_SEQ_CST);
	}
	return 0;
}

static void *stress_ticker(void *arg)
{
	(void)arg;
	while (!stress_stop) {
		fw_tick(&fw, 1);
		sched_yield();
	}
	return 0;
}

static void stress(uint32_t mode, uint32_t flags)
{
	struct fw_config cfg;
	pthread_t w[STRESS_THREADS], t;
	struct fw_counters c;
	uintptr_t i;

	fw_config_default(&cfg);
	cfg.wake_mode = mode;
	cfg.release_flags = flags;
	cfg.pas_duration = 2;
	fw_init(&fw, &cfg, &plat_mutex);
	stress_stop = 0;
	stress_bad = 0;
	pthread_create(&t, 0, stress_ticker, 0);
	for (i = 0; i < STRESS_THREADS; i++)
		pthread_create(&w[i], 0, stress_worker, (void *)(i + 1));
	for (i = 0; i < STRESS_THREADS; i++)
		pthread_join(w[i], 0);
	stress_stop = 1;
	pthread_join(t, 0);
	CHECK_EQ(stress_bad, 0);
	fw_get_counters(&fw, &c);
	CHECK_EQ(c.acquires, STRESS_THREADS * STRESS_CALLS);
	for (i = 0; i < FW_MAX_CALLS; i++)
		CHECK_EQ(fw.call[i].state, FW_CALL_FREE);
}

static void t_stress_irq_one(void)
{
	stress(FW_WAKE_MODE_IRQ, FW_WAKE_ONE);
}

static void t_stress_smc_all(void)
{
	stress(FW_WAKE_MODE_SMC, FW_WAKE_ALL);
}

/* ---- runner ------------------------------------------------------------- */
static const struct {
	const char *name;
	void (*fn)(void);
} tests[] = {
	{ "probe_and_info", t_probe_and_info },
	{ "plain_calls", t_plain_calls },
	{ "unknown_calls", t_unknown_calls },
	{ "park_wake_irq", t_park_wake_irq },
	{ "early_resume_reparks", t_early_resume_reparks },
	{ "park_wake_smc_ack", t_park_wake_smc_ack },
	{ "wake_rides_on_resume", t_wake_rides_on_resume },
	{ "wake_chain_and_sleep_after_ack", t_wake_chain_and_sleep_after_ack },
	{ "wake_one", t_wake_one },
	{ "wake_one_taken_by_arrival", t_wake_one_taken_by_arrival },
	{ "wake_all", t_wake_all },
	{ "more_pending", t_more_pending },
	{ "ebusy_without_multi_call", t_ebusy_without_multi_call },
	{ "ebusy_out_of_contexts", t_ebusy_out_of_contexts },
	{ "shared_wq_wakes_all", t_shared_wq_wakes_all },
	{ "fault_sleep_bad_wq", t_fault_sleep_bad_wq },
	{ "fault_wake_bad_wq", t_fault_wake_bad_wq },
	{ "fault_getwq_bad_wq", t_fault_getwq_bad_wq },
	{ "fault_bad_flags", t_fault_bad_flags },
	{ "fault_endless_pending", t_fault_endless_pending },
	{ "fault_wake_idle", t_fault_wake_idle },
	{ "fault_getwq_fail", t_fault_getwq_fail },
	{ "fault_spurious_irq", t_fault_spurious_irq },
	{ "runtime_set_and_counters", t_runtime_set_and_counters },
	{ "forced_release", t_forced_release },
	{ "pas_shutdown_releases", t_pas_shutdown_releases },
	{ "queue_overflow_merges", t_queue_overflow_merges },
	{ "stress_irq_wake_one", t_stress_irq_one },
	{ "stress_smc_wake_all", t_stress_smc_all },
};

int main(int argc, char **argv)
{
	unsigned i, passed = 0, failed = 0;

	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		if (argc > 1 && !strstr(tests[i].name, argv[1]))
			continue;
		cur_failed = 0;
		cur_msg[0] = 0;
		tests[i].fn();
		if (cur_failed) {
			printf("FAIL core/%s: %s\n", tests[i].name, cur_msg);
			failed++;
		} else {
			printf("PASS core/%s\n", tests[i].name);
			passed++;
		}
	}
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
