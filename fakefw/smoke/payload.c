// SPDX-License-Identifier: GPL-2.0
/*
 * fakefw smoke payload: a tiny normal-world program (EL1 or EL2, MMU off)
 * that talks to fakefw the way the patched qcom_scm driver would, checks
 * every answer, prints PASS/FAIL lines on the PL011 at 0x09000000 and ends
 * with PSCI SYSTEM_OFF.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include "fw_core.h"
#include "fmt_num.h"

#define UART0		0x09000000ul
#define GICD		0x08000000ul
#define GICD_ISPENDR(n)	(GICD + 0x200 + 4 * (n))
#define GICD_ICPENDR(n)	(GICD + 0x280 + 4 * (n))
#define DTB_MAGIC_LE	0xedfe0dd0u		/* 0xd00dfeed, big-endian */

#define PSCI_VERSION		0x84000000u
#define PSCI_CPU_SUSPEND	0x84000001u
#define PSCI_CPU_OFF		0x84000002u
#define PSCI_CPU_ON64		0xc4000003u
#define PSCI_AFFINITY_INFO64	0xc4000004u
#define PSCI_SYSTEM_OFF		0x84000008u
#define PSCI_FEATURES		0x8400000au
#define SMCCC_VERSION		0x80000000u

#define MAX_SEC		3
#define SPIN_LIMIT	20000000u
#define TICK_LIMIT	2000000u
/* the runner may set this word with -device loader,addr=...,data=1 */
#define RESET_FLAG_ADDR	0x401ff000ul
/*
 * What GET_INFO must report when the runner configured fakefw through
 * fw_cfg (-device loader words again). A zero nr_wq word means the
 * firmware's defaults, 16 wait queues and SPI 200; otherwise both count.
 * GET_INFO reports the interrupt as its GIC INTID, SPI + 32.
 */
#define EXPECT_NR_WQ_ADDR	0x401ff004ul
#define EXPECT_SPI_ADDR		0x401ff008ul
#define EXPECT_WQ_BASE_ADDR	0x401ff00cul	/* wq_ctx_base=, 0 by default */
#define PSCI_SYSTEM_RESET	0x84000009u

#define PAS		FW_SIP_STD64(FW_SVC_PIL, FW_PIL_PAS_AUTH_AND_RESET)
#define RESUME		FW_SIP_STD64(FW_SVC_WAITQ, FW_WAITQ_RESUME)
#define ACK		FW_SIP_STD64(FW_SVC_WAITQ, FW_WAITQ_ACK)
#define GETWQ		FW_SIP_FAST64(FW_SVC_WAITQ, FW_WAITQ_GET_WQ_CTX)
#define GETINFO		FW_SIP_FAST64(FW_SVC_WAITQ, FW_WAITQ_GET_INFO)
#define IOREAD		FW_SIP_FAST64(FW_SVC_IO, FW_IO_READ)
#define IOWRITE		FW_SIP_FAST64(FW_SVC_IO, FW_IO_WRITE)
#define FWSET		FW_SIP_STD64(FW_SVC_FAKEFW, FW_FAKEFW_SET)
#define FWGET		FW_SIP_STD64(FW_SVC_FAKEFW, FW_FAKEFW_GET_COUNTER)
#define CNT_ABI_VIOLATIONS	(offsetof(struct fw_counters, abi_violations) / sizeof(uint64_t))

void smc_call(const uint64_t in[8], uint64_t out[8]);
void secondary_entry(void);

/* ---- console ------------------------------------------------------------ */
static void putc_(char c)
{
	volatile uint32_t *uart = (volatile uint32_t *)UART0;

	if (c == '\n')
		putc_('\r');
	while (uart[0x18 / 4] & (1u << 5))
		;
	uart[0] = (uint32_t)(unsigned char)c;
}

static void putnum(uint64_t v, unsigned base, int sgn)
{
	char buf[FMT_NUM_MAX];
	int i, len = fmt_num(buf, v, base, sgn);

	for (i = 0; i < len; i++)
		putc_(buf[i]);
}

