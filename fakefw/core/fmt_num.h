/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Number formatting shared by the EL3 console and the smoke payload, which
 * are separate freestanding images with no libc.
 */
#ifndef FAKEFW_FMT_NUM_H
#define FAKEFW_FMT_NUM_H

#include <stdint.h>

#define FMT_NUM_MAX 24

/* Writes v in base 10 or 16 to buf, most significant digit first; returns the length */
static inline int fmt_num(char buf[FMT_NUM_MAX], uint64_t v, unsigned base,
			  int is_signed)
{
	char rev[FMT_NUM_MAX];
	int n = 0, len = 0;

	if (is_signed && (int64_t)v < 0) {
		buf[len++] = '-';
		v = (uint64_t)(-(int64_t)v);
	}
	do {
		unsigned d = (unsigned)(v % base);

		rev[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
		v /= base;
	} while (v);
	while (n)
		buf[len++] = rev[--n];
	return len;
}

#endif
