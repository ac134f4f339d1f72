/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Benchmarks of the Qualcomm SCM wait-queue series: declarations shared by
 * the parts of the scm_bench module (see scm_bench_main.c).
 */
#ifndef SCM_BENCH_H
#define SCM_BENCH_H

#include <linux/types.h>

struct tracepoint;

/* Module parameters, see scm_bench_main.c */
extern char *sb_mode;
extern bool sb_quick;
extern unsigned int sb_hold_us;
extern unsigned int sb_reps;
extern unsigned int sb_calls;
extern unsigned int sb_samples;
extern unsigned int sb_batches;
extern unsigned int sb_per_batch;

/* Does the comma-separated "run" parameter name this measurement? */
bool sb_wants(const char *what);

/* A measurement's identity in the output, and its free-form extra fields */
struct sb_row {
	const char *name;	/* e.g. "concurrency" */
	const char *where;	/* "double" or "e2e" */
	const char *mode;	/* e.g. "serialized", "multi-irq" */
	unsigned int clients;
	const char *unit;	/* unit of the values, e.g. "ns" */
	const char *variant;	/* sub-measurement, or NULL */
};

void sb_emit(const struct sb_row *row, const char *extra, const u64 *v,
	     unsigned int n);
void sb_emit_kv(const struct sb_row *row, const char *fmt, ...)
	__printf(2, 3);

/*
 * Bare completion handoffs between kthreads, the floor of a wake-up, taken
 * one sample at a time between the samples of a latency measurement
 */
struct sb_floor;
struct sb_floor *sb_floor_start(unsigned int samples);
void sb_floor_sample(struct sb_floor *f, unsigned int settle_us);
void sb_floor_stop(struct sb_floor *f, const char *where, const char *mode);

/* Kernel trace points found by name: they need not be exported */
struct tracepoint *sb_tracepoint(const char *name);
int sb_probe(const char *name, void *probe, void *data);
void sb_unprobe(const char *name, void *probe, void *data);

/* Allocations made by the current task between start and stop */
struct sb_allocs {
	u64 count;
	u64 bytes;
};

int sb_allocs_start(void);
void sb_allocs_stop(struct sb_allocs *out);

/*
 * Firmware mistakes the driver reported (qcom_scm_waitq_fw_error trace
 * point), by kind. Two kinds can also come from races that involve no
 * firmware mistake (see README.md): an interrupt that finds nothing after
 * a run that took its entry, and a WAKE answer processed after its call
 * was completed by the poll of a board without the interrupt.
 */
struct sb_fw_errors {
	unsigned int spurious_irq;
	unsigned int wake_idle;
	unsigned int other;
};

int sb_fw_errors_start(void);
void sb_fw_errors_take(struct sb_fw_errors *e);
void sb_fw_errors_stop(void);

/* The series' trace events on or off; an error when there are none */
int sb_events(bool on);

/* Sleep for about @us microseconds without busy waiting */
void sb_sleep_us(unsigned int us);

/*
 * Run @n clients at once, each a kthread calling @fn(@data, id) with id
 * 0..n-1, started together after all have reached their start line. With
 * @bind, client id runs on the id-th online CPU. Returns the time from the
 * start to the last client's return, or the first error a client returned;
 * -ETIMEDOUT if one did not return within @timeout_ms, in which case the
 * clients may still use @data and the caller must not free it.
 */
#define SB_RUN_MAX_CLIENTS	16
s64 sb_run_clients(unsigned int n, int (*fn)(void *data, unsigned int id),
		   void *data, bool bind, unsigned int timeout_ms);

/* The time of @per calls of @fn(@data) in a row; failed calls in *@errors */
u64 sb_time_batch(int (*fn)(void *data), void *data, unsigned int per,
		  unsigned int *errors);

/* A batch to time: @per calls of @fn(@data) */
struct sb_batch {
	int (*fn)(void *data);
	void *data;
	unsigned int per;
};

/*
 * Batches of each of @nb kinds, with the series' trace events off and on
 * in alternating blocks, so that a slow stretch of the host hits both
 * alike: the ns of kind j's k-th batch with the events s (0 off, 1 on) is
 * v[(s * nb + j) * blocks * per_block + k]. The events are off at the end.
 * Returns 0, or the error of turning the events on or off.
 */
int sb_events_blocks(const struct sb_batch *bt, unsigned int nb,
		     unsigned int blocks, unsigned int per_block, u64 *v,
		     unsigned int *errors);

int sb_e2e_run(void);
#if IS_ENABLED(CONFIG_QCOM_SCM_WAITQ_KUNIT_TEST)
int sb_double_run(void);
#else
static inline int sb_double_run(void)
{
	return -EOPNOTSUPP;
}
#endif

#endif /* SCM_BENCH_H */