/* %s %d (int64) %x (uint64) only */
static void print(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			putc_(*fmt);
			continue;
		}
		switch (*++fmt) {
		case 's': {
			const char *s = va_arg(ap, const char *);

			while (*s)
				putc_(*s++);
			break;
		}
		case 'd':
			putnum(va_arg(ap, uint64_t), 10, 1);
			break;
		case 'x':
			putc_('0');
			putc_('x');
			putnum(va_arg(ap, uint64_t), 16, 0);
			break;
		default:
			putc_('?');
		}
	}
	va_end(ap);
}

/* ---- helpers ------------------------------------------------------------ */
static unsigned passed, failed, clobbered;

static void check(const char *name, int ok, uint64_t got, uint64_t want)
{
	if (ok) {
		passed++;
		print("PASS smoke/%s\n", name);
	} else {
		failed++;
		print("FAIL smoke/%s: got %x, want %x\n", name, got, want);
	}
}

/* got and want are evaluated once: got may be a call (resume_until_done) */
#define CHECK_EQ(name, got, want) do {					\
	uint64_t _got = (uint64_t)(got), _want = (uint64_t)(want);	\
									\
	check(name, _got == _want, _got, _want);			\
} while (0)

static void smc(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t r[8])
{
	uint64_t in[8] = { fn, a1, a2, a3, 0x4444, 0x5555, 0x6666, 0x7777 };

	smc_call(in, r);
	if (r[4] != 0x4444 || r[5] != 0x5555 || r[6] != 0x6666 || r[7] != 0x7777)
		__atomic_fetch_add(&clobbered, 1, __ATOMIC_RELAXED);
}

/* x1 as the kernel sets it: the number of arguments of each call */
static uint64_t arginfo_of(uint32_t fn)
{
	switch (fn & 0xffff) {
	case FW_FNID(FW_SVC_WAITQ, FW_WAITQ_GET_WQ_CTX):
	case FW_FNID(FW_SVC_WAITQ, FW_WAITQ_GET_INFO):
		return FW_ARGS(0);
	case FW_FNID(FW_SVC_IO, FW_IO_WRITE):
		return FW_ARGS(2);
	default:
		return FW_ARGS(1);
	}
}

static void scm(uint32_t fn, uint64_t a2, uint64_t a3, uint64_t r[8])
{
	smc(fn, arginfo_of(fn), a2, a3, r);
}

static uint32_t wq_spi;
static uint32_t wq_nr = 16;	/* from GET_INFO */
static uint32_t wq_base;	/* from the runner */
/* the wq_ctx a PAS call for peripheral p parks on */
#define WQ(p)	(wq_base + (uint64_t)(p) % wq_nr)
static void drain_wakes(void);

static int spi_pending(void)
{
	uint32_t id = wq_spi + 32;

	return !!(*(volatile uint32_t *)GICD_ISPENDR(id / 32) & (1u << (id % 32)));
}

static void spi_clear(void)
{
	uint32_t id = wq_spi + 32;

	*(volatile uint32_t *)GICD_ICPENDR(id / 32) = 1u << (id % 32);
}

/* ---- secondaries contending for one PAS resource --------------------------- */
static volatile uint32_t wake_seq;
static volatile uint32_t arrived[MAX_SEC + 1], done[MAX_SEC + 1];
static volatile uint64_t result[MAX_SEC + 1], sleeps[MAX_SEC + 1];
static volatile uint32_t second_life;
#define CTX_SECOND_LIFE	0x100

#define CONTENDED_PERIPH	4

