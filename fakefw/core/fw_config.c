// SPDX-License-Identifier: GPL-2.0
/*
 * fakefw core: the text forms of the configuration and of the counters.
 *
 *   fw_config_parse()    reads the string an end-to-end run passes through
 *                        QEMU's fw_cfg (opt/scm-waitq/config);
 *   fw_config_format()   writes a configuration back in the same form, so
 *                        the boot log shows exactly what the parser accepts;
 *   fw_counters_format() writes the counters line printed at power-off.
 *
 * The harness depends on the key names and on the counters line, so both
 * come from the tables below and nowhere else. Freestanding like
 * fw_core.c: no libc, the few string helpers are here.
 */
#include <stddef.h>

#include "fw_core.h"
#include "fmt_num.h"

#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))
#define QUOTE_MAX	40	/* longest piece of the input quoted in an error */

/* value names, indexed by the value they stand for; 0 where there is none */
static const char *const wake_mode_names[] = {
	[FW_WAKE_MODE_IRQ] = "irq",
	[FW_WAKE_MODE_SMC] = "smc",
};

static const char *const release_flags_names[] = {
	[FW_WAKE_ONE] = "one",
	[FW_WAKE_ALL] = "all",
};

static const char *const fault_names[FW_FAULT_COUNT] = {
	[FW_FAULT_NONE] = "none",
	[FW_FAULT_SLEEP_BAD_WQ] = "sleep_bad_wq",
	[FW_FAULT_WAKE_BAD_WQ] = "wake_bad_wq",
	[FW_FAULT_GETWQ_BAD_WQ] = "getwq_bad_wq",
	[FW_FAULT_BAD_FLAGS] = "bad_flags",
	[FW_FAULT_ENDLESS_PENDING] = "endless_pending",
	[FW_FAULT_WAKE_IDLE] = "wake_idle",
	[FW_FAULT_GETWQ_FAIL] = "getwq_fail",
	[FW_FAULT_SPURIOUS_IRQ] = "spurious_irq",
	[FW_FAULT_SLEEP_ATOMIC] = "sleep_atomic",
	[FW_FAULT_LOST_WAKE] = "lost_wake",
	[FW_FAULT_WAKE_ATOMIC] = "wake_atomic",
};

/* one key: either a number in min..max or one of names[] */
struct cfg_key {
	const char *name;
	size_t off;			/* of the uint32_t in struct fw_config */
	uint32_t min, max;
	const char *const *names;
	uint32_t nr_names;
	const char *choices;		/* for the error message */
};

