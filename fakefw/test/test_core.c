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

/* what the core reported through fw_platform.log */
static unsigned log_count;
static char log_last[256];

static void test_log(void *arg, const char *msg)
{
	(void)arg;
	log_count++;
	snprintf(log_last, sizeof(log_last), "%s", msg);
}

static const struct fw_platform plat_plain = {
	.raise_irq = raise_irq, .log = test_log,
};
static const struct fw_platform plat_mutex = {
	.lock = host_lock, .unlock = host_unlock, .arg = &host_mutex,
};

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
	log_count = 0;
	log_last[0] = 0;
}

/* x1 as the Linux driver sets it: arginfo with each call's argument count */
static uint64_t arginfo_of(uint32_t fn)
{
	switch (fn & 0xffff) {
	case FW_FNID(FW_SVC_WAITQ, FW_WAITQ_GET_WQ_CTX):
	case FW_FNID(FW_SVC_WAITQ, FW_WAITQ_GET_INFO):
		return FW_ARGS(0);
	case FW_FNID(FW_SVC_IO, FW_IO_WRITE):
		return FW_ARGS(2);
	case FW_FNID(FW_SVC_PIL, FW_PIL_PAS_INIT_IMAGE):
		return 0x82;		/* QCOM_SCM_ARGS(2, QCOM_SCM_VAL, QCOM_SCM_RW) */
	case FW_FNID(FW_SVC_PIL, FW_PIL_PAS_MEM_SETUP):
		return FW_ARGS(3);
	default:
		return FW_ARGS(1);
	}
}

/* one call with x1 given */
static void smc_raw(uint32_t fn, uint64_t x1, uint64_t a2, uint64_t a3, uint64_t out[4])
{
	uint64_t in[8] = { fn, x1, a2, a3, 0x44, 0x55, 0x66, 0x77 };

	fw_smc(&fw, in, out);
}

static void smc(uint32_t fn, uint64_t a2, uint64_t a3, uint64_t out[4])
{
	smc_raw(fn, arginfo_of(fn), a2, a3, out);
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
#define IS_AVAIL_STD	STD(FW_SVC_INFO, FW_INFO_IS_CALL_AVAIL)

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
	CHECK_EQ(o[2] & 0xffff, 232);		/* INTID of SPI 200 */
	CHECK_EQ(fw.cnt.abi_violations, 0);
}

static uint32_t tweak_spi;

static void spi_tweak(struct fw_config *c)
{
	c->spi = tweak_spi;
}