void payload_secondary(uint64_t idx)
{
	uint64_t r[8], n = 0;
	uint32_t seq = __atomic_load_n(&wake_seq, __ATOMIC_ACQUIRE);

	if (idx & CTX_SECOND_LIFE) {
		/* started again after CPU_OFF: say so and go off again */
		__atomic_store_n(&second_life, (uint32_t)idx, __ATOMIC_RELEASE);
		smc(PSCI_CPU_OFF, 0, 0, 0, r);
		return;
	}
	scm(PAS, CONTENDED_PERIPH, 0, r);
	__atomic_store_n(&arrived[idx], 1, __ATOMIC_RELEASE);
	while (r[0] == FW_RET_WAITQ_SLEEP || r[0] == FW_RET_WAITQ_WAKE) {
		uint64_t ctx = r[2];
		uint32_t spins = 0;

		if (r[0] == FW_RET_WAITQ_WAKE) {
			__atomic_fetch_add(&wake_seq, 1, __ATOMIC_ACQ_REL);
			scm(ACK, ctx, 0, r);
			continue;
		}
		n++;
		/* like the kernel: wait for a wake-up newer than our sample */
		while (__atomic_load_n(&wake_seq, __ATOMIC_ACQUIRE) == seq &&
		       ++spins < SPIN_LIMIT)
			__asm__ volatile("yield");
		seq = __atomic_load_n(&wake_seq, __ATOMIC_ACQUIRE);
		scm(RESUME, ctx, 0, r);
	}
	result[idx] = r[0];
	sleeps[idx] = n;
	__atomic_store_n(&done[idx], 1, __ATOMIC_RELEASE);
	smc(PSCI_CPU_OFF, 0, 0, 0, r);
	result[idx] = 0xdead;		/* CPU_OFF returned */
}

static void test_multi_cpu(void)
{
	uint64_t r[8], total_sleeps = 0;
	unsigned nsec = 0, i, ok, wq_ok = 1;
	uint32_t spins, ticks;

	for (i = 1; i <= MAX_SEC; i++) {
		smc(PSCI_AFFINITY_INFO64, i, 0, 0, r);
		if (r[0] != 1)		/* OFF: present and parked */
			break;
		nsec++;
	}
	if (!nsec) {
		smc(PSCI_AFFINITY_INFO64, 1, 0, 0, r);
		CHECK_EQ("psci_affinity_info_absent_cpu", r[0], (uint64_t)-2);
		print("SKIP smoke/multi_cpu_contention: one CPU\n");
		return;
	}
	scm(FWSET, FW_KEY_WAKE_MODE, FW_WAKE_MODE_IRQ, r);
	/* hold it until every secondary has parked, then release by hand */
	scm(FWSET, FW_KEY_PAS_DURATION, 1000000, r);
	scm(PAS, CONTENDED_PERIPH, 0, r);
	CHECK_EQ("multi_cpu_holder_takes_resource", r[0], 0);
	scm(FWSET, FW_KEY_PAS_DURATION, 5, r);

	for (i = 1; i <= nsec; i++) {
		smc(PSCI_CPU_ON64, i, (uint64_t)(uintptr_t)secondary_entry, i, r);
		if (r[0])
			break;
	}
	CHECK_EQ("psci_cpu_on", r[0], 0);
	/* no SCM call from here until every secondary got its first answer */
	for (i = 1; i <= nsec; i++)
		for (spins = 0; !__atomic_load_n(&arrived[i], __ATOMIC_ACQUIRE) &&
		     spins < SPIN_LIMIT; spins++)
			__asm__ volatile("yield");
	scm(FWSET, FW_KEY_RELEASE, CONTENDED_PERIPH, r);
	CHECK_EQ("multi_cpu_forced_release", r[0], 0);

	/* play the kernel: IRQ -> GET_WQ_CTX until more_pending clears -> wake */
	for (ticks = 0; ticks < TICK_LIMIT; ticks++) {
		for (ok = 1, i = 1; i <= nsec; i++)
			ok &= __atomic_load_n(&done[i], __ATOMIC_ACQUIRE);
		if (ok)
			break;
		if (spi_pending()) {
			unsigned n = 0;

			spi_clear();
			do {
				scm(GETWQ, 0, 0, r);
				if (r[0] != 0 || (r[2] && r[1] != WQ(CONTENDED_PERIPH)))
					wq_ok = 0;
			} while (r[3] && ++n < 16);
			__atomic_fetch_add(&wake_seq, 1, __ATOMIC_ACQ_REL);
		} else {
			scm(IOREAD, 0x100, 0, r);	/* lets firmware time pass */
		}
	}
	for (ok = 1, i = 1; i <= nsec; i++) {
		ok &= done[i] && result[i] == 0;
		total_sleeps += sleeps[i];
	}
	print("smoke: %d secondaries, %d SLEEP answers among them, %d ticks\n",
	      (uint64_t)nsec, total_sleeps, (uint64_t)ticks);
	check("multi_cpu_all_calls_complete", ok, ok, 1);
	check("multi_cpu_calls_parked", total_sleeps >= nsec, total_sleeps, nsec);
	check("multi_cpu_get_wq_ctx_names_wq", wq_ok, wq_ok, 1);

	for (i = 1; i <= nsec; i++) {
		for (spins = 0; spins < SPIN_LIMIT; spins++) {
			smc(PSCI_AFFINITY_INFO64, i, 0, 0, r);
			if (r[0] == 1)
				break;
		}
	}
	CHECK_EQ("psci_cpu_off_affinity_info", r[0], 1);

	/* a CPU that went off can be started again */
	smc(PSCI_CPU_ON64, 1, (uint64_t)(uintptr_t)secondary_entry, CTX_SECOND_LIFE | 1, r);
	CHECK_EQ("psci_cpu_on_after_off", r[0], 0);
	for (spins = 0; !__atomic_load_n(&second_life, __ATOMIC_ACQUIRE) &&
	     spins < SPIN_LIMIT; spins++)
		__asm__ volatile("yield");
	CHECK_EQ("psci_cpu_on_after_off_runs", second_life, CTX_SECOND_LIFE | 1);
	for (spins = 0; spins < SPIN_LIMIT; spins++) {
		smc(PSCI_AFFINITY_INFO64, 1, 0, 0, r);
		if (r[0] == 1)
			break;
	}
	CHECK_EQ("psci_cpu_off_again", r[0], 1);
	smc(PSCI_CPU_ON64, 0, 0x40200000, 0, r);
	CHECK_EQ("psci_cpu_on_self_already_on", r[0], (uint64_t)-4);
	smc(PSCI_CPU_ON64, 0x100000, 0x40200000, 0, r);
	CHECK_EQ("psci_cpu_on_bad_mpidr", r[0], (uint64_t)-2);
}

