// SPDX-License-Identifier: GPL-2.0
/*
 * fakefw EL3: per-CPU helpers of the monitor, shared by the boot path
 * (main.c) and PSCI (psci.c): CPU index and stack, the EL3 state a CPU
 * needs before it enters the normal world, the entry itself, Group 0
 * interrupts taken at EL3, and system off/reset through the secure GPIO.
 * Calls down only: gic.c, console.c and the SCM service (scm.c).
 */
#include "el3.h"

#define SCR_NS		(1u << 0)
#define SCR_RES1	(3u << 4)
#define SCR_FIQ		(1u << 2)
#define SCR_HCE		(1u << 8)
#define SCR_RW		(1u << 10)
#define SPSR_EL1H	0x3c5u		/* DAIF masked, EL1h */
#define SPSR_EL2H	0x3c9u		/* DAIF masked, EL2h */
#define SCTLR_EL1_RES1	0x30d00800ul
#define SCTLR_EL2_RES1	0x30c50830ul

static int ns_el2;

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

/* the EL the normal world is entered at: EL2 if built so and present */
unsigned el3_next_el_init(void)
{
	ns_el2 = FAKEFW_NS_EL2;
	if (ns_el2 && !el2_implemented()) {
		con_puts("fakefw: EL2 variant but EL2 not implemented (virtualization=on?): entering EL1\n");
		ns_el2 = 0;
	}
	return ns_el2 ? 2 : 1;
}

/* the boot CPU is done with the shared setup: the others may go on */
void el3_release_secondaries(void)
{
	__atomic_store_n(&el3_boot_done, 1, __ATOMIC_RELEASE);
	dsb();
	sev();
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

/* acknowledge and handle one Group 0 interrupt; 0 when none was pending */
int el3_group0_handle_one(void)
{
	uint32_t iar = (uint32_t)read_sysreg(S3_0_C12_C8_0);	/* ICC_IAR0_EL1 */

	if (iar >= 1020)
		return 0;			/* spurious: nothing pending */
	if (iar == SCM_TIMER_PPI)
		scm_timer_irq();
	/* EL3_WAKE_SGI needs nothing: being woken was the point */
	write_sysreg(S3_0_C12_C8_1, iar);			/* ICC_EOIR0_EL1 */
	isb();
	return 1;
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

void el3_system_off(void)
{
	scm_print_counters();
	con_puts("fakefw: SYSTEM_OFF via secure GPIO line 0\n");
	secure_gpio_raise(SECURE_GPIO_POWEROFF);
	for (;;)
		wfi();
}

void el3_system_reset(void)
{
	scm_print_counters();
	con_puts("fakefw: SYSTEM_RESET via secure GPIO line 1\n");
	/* secondaries must not trust the flag of this boot after the reset */
	__atomic_store_n(&el3_boot_done, 0, __ATOMIC_SEQ_CST);
	secure_gpio_raise(SECURE_GPIO_RESET);
	for (;;)
		wfi();
}