/* GET_INFO x2[15:0] is the INTID (SPI + 32); the SPI raised stays the SPI */
static void t_get_info_intid(void)
{
	static const uint32_t spi[] = { 0, 200, 987 };
	uint64_t o[4];
	unsigned i;

	for (i = 0; i < sizeof(spi) / sizeof(spi[0]); i++) {
		tweak_spi = spi[i];
		setup(spi_tweak);
		smc(GETINFO, 0, 0, o);
		CHECK_EQ(o[0], 0);
		CHECK_EQ(o[1], 16);
		CHECK_EQ(o[2], spi[i] + 32);
		/* mainline maps INTIDs 32..1019 to SPIs */
		CHECK(o[2] >= 32 && o[2] <= 1019);
		smc(PAS, 0, 0, o);
		smc(PAS, 0, 0, o);
		fw_tick(&fw, 4);
		CHECK_EQ(irq_count, 1);
		CHECK_EQ(irq_spi, spi[i]);
	}
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
	/* an unknown id is no ABI violation; SMC32 of a known one and the ctx are */
	CHECK_EQ(fw.cnt.abi_violations, 3);
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
	/* a fast call gets its own answer ... */
	smc(IOREAD, 0x40, 0, o);
	CHECK_EQ(o[0], 0);
	CHECK_EQ(o[1], 7);
	/* ... the next standard one the WAKE; its real answer follows ACK */
	smc(STD(FW_SVC_PIL, FW_PIL_PAS_IS_SUPPORTED), 6, 0, o);
	CHECK_EQ(o[0], FW_RET_WAITQ_WAKE);
	CHECK_EQ(o[1], 1);
	CHECK(o[2] != ctx);
	CHECK_EQ(o[3], FW_WAKE_ONE);
	smc(ACK, o[2], 0, o);
	CHECK_EQ(o[0], 0);
	CHECK_EQ(o[1], 1);
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
	smc(PAS, 2, 0, o);			/* a second waiter stays parked */
	CHECK_EQ(o[0], FW_RET_WAITQ_SLEEP);
	fw_tick(&fw, 4);
	/* the first waiter's own RESUME carries the WAKE, success after ACK */
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

/* A notification whose wait queue emptied before it could be sent is dropped */
static void t_stale_note_is_dropped(void)
{
	uint64_t o[4], ctx;

	setup(smc_mode);
	smc(PAS, 2, 0, o);
	smc(PAS, 2, 0, o);
	ctx = o[2];
	fw_tick(&fw, 4);			/* note for wq 2 waits for an answer */
	smc(RESUME, ctx, 0, o);		/* the only waiter resumes by itself */
	CHECK_EQ(o[0], 0);
	CHECK_EQ(fw.cnt.wake_answers, 0);
	smc(IOREAD, 0x40, 0, o);		/* nothing left to ride on this */
	CHECK_EQ(o[0], 0);
	CHECK_EQ(fw.cnt.wake_answers, 0);
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
	smc(IS_AVAIL_STD, 0x02000501u, 0, o);	/* any standard call */
	CHECK_EQ(o[0], FW_RET_EBUSY);
	smc(IOREAD, 0x10, 0, o);	/* fast calls still go through */
	CHECK_EQ(o[0], 0);
	/* GET_WQ_CTX, also standard (a vendor tree without multi-call) */
	smc(STD(FW_SVC_WAITQ, FW_WAITQ_GET_WQ_CTX), 0, 0, o);
	CHECK_EQ(o[0], 0);
	fw_tick(&fw, 4);
	smc(RESUME, ctx, 0, o);
	CHECK_EQ(o[0], 0);
	smc(PAS, 1, 0, o);
	CHECK_EQ(o[0], 0);
	CHECK_EQ(fw.cnt.ebusy, 2);
	CHECK_EQ(fw.cnt.busy, 0);
	CHECK_EQ(fw.cnt.max_in_fw, 1);
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
	smc(STD(FW_SVC_PIL, FW_PIL_PAS_IS_SUPPORTED), 0, 0, o);
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
	smc(STD(FW_SVC_PIL, FW_PIL_PAS_IS_SUPPORTED), 0, 0, o);
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

static void t_fault_sleep_atomic(void)
{
	uint64_t o[4];

	fault = FW_FAULT_SLEEP_ATOMIC;
	setup(with_fault);
	smc(IOREAD, 0x40, 0, o);
	CHECK_EQ(o[0], FW_RET_WAITQ_SLEEP);
	CHECK_EQ(fw.cnt.faults, 1);
	smc(PAS, 0, 0, o);			/* standard calls are unaffected */
	CHECK_EQ(o[0], 0);
}

static void t_fault_lost_wake(void)
{
	uint64_t o[4], ctx;

	fault = FW_FAULT_LOST_WAKE;
	setup(with_fault);
	smc(PAS, 0, 0, o);
	smc(PAS, 0, 0, o);
	CHECK_EQ(o[0], FW_RET_WAITQ_SLEEP);
	ctx = o[2];
	fw_tick(&fw, 4);			/* released: the call is woken in firmware ... */
	CHECK_EQ(irq_count, 0);			/* ... but the OS is never told */
	CHECK_EQ(fw.q_len, 0);
	CHECK(fw.cnt.faults >= 1);
	smc(RESUME, ctx, 0, o);			/* a resume after a timeout completes it */
	CHECK_EQ(o[0], 0);
}

/* ---- ABI: what real firmware refuses ------------------------------------ */
#define SMC32(fn)	((fn) & ~FW_SMC_64)

/* the other call type of fn: fast <-> standard */
#define FLIP(fn)	((fn) ^ FW_SMC_FAST)

/* a refused call changes nothing but the counters */
static void t_abi_wrong_type(void)
{
	static const uint32_t bad[] = {
		FAST(FW_SVC_WAITQ, FW_WAITQ_RESUME),
		FAST(FW_SVC_WAITQ, FW_WAITQ_ACK),
		STD(FW_SVC_WAITQ, FW_WAITQ_GET_INFO),
		STD(FW_SVC_IO, FW_IO_READ),
		STD(FW_SVC_IO, FW_IO_WRITE),
		FAST(FW_SVC_PIL, FW_PIL_PAS_AUTH_AND_RESET),
		FAST(FW_SVC_PIL, FW_PIL_PAS_SHUTDOWN),
		FAST(FW_SVC_PIL, FW_PIL_PAS_INIT_IMAGE),
		FAST(FW_SVC_PIL, FW_PIL_PAS_MEM_SETUP),
		FAST(FW_SVC_PIL, FW_PIL_PAS_IS_SUPPORTED),
	};
	uint64_t o[4], ctx;
	unsigned i;

	setup(0);
	smc(PAS, 0, 0, o);
	smc(PAS, 0, 0, o);
	CHECK_EQ(o[0], FW_RET_WAITQ_SLEEP);
	ctx = o[2];
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		smc(bad[i], i < 2 ? ctx : 0, 0, o);
		CHECK_EQ(o[0], FW_RET_EOPNOTSUPP);
		CHECK_EQ(o[1], 0);
	}
	CHECK_EQ(fw.cnt.abi_violations, sizeof(bad) / sizeof(bad[0]));
	CHECK_EQ(fw.cnt.unknown, sizeof(bad) / sizeof(bad[0]));
	CHECK_EQ(fw.cnt.resumes, 0);		/* refused before they ran */
	CHECK_EQ(fw.cnt.acquires, 1);
	CHECK_EQ(fw.periph[0].busy, 1);
	CHECK_EQ(fw.call[0].state, FW_CALL_PARKED);
	/* both types are fine for GET_WQ_CTX and IS_CALL_AVAIL */
	smc(STD(FW_SVC_WAITQ, FW_WAITQ_GET_WQ_CTX), 0, 0, o);
	CHECK_EQ(o[0], 0);
	smc(GETWQ, 0, 0, o);
	CHECK_EQ(o[0], 0);
	smc(FAST(FW_SVC_INFO, FW_INFO_IS_CALL_AVAIL), 0x02000501u, 0, o);
	CHECK_EQ(o[1], 1);
	smc(STD(FW_SVC_INFO, FW_INFO_IS_CALL_AVAIL), 0x02000501u, 0, o);
	CHECK_EQ(o[1], 1);
	CHECK_EQ(fw.cnt.abi_violations, sizeof(bad) / sizeof(bad[0]));
	fw_tick(&fw, 4);
	smc(RESUME, ctx, 0, o);
	CHECK_EQ(o[0], 0);
}

static void t_abi_wrong_convention(void)
{
	static const uint32_t ok[] = {
		RESUME, ACK, GETWQ, GETINFO, IOREAD, IOWRITE, PAS,
		FAST(FW_SVC_INFO, FW_INFO_IS_CALL_AVAIL),
	};
	uint64_t o[4];
	unsigned i;

	setup(0);
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		smc(SMC32(ok[i]), 0, 0, o);
		CHECK_EQ(o[0], FW_RET_EOPNOTSUPP);
	}
	CHECK_EQ(fw.cnt.abi_violations, sizeof(ok) / sizeof(ok[0]));
	CHECK_EQ(fw.cnt.get_wq_ctx, 0);
	CHECK_EQ(fw.cnt.acquires, 0);
}

static void t_abi_wrong_args(void)
{
	static const struct { uint32_t fn; uint64_t x1; } bad[] = {
		{ RESUME, FW_ARGS(0) }, { RESUME, FW_ARGS(2) }, { ACK, FW_ARGS(0) },
		{ GETINFO, FW_ARGS(1) }, { GETWQ, FW_ARGS(1) },
		{ STD(FW_SVC_WAITQ, FW_WAITQ_GET_WQ_CTX), FW_ARGS(2) },
		{ IOREAD, FW_ARGS(2) }, { IOWRITE, FW_ARGS(1) }, { PAS, FW_ARGS(0) },
		{ STD(FW_SVC_PIL, FW_PIL_PAS_INIT_IMAGE), FW_ARGS(1) },
		{ STD(FW_SVC_PIL, FW_PIL_PAS_MEM_SETUP), FW_ARGS(2) },
		{ STD(FW_SVC_PIL, FW_PIL_PAS_SHUTDOWN), FW_ARGS(2) },
		{ STD(FW_SVC_INFO, FW_INFO_IS_CALL_AVAIL), FW_ARGS(0) },
		/* only bits 3:0 count: 0x10 is 0 args with a type nibble */
		{ IOREAD, 0x10 },
	};
	uint64_t o[4];
	unsigned i;

	setup(0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		smc_raw(bad[i].fn, bad[i].x1, 0, 0, o);
		CHECK_EQ(o[0], FW_RET_EINVAL_ARG);
	}
	CHECK_EQ(fw.cnt.abi_violations, sizeof(bad) / sizeof(bad[0]));
	CHECK_EQ(fw.cnt.einval, sizeof(bad) / sizeof(bad[0]));
	CHECK_EQ(fw.cnt.acquires, 0);
	/* the argument types above bits 3:0 are not checked */
	smc_raw(IOREAD, 0x21, 0x40, 0, o);
	CHECK_EQ(o[0], 0);
	smc_raw(STD(FW_SVC_PIL, FW_PIL_PAS_INIT_IMAGE), 0x82, 1, 0, o);
	CHECK_EQ(o[0], 0);
	/* the test hooks take any arginfo */
	smc_raw(STD(FW_SVC_FAKEFW, FW_FAKEFW_GET_COUNTER), 0xf, 0, 0, o);
	CHECK_EQ(o[0], 0);
	CHECK_EQ(fw.cnt.abi_violations, sizeof(bad) / sizeof(bad[0]));
}