/* ---- single-CPU scenarios --------------------------------------------------- */
static void test_irq_park_wake(void)
{
	uint64_t r[8], ctx;
	uint32_t ticks;

	scm(FWSET, FW_KEY_WAKE_MODE, FW_WAKE_MODE_IRQ, r);
	CHECK_EQ("fakefw_set_wake_mode_irq", r[0], 0);
	scm(FWSET, FW_KEY_PAS_DURATION, 300, r);	/* ticks: calls and ms */
	scm(PAS, 1, 0, r);
	CHECK_EQ("irq_pas_first_call_succeeds", r[0], 0);
	scm(PAS, 1, 0, r);
	CHECK_EQ("irq_pas_busy_answers_sleep", r[0], FW_RET_WAITQ_SLEEP);
	CHECK_EQ("irq_sleep_names_wq_ctx", r[1], WQ(1));
	ctx = r[2];
	scm(RESUME, ctx, 0, r);
	CHECK_EQ("irq_early_resume_sleeps_again", r[0], FW_RET_WAITQ_SLEEP);
	for (ticks = 0; ticks < TICK_LIMIT && !spi_pending(); ticks++)
		scm(IOREAD, 0x100, 0, r);
	check("irq_spi_pending_after_release", spi_pending(), 0, 1);
	spi_clear();
	check("irq_spi_cleared", !spi_pending(), 1, 0);
	scm(GETWQ, 0, 0, r);
	CHECK_EQ("irq_get_wq_ctx_ret", r[0], 0);
	CHECK_EQ("irq_get_wq_ctx_wq", r[1], WQ(1));
	CHECK_EQ("irq_get_wq_ctx_flags", r[2], FW_WAKE_ONE);
	CHECK_EQ("irq_get_wq_ctx_more_pending", r[3], 0);
	scm(RESUME, ctx, 0, r);
	CHECK_EQ("irq_resume_completes_call", r[0], 0);
}

