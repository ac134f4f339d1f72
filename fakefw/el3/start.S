/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fakefw EL3 entry. Every CPU of QEMU virt (secure=on, -bios) starts here,
 * at EL3, at address 0 (secure flash, read-only). The primary (linear index
 * 0) copies .data to secure RAM and clears .bss; the others wait until it
 * says so, then park in C until PSCI CPU_ON.
 */
#define MAX_CPUS	8
#define EL3_STACK_SIZE	0x4000
#define SCTLR_EL3_RES1	0x30c50830

	.section .text.boot, "ax"
	.global _start
_start:
	msr	daifset, #0xf
	ldr	x0, =SCTLR_EL3_RES1		/* MMU, caches, alignment checks off */
	msr	sctlr_el3, x0
	isb
	adr	x0, el3_vectors
	msr	vbar_el3, x0
	isb

	/* linear CPU index = Aff1 * 8 + Aff0 */
	mrs	x1, mpidr_el1
	and	x2, x1, #0xff
	ubfx	x3, x1, #8, #8
	add	x19, x2, x3, lsl #3
	cmp	x19, #MAX_CPUS
	b.hs	hang

	/* per-CPU stack in secure RAM */
	ldr	x4, =__stack_top
	mov	x5, #EL3_STACK_SIZE
	msub	x4, x19, x5, x4
	mov	sp, x4

	cbnz	x19, secondary

	/* primary: .data from flash to RAM, clear .bss */
	ldr	x0, =__data_load
	ldr	x1, =__data_start
	ldr	x2, =__data_end
1:	cmp	x1, x2
	b.hs	2f
	ldr	x3, [x0], #8
	str	x3, [x1], #8
	b	1b
2:	ldr	x1, =__bss_start
	ldr	x2, =__bss_end
3:	cmp	x1, x2
	b.hs	4f
	str	xzr, [x1], #8
	b	3b
4:	dsb	sy
	mov	x0, x19
	bl	el3_primary_main
	b	hang

secondary:
	ldr	x5, =el3_boot_done
5:	ldar	w6, [x5]
	cbnz	w6, 6f
	wfe
	b	5b
6:	mov	x0, x19
	bl	el3_secondary_main
hang:
	wfi
	b	hang

/* el3_enter_ns(entry, arg0, spsr, sp): leave EL3 for the normal world */
	.text
	.global el3_enter_ns
el3_enter_ns:
	mov	sp, x3
	msr	elr_el3, x0
	msr	spsr_el3, x2
	mov	x0, x1
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	isb
	eret

/*
 * el3_call_on_stack(sp, arg, fn): drop the current stack, fn(arg) on sp.
 * PSCI CPU_OFF parks a CPU with it (fn does not return).
 */
	.global el3_call_on_stack
el3_call_on_stack:
	mov	sp, x0
	mov	x0, x1
	blr	x2
	b	hang

	.section .bss.boot, "aw", %nobits
	.balign 8
	.global el3_boot_done
el3_boot_done:
	.word	0
	.word	0