/* RESUME/ACK x2 must be the smc_call_ctx of a call in the right state */
static void t_abi_bad_ctx(void)
{
	uint64_t o[4], ctx;

	setup(0);
	smc(PAS, 0, 0, o);
	smc(PAS, 0, 0, o);
	ctx = o[2];
	smc(ACK, ctx, 0, o);			/* parked, but never answered WAKE */
	CHECK_EQ(o[0], FW_RET_EINVAL_ARG);
	smc(RESUME, ctx + 0x10000, 0, o);	/* stale generation */
	CHECK_EQ(o[0], FW_RET_EINVAL_ARG);
	smc(RESUME, FW_CTX_BASE + 5, 0, o);	/* free context */
	CHECK_EQ(o[0], FW_RET_EINVAL_ARG);
	CHECK_EQ(fw.cnt.abi_violations, 3);
	CHECK_EQ(fw.cnt.acks, 1);
	CHECK_EQ(fw.cnt.resumes, 2);
	fw_tick(&fw, 4);
	smc(RESUME, ctx, 0, o);
	CHECK_EQ(o[0], 0);
	smc(RESUME, ctx, 0, o);			/* it ended */
	CHECK_EQ(o[0], FW_RET_EINVAL_ARG);
	CHECK_EQ(fw.cnt.abi_violations, 4);
}

/* one line per kind and call on the secure console, whatever the count */
static void t_abi_logged_once_per_kind(void)
{
	uint64_t o[4];
	int i;

	setup(0);
	for (i = 0; i < 3; i++)
		smc(FLIP(RESUME), FW_CTX_BASE, 0, o);
	CHECK_EQ(log_count, 1);
	CHECK(strcmp(log_last, "ABI violation: fn 0xc2002402 WAITQ_RESUME: "
		     "fast call, must be standard -> EOPNOTSUPP (-4)") == 0);
	smc(FLIP(ACK), FW_CTX_BASE, 0, o);	/* same kind, another call */
	CHECK_EQ(log_count, 2);
	CHECK(strcmp(log_last, "ABI violation: fn 0xc2002401 WAITQ_ACK: "
		     "fast call, must be standard -> EOPNOTSUPP (-4)") == 0);
	smc(FLIP(GETINFO), 0, 0, o);
	CHECK(strcmp(log_last, "ABI violation: fn 0x42002404 WAITQ_GET_INFO: "
		     "standard call, must be fast -> EOPNOTSUPP (-4)") == 0);
	for (i = 0; i < 2; i++)
		smc_raw(RESUME, 0x23, FW_CTX_BASE, 0, o);
	CHECK_EQ(log_count, 4);
	CHECK(strcmp(log_last, "ABI violation: fn 0x42002402 WAITQ_RESUME: "
		     "arginfo 0x23 gives 3 args, must be 1 -> EINVAL_ARG (-2)") == 0);
	smc(SMC32(IOWRITE), 0, 0, o);
	CHECK(strcmp(log_last, "ABI violation: fn 0x82000502 IO_WRITE: "
		     "SMC32 call, must be SMC64 -> EOPNOTSUPP (-4)") == 0);
	for (i = 0; i < 2; i++)
		smc(RESUME, 0x51234, 0, o);
	CHECK_EQ(log_count, 6);
	CHECK(strcmp(log_last, "ABI violation: fn 0x42002402 WAITQ_RESUME: "
		     "x2 0x51234 is no smc_call_ctx of a parked call -> EINVAL_ARG (-2)") == 0);
	smc(ACK, 0x51234, 0, o);
	CHECK_EQ(log_count, 7);
	CHECK(strcmp(log_last, "ABI violation: fn 0x42002401 WAITQ_ACK: "
		     "x2 0x51234 is no smc_call_ctx of a call answered WAKE -> EINVAL_ARG (-2)") == 0);
	CHECK_EQ(fw.cnt.abi_violations, 11);
	/* an id the firmware does not have at all is no ABI violation */
	smc(STD(0x77, 1), 0, 0, o);
	CHECK_EQ(o[0], FW_RET_EOPNOTSUPP);
	CHECK_EQ(log_count, 7);
	CHECK_EQ(fw.cnt.abi_violations, 11);
}

/* fast calls are answered success or an error, never WAKE (SMC mode) */
static void t_no_wake_on_fast_calls(void)
{
	uint64_t o[4], ctx;
	unsigned i;

	setup(smc_mode);
	smc(PAS, 2, 0, o);
	smc(PAS, 2, 0, o);
	ctx = o[2];
	smc(PAS, 2, 0, o);			/* a second waiter keeps it fresh */
	fw_tick(&fw, 4);
	CHECK_EQ(fw.q_len, 1);			/* a WAKE is pending */
	for (i = 0; i < 3; i++) {
		smc(IOWRITE, 0x40, i, o);
		CHECK_EQ(o[0], 0);
		smc(IOREAD, 0x40, 0, o);
		CHECK_EQ(o[0], 0);
		CHECK_EQ(o[1], i);
		smc(GETINFO, 0, 0, o);
		CHECK_EQ(o[0], 0);
		smc(FAST(FW_SVC_INFO, FW_INFO_IS_CALL_AVAIL), 0x02000501u, 0, o);
		CHECK_EQ(o[0], 0);
	}
	smc(IOREAD, 0x41, 0, o);		/* an error is no carrier either */
	CHECK_EQ(o[0], FW_RET_EINVAL_ARG);
	CHECK_EQ(fw.cnt.wake_answers, 0);
	CHECK_EQ(fw.q_len, 1);
	/* no transient context was taken for a fast call */
	for (i = 0; i < FW_MAX_CALLS; i++)
		CHECK(fw.call[i].state == FW_CALL_FREE || fw.call[i].state == FW_CALL_PARKED);
	/* the next standard call carries it */
	smc(RESUME, ctx, 0, o);
	CHECK_EQ(o[0], FW_RET_WAITQ_WAKE);
	CHECK_EQ(o[2], ctx);
	smc(ACK, ctx, 0, o);
	CHECK_EQ(o[0], 0);
	CHECK_EQ(fw.cnt.faults, 0);
}

