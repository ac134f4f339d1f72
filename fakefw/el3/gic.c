// SPDX-License-Identifier: GPL-2.0
/*
 * fakefw EL3: GICv3 set-up for the normal world (DS=0, two security states).
 * Everything (SPIs, SGIs, PPIs) goes to Group 1 Non-secure; the normal
 * world enables what it uses. Affinity routing on for both states.
 */
#include "el3.h"

#define GICD_CTLR		0x0000
#define GICD_TYPER		0x0004
#define GICD_IGROUPR(n)		(0x0080 + 4 * (n))
#define GICD_ISPENDR(n)		(0x0200 + 4 * (n))
#define GICD_IGRPMODR(n)	(0x0d00 + 4 * (n))
#define GICD_CTLR_RWP		(1u << 31)
#define GICD_CTLR_DS		(1u << 6)
#define GICD_CTLR_ARE_NS	(1u << 5)
#define GICD_CTLR_ARE_S		(1u << 4)
#define GICD_CTLR_GRP1NS	(1u << 1)
#define GICD_CTLR_GRP0		(1u << 0)

#define GICR_CTLR		0x0000
#define GICR_WAKER		0x0014
#define GICR_TYPER		0x0008
#define GICR_TYPER_LAST		(1ull << 4)
#define GICR_WAKER_PSLEEP	(1u << 1)
#define GICR_WAKER_CASLEEP	(1u << 2)
#define GICR_SGI		0x10000
#define GICR_IGROUPR0		(GICR_SGI + 0x0080)
#define GICR_IGRPMODR0		(GICR_SGI + 0x0d00)
#define GICR_ISENABLER0		(GICR_SGI + 0x0100)
#define GICR_IPRIORITYR(n)	(GICR_SGI + 0x0400 + (n))

static unsigned nr_redists;
static unsigned nr_lines;	/* interrupt IDs 0..nr_lines-1 */

static void gicd_wait_rwp(void)
{
	while (mmio_read32(GICD_BASE + GICD_CTLR) & GICD_CTLR_RWP)
		;
}

void gic_init(void)
{
	unsigned i, n;
	uintptr_t rd;

	mmio_write32(GICD_BASE + GICD_CTLR, 0);
	gicd_wait_rwp();
	mmio_write32(GICD_BASE + GICD_CTLR, GICD_CTLR_ARE_S | GICD_CTLR_ARE_NS);
	gicd_wait_rwp();

	nr_lines = ((mmio_read32(GICD_BASE + GICD_TYPER) & 0x1f) + 1) * 32;
	if (nr_lines > 1020)
		nr_lines = 1020;
	/* SPIs: Group 1 Non-secure (IGROUPR=1, IGRPMODR=0) */
	for (n = 1; n < (nr_lines + 31) / 32; n++) {
		mmio_write32(GICD_BASE + GICD_IGROUPR(n), 0xffffffff);
		mmio_write32(GICD_BASE + GICD_IGRPMODR(n), 0);
	}
	mmio_write32(GICD_BASE + GICD_CTLR,
		     GICD_CTLR_ARE_S | GICD_CTLR_ARE_NS | GICD_CTLR_GRP1NS |
		     GICD_CTLR_GRP0);
	gicd_wait_rwp();

	/* every redistributor: SGIs/PPIs Group 1 NS, awake */
	for (i = 0, rd = GICR_BASE; i < MAX_CPUS; i++, rd += GICR_STRIDE) {
		uint64_t typer = mmio_read64(rd + GICR_TYPER);

		/* all Group 1 NS but EL3's wake-up SGI, which is Group 0 */
		mmio_write32(rd + GICR_IGROUPR0, ~(1u << EL3_WAKE_SGI));
		mmio_write32(rd + GICR_IGRPMODR0, 0);
		*(volatile uint8_t *)(rd + GICR_IPRIORITYR(EL3_WAKE_SGI)) = 0x10;
		mmio_write32(rd + GICR_ISENABLER0, 1u << EL3_WAKE_SGI);
		mmio_write32(rd + GICR_WAKER,
			     mmio_read32(rd + GICR_WAKER) & ~GICR_WAKER_PSLEEP);
		while (mmio_read32(rd + GICR_WAKER) & GICR_WAKER_CASLEEP)
			;
		nr_redists = i + 1;
		if (typer & GICR_TYPER_LAST)
			break;
	}
}

