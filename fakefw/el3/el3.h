/* SPDX-License-Identifier: GPL-2.0 */
/* fakefw EL3 monitor: shared definitions */
#ifndef FAKEFW_EL3_H
#define FAKEFW_EL3_H

#include <stdint.h>

/* QEMU virt memory map (secure=on, gic-version=3) */
#define GICD_BASE		0x08000000ul
#define GICR_BASE		0x080a0000ul
#define GICR_STRIDE		0x20000ul
#define UART0_BASE		0x09000000ul	/* normal world PL011 */
#define FW_CFG_BASE		0x09020000ul	/* QEMU fw_cfg, MMIO interface */
#define UART_SECURE_BASE	0x09040000ul	/* secure PL011 (second -serial) */
#define SECURE_GPIO_BASE	0x090b0000ul	/* secure PL061 -> gpio-pwr */
#define SECURE_GPIO_POWEROFF	0		/* gpio-pwr "shutdown" */
#define SECURE_GPIO_RESET	1		/* gpio-pwr "reset" */
#define NS_DTB_ADDR		0x40000000ul	/* QEMU puts the DTB at the RAM base */
#define NS_ENTRY_ADDR		0x40200000ul

#define MAX_CPUS		8
#define EL3_WAKE_SGI		8	/* Group 0 SGI that wakes a CPU parked in EL3 */
#define EL3_STACK_SIZE		0x4000

#ifndef FAKEFW_NS_EL2
#define FAKEFW_NS_EL2		0
#endif

#define mmio_read32(a)		(*(volatile uint32_t *)(uintptr_t)(a))
#define mmio_write32(a, v)	(*(volatile uint32_t *)(uintptr_t)(a) = (uint32_t)(v))
#define mmio_read64(a)		(*(volatile uint64_t *)(uintptr_t)(a))

#define read_sysreg(r) ({ uint64_t __v; __asm__ volatile("mrs %0, " #r : "=r"(__v)); __v; })
#define write_sysreg(r, v) __asm__ volatile("msr " #r ", %0" :: "r"((uint64_t)(v)) : "memory")
#define isb()	__asm__ volatile("isb" ::: "memory")
#define dsb()	__asm__ volatile("dsb sy" ::: "memory")
#define sev()	__asm__ volatile("sev" ::: "memory")
#define wfe()	__asm__ volatile("wfe" ::: "memory")
#define wfi()	__asm__ volatile("wfi" ::: "memory")

/* spinlock: ldaxr/stxr with acquire, stlr release */
typedef struct { volatile uint32_t v; } spinlock_t;

static inline void spin_lock(spinlock_t *l)
{
	uint32_t tmp;

	__asm__ volatile(
	"	sevl\n"
	"1:	wfe\n"
	"2:	ldaxr	%w0, [%1]\n"
	"	cbnz	%w0, 1b\n"
	"	stxr	%w0, %w2, [%1]\n"
	"	cbnz	%w0, 2b\n"
	: "=&r"(tmp) : "r"(&l->v), "r"(1u) : "memory");
}

static inline void spin_unlock(spinlock_t *l)
{
	__asm__ volatile("stlr wzr, [%0]" :: "r"(&l->v) : "memory");
}

/* saved by vectors.S on an SMC from a lower EL */
struct smc_frame {
	uint64_t x[19];	/* x0..x18 */
	uint64_t lr;	/* x30 */
};

/* start.S / vectors.S */
void el3_enter_ns(uint64_t entry, uint64_t arg0, uint64_t spsr, uint64_t sp) __attribute__((noreturn));
void el3_call_on_stack(uint64_t sp, unsigned arg, void (*fn)(unsigned)) __attribute__((noreturn));
extern volatile uint32_t el3_boot_done;
extern char __stack_top[];

/* console.c */
void con_putc(char c);
void con_puts(const char *s);
void con_printf(const char *fmt, ...);
void *memset(void *d, int c, unsigned long n);
void *memcpy(void *d, const void *s, unsigned long n);

/* gic.c */
void gic_init(void);
unsigned gic_nr_redists(void);
unsigned gic_nr_spis(void);
uint32_t gic_typer(void);
void gic_enable_group0_ppi(uint32_t intid);
void gic_send_wake_sgi(uint64_t mpidr);
void gic_cpu_init(void);
void gic_set_spi_pending(uint32_t spi);

/* fwcfg.c */
#define FWCFG_OK		0
#define FWCFG_ABSENT		(-1)	/* no fw_cfg device (bad signature) */
#define FWCFG_NO_FILE		(-2)	/* device, but no file of that name */
/*
 * Reads the fw_cfg file @name into buf (at most cap - 1 bytes, then a NUL)
 * and its full size into *size, which may be more than was read.
 */
int fwcfg_read_file(const char *name, char *buf, uint32_t cap, uint32_t *size);

/*
 * The files call each other top-down only, never back:
 *   start.S, vectors.S -> main.c -> psci.c -> cpu.c -> scm.c -> core/
 * and down to gic.c, fwcfg.c and console.c (main.c also calls cpu.c and
 * scm.c directly). main.c defines only what the assembly enters; the two
 * helpers of start.S that C calls (el3_enter_ns, el3_call_on_stack) call
 * no C function by name.
 */

/* psci.c */
void psci_init(unsigned nr_cpus);
void psci_handle(struct smc_frame *f, unsigned cpu);
void psci_cpu_wait_on(unsigned cpu) __attribute__((noreturn));

/* cpu.c */
unsigned el3_cpu_index(void);
uint64_t el3_stack_of(unsigned cpu);
unsigned el3_next_el_init(void);
void el3_release_secondaries(void);
void el3_cpu_setup(void);
void el3_enter_next(uint64_t entry, uint64_t arg0) __attribute__((noreturn));
int el3_group0_handle_one(void);
void el3_system_off(void) __attribute__((noreturn));
void el3_system_reset(void) __attribute__((noreturn));

/* scm.c */
#define SCM_TIMER_PPI		29	/* CNTPS (PPI 13): the EL3 tick timer */
struct fw_config;
void scm_init(const struct fw_config *cfg);
const struct fw_config *scm_config(void);
void scm_timer_start(void);
void scm_timer_irq(void);
void scm_smc(const uint64_t in[8], uint64_t out[4]);
void scm_print_counters(void);

/* main.c: el3_primary_main, el3_secondary_main, el3_smc_handler,
 * el3_fiq_handler and el3_unexpected, entered from start.S and vectors.S */
#endif