/* the WAKE_ATOMIC fault: a pending WAKE rides on an IO (fast) call */
static void t_fault_wake_atomic(void)
{
	uint64_t o[4], ctx, tctx;

	fault = FW_FAULT_WAKE_ATOMIC;
	setup(with_fault_smc);
	smc(IOWRITE, 0x40, 9, o);		/* nothing pending: plain answer */
	CHECK_EQ(o[0], 0);
	CHECK_EQ(fw.cnt.faults, 0);
	smc(PAS, 1, 0, o);
	smc(PAS, 1, 0, o);
	ctx = o[2];
	smc(PAS, 1, 0, o);
	fw_tick(&fw, 4);
	smc(IOREAD, 0x40, 0, o);
	CHECK_EQ(o[0], FW_RET_WAITQ_WAKE);
	CHECK_EQ(o[1], 1);
	CHECK_EQ(o[3], FW_WAKE_ONE);
	tctx = o[2];
	CHECK_EQ(tctx, 0);			/* no context: nothing to ACK */
	CHECK_EQ(fw.cnt.faults, 1);
	CHECK_EQ(fw.cnt.wake_answers, 1);
	/* an ACK naming no call answered WAKE is refused */
	smc(ACK, tctx, 0, o);
	CHECK_EQ(o[0], FW_RET_EINVAL_ARG);
	CHECK_EQ(fw.cnt.max_in_fw, 2);
	smc(RESUME, ctx, 0, o);
	CHECK_EQ(o[0], 0);
	/* interrupt mode: wake-ups go through GET_WQ_CTX, the fault does nothing */
	setup(with_fault);
	park_and_release();
	smc(IOREAD, 0x40, 0, o);
	CHECK_EQ(o[0], 0);
	CHECK_EQ(fw.cnt.faults, 0);
	CHECK_EQ(fw.q_len, 1);
}

static uint32_t tweak_ctxs;

static void ctxs_tweak(struct fw_config *c)
{
	c->call_ctxs = tweak_ctxs;
}

/* call_ctxs: standard calls in firmware at once; EBUSY (counted busy) beyond */
static void t_call_ctxs_ebusy(void)
{
	char line[FW_COUNTERS_TEXT_MAX];
	uint64_t o[4], a, b;
	int i;

	tweak_ctxs = 2;
	setup(ctxs_tweak);
	smc(PAS, 0, 0, o);			/* takes p0 and ends */
	CHECK_EQ(o[0], 0);
	CHECK_EQ(fw.cnt.max_in_fw, 1);
	smc(PAS, 0, 0, o);
	CHECK_EQ(o[0], FW_RET_WAITQ_SLEEP);
	a = o[2];
	smc(PAS, 0, 0, o);
	CHECK_EQ(o[0], FW_RET_WAITQ_SLEEP);
	b = o[2];
	CHECK_EQ(fw.cnt.max_in_fw, 2);
	/* both contexts held: any new standard call is refused */
	smc(PAS, 1, 0, o);
	CHECK_EQ(o[0], FW_RET_EBUSY);
	smc(STD(FW_SVC_INFO, FW_INFO_IS_CALL_AVAIL), 0x02000501u, 0, o);
	CHECK_EQ(o[0], FW_RET_EBUSY);
	smc(STD(FW_SVC_PIL, FW_PIL_PAS_SHUTDOWN), 0, 0, o);
	CHECK_EQ(o[0], FW_RET_EBUSY);
	CHECK_EQ(fw.periph[0].busy, 1);		/* it did not run */
	CHECK_EQ(fw.cnt.busy, 3);
	CHECK_EQ(fw.cnt.ebusy, 3);
	/* fast calls, GET_WQ_CTX and the parked calls' RESUMEs go on */
	smc(FAST(FW_SVC_INFO, FW_INFO_IS_CALL_AVAIL), 0x02000501u, 0, o);
	CHECK_EQ(o[1], 1);
	smc(STD(FW_SVC_WAITQ, FW_WAITQ_GET_WQ_CTX), 0, 0, o);
	CHECK_EQ(o[0], 0);
	smc(RESUME, a, 0, o);
	CHECK_EQ(o[0], FW_RET_WAITQ_SLEEP);
	fw_tick(&fw, 4);
	smc(RESUME, b, 0, o);
	CHECK_EQ(o[0], 0);
	/* a context is free again */
	smc(PAS, 1, 0, o);
	CHECK_EQ(o[0], 0);
	CHECK_EQ(fw.cnt.busy, 3);
	CHECK_EQ(fw.cnt.max_in_fw, 2);
	fw_counters_format(&fw.cnt, line, sizeof(line));
	CHECK(strstr(line, " busy=3 max_in_fw=2") != 0);
	fw_tick(&fw, 4);
	smc(RESUME, a, 0, o);
	CHECK_EQ(o[0], 0);

	/* default: no limit but the table, and the high-water mark follows */
	tweak_ctxs = 0;
	setup(ctxs_tweak);
	smc(PAS, 3, 0, o);
	for (i = 0; i < 15; i++) {
		smc(PAS, 3, 0, o);
		CHECK_EQ(o[0], FW_RET_WAITQ_SLEEP);
	}
	CHECK_EQ(fw.cnt.max_in_fw, 15);
	smc(PAS, 3, 0, o);
	CHECK_EQ(o[0], FW_RET_WAITQ_SLEEP);
	CHECK_EQ(fw.cnt.max_in_fw, 16);
	smc(PAS, 3, 0, o);			/* nr_calls=16: the table is full */
	CHECK_EQ(o[0], FW_RET_EBUSY);
	smc(IS_AVAIL_STD, 0x02000501u, 0, o);
	CHECK_EQ(o[0], FW_RET_EBUSY);
	CHECK_EQ(fw.cnt.busy, 0);		/* not for call_ctxs */
	CHECK_EQ(fw.cnt.ebusy, 2);
	CHECK_EQ(fw.cnt.max_in_fw, 16);
}

