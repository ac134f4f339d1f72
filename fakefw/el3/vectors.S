/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fakefw EL3 vector table. Only synchronous exceptions from a lower EL in
 * AArch64 are expected (SMC); everything else is reported and stops.
 * The SMC path saves x0-x18 and x30 on the per-CPU EL3 stack, calls
 * el3_smc_handler(frame) which writes x0-x3 of the frame, restores every
 * saved register (x4-x17 come back as the caller left them) and ERETs.
 * FIQs from a lower EL (Group 0: the secure physical timer that ticks the
 * core, see main.c) save and restore the same way.
 */
#define FRAME_SIZE	(20 * 8)

.macro unexpected kind
	.balign 0x80
	mov	x0, #\kind
	b	el3_unexpected_entry
.endm

	.text
	.balign 0x800
	.global el3_vectors
el3_vectors:
	/* current EL with SP_EL0 */
	unexpected 0
	unexpected 1
	unexpected 2
	unexpected 3
	/* current EL with SP_ELx */
	unexpected 4
	unexpected 5
	unexpected 6
	unexpected 7
	/* lower EL, AArch64 */
	.balign 0x80
	b	el3_sync_lower
	unexpected 9
	.balign 0x80
	b	el3_fiq_lower
	unexpected 11
	/* lower EL, AArch32 */
	unexpected 12
	unexpected 13
	unexpected 14
	unexpected 15

el3_sync_lower:
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #0]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x30, [sp, #144]
	mrs	x0, esr_el3
	lsr	x0, x0, #26
	cmp	x0, #0x17			/* EC: SMC from AArch64 */
	b.ne	1f
	mov	x0, sp
	bl	el3_smc_handler
	ldp	x0, x1, [sp, #0]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x30, [sp, #144]
	add	sp, sp, #FRAME_SIZE
	eret
1:	mov	x0, #8
	b	el3_unexpected_entry

/* FIQ from a lower EL: Group 0 (the EL3 tick timer), same frame as SMCs */
el3_fiq_lower:
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #0]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x30, [sp, #144]
	bl	el3_fiq_handler
	ldp	x0, x1, [sp, #0]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x30, [sp, #144]
	add	sp, sp, #FRAME_SIZE
	eret

el3_unexpected_entry:
	bl	el3_unexpected
2:	wfi
	b	2b
