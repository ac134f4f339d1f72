// SPDX-License-Identifier: GPL-2.0
/*
 * fakefw EL3: PSCI 1.0 subset and the SMCCC arch calls.
 * VERSION, FEATURES, CPU_ON, CPU_OFF, AFFINITY_INFO, MIGRATE_INFO_TYPE,
 * SYSTEM_OFF, SYSTEM_RESET; SMCCC_VERSION, SMCCC_ARCH_FEATURES.
 * Calls down only: cpu.c (CPU setup and entry, Group 0 interrupts, system
 * off/reset) and gic.c.
 */
#include "el3.h"

#define PSCI_VERSION		0x84000000u
#define PSCI_CPU_SUSPEND	0x84000001u
#define PSCI_CPU_OFF		0x84000002u
#define PSCI_CPU_ON		0x84000003u
#define PSCI_AFFINITY_INFO	0x84000004u
#define PSCI_MIGRATE_INFO_TYPE	0x84000006u
#define PSCI_SYSTEM_OFF		0x84000008u
#define PSCI_SYSTEM_RESET	0x84000009u
#define PSCI_FEATURES		0x8400000au
#define PSCI_64(fn)		((fn) | 0x40000000u)
#define SMCCC_VERSION		0x80000000u
#define SMCCC_ARCH_FEATURES	0x80000001u

#define PSCI_SUCCESS		0
#define PSCI_NOT_SUPPORTED	(-1)
#define PSCI_INVALID_PARAMS	(-2)
#define PSCI_ALREADY_ON		(-4)
#define PSCI_ON_PENDING		(-5)

enum { CPU_ON = 0, CPU_OFF = 1, CPU_ON_PENDING = 2 };

struct cpu_state {
	volatile uint32_t state;
	uint64_t entry;
	uint64_t context;
};

static struct cpu_state cpus[MAX_CPUS];
static spinlock_t psci_lock;
static unsigned psci_nr_cpus;

void psci_init(unsigned nr_cpus)
{
	unsigned i;

	psci_nr_cpus = nr_cpus;
	for (i = 0; i < MAX_CPUS; i++)
		cpus[i].state = i == 0 ? CPU_ON : CPU_OFF;
}

static int mpidr_to_cpu(uint64_t mpidr)
{
	uint64_t idx;

	if (mpidr & 0xff00ff0000ull)		/* Aff3, Aff2 */
		return -1;
	if ((mpidr & 0xff) >= 8)
		return -1;
	idx = ((mpidr >> 8) & 0xff) * 8 + (mpidr & 0xff);
	return idx < psci_nr_cpus ? (int)idx : -1;
}

/*
 * A CPU waits here, off, until CPU_ON gives it an entry point. It sleeps in
 * WFI (QEMU runs WFE as a busy yield); CPU_ON wakes it with a Group 0 SGI,
 * which a masked FIQ still does for WFI.
 */
void psci_cpu_wait_on(unsigned cpu)
{
	uint64_t entry, context;
	unsigned n;

	gic_cpu_init();			/* PMR open, Group 0 on */
	for (;;) {
		spin_lock(&psci_lock);
		if (cpus[cpu].state == CPU_ON_PENDING) {
			cpus[cpu].state = CPU_ON;
			entry = cpus[cpu].entry;
			context = cpus[cpu].context;
			spin_unlock(&psci_lock);
			break;
		}
		spin_unlock(&psci_lock);
		wfi();
		for (n = 0; n < 16 && el3_group0_handle_one(); n++)
			;
	}
	el3_cpu_setup();
	el3_enter_next(entry, context);
}

static int64_t psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context)
{
	int cpu = mpidr_to_cpu(mpidr);
	int64_t ret = PSCI_SUCCESS;

	if (cpu < 0)
		return PSCI_INVALID_PARAMS;
	spin_lock(&psci_lock);
	if (cpus[cpu].state == CPU_ON) {
		ret = PSCI_ALREADY_ON;
	} else if (cpus[cpu].state == CPU_ON_PENDING) {
		ret = PSCI_ON_PENDING;
	} else {
		cpus[cpu].entry = entry;
		cpus[cpu].context = context;
		cpus[cpu].state = CPU_ON_PENDING;
	}
	spin_unlock(&psci_lock);
	if (ret == PSCI_SUCCESS)
		gic_send_wake_sgi(mpidr);
	return ret;
}

static int64_t psci_features(uint32_t fn)
{
	switch (fn) {
	case PSCI_VERSION:
	case PSCI_FEATURES:
	case PSCI_CPU_OFF:
	case PSCI_CPU_ON:
	case PSCI_64(PSCI_CPU_ON):
	case PSCI_AFFINITY_INFO:
	case PSCI_64(PSCI_AFFINITY_INFO):
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case SMCCC_VERSION:
		return PSCI_SUCCESS;
	default:
		return PSCI_NOT_SUPPORTED;
	}
}

void psci_handle(struct smc_frame *f, unsigned cpu)
{
	uint32_t fn = (uint32_t)f->x[0];
	int64_t ret;
	int target;

	switch (fn) {
	case SMCCC_VERSION:
		ret = 0x10001;		/* SMCCC 1.1 */
		break;
	case SMCCC_ARCH_FEATURES:
		ret = PSCI_NOT_SUPPORTED;
		break;
	case PSCI_VERSION:
		ret = 0x10000;		/* PSCI 1.0 */
		break;
	case PSCI_FEATURES:
		ret = psci_features((uint32_t)f->x[1]);
		break;
	case PSCI_CPU_ON:
	case PSCI_64(PSCI_CPU_ON):
		ret = psci_cpu_on(f->x[1], f->x[2], f->x[3]);
		break;
	case PSCI_CPU_OFF:
		spin_lock(&psci_lock);
		cpus[cpu].state = CPU_OFF;
		spin_unlock(&psci_lock);
		el3_call_on_stack(el3_stack_of(cpu), cpu, psci_cpu_wait_on);
	case PSCI_AFFINITY_INFO:
	case PSCI_64(PSCI_AFFINITY_INFO):
		target = mpidr_to_cpu(f->x[1]);
		if (target < 0 || f->x[2] != 0)
			ret = PSCI_INVALID_PARAMS;
		else
			ret = cpus[target].state;
		break;
	case PSCI_MIGRATE_INFO_TYPE:
		ret = 2;		/* no Trusted OS that needs migrating */
		break;
	case PSCI_SYSTEM_OFF:
		el3_system_off();
	case PSCI_SYSTEM_RESET:
		el3_system_reset();
	default:
		ret = PSCI_NOT_SUPPORTED;
		break;
	}
	f->x[0] = (uint64_t)ret;
}