/* a standard call answered WAKE holds a context until its ACK */
static void t_call_ctxs_count_wake_answers(void)
{
	uint64_t o[4], ctx, tctx;

	tweak_ctxs = 2;
	setup(ctxs_tweak);
	fw.cfg.wake_mode = FW_WAKE_MODE_SMC;
	fw_set(&fw, FW_KEY_PAS_DURATION, 1000);
	smc(PAS, 1, 0, o);
	smc(PAS, 1, 0, o);
	ctx = o[2];
	smc(PAS, 1, 0, o);
	CHECK_EQ(o[0], FW_RET_WAITQ_SLEEP);
	smc(RESUME, ctx, 0, o);			/* both contexts in use */
	CHECK_EQ(o[0], FW_RET_WAITQ_SLEEP);
	smc(STD(FW_SVC_PIL, FW_PIL_PAS_SHUTDOWN), 1, 0, o);
	CHECK_EQ(o[0], FW_RET_EBUSY);
	fw_set(&fw, FW_KEY_RELEASE, 1);
	smc(RESUME, ctx, 0, o);			/* takes it, carries the WAKE */
	CHECK_EQ(o[0], FW_RET_WAITQ_WAKE);
	smc(ACK, ctx, 0, o);
	CHECK_EQ(o[0], 0);
	/* one left parked: a shutdown fits, its release wakes the other */
	smc(STD(FW_SVC_PIL, FW_PIL_PAS_SHUTDOWN), 1, 0, o);
	CHECK_EQ(o[0], FW_RET_WAITQ_WAKE);
	tctx = o[2];
	CHECK_EQ(fw.cnt.max_in_fw, 2);
	smc(IS_AVAIL_STD, 0x02000501u, 0, o);	/* shutdown awaits its ACK */
	CHECK_EQ(o[0], FW_RET_EBUSY);
	smc(ACK, tctx, 0, o);
	CHECK_EQ(o[0], 0);
	smc(IS_AVAIL_STD, 0x02000501u, 0, o);
	CHECK_EQ(o[0], 0);
	CHECK_EQ(o[1], 1);
}

static uint32_t tweak_base;

static void base_tweak(struct fw_config *c)
{
	c->wq_ctx_base = tweak_base;
	c->nr_wq = 4;
}

static void base_tweak_smc(struct fw_config *c)
{
	base_tweak(c);
	c->wake_mode = FW_WAKE_MODE_SMC;
}

