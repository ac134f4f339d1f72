/* SPDX-License-Identifier: GPL-2.0 */
/*
 * smoke payload entry. The primary arrives from fakefw's ERET with x0 = DTB
 * address; secondaries arrive through PSCI CPU_ON with x0 = context
 * (their CPU index, chosen by the primary).
 */
#define STACK_SIZE	0x4000

	.section .text.entry, "ax"
	.global _start
_start:
	mov	x19, x0
	ldr	x1, =__stack_top
	mov	sp, x1
	ldr	x1, =__bss_start
	ldr	x2, =__bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:	mov	x0, x19
	bl	payload_main
3:	wfi
	b	3b

	.global secondary_entry
secondary_entry:
	ldr	x1, =__stack_top
	mov	x2, #STACK_SIZE
	and	x3, x0, #0xff		/* context: CPU index in bits 7:0 */
	msub	x1, x3, x2, x1
	mov	sp, x1
	bl	payload_secondary
4:	wfi
	b	4b

/*
 * void smc_call(const uint64_t in[8], uint64_t out[8])
 * x0..x7 from in[], SMC, out[0..7] = x0..x7 as firmware left them.
 */
	.text
	.global smc_call
smc_call:
	stp	x0, x1, [sp, #-16]!
	ldp	x6, x7, [x0, #48]
	ldp	x4, x5, [x0, #32]
	ldp	x2, x3, [x0, #16]
	ldp	x0, x1, [x0, #0]
	smc	#0
	ldr	x8, [sp, #8]
	stp	x0, x1, [x8, #0]
	stp	x2, x3, [x8, #16]
	stp	x4, x5, [x8, #32]
	stp	x6, x7, [x8, #48]
	add	sp, sp, #16
	ret
