// SPDX-License-Identifier: GPL-2.0
/*
 * fakefw EL3: the Qualcomm SCM service. Holds the core (core/fw_core.c)
 * with its platform hooks (spinlock, wake-up SPI, secure console) and its
 * modelled time, which follows the generic counter through the EL3 tick
 * timer and every SCM call. Calls down only: gic.c and console.c.
 */
#include "el3.h"
#include "fw_core.h"

#ifndef FAKEFW_TICK_US
#define FAKEFW_TICK_US		1000	/* EL3 timer tick; 0: time advances only with calls */
#endif

static struct fw fw;
static spinlock_t fw_lock_word;
static uint64_t tick_cycles;	/* counter cycles per EL3 tick, 0: no timer */
static uint64_t timer_ticks;	/* ticks that came from the counter */

static void plat_lock(void *arg)
{
	spin_lock(arg);
}

static void plat_unlock(void *arg)
{
	spin_unlock(arg);
}

static void plat_raise_irq(void *arg, uint32_t spi)
{
	(void)arg;
	gic_set_spi_pending(spi);
}

/* under the core's lock; the console has a lock of its own, taken inside */
static void plat_log(void *arg, const char *msg)
{
	(void)arg;
	con_printf("fakefw: %s\n", msg);
}

void scm_init(const struct fw_config *cfg)
{
	static const struct fw_platform plat = {
		.lock = plat_lock,
		.unlock = plat_unlock,
		.raise_irq = plat_raise_irq,
		.arg = &fw_lock_word,
		.log = plat_log,
	};

	fw_init(&fw, cfg, &plat);
}

/* what the core uses, after fw_init's clamping */
const struct fw_config *scm_config(void)
{
	return &fw.cfg;
}

/*
 * Modelled time follows the counter: one tick per FAKEFW_TICK_US, counted
 * from absolute deadlines, so a late FIQ (QEMU on a loaded host) loses no
 * time. Every SCM call first brings time up to date; the secure physical
 * timer of the boot CPU (a Group 0 FIQ taken to EL3) does it while the
 * normal world makes no calls at all.
 */
static uint64_t next_tick;
static spinlock_t time_lock;

static uint64_t counter_now(void)
{
	isb();
	return read_sysreg(cntpct_el0);
}

static void time_sync(void)
{
	uint64_t now, n = 0;

	if (!tick_cycles)
		return;
	spin_lock(&time_lock);
	now = counter_now();
	if (now >= next_tick) {
		n = (now - next_tick) / tick_cycles + 1;
		next_tick += n * tick_cycles;
	}
	spin_unlock(&time_lock);
	if (n) {
		__atomic_fetch_add(&timer_ticks, n, __ATOMIC_RELAXED);
		fw_tick(&fw, n);
	}
}

static void tick_timer_program(void)
{
	write_sysreg(cntps_cval_el1, __atomic_load_n(&next_tick, __ATOMIC_RELAXED));
	write_sysreg(cntps_ctl_el1, 1);		/* enabled, not masked */
	isb();
}

/* on the boot CPU, once */
void scm_timer_start(void)
{
	uint64_t freq = read_sysreg(cntfrq_el0);

	tick_cycles = freq * FAKEFW_TICK_US / 1000000u;
	if (!FAKEFW_TICK_US || !tick_cycles) {
		tick_cycles = 0;
	} else {
		gic_enable_group0_ppi(SCM_TIMER_PPI);
		next_tick = counter_now() + tick_cycles;
		tick_timer_program();
	}
	con_printf("fakefw: EL3 tick timer %s (%u us, %lu counter cycles)\n",
		   tick_cycles ? "on" : "off", (unsigned)FAKEFW_TICK_US, tick_cycles);
}

/* the tick timer's FIQ (SCM_TIMER_PPI), acknowledged by the caller */
void scm_timer_irq(void)
{
	if (!tick_cycles)
		return;
	time_sync();
	tick_timer_program();
}

/* one SIP call: in[0..7] = x0..x7, out[0..3] = x0..x3 */
void scm_smc(const uint64_t in[8], uint64_t out[4])
{
	time_sync();
	fw_smc(&fw, in, out);
}

/*
 * The end-to-end harness parses the counters line after the machine went
 * off, so it is printed whole by one con_printf (under the console lock:
 * no other CPU's output can land inside it) and its form comes from
 * fw_counters_format(). Before scm_init (a config error) it reads all zeros.
 */
void scm_print_counters(void)
{
	struct fw_counters c;
	char line[FW_COUNTERS_TEXT_MAX];

	fw_get_counters(&fw, &c);
	fw_counters_format(&c, line, sizeof(line));
	con_printf("fakefw: timer ticks %lu\n", timer_ticks);
	con_printf("fakefw: counters %s\n", line);
}