#define NUM_KEY(f, lo, hi) \
	{ #f, offsetof(struct fw_config, f), lo, hi, 0, 0, 0 }
#define NAME_KEY(f, tbl, ch) \
	{ #f, offsetof(struct fw_config, f), 0, 0, tbl, ARRAY_LEN(tbl), ch }

/* struct fw_config order, which is also the order fw_config_format() uses */
static const struct cfg_key cfg_keys[] = {
	NUM_KEY(nr_calls, 1, FW_MAX_CALLS),
	NUM_KEY(nr_wq, 1, FW_MAX_WQ),
	NAME_KEY(wake_mode, wake_mode_names, "irq|smc"),
	NUM_KEY(multi_call, 0, 1),
	NAME_KEY(fault, fault_names,
		 "none|sleep_bad_wq|wake_bad_wq|getwq_bad_wq|bad_flags|"
		 "endless_pending|wake_idle|getwq_fail|spurious_irq|"
		 "sleep_atomic|lost_wake|wake_atomic"),
	NUM_KEY(spi, 0, FW_MAX_SPI),
	NAME_KEY(release_flags, release_flags_names, "one|all"),
	NUM_KEY(pas_duration, 0, 0xffffffffu),
	NUM_KEY(tick_per_call, 0, 1),
	NUM_KEY(call_ctxs, 0, FW_MAX_CALLS),
	NUM_KEY(wq_ctx_base, 0, 0xffffffffu),
	NUM_KEY(info_irq, 0, 1),
};

#define CNT_KEY(f)	{ #f, offsetof(struct fw_counters, f) }

/* struct fw_counters order: the counters line lists every field in it */
static const struct {
	const char *name;
	size_t off;
} cnt_keys[] = {
	CNT_KEY(calls), CNT_KEY(unknown), CNT_KEY(sleeps), CNT_KEY(resleeps),
	CNT_KEY(resumes), CNT_KEY(acks), CNT_KEY(wake_answers), CNT_KEY(irqs),
	CNT_KEY(get_wq_ctx), CNT_KEY(wakes), CNT_KEY(acquires),
	CNT_KEY(releases), CNT_KEY(ebusy), CNT_KEY(einval), CNT_KEY(faults),
	CNT_KEY(queue_overflow), CNT_KEY(resume_idle), CNT_KEY(resume_beaten),
	CNT_KEY(abi_violations), CNT_KEY(busy), CNT_KEY(max_in_fw),
};
_Static_assert(ARRAY_LEN(cnt_keys) == FW_NR_COUNTERS,
	       "the counters line must name every field of struct fw_counters");
_Static_assert(ARRAY_LEN(cfg_keys) * sizeof(uint32_t) == sizeof(struct fw_config),
	       "every field of struct fw_config needs a key");

/* ---- bounded string output ---------------------------------------------- */
struct out {
	char *buf;
	size_t len;	/* buffer size, NUL included; 0: discard everything */
	size_t pos;
};

static void out_init(struct out *o, char *buf, size_t len)
{
	o->buf = buf;
	o->len = buf ? len : 0;
	o->pos = 0;
	if (o->len)
		buf[0] = 0;
}

static void out_putc(struct out *o, char c)
{
	if (o->pos + 1 >= o->len)
		return;		/* full: keep the NUL that is already there */
	o->buf[o->pos++] = c;
	o->buf[o->pos] = 0;
}

static void out_str(struct out *o, const char *s)
{
	while (*s)
		out_putc(o, *s++);
}

/* at most QUOTE_MAX bytes of s[0..n), so an error message stays short */
static void out_span(struct out *o, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && i < QUOTE_MAX; i++)
		out_putc(o, s[i]);
	if (n > QUOTE_MAX)
		out_str(o, "...");
}

static void out_num(struct out *o, uint64_t v)
{
	char buf[FMT_NUM_MAX];
	int i, n = fmt_num(buf, v, 10, 0);

	for (i = 0; i < n; i++)
		out_putc(o, buf[i]);
}

/* ---- parser --------------------------------------------------------------- */
static int is_sep(char c)
{
	return c == ' ' || c == ',' || c == '\n' || c == '\t' || c == '\r';
}

static int span_eq(const char *s, size_t n, const char *word)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (word[i] != s[i])	/* also stops at word's NUL */
			return 0;
	return word[n] == 0;
}

/*
 * Decimal, or hex after 0x/0X; nothing else (no sign, no spaces).
 * 0: ok, -1: not a number, -2: does not fit in 32 bits.
 */
static int parse_u32(const char *s, size_t n, uint32_t *val)
{
	uint64_t v = 0;
	unsigned base = 10;
	size_t i = 0;
	int big = 0;

	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i == n)
		return -1;
	for (; i < n; i++) {
		char c = s[i];
		unsigned d;

		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			return -1;
		/* keep going after an overflow: "12x" is still not a number */
		if (!big) {
			v = v * base + d;
			if (v > 0xffffffffu)
				big = 1;
		}
	}
	if (big)
		return -2;
	*val = (uint32_t)v;
	return 0;
}

/* one key=value token, applied to *c */
static int parse_token(struct fw_config *c, const char *s, size_t n,
		       struct out *err)
{
	const struct cfg_key *k = 0;
	const char *val;
	size_t klen, vlen, i;
	uint32_t v;
	int ret;