unsigned gic_nr_redists(void)
{
	return nr_redists;
}

uint32_t gic_typer(void)
{
	return mmio_read32(GICD_BASE + GICD_TYPER);
}

unsigned gic_nr_spis(void)
{
	return nr_lines - 32;
}

/* send EL3's Group 0 wake-up SGI to the CPU with this MPIDR */
void gic_send_wake_sgi(uint64_t mpidr)
{
	uint64_t v = ((mpidr >> 32) & 0xff) << 48 |	/* Aff3 */
		     ((mpidr >> 16) & 0xff) << 32 |	/* Aff2 */
		     (uint64_t)EL3_WAKE_SGI << 24 |
		     ((mpidr >> 8) & 0xff) << 16 |	/* Aff1 */
		     (1ull << (mpidr & 0xf));		/* target list: Aff0 */

	dsb();
	write_sysreg(S3_0_C12_C11_7, v);		/* ICC_SGI0R_EL1 */
	isb();
}

/* this CPU's interface: system registers for EL3 and the lower ELs */
void gic_cpu_init(void)
{
	/* ICC_SRE_EL3: SRE | DFB | DIB | Enable (lower ELs may use SRE) */
	write_sysreg(S3_6_C12_C12_5, 0xf);
	isb();
	/*
	 * ICC_PMR_EL1 resets to 0 (everything masked) and, while it is in the
	 * secure range and SCR_EL3.FIQ is set, non-secure writes to it are
	 * ignored: open it fully before the normal world runs.
	 */
	write_sysreg(S3_0_C4_C6_0, 0xff);
	/* ICC_IGRPEN0_EL1: Group 0 (EL3's own FIQs) on */
	write_sysreg(S3_0_C12_C12_6, 1);
	isb();
	if ((read_sysreg(id_aa64pfr0_el1) >> 8) & 0xf) {
		/* EL2 implemented: ICC_SRE_EL2 SRE | Enable */
		write_sysreg(S3_4_C12_C9_5, 0xf);
		isb();
	}
}

/* this CPU's redistributor frame, found by affinity */
static uintptr_t gic_my_redist(void)
{
	uint64_t mpidr = read_sysreg(mpidr_el1);
	uint32_t aff = (uint32_t)(((mpidr >> 32) & 0xff) << 24 | (mpidr & 0xffffff));
	uintptr_t rd;
	unsigned i;

	for (i = 0, rd = GICR_BASE; i < nr_redists; i++, rd += GICR_STRIDE)
		if ((uint32_t)(mmio_read64(rd + GICR_TYPER) >> 32) == aff)
			return rd;
	return 0;
}

/* make PPI @intid of this CPU a Group 0 (secure, FIQ) interrupt, enabled */
void gic_enable_group0_ppi(uint32_t intid)
{
	uintptr_t rd = gic_my_redist();

	if (!rd || intid < 16 || intid >= 32)
		return;
	mmio_write32(rd + GICR_IGROUPR0, mmio_read32(rd + GICR_IGROUPR0) & ~(1u << intid));
	mmio_write32(rd + GICR_IGRPMODR0, mmio_read32(rd + GICR_IGRPMODR0) & ~(1u << intid));
	*(volatile uint8_t *)(rd + GICR_IPRIORITYR(intid)) = 0x10;
	mmio_write32(rd + GICR_ISENABLER0, 1u << intid);
}

/* GICD_SETSPI_NSR does nothing useful in QEMU 7.2 from here: use ISPENDR */
void gic_set_spi_pending(uint32_t spi)
{
	uint32_t id = spi + 32;

	if (id >= nr_lines)
		return;
	mmio_write32(GICD_BASE + GICD_ISPENDR(id / 32), 1u << (id % 32));
}
