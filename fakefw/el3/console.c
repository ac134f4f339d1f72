// SPDX-License-Identifier: GPL-2.0
/* fakefw EL3: debug console on the secure PL011 (QEMU's second -serial) */
#include <stdarg.h>
#include "el3.h"
#include "fmt_num.h"

#define UART_DR		0x00
#define UART_FR		0x18
#define UART_FR_TXFF	(1u << 5)

static spinlock_t con_lock;

void *memset(void *d, int c, unsigned long n)
{
	volatile unsigned char *p = d;

	while (n--)
		*p++ = (unsigned char)c;
	return d;
}

void *memcpy(void *d, const void *s, unsigned long n)
{
	volatile unsigned char *p = d;
	const volatile unsigned char *q = s;

	while (n--)
		*p++ = *q++;
	return d;
}

static void con_raw_putc(char c)
{
	while (mmio_read32(UART_SECURE_BASE + UART_FR) & UART_FR_TXFF)
		;
	mmio_write32(UART_SECURE_BASE + UART_DR, (uint32_t)(unsigned char)c);
}

void con_putc(char c)
{
	if (c == '\n')
		con_raw_putc('\r');
	con_raw_putc(c);
}

void con_puts(const char *s)
{
	spin_lock(&con_lock);
	while (*s)
		con_putc(*s++);
	spin_unlock(&con_lock);
}

static void con_num(uint64_t v, unsigned base, int is_signed)
{
	char buf[FMT_NUM_MAX];
	int i, len = fmt_num(buf, v, base, is_signed);

	for (i = 0; i < len; i++)
		con_putc(buf[i]);
}

/* %s %c %d %u %x %lx %llx %p, nothing else */
void con_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	spin_lock(&con_lock);
	for (; *fmt; fmt++) {
		int lng = 0;

		if (*fmt != '%') {
			con_putc(*fmt);
			continue;
		}
		fmt++;
		while (*fmt == 'l') {
			lng++;
			fmt++;
		}
		switch (*fmt) {
		case 's': {
			const char *s = va_arg(ap, const char *);

			while (*s)
				con_putc(*s++);
			break;
		}
		case 'c':
			con_putc((char)va_arg(ap, int));
			break;
		case 'd':
			con_num(lng ? (uint64_t)va_arg(ap, long) : (uint64_t)(int64_t)va_arg(ap, int), 10, 1);
			break;
		case 'u':
			con_num(lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 10, 0);
			break;
		case 'x':
			con_num(lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 16, 0);
			break;
		case 'p':
			con_putc('0');
			con_putc('x');
			con_num((uint64_t)(uintptr_t)va_arg(ap, void *), 16, 0);
			break;
		case '%':
			con_putc('%');
			break;
		default:
			con_putc('?');
			break;
		}
	}
	spin_unlock(&con_lock);
	va_end(ap);
}