	for (klen = 0; klen < n && s[klen] != '='; klen++)
		;
	if (klen == n || klen == 0) {
		out_str(err, "expected key=value, got '");
		out_span(err, s, n);
		out_str(err, "'");
		return -1;
	}
	for (i = 0; i < ARRAY_LEN(cfg_keys); i++) {
		if (span_eq(s, klen, cfg_keys[i].name)) {
			k = &cfg_keys[i];
			break;
		}
	}
	if (!k) {
		out_str(err, "unknown key '");
		out_span(err, s, klen);
		out_str(err, "'");
		return -1;
	}
	val = s + klen + 1;
	vlen = n - klen - 1;
	if (!vlen) {
		out_str(err, "no value for ");
		out_str(err, k->name);
		return -1;
	}

	if (k->names) {
		for (v = 0; v < k->nr_names; v++)
			if (k->names[v] && span_eq(val, vlen, k->names[v]))
				break;
		if (v == k->nr_names) {
			out_str(err, "bad value '");
			out_span(err, val, vlen);
			out_str(err, "' for ");
			out_str(err, k->name);
			out_str(err, " (");
			out_str(err, k->choices);
			out_str(err, ")");
			return -1;
		}
	} else {
		ret = parse_u32(val, vlen, &v);
		if (ret == -1) {
			out_str(err, "bad number '");
			out_span(err, val, vlen);
			out_str(err, "' for ");
			out_str(err, k->name);
			return -1;
		}
		if (ret == -2 || v < k->min || v > k->max) {
			out_str(err, k->name);
			out_str(err, "=");
			out_span(err, val, vlen);
			out_str(err, " out of range ");
			out_num(err, k->min);
			out_str(err, "..");
			out_num(err, k->max);
			return -1;
		}
	}
	*(uint32_t *)((char *)c + k->off) = v;
	return 0;
}

int fw_config_parse(struct fw_config *cfg, const char *s, size_t len,
		    char *err, size_t errlen)
{
	struct fw_config c = *cfg;
	struct out e;
	size_t i = 0, start;

	out_init(&e, err, errlen);
	/* fw_cfg blobs carry no NUL, but a caller may pass one: it ends the text */
	for (start = 0; start < len && s[start]; start++)
		;
	len = start;

	while (i < len) {
		while (i < len && is_sep(s[i]))
			i++;
		if (i == len)
			break;
		start = i;
		while (i < len && !is_sep(s[i]))
			i++;
		if (parse_token(&c, s + start, i - start, &e))
			return -1;	/* *cfg untouched */
	}
	*cfg = c;
	return 0;
}

/* ---- formatters ------------------------------------------------------------ */
size_t fw_config_format(const struct fw_config *cfg, char *buf, size_t len)
{
	struct out o;
	size_t i;

	out_init(&o, buf, len);
	for (i = 0; i < ARRAY_LEN(cfg_keys); i++) {
		const struct cfg_key *k = &cfg_keys[i];
		uint32_t v = *(const uint32_t *)((const char *)cfg + k->off);

		if (i)
			out_putc(&o, ' ');
		out_str(&o, k->name);
		out_putc(&o, '=');
		/* a value without a name (not possible after fw_init) as a number */
		if (k->names && v < k->nr_names && k->names[v])
			out_str(&o, k->names[v]);
		else
			out_num(&o, v);
	}
	return o.pos;
}

size_t fw_counters_format(const struct fw_counters *cnt, char *buf, size_t len)
{
	struct out o;
	size_t i;

	out_init(&o, buf, len);
	for (i = 0; i < ARRAY_LEN(cnt_keys); i++) {
		if (i)
			out_putc(&o, ' ');
		out_str(&o, cnt_keys[i].name);
		out_putc(&o, '=');
		out_num(&o, *(const uint64_t *)((const char *)cnt + cnt_keys[i].off));
	}
	return o.pos;
}
