/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scm_bench: the firmware double behind the series' test hook, and the
 * deployments of the driver's wait-queue state that it answers for (see
 * scm_bench_fw.c). Used by the measurements of scm_bench_double.c and
 * scm_bench_loads.c.
 */
#ifndef SCM_BENCH_FW_H
#define SCM_BENCH_FW_H

#include <linux/arm-smccc.h>
#include <linux/completion.h>
#include <linux/hrtimer.h>
#include <linux/kfifo.h>
#include <linux/smp.h>
#include <linux/spinlock.h>

#include "scm_bench.h"

struct device;
struct irq_domain;
struct qcom_scm_waitq;
struct sb_fw_errors;

#define SBD_SVC			0x7d
#define SBD_CMD_ECHO		0x01
#define SBD_CMD_HOLD		0x02	/* x2 = wq_ctx, x3 = hold time (ns) */
#define SBD_CMD_LOCK		0x03	/* x2 = client, x3 = hold time (ns) */
#define SBD_NR_CTX		16	/* the driver's wait queues, by default */
#define SBD_FW_NR_CTX		256	/* wq_ctx values firmware accepts */
#define SBD_MAX_CALLS		32
#define SBD_CTX_BASE		0x3000	/* smc_call_ctx of the first call context */
#define SBD_TIMEOUT_MS		60000
#define SBD_LOCK_WQ		0	/* the wq_ctx of the contended resource */
#define SBD_IRQ_CPU		0	/* where firmware's interrupt is taken */

/* How firmware answers GET_WQ_CTX: correctly, or with one of two mistakes */
enum sbd_gwc {
	SBD_GWC_OK,
	SBD_GWC_FAIL,		/* an error: the driver wakes everything */
	SBD_GWC_ENDLESS,	/* more_pending never clears */
};

struct sbd;

struct sbd_call {
	struct hrtimer timer;	/* first: sbd_alloc() clears what follows */
	struct sbd *fw;		/* set once, kept by sbd_alloc() too */
	bool used;
	bool parked;
	bool done;
	bool wants_ack;
	bool park_after_ack;
	bool fast;		/* a fast call: firmware never answers it WAKE */
	bool lock;		/* LOCK: waits for the resource, then done */
	bool waited;		/* LOCK: has been parked */
	u32 client;		/* LOCK: who made it */
	u32 wq_ctx;
	u64 arrival;		/* LOCK: order of arrival */
	u64 t_new;		/* when it arrived */
	u64 hold_ns;		/* HOLD: the time asked for */
	u64 t_done;		/* when its operation ended */
	u64 t_signal;		/* when firmware signalled its wake-up */
};

struct sbd_note {
	u32 wq_ctx;
	u32 flags;
};

#define SBD_QLEN		64	/* wake-ups waiting to be told: a power of 2 */

/*
 * One resource that LOCK calls contend for: a call that finds it busy is
 * parked on SBD_LOCK_WQ; when the holder's time is up, firmware wakes that
 * wait queue with @flags (WAKE_ONE: a handoff; WAKE_ALL: every waiter
 * races, the losers are parked again). A new call may take a free resource
 * before a woken waiter resumes, as with any lock that is not handed over.
 */
struct sbd_lock {
	struct hrtimer timer;
	bool busy;
	u32 flags;
	u64 hold_ns;
	u64 arrivals;
	bool window;		/* every client still calls: count grants */
	unsigned int grants[SB_RUN_MAX_CLIENTS];
	unsigned int handoffs;	/* grants to a call that had been parked */
	unsigned int fifo;	/* ... to the one parked longest */
	unsigned int barged;	/* grants to a new call while others waited */
};

