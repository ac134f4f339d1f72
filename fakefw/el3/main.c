// SPDX-License-Identifier: GPL-2.0
/*
 * fakefw EL3 monitor for QEMU virt (secure=on, gic-version=3): boots the
 * CPUs, sets up the GIC and EL3 for the normal world, enters it at
 * NS_ENTRY_ADDR (EL1, or EL2 with FAKEFW_NS_EL2=1) and serves its SMCs:
 * PSCI/SMCCC (psci.c) and the Qualcomm SCM SIP calls (the core).
 */
#include "el3.h"
#include "fw_core.h"

#define SCR_NS		(1u << 0)
#define SCR_RES1	(3u << 4)
#define SCR_FIQ		(1u << 2)
#define SCR_HCE		(1u << 8)
#define SCR_RW		(1u << 10)
#define SPSR_EL1H	0x3c5u		/* DAIF masked, EL1h */
#define SPSR_EL2H	0x3c9u		/* DAIF masked, EL2h */
#define SCTLR_EL1_RES1	0x30d00800ul
#define SCTLR_EL2_RES1	0x30c50830ul

#ifndef FAKEFW_TRACE
#define FAKEFW_TRACE	0		/* 1: print every SCM call on the secure UART */
#endif
/* build-time defaults of the core's configuration (make EXTRA_CFLAGS=-D...) */
#ifndef FAKEFW_NR_CALLS
#define FAKEFW_NR_CALLS		16
#endif
#ifndef FAKEFW_NR_WQ
#define FAKEFW_NR_WQ		16
#endif
#ifndef FAKEFW_WAKE_MODE
#define FAKEFW_WAKE_MODE	FW_WAKE_MODE_IRQ
#endif
#ifndef FAKEFW_MULTI_CALL
#define FAKEFW_MULTI_CALL	1
#endif
#ifndef FAKEFW_FAULT
#define FAKEFW_FAULT		FW_FAULT_NONE
#endif
#ifndef FAKEFW_SPI
#define FAKEFW_SPI		200
#endif
#ifndef FAKEFW_RELEASE_FLAGS
#define FAKEFW_RELEASE_FLAGS	FW_WAKE_ONE
#endif
#ifndef FAKEFW_TICK_US
#define FAKEFW_TICK_US		1000	/* EL3 timer tick; 0: time advances only with calls */
#endif
#ifndef FAKEFW_PAS_DURATION
#define FAKEFW_PAS_DURATION	8	/* SCM calls (any CPU) a PAS resource stays busy */
#endif

static struct fw fw;
static spinlock_t fw_lock_word;
static int ns_el2;
static uint64_t tick_cycles;	/* counter cycles per EL3 tick, 0: no timer */
static uint64_t timer_ticks;	/* ticks that came from the counter */

#define SECURE_TIMER_PPI	29	/* CNTPS: PPI 13 */

static void time_sync(void);

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

unsigned el3_cpu_index(void)
{
	uint64_t mpidr = read_sysreg(mpidr_el1);

	return (unsigned)(((mpidr >> 8) & 0xff) * 8 + (mpidr & 0xff));
}

uint64_t el3_stack_of(unsigned cpu)
{
	return (uint64_t)(uintptr_t)__stack_top - (uint64_t)cpu * EL3_STACK_SIZE;
}

static int el2_implemented(void)
{
	return ((read_sysreg(id_aa64pfr0_el1) >> 8) & 0xf) != 0;
}

/* EL3 state this CPU needs before it first enters the normal world */
void el3_cpu_setup(void)
{
	uint64_t scr = SCR_NS | SCR_RES1 | SCR_RW;

	if (ns_el2)
		scr |= SCR_HCE;
	scr |= SCR_FIQ;		/* Group 0 (tick timer, wake-up SGI) is EL3's */
	write_sysreg(scr_el3, scr);
	write_sysreg(cptr_el3, 0);		/* no FP/SIMD, trace, AMU traps */
	write_sysreg(mdcr_el3, 0);
	isb();
	gic_cpu_init();

	if (el2_implemented()) {
		/* identity for EL1, no timer traps, AArch64 EL1 */
		write_sysreg(vpidr_el2, read_sysreg(midr_el1));
		write_sysreg(vmpidr_el2, read_sysreg(mpidr_el1));
		write_sysreg(cntvoff_el2, 0);
		write_sysreg(cnthctl_el2, 3);	/* EL1PCTEN | EL1PCEN */
		write_sysreg(cptr_el2, 0x33ff);	/* RES1 bits, no traps */
		write_sysreg(hcr_el2, 1ul << 31);	/* RW */
		write_sysreg(sctlr_el2, SCTLR_EL2_RES1);
	}
	write_sysreg(sctlr_el1, SCTLR_EL1_RES1);
	isb();
}

void el3_enter_next(uint64_t entry, uint64_t arg0)
{
	unsigned cpu = el3_cpu_index();

	el3_enter_ns(entry, arg0, ns_el2 ? SPSR_EL2H : SPSR_EL1H,
		     el3_stack_of(cpu));
}