/* wq_ctx_base: every wq_ctx handed out is base + index (a u32), and maps back */
static void t_wq_ctx_base_round_trip(void)
{
	static const uint32_t base[] = { 0, 1000, 0x80000000u, 0xfffffffeu };
	uint64_t o[4], ctx;
	uint32_t b;
	unsigned i;

	for (i = 0; i < sizeof(base) / sizeof(base[0]); i++) {
		tweak_base = base[i];
		b = base[i];
		setup(base_tweak);
		smc(GETINFO, 0, 0, o);
		CHECK_EQ(o[1], 4);		/* the count, whatever the values */
		smc(PAS, 6, 0, o);
		smc(PAS, 6, 0, o);
		CHECK_EQ(o[0], FW_RET_WAITQ_SLEEP);
		CHECK_EQ(o[1], (uint32_t)(b + 2));	/* u32: 0xfffffffe + 2 is 0 */
		ctx = o[2];
		smc(RESUME, ctx, 0, o);
		CHECK_EQ(o[1], (uint32_t)(b + 2));
		fw_tick(&fw, 4);
		smc(GETWQ, 0, 0, o);
		CHECK_EQ(o[1], (uint32_t)(b + 2));
		CHECK_EQ(o[2], FW_WAKE_ONE);
		smc(RESUME, ctx, 0, o);
		CHECK_EQ(o[0], 0);

		setup(base_tweak_smc);
		smc(PAS, 7, 0, o);
		smc(PAS, 7, 0, o);
		ctx = o[2];
		smc(PAS, 7, 0, o);
		CHECK_EQ(o[1], (uint32_t)(b + 3));
		fw_tick(&fw, 4);
		smc(RESUME, ctx, 0, o);
		CHECK_EQ(o[0], FW_RET_WAITQ_WAKE);
		CHECK_EQ(o[1], (uint32_t)(b + 3));
		smc(ACK, ctx, 0, o);
		CHECK_EQ(o[0], 0);
	}
	/* the bad-wq faults stay outside base..base + nr_wq - 1, wrapped too */
	tweak_base = 0xfffffff0u;
	setup(base_tweak);
	fw.cfg.fault = FW_FAULT_SLEEP_BAD_WQ;
	smc(PAS, 1, 0, o);
	smc(PAS, 1, 0, o);
	CHECK_EQ(o[0], FW_RET_WAITQ_SLEEP);
	CHECK_EQ(o[1], 0xfffffff0u + 4 + 7);
	tweak_base = 0xfffffffdu;
	setup(base_tweak);
	fw.cfg.fault = FW_FAULT_SLEEP_BAD_WQ;
	smc(PAS, 1, 0, o);
	smc(PAS, 1, 0, o);
	CHECK_EQ(o[1], 8);			/* queues are ...fffd..0, bad is 8 */
	fw.cfg.fault = FW_FAULT_SLEEP_ATOMIC;
	smc(IOREAD, 0, 0, o);
	CHECK_EQ(o[0], FW_RET_WAITQ_SLEEP);
	CHECK_EQ(o[1], 0xfffffffdu);
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
		uint64_t in[8] = { PAS, FW_ARGS(1), 0, 0, 0, 0, 0, 0 }, o[4];
		long guard = 0;

		in[2] = rand_r(&seed) % 3;
		fw_smc(&fw, in, o);
		while (o[0] == FW_RET_WAITQ_SLEEP || o[0] == FW_RET_WAITQ_WAKE) {
			uint64_t next[8] = { 0, FW_ARGS(1), o[2], 0, 0, 0, 0, 0 };

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
	CHECK_EQ(c.abi_violations, 0);
	/* one call per thread at most */
	CHECK(c.max_in_fw >= 1 && c.max_in_fw <= STRESS_THREADS);
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

/* ---- configuration string and counters line (fw_config.c) ---------------- */
static char cfg_err[FW_CONFIG_ERR_MAX];

static int parse(struct fw_config *cfg, const char *str)
{
	memset(cfg_err, 'X', sizeof(cfg_err));
	return fw_config_parse(cfg, str, strlen(str), cfg_err, sizeof(cfg_err));
}

static void t_config_every_key(void)
{
	struct fw_config c;

	fw_config_default(&c);
	CHECK_EQ(parse(&c, "nr_calls=7 nr_wq=9 wake_mode=smc multi_call=0 "
		       "fault=wake_idle spi=987 release_flags=all pas_duration=123 "
		       "tick_per_call=1 call_ctxs=5 wq_ctx_base=0x1000"), 0);
	CHECK_EQ(cfg_err[0], 0);
	CHECK_EQ(c.nr_calls, 7);
	CHECK_EQ(c.nr_wq, 9);
	CHECK_EQ(c.wake_mode, FW_WAKE_MODE_SMC);
	CHECK_EQ(c.multi_call, 0);
	CHECK_EQ(c.fault, FW_FAULT_WAKE_IDLE);
	CHECK_EQ(c.spi, 987);
	CHECK_EQ(c.release_flags, FW_WAKE_ALL);
	CHECK_EQ(c.pas_duration, 123);
	CHECK_EQ(c.tick_per_call, 1);
	CHECK_EQ(c.call_ctxs, 5);
	CHECK_EQ(c.wq_ctx_base, 0x1000);
	/* the other value of each named or 0/1 key, and the range ends */
	CHECK_EQ(parse(&c, "wake_mode=irq multi_call=1 release_flags=one tick_per_call=0 "
		       "nr_calls=1 nr_wq=64 spi=0 pas_duration=0 call_ctxs=0 "
		       "wq_ctx_base=4294967295"), 0);
	CHECK_EQ(c.wake_mode, FW_WAKE_MODE_IRQ);
	CHECK_EQ(c.multi_call, 1);
	CHECK_EQ(c.release_flags, FW_WAKE_ONE);
	CHECK_EQ(c.tick_per_call, 0);
	CHECK_EQ(c.nr_calls, 1);
	CHECK_EQ(c.nr_wq, 64);
	CHECK_EQ(c.spi, 0);
	CHECK_EQ(c.pas_duration, 0);
	CHECK_EQ(c.call_ctxs, 0);
	CHECK_EQ(c.wq_ctx_base, 0xffffffffu);
	CHECK_EQ(parse(&c, "nr_calls=32 call_ctxs=32 wq_ctx_base=0"), 0);
	CHECK_EQ(c.nr_calls, 32);
	CHECK_EQ(c.call_ctxs, 32);
	CHECK_EQ(c.wq_ctx_base, 0);
	/* a key given twice: the last one counts */
	CHECK_EQ(parse(&c, "nr_wq=3 nr_wq=5"), 0);
	CHECK_EQ(c.nr_wq, 5);
}

static void t_config_fault_names(void)
{
	static const struct { const char *name; uint32_t fault; } f[] = {
		{ "none", FW_FAULT_NONE },
		{ "sleep_bad_wq", FW_FAULT_SLEEP_BAD_WQ },
		{ "wake_bad_wq", FW_FAULT_WAKE_BAD_WQ },
		{ "getwq_bad_wq", FW_FAULT_GETWQ_BAD_WQ },
		{ "bad_flags", FW_FAULT_BAD_FLAGS },
		{ "endless_pending", FW_FAULT_ENDLESS_PENDING },
		{ "wake_idle", FW_FAULT_WAKE_IDLE },
		{ "getwq_fail", FW_FAULT_GETWQ_FAIL },
		{ "spurious_irq", FW_FAULT_SPURIOUS_IRQ },
		{ "sleep_atomic", FW_FAULT_SLEEP_ATOMIC },
		{ "lost_wake", FW_FAULT_LOST_WAKE },
		{ "wake_atomic", FW_FAULT_WAKE_ATOMIC },
	};
	struct fw_config c;
	char str[64];
	unsigned i;

	CHECK_EQ(sizeof(f) / sizeof(f[0]), FW_FAULT_COUNT);
	for (i = 0; i < FW_FAULT_COUNT; i++) {
		fw_config_default(&c);
		c.fault = FW_FAULT_SPURIOUS_IRQ - f[i].fault;	/* something else */
		snprintf(str, sizeof(str), "fault=%s", f[i].name);
		CHECK_EQ(parse(&c, str), 0);
		CHECK_EQ(c.fault, f[i].fault);
	}
}

static void t_config_hex(void)
{
	struct fw_config c;

	fw_config_default(&c);
	CHECK_EQ(parse(&c, "nr_wq=0x10 nr_calls=0X1f spi=0xC8 pas_duration=0xffffffff "
		       "multi_call=0x0 tick_per_call=0x1"), 0);
	CHECK_EQ(c.nr_wq, 16);
	CHECK_EQ(c.nr_calls, 31);
	CHECK_EQ(c.spi, 200);
	CHECK_EQ(c.pas_duration, 0xffffffffu);
	CHECK_EQ(c.multi_call, 0);
	CHECK_EQ(c.tick_per_call, 1);
	CHECK_EQ(parse(&c, "pas_duration=0xABCDEF"), 0);
	CHECK_EQ(c.pas_duration, 0xabcdef);
	/* leading zeros are decimal, not octal */
	CHECK_EQ(parse(&c, "nr_wq=010 pas_duration=0"), 0);
	CHECK_EQ(c.nr_wq, 10);
	CHECK_EQ(c.pas_duration, 0);
}

static void t_config_separators(void)
{
	struct fw_config c, d;
	const char nul[] = "nr_wq=3\0nr_calls=bad";

	fw_config_default(&c);
	CHECK_EQ(parse(&c, ",, nr_wq=3,nr_calls=4\n\twake_mode=smc\r\n,spi=5 ,\n"), 0);
	CHECK_EQ(c.nr_wq, 3);
	CHECK_EQ(c.nr_calls, 4);
	CHECK_EQ(c.wake_mode, FW_WAKE_MODE_SMC);
	CHECK_EQ(c.spi, 5);
	/* empty, or only separators: success, nothing changed */
	fw_config_default(&c);
	d = c;
	CHECK_EQ(parse(&c, ""), 0);
	CHECK_EQ(fw_config_parse(&c, 0, 0, 0, 0), 0);
	CHECK_EQ(parse(&c, " ,\n\t\r,, "), 0);
	CHECK(memcmp(&c, &d, sizeof(c)) == 0);
	/* only len counts, and a NUL ends the text early */
	CHECK_EQ(fw_config_parse(&c, "nr_wq=7 nr_calls=x", 7, 0, 0), 0);
	CHECK_EQ(c.nr_wq, 7);
	CHECK_EQ(fw_config_parse(&c, nul, sizeof(nul), 0, 0), 0);
	CHECK_EQ(c.nr_wq, 3);
}

static void t_config_errors(void)
{
	static const struct { const char *in, *err; } e[] = {
		{ "foo=1", "unknown key 'foo'" },
		{ "nr_wq=8 bogus=1", "unknown key 'bogus'" },
		{ "NR_WQ=8", "unknown key 'NR_WQ'" },
		{ "nr_w=8", "unknown key 'nr_w'" },
		{ "nr_wqs=8", "unknown key 'nr_wqs'" },
		{ "nr_wq", "expected key=value, got 'nr_wq'" },
		{ "=5", "expected key=value, got '=5'" },
		{ "nr_wq=", "no value for nr_wq" },
		{ "nr_wq=abc", "bad number 'abc' for nr_wq" },
		{ "nr_wq=12x", "bad number '12x' for nr_wq" },
		{ "nr_wq=-1", "bad number '-1' for nr_wq" },
		{ "nr_wq=+1", "bad number '+1' for nr_wq" },
		{ "nr_wq=0x", "bad number '0x' for nr_wq" },
		{ "nr_wq=0xg", "bad number '0xg' for nr_wq" },
		{ "spi=99999999999999999999x", "bad number '99999999999999999999x' for spi" },
		{ "nr_calls=0", "nr_calls=0 out of range 1..32" },
		{ "nr_calls=33", "nr_calls=33 out of range 1..32" },
		{ "nr_wq=0", "nr_wq=0 out of range 1..64" },
		{ "nr_wq=0x41", "nr_wq=0x41 out of range 1..64" },
		{ "spi=988", "spi=988 out of range 0..987" },
		{ "multi_call=2", "multi_call=2 out of range 0..1" },
		{ "tick_per_call=2", "tick_per_call=2 out of range 0..1" },
		{ "call_ctxs=33", "call_ctxs=33 out of range 0..32" },
		{ "call_ctxs=-1", "bad number '-1' for call_ctxs" },
		{ "wq_ctx_base=0x100000000", "wq_ctx_base=0x100000000 out of range 0..4294967295" },
		{ "wq_ctx_bas=1", "unknown key 'wq_ctx_bas'" },
		{ "fault=wake_atomi", "bad value 'wake_atomi' for fault (none|sleep_bad_wq|"
		  "wake_bad_wq|getwq_bad_wq|bad_flags|endless_pending|wake_idle|getwq_fail|"
		  "spurious_irq|sleep_atomic|lost_wake|wake_atomic)" },
		{ "pas_duration=0x100000000", "pas_duration=0x100000000 out of range 0..4294967295" },
		{ "pas_duration=4294967296", "pas_duration=4294967296 out of range 0..4294967295" },
		{ "wake_mode=IRQ", "bad value 'IRQ' for wake_mode (irq|smc)" },
		{ "wake_mode=1", "bad value '1' for wake_mode (irq|smc)" },
		{ "wake_mode=sm", "bad value 'sm' for wake_mode (irq|smc)" },
		{ "wake_mode=smcx", "bad value 'smcx' for wake_mode (irq|smc)" },
		{ "release_flags=two", "bad value 'two' for release_flags (one|all)" },
		{ "fault=oops", "bad value 'oops' for fault (none|sleep_bad_wq|wake_bad_wq|"
		  "getwq_bad_wq|bad_flags|endless_pending|wake_idle|getwq_fail|spurious_irq|"
		  "sleep_atomic|lost_wake|wake_atomic)" },
		{ "wake_mode=smc,nr_wq=8,fault=nonee", "bad value 'nonee' for fault (none|"
		  "sleep_bad_wq|wake_bad_wq|getwq_bad_wq|bad_flags|endless_pending|wake_idle|"
		  "getwq_fail|spurious_irq|sleep_atomic|lost_wake|wake_atomic)" },
		{ "nr_wq=1234567890123456789012345678901234567890123x",
		  "bad number '1234567890123456789012345678901234567890...' for nr_wq" },
		{ "nr_wq=1234567890123456789012345678901234567890123",
		  "nr_wq=1234567890123456789012345678901234567890... out of range 1..64" },
	};
	struct fw_config c, d;
	char small[8];
	unsigned i;

	for (i = 0; i < sizeof(e) / sizeof(e[0]); i++) {
		fw_config_default(&c);
		d = c;
		if (parse(&c, e[i].in) != -1 || strcmp(cfg_err, e[i].err)) {
			snprintf(cur_msg, sizeof(cur_msg), "'%s': got '%s', want '%s'",
				 e[i].in, cfg_err, e[i].err);
			cur_failed = 1;
			return;
		}
		/* tokens before the bad one are not applied either */
		CHECK(memcmp(&c, &d, sizeof(c)) == 0);
	}
	/* the message is cut to fit, and still NUL-terminated */
	CHECK_EQ(fw_config_parse(&c, "bogus=1", 7, small, sizeof(small)), -1);
	CHECK(strcmp(small, "unknown") == 0);
	CHECK_EQ(fw_config_parse(&c, "bogus=1", 7, 0, 0), -1);
	CHECK_EQ(fw_config_parse(&c, "bogus=1", 7, small, 0), -1);
}

/* a parsed configuration is what fw_init() and the answers then use */
static void t_config_takes_effect(void)
{
	struct fw_config cfg;
	uint64_t o[4], ctx;

	fw_config_default(&cfg);
	CHECK_EQ(parse(&cfg, "wake_mode=smc,nr_wq=4,spi=300,release_flags=all,"
		       "pas_duration=2,nr_calls=2,tick_per_call=0"), 0);
	fw_init(&fw, &cfg, &plat_plain);
	irq_count = 0;
	smc(GETINFO, 0, 0, o);
	CHECK_EQ(o[1] & 0xff, 4);
	CHECK_EQ(o[2] & 0xffff, 332);		/* INTID of SPI 300 */
	/* peripheral 5 parks on wq_ctx 5 % 4 */
	smc(PAS, 5, 0, o);
	CHECK_EQ(o[0], 0);
	smc(PAS, 5, 0, o);
	CHECK_EQ(o[0], FW_RET_WAITQ_SLEEP);
	CHECK_EQ(o[1], 1);
	ctx = o[2];
	/* nr_calls=2: a second parked call takes the last context */
	smc(PAS, 5, 0, o);
	CHECK_EQ(o[0], FW_RET_WAITQ_SLEEP);
	smc(PAS, 5, 0, o);
	CHECK_EQ(o[0], FW_RET_EBUSY);
	fw_tick(&fw, 1);
	smc(RESUME, ctx, 0, o);
	CHECK_EQ(o[0], FW_RET_WAITQ_SLEEP);	/* pas_duration=2: not yet */
	fw_tick(&fw, 1);
	/* SMC mode with WAKE_ALL: the wake-up rides on the answer, no SPI */
	smc(RESUME, ctx, 0, o);
	CHECK_EQ(o[0], FW_RET_WAITQ_WAKE);
	CHECK_EQ(o[1], 1);
	CHECK_EQ(o[2], ctx);
	CHECK_EQ(o[3], FW_WAKE_ALL);
	CHECK_EQ(irq_count, 0);
	smc(ACK, ctx, 0, o);
	CHECK_EQ(o[0], 0);
	CHECK_EQ(fw.cnt.wake_answers, 1);
}

static void t_config_format_round_trip(void)
{
	char buf[FW_CONFIG_TEXT_MAX];
	struct fw_config c, d;
	size_t n;

	fw_config_default(&c);
	n = fw_config_format(&c, buf, sizeof(buf));
	CHECK(strcmp(buf, "nr_calls=16 nr_wq=16 wake_mode=irq multi_call=1 fault=none "
		     "spi=200 release_flags=one pas_duration=4 tick_per_call=0 "
		     "call_ctxs=0 wq_ctx_base=0 info_irq=1") == 0);
	CHECK_EQ(n, strlen(buf));
	c.nr_calls = 3;
	c.nr_wq = 64;
	c.wake_mode = FW_WAKE_MODE_SMC;
	c.multi_call = 0;
	c.fault = FW_FAULT_GETWQ_BAD_WQ;
	c.spi = 987;
	c.release_flags = FW_WAKE_ALL;
	c.pas_duration = 0xffffffffu;
	c.tick_per_call = 1;
	c.call_ctxs = 32;
	c.wq_ctx_base = 0xffffffffu;
	c.info_irq = 0;
	n = fw_config_format(&c, buf, sizeof(buf));
	CHECK(strcmp(buf, "nr_calls=3 nr_wq=64 wake_mode=smc multi_call=0 fault=getwq_bad_wq "
		     "spi=987 release_flags=all pas_duration=4294967295 tick_per_call=1 "
		     "call_ctxs=32 wq_ctx_base=4294967295 info_irq=0") == 0);
	fw_config_default(&d);
	CHECK_EQ(parse(&d, buf), 0);
	CHECK(memcmp(&c, &d, sizeof(c)) == 0);
	/* cut to fit, NUL-terminated */
	CHECK_EQ(fw_config_format(&c, buf, 12), 11);
	CHECK(strcmp(buf, "nr_calls=3 ") == 0);
}

static void t_counters_line(void)
{
	char buf[FW_COUNTERS_TEXT_MAX];
	struct fw_counters c;
	uint64_t *v = (uint64_t *)&c;
	unsigned i;

	for (i = 0; i < FW_NR_COUNTERS; i++)
		v[i] = 100 + i;
	c.resume_beaten = ~0ull;	/* the longest number fits */
	fw_counters_format(&c, buf, sizeof(buf));
	CHECK(strcmp(buf, "calls=100 unknown=101 sleeps=102 resleeps=103 resumes=104 acks=105 "
		     "wake_answers=106 irqs=107 get_wq_ctx=108 wakes=109 acquires=110 "
		     "releases=111 ebusy=112 einval=113 faults=114 queue_overflow=115 "
		     "resume_idle=116 resume_beaten=18446744073709551615 "
		     "abi_violations=118 busy=119 max_in_fw=120") == 0);
	/* by field name too, not only by position */
	memset(&c, 0, sizeof(c));
	c.wake_answers = 7;
	c.queue_overflow = 9;
	fw_counters_format(&c, buf, sizeof(buf));
	CHECK(strstr(buf, " wake_answers=7 irqs=0 ") != 0);
	CHECK(strstr(buf, " queue_overflow=9 resume_idle=0 ") != 0);
	c.abi_violations = 3;
	c.max_in_fw = 5;
	fw_counters_format(&c, buf, sizeof(buf));
	CHECK(strstr(buf, " abi_violations=3 busy=0 max_in_fw=5") != 0);
	for (i = 0; i < FW_NR_COUNTERS; i++)
		v[i] = ~0ull;
	CHECK(fw_counters_format(&c, buf, sizeof(buf)) < sizeof(buf) - 1);
}

/* ---- runner ------------------------------------------------------------- */
static const struct {
	const char *name;
	void (*fn)(void);
} tests[] = {
	{ "probe_and_info", t_probe_and_info },
	{ "get_info_intid", t_get_info_intid },
	{ "plain_calls", t_plain_calls },
	{ "unknown_calls", t_unknown_calls },
	{ "park_wake_irq", t_park_wake_irq },
	{ "early_resume_reparks", t_early_resume_reparks },
	{ "park_wake_smc_ack", t_park_wake_smc_ack },
	{ "wake_rides_on_resume", t_wake_rides_on_resume },
	{ "stale_note_is_dropped", t_stale_note_is_dropped },
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
	{ "fault_sleep_atomic", t_fault_sleep_atomic },
	{ "fault_lost_wake", t_fault_lost_wake },
	{ "abi_wrong_type", t_abi_wrong_type },
	{ "abi_wrong_convention", t_abi_wrong_convention },
	{ "abi_wrong_args", t_abi_wrong_args },
	{ "abi_bad_ctx", t_abi_bad_ctx },
	{ "abi_logged_once_per_kind", t_abi_logged_once_per_kind },
	{ "no_wake_on_fast_calls", t_no_wake_on_fast_calls },
	{ "fault_wake_atomic", t_fault_wake_atomic },
	{ "call_ctxs_ebusy", t_call_ctxs_ebusy },
	{ "call_ctxs_count_wake_answers", t_call_ctxs_count_wake_answers },
	{ "wq_ctx_base_round_trip", t_wq_ctx_base_round_trip },
	{ "runtime_set_and_counters", t_runtime_set_and_counters },
	{ "forced_release", t_forced_release },
	{ "pas_shutdown_releases", t_pas_shutdown_releases },
	{ "queue_overflow_merges", t_queue_overflow_merges },
	{ "config_every_key", t_config_every_key },
	{ "config_fault_names", t_config_fault_names },
	{ "config_hex", t_config_hex },
	{ "config_separators", t_config_separators },
	{ "config_errors", t_config_errors },
	{ "config_takes_effect", t_config_takes_effect },
	{ "config_format_round_trip", t_config_format_round_trip },
	{ "counters_line", t_counters_line },
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
