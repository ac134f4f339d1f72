/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fakefw core: the protocol state machine of a fake Qualcomm TrustZone
 * firmware that answers SCM calls with wait-queue semantics.
 *
 * Pure, freestanding C: no libc, no hardware access. Everything the core
 * needs from its surroundings comes through struct fw_platform:
 *   - lock/unlock: a short lock around the core's tables (a real spinlock
 *     on target, a pthread mutex or nothing on the host);
 *   - raise_irq: make the wake-up SPI pending (interrupt wake mode).
 *
 * Usage:
 *   struct fw fw;
 *   struct fw_config cfg;
 *   fw_config_default(&cfg);
 *   fw_init(&fw, &cfg, &platform);
 *   fw_smc(&fw, in, out);     // one SMC: in[0..7] = x0..x7, out[0..3] = x0..x3
 *   fw_tick(&fw, n);          // let modelled time pass (ends PAS operations)
 *
 * Model:
 *   - Secure resources: one per PAS peripheral (FW_NR_PERIPH). A standard
 *     call PIL/PAS_AUTH_AND_RESET(periph) takes the resource; the resource
 *     stays busy for cfg.pas_duration ticks after the call answered (the
 *     peripheral is booting) and is released asynchronously by fw_tick().
 *     A call that finds its resource busy parks on the resource's wait queue
 *     (wq_ctx = wq_ctx_base + periph % nr_wq) and is answered WAITQ_SLEEP.
 *   - The release wakes the wait queue with cfg.release_flags (WAKE_ONE or
 *     WAKE_ALL) when calls are parked on it. Firmware-side, WAKE_ONE leaves
 *     one permit that the first call on that wq_ctx to resume (or arrive)
 *     takes; WAKE_ALL releases the calls parked at that moment. A RESUME
 *     with nothing for it is answered SLEEP again (re-park).
 *   - The OS is told of the wake-up per cfg.wake_mode: FW_WAKE_IRQ queues
 *     (wq_ctx, flags) for GET_WQ_CTX and raises the SPI; FW_WAKE_SMC makes
 *     the next answer to a call WAKE(wq_ctx, that call's ctx, flags); the
 *     call's real answer follows its ACK.
 *   - IO READ/WRITE: a small fake secure register file; fast, never park.
 *   - ABI: every known call has one convention (SMC64), the call types it
 *     may come as (fast, standard or both) and its argument count (x1
 *     arginfo bits 3:0). A call that breaks this is refused as real
 *     firmware would (EOPNOTSUPP for the wrong convention or type,
 *     EINVAL_ARG for the wrong argument count or an smc_call_ctx that names
 *     no such call), counted in abi_violations and reported once per kind
 *     through fw_platform.log. Fast calls only ever get success or an
 *     error: a WAKE answer rides on standard calls only.
 */
#ifndef FAKEFW_CORE_H
#define FAKEFW_CORE_H

#include <stddef.h>
#include <stdint.h>

/* ---- ABI ---------------------------------------------------------------- */
#define FW_SMC_FAST		(1u << 31)
#define FW_SMC_64		(1u << 30)
#define FW_OWNER(fn)		(((fn) >> 24) & 0x3f)
#define FW_OWNER_SIP		2u
#define FW_FNID(svc, cmd)	((((uint32_t)(svc) & 0xff) << 8) | ((cmd) & 0xff))
#define FW_SIP_STD64(svc, cmd)	(FW_SMC_64 | (FW_OWNER_SIP << 24) | FW_FNID(svc, cmd))
#define FW_SIP_FAST64(svc, cmd)	(FW_SMC_FAST | FW_SIP_STD64(svc, cmd))
/* x1 of an SCM call: arginfo, the number of arguments in bits 3:0 */
#define FW_ARGINFO_NARGS(x1)	((uint32_t)(x1) & 0xf)
#define FW_ARGS(n)		((uint64_t)(n))	/* arginfo of n value arguments */

#define FW_SVC_PIL		0x02
#define  FW_PIL_PAS_INIT_IMAGE	0x01	/* accepted, nothing modelled */
#define  FW_PIL_PAS_MEM_SETUP	0x02	/* accepted, nothing modelled */
#define  FW_PIL_PAS_AUTH_AND_RESET	0x05
#define  FW_PIL_PAS_SHUTDOWN	0x06	/* x2 = periph: releases it now */
#define  FW_PIL_PAS_IS_SUPPORTED	0x07
#define FW_SVC_IO		0x05
#define  FW_IO_READ		0x01
#define  FW_IO_WRITE		0x02
#define FW_SVC_INFO		0x06
#define  FW_INFO_IS_CALL_AVAIL	0x01
#define FW_SVC_WAITQ		0x24
#define  FW_WAITQ_ACK		0x01
#define  FW_WAITQ_RESUME	0x02
#define  FW_WAITQ_GET_WQ_CTX	0x03
#define  FW_WAITQ_GET_INFO	0x04
/* fakefw's own test hook; no kernel client uses it */
#define FW_SVC_FAKEFW		0x3f
#define  FW_FAKEFW_SET		0x01	/* x2 = FW_KEY_*, x3 = value */
#define  FW_FAKEFW_GET_COUNTER	0x02	/* x2 = counter index -> x1 */

/* answers in x0 */
#define FW_RET_SUCCESS		0ull
#define FW_RET_INTERRUPTED	1ull
#define FW_RET_WAITQ_SLEEP	2ull
#define FW_RET_WAITQ_WAKE	3ull
#define FW_RET_ERROR		((uint64_t)-1)
#define FW_RET_EINVAL_ARG	((uint64_t)-2)
#define FW_RET_EOPNOTSUPP	((uint64_t)-4)
#define FW_RET_EBUSY		((uint64_t)-12)

/* wake flags */
#define FW_WAKE_NONE		0u
#define FW_WAKE_ONE		1u
#define FW_WAKE_ALL		2u
#define FW_BAD_FLAG		0x80u	/* what the bad-flags fault adds */

/* ---- limits ------------------------------------------------------------- */
#define FW_MAX_CALLS		32	/* call contexts */
#define FW_MAX_WQ		64	/* wait queues */
#define FW_NR_PERIPH		8	/* PAS peripherals = secure resources */
#define FW_NR_REGS		32	/* fake secure register file */
#define FW_QUEUE_LEN		64	/* pending wake notifications */
#define FW_MAX_SPI		987	/* SPIs are INTIDs 32..1019 */
#define FW_SPI_INTID(spi)	((spi) + 32)	/* what GET_INFO reports */
#define FW_NR_FNS		14	/* calls the core knows (fw_core.c fw_fns[]) */

enum fw_wake_mode {
	FW_WAKE_MODE_IRQ = 0,	/* SPI + GET_WQ_CTX */
	FW_WAKE_MODE_SMC = 1,	/* WAKE answer + ACK */
};

enum fw_fault {
	FW_FAULT_NONE = 0,
	FW_FAULT_SLEEP_BAD_WQ,		/* SLEEP names an unknown wq_ctx */
	FW_FAULT_WAKE_BAD_WQ,		/* WAKE answer names an unknown wq_ctx */
	FW_FAULT_GETWQ_BAD_WQ,		/* GET_WQ_CTX names an unknown wq_ctx */
	FW_FAULT_BAD_FLAGS,		/* wake flags carry FW_BAD_FLAG */
	FW_FAULT_ENDLESS_PENDING,	/* GET_WQ_CTX more_pending never clears */
	FW_FAULT_WAKE_IDLE,		/* extra wake of a wq_ctx nobody waits on */
	FW_FAULT_GETWQ_FAIL,		/* GET_WQ_CTX answers FW_RET_ERROR */
	FW_FAULT_SPURIOUS_IRQ,		/* SPI raised with nothing queued */
	FW_FAULT_SLEEP_ATOMIC,		/* IO (atomic) calls answered SLEEP */
	FW_FAULT_LOST_WAKE,		/* wake-ups never told to the OS */
	FW_FAULT_WAKE_ATOMIC,		/* IO (atomic) calls carry a pending WAKE */
	FW_FAULT_COUNT
};

/* keys of FW_FAKEFW_SET */
enum fw_key {
	FW_KEY_WAKE_MODE = 1,
	FW_KEY_FAULT,
	FW_KEY_RELEASE_FLAGS,
	FW_KEY_MULTI_CALL,
	FW_KEY_PAS_DURATION,
	FW_KEY_RELEASE,		/* value = peripheral: its time is up now */
};

struct fw_config {
	uint32_t nr_calls;	/* call contexts, 1..FW_MAX_CALLS */
	uint32_t nr_wq;		/* wait queues, 1..FW_MAX_WQ */
	uint32_t wake_mode;	/* enum fw_wake_mode */
	uint32_t multi_call;	/* 0: a second concurrent standard call gets EBUSY */
	uint32_t fault;		/* enum fw_fault */
	uint32_t spi;		/* GIC SPI number (GET_INFO reports its INTID) */
	uint32_t release_flags;	/* FW_WAKE_ONE or FW_WAKE_ALL */
	uint32_t pas_duration;	/* ticks a PAS resource stays busy */
	uint32_t tick_per_call;	/* fw_smc() itself advances time by one tick */
	uint32_t call_ctxs;	/* standard calls in firmware at once, 0: no limit */
	uint32_t wq_ctx_base;	/* wq_ctx of wait queue i is wq_ctx_base + i (u32) */
	uint32_t info_irq;	/* GET_INFO reports the interrupt (0: none, x2 = 0) */
};

struct fw_platform {
	void (*lock)(void *arg);
	void (*unlock)(void *arg);
	void (*raise_irq)(void *arg, uint32_t spi);
	void *arg;
	/* one line without newline, e.g. "ABI violation: ..."; under the lock */
	void (*log)(void *arg, const char *msg);
};

/* counters of what the core did; index order is the FW_FAKEFW_GET_COUNTER index */
struct fw_counters {
	uint64_t calls;		/* 0 every fw_smc() */
	uint64_t unknown;	/* 1 EOPNOTSUPP answers */
	uint64_t sleeps;	/* 2 SLEEP answers */
	uint64_t resleeps;	/* 3 RESUMEs answered SLEEP again */
	uint64_t resumes;	/* 4 RESUME calls */
	uint64_t acks;		/* 5 ACK calls */
	uint64_t wake_answers;	/* 6 WAKE answers */
	uint64_t irqs;		/* 7 SPI raised */
	uint64_t get_wq_ctx;	/* 8 GET_WQ_CTX calls */
	uint64_t wakes;		/* 9 wake-ups the firmware posted (wq_ctx level) */
	uint64_t acquires;	/* 10 resources taken */
	uint64_t releases;	/* 11 resources released */
	uint64_t ebusy;		/* 12 EBUSY answers */
	uint64_t einval;	/* 13 EINVAL_ARG answers */
	uint64_t faults;	/* 14 faulty answers or events injected */
	uint64_t queue_overflow;/* 15 notifications merged because the queue was full */
	uint64_t resume_idle;	/* 16 RESUMEs with no wake-up for the call: SLEEP again */
	uint64_t resume_beaten;	/* 17 RESUMEs of a woken call that found the resource taken */
	uint64_t abi_violations;/* 18 calls refused for their convention, type, arginfo or ctx */
	uint64_t busy;		/* 19 standard calls refused EBUSY: all call_ctxs in use */
	uint64_t max_in_fw;	/* 20 most standard calls in firmware at once (high-water mark) */
};
#define FW_NR_COUNTERS	(sizeof(struct fw_counters) / sizeof(uint64_t))

/* ---- state (opaque to users; here so it can be statically allocated) ---- */
enum fw_call_state { FW_CALL_FREE = 0, FW_CALL_ACTIVE, FW_CALL_PARKED };

struct fw_call {
	uint8_t state;
	uint8_t wake_sent;	/* answered WAKE, real answer waits for ACK */
	uint8_t is_std;		/* standard call (counts for multi_call) */
	uint8_t gen;
	uint32_t periph;
	uint32_t wq;
	uint64_t park_seq;	/* wq all_seq when parked */
	uint64_t stash[4];	/* real answer kept across WAKE/ACK */
};

struct fw_wq {
	uint32_t permits;	/* WAKE_ONE permits not yet taken */
	uint64_t all_seq;	/* bumped by each WAKE_ALL */
};

struct fw_periph {
	uint32_t busy;		/* the firmware-side lock of this resource */
	uint64_t busy_until;	/* tick at which it is released */
};

struct fw_note {
	uint32_t wq;
	uint32_t flags;
};

struct fw {
	struct fw_config cfg;
	struct fw_platform plat;
	uint64_t now;
	struct fw_call call[FW_MAX_CALLS];
	struct fw_wq wq[FW_MAX_WQ];
	struct fw_periph periph[FW_NR_PERIPH];
	struct { uint64_t addr, val; uint32_t used; } reg[FW_NR_REGS];
	struct fw_note q[FW_QUEUE_LEN];
	uint32_t q_head, q_len;
	uint8_t abi_logged[FW_NR_FNS];	/* kinds of violation already reported */
	struct fw_counters cnt;
};

/* ---- API ---------------------------------------------------------------- */
/* Defaults: 16 calls, 16 wait queues, IRQ mode, multi-call, no fault,
 * SPI 200, WAKE_ONE on release, PAS busy for 4 ticks, no tick per call,
 * no limit of call contexts but the table, wq_ctx values from 0. */
void fw_config_default(struct fw_config *cfg);

/* Reset the whole state; cfg is copied (out-of-range values are clamped). */
void fw_init(struct fw *fw, const struct fw_config *cfg,
	     const struct fw_platform *plat);

/* Change one configuration value at run time (FW_KEY_*); 0 or -1 */
int fw_set(struct fw *fw, uint32_t key, uint64_t value);

/* Handle one SIP SMC. in[0..7] = x0..x7; out[0..3] = x0..x3 */
void fw_smc(struct fw *fw, const uint64_t in[8], uint64_t out[4]);

/* Let n ticks pass: PAS resources whose time is up are released. */
void fw_tick(struct fw *fw, uint64_t n);

/* Copy of the counters (taken under the lock) */
void fw_get_counters(struct fw *fw, struct fw_counters *out);

/* ---- text forms (fw_config.c) --------------------------------------------
 * The configuration string, as passed per QEMU run through fw_cfg:
 * key=value tokens separated by spaces, commas, tabs or newlines (CR too);
 * a NUL ends the text. Keys, as in struct fw_config:
 *   nr_calls=1..32  nr_wq=1..64  wake_mode=irq|smc  multi_call=0|1
 *   fault=none|sleep_bad_wq|wake_bad_wq|getwq_bad_wq|bad_flags|
 *         endless_pending|wake_idle|getwq_fail|spurious_irq|sleep_atomic|
 *         lost_wake|wake_atomic
 *   spi=0..987  release_flags=one|all  pas_duration=<u32>  tick_per_call=0|1
 *   call_ctxs=0..32  wq_ctx_base=<u32>  info_irq=0|1
 * Numbers are decimal or 0x hex. A key given twice takes the last value.
 */

/*
 * Apply the tokens of s[0..len) on top of *cfg (the caller fills in the
 * defaults). 0 on success, also for an empty string. -1 on the first bad
 * token: *cfg is left unchanged and err (if errlen > 0) gets a short
 * message such as "unknown key 'foo'", always NUL-terminated.
 */
int fw_config_parse(struct fw_config *cfg, const char *s, size_t len,
		    char *err, size_t errlen);
#define FW_CONFIG_ERR_MAX	256	/* room for any message of the parser */

/*
 * Write "nr_calls=16 nr_wq=16 wake_mode=irq ..." (every key, in the order
 * above; fw_config_parse() reads it back). Returns the length; the text is
 * cut to fit len and always NUL-terminated.
 */
size_t fw_config_format(const struct fw_config *cfg, char *buf, size_t len);
#define FW_CONFIG_TEXT_MAX	256

/*
 * Write "calls=N unknown=N ... max_in_fw=N": every struct fw_counters
 * field in order, named as in C, decimal. Same return and cut as above.
 */
size_t fw_counters_format(const struct fw_counters *cnt, char *buf, size_t len);
#define FW_COUNTERS_TEXT_MAX	768

/* smc_call_ctx <-> call index */
#define FW_CTX_BASE	0x1000u
#endif