static uint64_t counter_now(void)
{
	uint64_t v;

	__asm__ volatile("isb; mrs %0, cntpct_el0" : "=r"(v));
	return v;
}

/* the EL3 tick timer releases a resource while we make no SCM call at all */
static void test_idle_release_by_timer(void)
{
	uint64_t r[8], ctx, freq, start;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(freq));
	scm(FWSET, FW_KEY_WAKE_MODE, FW_WAKE_MODE_IRQ, r);
	scm(FWSET, FW_KEY_PAS_DURATION, 100, r);
	scm(PAS, 3, 0, r);
	scm(PAS, 3, 0, r);
	CHECK_EQ("timer_pas_busy_answers_sleep", r[0], FW_RET_WAITQ_SLEEP);
	ctx = r[2];
	start = counter_now();
	while (!spi_pending() && counter_now() - start < 5 * freq)
		__asm__ volatile("yield");
	check("timer_releases_resource_while_idle", spi_pending(), 0, 1);
	spi_clear();
	scm(GETWQ, 0, 0, r);
	CHECK_EQ("timer_get_wq_ctx_wq", r[1], WQ(3));
	scm(RESUME, ctx, 0, r);
	CHECK_EQ("timer_resume_completes_call", r[0], 0);
	/* the holder's own resource is released by the timer too */
	start = counter_now();
	while (counter_now() - start < freq / 4)
		__asm__ volatile("yield");
	scm(PAS, 3, 0, r);
	CHECK_EQ("timer_resource_free_again", r[0], 0);
	start = counter_now();
	while (counter_now() - start < freq / 20)
		__asm__ volatile("yield");
	drain_wakes();
}

static void test_smc_park_wake(void)
{
	uint64_t r[8], ctx, ctx2;
	uint32_t ticks;

	scm(FWSET, FW_KEY_WAKE_MODE, FW_WAKE_MODE_SMC, r);
	CHECK_EQ("fakefw_set_wake_mode_smc", r[0], 0);
	scm(PAS, 2, 0, r);
	CHECK_EQ("smc_pas_first_call_succeeds", r[0], 0);
	scm(PAS, 2, 0, r);
	CHECK_EQ("smc_pas_busy_answers_sleep", r[0], FW_RET_WAITQ_SLEEP);
	ctx = r[2];
	/* a second waiter, so that the wake-up is not stale when it is sent */
	scm(PAS, 2, 0, r);
	CHECK_EQ("smc_pas_second_waiter_sleeps", r[0], FW_RET_WAITQ_SLEEP);
	ctx2 = r[2];
	/*
	 * Keep resuming: SLEEP again until the release, then WAKE. A fast call
	 * in between never carries the WAKE, even when one is pending.
	 */
	for (ticks = 0; ticks < TICK_LIMIT; ticks++) {
		scm(IOREAD, 0x100, 0, r);
		if (r[0] != 0)
			break;
		scm(RESUME, ctx, 0, r);
		if (r[0] != FW_RET_WAITQ_SLEEP)
			break;
	}
	CHECK_EQ("smc_resume_answered_wake", r[0], FW_RET_WAITQ_WAKE);
	CHECK_EQ("smc_wake_wq_ctx", r[1], WQ(2));
	CHECK_EQ("smc_wake_call_ctx", r[2], ctx);
	CHECK_EQ("smc_wake_flags", r[3], FW_WAKE_ONE);
	check("smc_no_spi_in_smc_mode", !spi_pending(), 1, 0);
	scm(ACK, ctx, 0, r);
	CHECK_EQ("smc_ack_gives_real_answer", r[0], 0);
	/*
	 * The last waiter: when the resource comes free it is the only call
	 * parked there, takes it on its own RESUME, and the wake-up that
	 * would name its now empty wait queue is dropped.
	 */
	for (ticks = 0; ticks < TICK_LIMIT; ticks++) {
		scm(RESUME, ctx2, 0, r);
		if (r[0] != FW_RET_WAITQ_SLEEP)
			break;
	}
	CHECK_EQ("smc_last_waiter_completes_without_stale_wake", r[0], 0);
	scm(FWSET, FW_KEY_WAKE_MODE, FW_WAKE_MODE_IRQ, r);
}

