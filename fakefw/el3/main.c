// SPDX-License-Identifier: GPL-2.0
/*
 * fakefw EL3 monitor for QEMU virt (secure=on, gic-version=3): boots the
 * CPUs, sets up the GIC and EL3 for the normal world, enters it at
 * NS_ENTRY_ADDR (EL1, or EL2 with FAKEFW_NS_EL2=1) and serves its SMCs:
 * PSCI/SMCCC (psci.c) and the Qualcomm SCM SIP calls (scm.c).
 *
 * The files call each other top-down only: main.c -> psci.c -> cpu.c ->
 * scm.c (see el3.h).
 */
#include "el3.h"
#include "fw_core.h"

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
#ifndef FAKEFW_PAS_DURATION
#define FAKEFW_PAS_DURATION	8	/* SCM calls (any CPU) a PAS resource stays busy */
#endif

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
		scm_smc(f->x, out);
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
	const struct fw_config *fc;
	struct fw_config cfg;
	unsigned nr_cpus, next_el;

	con_puts("\nfakefw: EL3 monitor starting\n");
	next_el = el3_next_el_init();
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
	scm_init(&cfg);
	fc = scm_config();

	/* what the core uses, after clamping, in the form the parser reads */
	fw_config_format(fc, config_text, sizeof(config_text));
	con_printf("fakefw: config %s\n", config_text);

	con_printf("fakefw: %u cpus, %u SPIs, wait-queue SPI %u (INTID %u), %u wait queues, %u call contexts, next stage EL%u at %lx\n",
		   nr_cpus, gic_nr_spis(), fc->spi, FW_SPI_INTID(fc->spi), fc->nr_wq,
		   fc->nr_calls, next_el, NS_ENTRY_ADDR);
	con_printf("fakefw: GICD_TYPER %x (MBIS %u)\n", gic_typer(), (gic_typer() >> 16) & 1);
	con_printf("fakefw: wake mode %s, multi-call %u, fault %u, release flags %u, PAS busy %u calls\n",
		   fc->wake_mode == FW_WAKE_MODE_SMC ? "smc-return" : "irq",
		   fc->multi_call, fc->fault, fc->release_flags, fc->pas_duration);

	scm_timer_start();

	el3_release_secondaries();
	el3_cpu_setup();
	(void)cpu;
	el3_enter_next(NS_ENTRY_ADDR, NS_DTB_ADDR);
}

void el3_secondary_main(unsigned cpu)
{
	psci_cpu_wait_on(cpu);
}