/* What firmware counts, from sbd_up() on */
struct sbd_stats {
	unsigned int errors;		/* calls it could not make sense of */
	unsigned int spurious;		/* RESUMEs answered SLEEP again */
	unsigned int wake_answers;
	unsigned int irqs;
	unsigned int smcs;
	unsigned int resumes;
	unsigned int ebusy;
	unsigned int gwc_calls;		/* GET_WQ_CTX answered */
	u64 busy_ns;			/* time calls spent in firmware */
	u64 late_ns;			/* HOLD timers firing after their time */
	u64 wake_ns;			/* HOLD: operation end to final answer */
	unsigned int held;		/* HOLD calls in late_ns and wake_ns */
};

/* One deployment of the double: the kernel side and the firmware side */
struct sbd {
	/*
	 * Guards the firmware state below. Raw: firmware is entered by a trap
	 * that any context may make, a driver holding a raw spinlock too, and
	 * the double must not turn that into a sleeping lock on PREEMPT_RT.
	 */
	raw_spinlock_t lock;
	bool smc_wake;
	bool hardirq_drain;
	enum sbd_gwc gwc;
	bool fw_faults;			/* firmware mistakes are intended */
	unsigned int slots;		/* call contexts firmware has */
	struct sbd_call calls[SBD_MAX_CALLS];
	unsigned int parked_on[SBD_FW_NR_CTX];
	DECLARE_KFIFO(irq_q, struct sbd_note, SBD_QLEN);	/* for GET_WQ_CTX */
	DECLARE_KFIFO(smc_q, struct sbd_note, SBD_QLEN);	/* for WAKE answers */
	struct sbd_lock lk;
	u64 *lat;			/* signal-to-RESUME samples, or NULL */
	u64 *lat_end;			/* operation-end-to-RESUME, or NULL */
	unsigned int nlat;
	unsigned int maxlat;
	struct sbd_stats st;		/* zeroed by sbd_up() */

	bool carrier_on;		/* a carrier thread waits on @carry */
	struct completion carry;
	struct completion carrier_done;

	struct device *dev;
	struct irq_domain *domain;
	int irq;
	int floor_irq;			/* a bare threaded interrupt */
	call_single_data_t fire_csd;	/* makes @irq pending on SBD_IRQ_CPU */
	struct qcom_scm_waitq *wq;
	void *group;			/* devres group of @wq */
};

/*
 * Deployments, as the DT describes them (design.md, "Deployments"), and
 * what-ifs: changes to the driver that the measurements suggest, to show
 * what they would buy (never a goal's verdict).
 */
struct sbd_deploy {
	const char *mode;
	bool multi_call;
	bool irq;
	unsigned int poll_ms;	/* what-if: another poll interval */
	bool hardirq_drain;	/* what-if: no interrupt thread */
	unsigned int nr_ctx;	/* the driver's wait queues, else SBD_NR_CTX */
	unsigned int max_calls;	/* the driver's bound, else SBD_MAX_CALLS */
	unsigned int fw_slots;	/* firmware's call contexts, else the same */
};

extern const struct sbd_deploy sbd_serialized;
extern const struct sbd_deploy sbd_multi_irq;
extern const struct sbd_deploy sbd_multi_smc;
extern const struct sbd_deploy sbd_serialized_poll;
extern const struct sbd_deploy sbd_multi_smc_poll4;
extern const struct sbd_deploy sbd_multi_irq_drain;

extern const char *const sbd_where;

bool sbd_what_if(const struct sbd_deploy *d);
int sbd_up(struct sbd *fw, const struct sbd_deploy *d);
int sbd_down(struct sbd *fw, const struct sbd_deploy *d,
	     struct sb_fw_errors *e);
int sbd_call(struct sbd *fw, u32 cmd, u64 a, u64 b);
void sbd_echo_raw(struct sbd *fw);
int sbd_get_wq_ctx(struct sbd *fw);

struct sbd *sbd_create(void);
void sbd_destroy(struct sbd *fw);
/* From here on every SCM call of this kernel goes to the double @fw */
void sbd_install(struct sbd *fw);
void sbd_uninstall(void);

#endif /* SCM_BENCH_FW_H */