/* secure PL061: line 0 -> gpio-pwr "shutdown", line 1 -> "reset" */
#define GPIODIR		0x400
static void secure_gpio_raise(unsigned line)
{
	mmio_write32(SECURE_GPIO_BASE + (4u << line), 0);
	mmio_write32(SECURE_GPIO_BASE + GPIODIR,
		     mmio_read32(SECURE_GPIO_BASE + GPIODIR) | (1u << line));
	mmio_write32(SECURE_GPIO_BASE + (4u << line), 1u << line);
	dsb();
}

/*
 * The end-to-end harness parses the counters line after the machine went
 * off, so it is printed whole by one con_printf (under the console lock:
 * no other CPU's output can land inside it) and its form comes from
 * fw_counters_format(). Before fw_init (a config error) it reads all zeros.
 */
static void print_counters(void)
{
	struct fw_counters c;
	char line[FW_COUNTERS_TEXT_MAX];

	fw_get_counters(&fw, &c);
	fw_counters_format(&c, line, sizeof(line));
	con_printf("fakefw: timer ticks %lu\n", timer_ticks);
	con_printf("fakefw: counters %s\n", line);
}

void el3_system_off(void)
{
	print_counters();
	con_puts("fakefw: SYSTEM_OFF via secure GPIO line 0\n");
	secure_gpio_raise(SECURE_GPIO_POWEROFF);
	for (;;)
		wfi();
}

void el3_system_reset(void)
{
	print_counters();
	con_puts("fakefw: SYSTEM_RESET via secure GPIO line 1\n");
	/* secondaries must not trust the flag of this boot after the reset */
	__atomic_store_n(&el3_boot_done, 0, __ATOMIC_SEQ_CST);
	secure_gpio_raise(SECURE_GPIO_RESET);
	for (;;)
		wfi();
}