/* resume @ctx until the call ends; returns its answer */
static uint64_t resume_until_done(uint64_t ctx, uint64_t r[8])
{
	uint32_t ticks;

	for (ticks = 0; ticks < TICK_LIMIT; ticks++) {
		scm(RESUME, ctx, 0, r);
		if (r[0] != FW_RET_WAITQ_SLEEP)
			break;
	}
	return r[0];
}

static void drain_wakes(void)
{
	uint64_t r[8];
	unsigned n = 0;

	spi_clear();
	do
		scm(GETWQ, 0, 0, r);
	while (r[0] == 0 && r[3] && ++n < 64);
}

static void test_faults_and_modes(void)
{
	uint64_t r[8], ctx;

	scm(FWSET, FW_KEY_PAS_DURATION, 300, r);
	scm(FWSET, FW_KEY_FAULT, FW_FAULT_GETWQ_FAIL, r);
	CHECK_EQ("fakefw_set_fault", r[0], 0);
	scm(GETWQ, 0, 0, r);
	CHECK_EQ("fault_get_wq_ctx_fails", r[0], FW_RET_ERROR);

	scm(FWSET, FW_KEY_FAULT, FW_FAULT_SLEEP_BAD_WQ, r);
	scm(PAS, 5, 0, r);
	scm(PAS, 5, 0, r);
	CHECK_EQ("fault_sleep_bad_wq_sleeps", r[0], FW_RET_WAITQ_SLEEP);
	check("fault_sleep_bad_wq_unknown_wq", r[1] >= (uint64_t)wq_base + wq_nr, r[1],
	      (uint64_t)wq_base + wq_nr);
	ctx = r[2];
	CHECK_EQ("fault_sleep_bad_wq_resume_completes", resume_until_done(ctx, r), 0);
	scm(FWSET, FW_KEY_FAULT, FW_FAULT_NONE, r);

	scm(FWSET, FW_KEY_MULTI_CALL, 0, r);
	scm(PAS, 6, 0, r);
	scm(PAS, 6, 0, r);
	CHECK_EQ("no_multi_call_parks", r[0], FW_RET_WAITQ_SLEEP);
	ctx = r[2];
	scm(PAS, 7, 0, r);
	CHECK_EQ("no_multi_call_second_call_ebusy", r[0], FW_RET_EBUSY);
	CHECK_EQ("no_multi_call_resume_completes", resume_until_done(ctx, r), 0);
	scm(PAS, 7, 0, r);
	CHECK_EQ("no_multi_call_next_call_runs", r[0], 0);
	scm(FWSET, FW_KEY_MULTI_CALL, 1, r);
	drain_wakes();
}

/* calls real firmware refuses: wrong type, convention or argument count */
static void test_abi_refusals(void)
{
	uint64_t r[8], before;

	scm(FWGET, CNT_ABI_VIOLATIONS, 0, r);
	before = r[1];
	smc(FW_SIP_FAST64(FW_SVC_WAITQ, FW_WAITQ_RESUME), FW_ARGS(1), FW_CTX_BASE, 0, r);
	CHECK_EQ("abi_fast_resume_eopnotsupp", r[0], FW_RET_EOPNOTSUPP);
	smc(GETINFO & ~FW_SMC_64, FW_ARGS(0), 0, 0, r);
	CHECK_EQ("abi_smc32_get_info_eopnotsupp", r[0], FW_RET_EOPNOTSUPP);
	smc(GETINFO, FW_ARGS(1), 0, 0, r);
	CHECK_EQ("abi_get_info_one_arg_einval", r[0], FW_RET_EINVAL_ARG);
	smc(FW_SIP_STD64(FW_SVC_IO, FW_IO_READ), FW_ARGS(1), 0x1000, 0, r);
	CHECK_EQ("abi_standard_io_read_eopnotsupp", r[0], FW_RET_EOPNOTSUPP);
	scm(FWGET, CNT_ABI_VIOLATIONS, 0, r);
	CHECK_EQ("abi_violations_counted", r[1] - before, 4);
}