void el3_smc_handler(struct smc_frame *f)
{
	uint32_t fn = (uint32_t)f->x[0];
	unsigned owner = (fn >> 24) & 0x3f;
	uint64_t out[4];

	switch (owner) {
	case 0:		/* Arm architecture calls */
	case 4:		/* standard secure service: PSCI */
		psci_handle(f, el3_cpu_index());
		break;
	case 2:		/* SiP: Qualcomm SCM */
		time_sync();
		fw_smc(&fw, f->x, out);
		if (FAKEFW_TRACE)
			con_printf("scm[%u] %x(%lx, %lx) -> %lx %lx %lx %lx\n",
				   el3_cpu_index(), fn, f->x[2], f->x[3],
				   out[0], out[1], out[2], out[3]);
		f->x[0] = out[0];
		f->x[1] = out[1];
		f->x[2] = out[2];
		f->x[3] = out[3];
		break;
	default:
		f->x[0] = ~0ull;	/* SMCCC: unknown function */
		break;
	}
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

static void tick_timer_start(void)
{
	uint64_t freq = read_sysreg(cntfrq_el0);

	tick_cycles = freq * FAKEFW_TICK_US / 1000000u;
	if (!FAKEFW_TICK_US || !tick_cycles) {
		tick_cycles = 0;
		return;
	}
	gic_enable_group0_ppi(SECURE_TIMER_PPI);
	next_tick = counter_now() + tick_cycles;
	tick_timer_program();
}

/* acknowledge and handle one Group 0 interrupt; 0 when none was pending */
int el3_group0_handle_one(void)
{
	uint32_t iar = (uint32_t)read_sysreg(S3_0_C12_C8_0);	/* ICC_IAR0_EL1 */

	if (iar >= 1020)
		return 0;			/* spurious: nothing pending */
	if (iar == SECURE_TIMER_PPI && tick_cycles) {
		time_sync();
		tick_timer_program();
	}
	/* EL3_WAKE_SGI needs nothing: being woken was the point */
	write_sysreg(S3_0_C12_C8_1, iar);			/* ICC_EOIR0_EL1 */
	isb();
	return 1;
}

void el3_fiq_handler(void)
{
	el3_group0_handle_one();
}

void el3_unexpected(uint64_t kind)
{
	con_printf("fakefw: unexpected exception %lu on cpu %u: ESR %lx ELR %lx FAR %lx SPSR %lx\n",
		   kind, el3_cpu_index(), read_sysreg(esr_el3), read_sysreg(elr_el3),
		   read_sysreg(far_el3), read_sysreg(spsr_el3));
}

/*
 * Per-run configuration: -fw_cfg name=opt/scm-waitq/config,string=... is
 * applied on top of the build-time defaults, so one firmware binary serves
 * every scenario of the end-to-end harness. A string the firmware cannot
 * apply in full powers the machine off: a run with some other
 * configuration than the one asked for would only give misleading results.
 */
#define CONFIG_FILE		"opt/scm-waitq/config"
#define CONFIG_TEXT_MAX		512
static char config_text[CONFIG_TEXT_MAX + 1];

static void __attribute__((noreturn)) config_fail(const char *msg)
{
	con_printf("fakefw: config error: %s\n", msg);
	el3_system_off();
}

static void config_load(struct fw_config *cfg)
{
	char err[FW_CONFIG_ERR_MAX];
	uint32_t size, spi = cfg->spi, i;
	int ret;

	ret = fwcfg_read_file(CONFIG_FILE, config_text, sizeof(config_text), &size);
	if (ret == FWCFG_ABSENT) {
		con_puts("fakefw: config: build defaults (no fw_cfg device)\n");
		return;
	}
	if (ret == FWCFG_NO_FILE) {
		con_puts("fakefw: config: build defaults\n");
		return;
	}
	if (size > CONFIG_TEXT_MAX) {
		con_printf("fakefw: config error: fw_cfg " CONFIG_FILE " is %u bytes, at most %u\n",
			   size, CONFIG_TEXT_MAX);
		el3_system_off();
	}
	ret = fw_config_parse(cfg, config_text, size, err, sizeof(err));
	/* echo it on one line: separators and anything unprintable as spaces */
	for (i = 0; i < size && config_text[i]; i++)
		if (config_text[i] < 0x20 || config_text[i] > 0x7e)
			config_text[i] = ' ';
	con_printf("fakefw: config from fw_cfg: %s\n", config_text);
	if (ret)
		config_fail(err);
	/* the build default is clamped below; a value asked for is not */
	if (cfg->spi != spi && cfg->spi >= gic_nr_spis()) {
		con_printf("fakefw: config error: spi %u, but the GIC has SPIs 0..%u\n",
			   cfg->spi, gic_nr_spis() - 1);
		el3_system_off();
	}
}

void el3_primary_main(unsigned cpu)
{
	static const struct fw_platform plat = {
		plat_lock, plat_unlock, plat_raise_irq, &fw_lock_word,
	};
	struct fw_config cfg;
	unsigned nr_cpus;

	con_puts("\nfakefw: EL3 monitor starting\n");
	ns_el2 = FAKEFW_NS_EL2;
	if (ns_el2 && !el2_implemented()) {
		con_puts("fakefw: EL2 variant but EL2 not implemented (virtualization=on?): entering EL1\n");
		ns_el2 = 0;
	}
	gic_init();
	nr_cpus = gic_nr_redists();
	if (nr_cpus > MAX_CPUS)
		nr_cpus = MAX_CPUS;
	psci_init(nr_cpus);

	fw_config_default(&cfg);
	cfg.nr_calls = FAKEFW_NR_CALLS;
	cfg.nr_wq = FAKEFW_NR_WQ;
	cfg.wake_mode = FAKEFW_WAKE_MODE;
	cfg.multi_call = FAKEFW_MULTI_CALL;
	cfg.fault = FAKEFW_FAULT;
	cfg.spi = FAKEFW_SPI;
	cfg.release_flags = FAKEFW_RELEASE_FLAGS;
	cfg.pas_duration = FAKEFW_PAS_DURATION;
	cfg.tick_per_call = 1;		/* time advances with every SCM call */
	config_load(&cfg);
	if (cfg.spi >= gic_nr_spis())
		cfg.spi = gic_nr_spis() - 1;
	fw_init(&fw, &cfg, &plat);

	/* what the core uses, after clamping, in the form the parser reads */
	fw_config_format(&fw.cfg, config_text, sizeof(config_text));
	con_printf("fakefw: config %s\n", config_text);

	con_printf("fakefw: %u cpus, %u SPIs, wait-queue SPI %u, %u wait queues, %u call contexts, next stage EL%u at %lx\n",
		   nr_cpus, gic_nr_spis(), fw.cfg.spi, fw.cfg.nr_wq, fw.cfg.nr_calls,
		   ns_el2 ? 2u : 1u, NS_ENTRY_ADDR);
	con_printf("fakefw: GICD_TYPER %x (MBIS %u)\n", gic_typer(), (gic_typer() >> 16) & 1);
	con_printf("fakefw: wake mode %s, multi-call %u, fault %u, release flags %u, PAS busy %u calls\n",
		   fw.cfg.wake_mode == FW_WAKE_MODE_SMC ? "smc-return" : "irq",
		   fw.cfg.multi_call, fw.cfg.fault, fw.cfg.release_flags,
		   fw.cfg.pas_duration);

	tick_timer_start();
	con_printf("fakefw: EL3 tick timer %s (%u us, %lu counter cycles)\n",
		   tick_cycles ? "on" : "off", (unsigned)FAKEFW_TICK_US, tick_cycles);

	__atomic_store_n(&el3_boot_done, 1, __ATOMIC_RELEASE);
	dsb();
	sev();

	el3_cpu_setup();
	(void)cpu;
	el3_enter_next(NS_ENTRY_ADDR, NS_DTB_ADDR);
}

void el3_secondary_main(unsigned cpu)
{
	psci_cpu_wait_on(cpu);
}