void payload_main(uint64_t dtb)
{
	uint64_t r[8], el, want_nr_wq = 16, want_spi = 200;

	__asm__ volatile("mrs %0, CurrentEL" : "=r"(el));
	el = (el >> 2) & 3;
	print("\nsmoke: payload running at EL%d, x0 = %x\n", el, dtb);
	check("current_el_is_1_or_2", el == 1 || el == 2, el, 1);
	CHECK_EQ("dtb_at_x0", *(volatile uint32_t *)(uintptr_t)dtb, DTB_MAGIC_LE);

	smc(PSCI_VERSION, 0, 0, 0, r);
	CHECK_EQ("psci_version_1_0", r[0], 0x10000);
	smc(PSCI_FEATURES, PSCI_CPU_ON64, 0, 0, r);
	CHECK_EQ("psci_features_cpu_on", r[0], 0);
	smc(PSCI_FEATURES, PSCI_CPU_SUSPEND, 0, 0, r);
	CHECK_EQ("psci_features_cpu_suspend_unsupported", (uint32_t)r[0], 0xffffffffu);
	smc(SMCCC_VERSION, 0, 0, 0, r);
	CHECK_EQ("smccc_version_1_1", r[0], 0x10001);

	/* the kernel's calling-convention probe */
	smc(0xC2000601u, 1, 0x02000601u, 0, r);
	CHECK_EQ("scm_convention_probe_ret", r[0], 0);
	CHECK_EQ("scm_convention_probe_avail", r[1], 1);
	scm(FW_SIP_STD64(FW_SVC_INFO, FW_INFO_IS_CALL_AVAIL),
	    0x02000000u | FW_FNID(FW_SVC_WAITQ, FW_WAITQ_GET_INFO), 0, r);
	CHECK_EQ("scm_is_call_avail_get_info", r[1], 1);

	if (*(volatile uint32_t *)EXPECT_NR_WQ_ADDR) {
		want_nr_wq = *(volatile uint32_t *)EXPECT_NR_WQ_ADDR;
		want_spi = *(volatile uint32_t *)EXPECT_SPI_ADDR;
		wq_base = *(volatile uint32_t *)EXPECT_WQ_BASE_ADDR;
		print("smoke: firmware configured by the runner: expecting %d wait queues, SPI %d, wq_ctx from %d\n",
		      want_nr_wq, want_spi, (uint64_t)wq_base);
	}
	scm(GETINFO, 0, 0, r);
	CHECK_EQ("waitq_get_info_ret", r[0], 0);
	CHECK_EQ("waitq_get_info_nr_wq", r[1] & 0xff, want_nr_wq);
	CHECK_EQ("waitq_get_info_intid", r[2] & 0xffff, want_spi + 32);
	wq_spi = (uint32_t)(r[2] & 0xffff) - 32;
	if (r[1] & 0xff)
		wq_nr = (uint32_t)(r[1] & 0xff);

	scm(IOWRITE, 0x1000, 0xcafef00d, r);
	CHECK_EQ("io_write", r[0], 0);
	scm(IOREAD, 0x1000, 0, r);
	CHECK_EQ("io_read_ret", r[0], 0);
	CHECK_EQ("io_read_value", r[1], 0xcafef00d);

	test_irq_park_wake();
	test_smc_park_wake();
	test_idle_release_by_timer();
	test_faults_and_modes();
	test_abi_refusals();
	test_multi_cpu();

	CHECK_EQ("x4_x7_preserved", clobbered, 0);
	print("smoke: %d passed, %d failed\n", (uint64_t)passed, (uint64_t)failed);
	if (*(volatile uint32_t *)RESET_FLAG_ADDR == 1) {
		print("smoke: SYSTEM_RESET\n");
		smc(PSCI_SYSTEM_RESET, 0, 0, 0, r);
		print("FAIL smoke/system_reset_returned\n");
		return;
	}
	print("smoke: SYSTEM_OFF\n");
	smc(PSCI_SYSTEM_OFF, 0, 0, 0, r);
	print("FAIL smoke/system_off_returned\n");
}
