/*
 * waitq.pml - Promela model of the SCM wait-queue protocol (scm-waitq series)
 *
 * Kernel side modelled after drivers/firmware/qcom_scm-waitq.c and
 * qcom_scm-smc.c of the series (v4); the firmware is a nondeterministic
 * process that parks and wakes calls within the ABI. See model/README.md for
 * the mapping of every process and variable to the driver, and model/run.sh
 * for the configurations and mutants that are checked.
 *
 * Bounds (defaults, each can be overridden with -D):
 *   NC     = 3  callers (concurrent kernel threads issuing SCM calls), max 3
 *   NW     = 2  kernel wait queues (GET_INFO's count, nr_ctx) = counted
 *               wq_ctx 0..NW-1, max 2
 *   SHARED = 0  1: firmware also parks calls on wq_ctx NW, beyond the count,
 *               which the kernel maps onto wait queue NW % NW = 0 (shared)
 *   CALLS  = 1  calls per caller
 *   SLEEPS = 2  fresh SLEEP answers firmware may give one call (a re-park
 *               after a spurious resume is not counted: it is forced)
 *   EXTRA  = 1  wakes firmware may send that nothing needs (stale/spurious)
 *   QMAX   = 2  entries of the firmware's GET_WQ_CTX queue
 *   MAXLOOPS = 2*NW  GET_WQ_CTX calls per interrupt before wake_everything
 *               (the driver uses max(2*nr_ctx, 16); the model uses the
 *               smaller value so that the fallback is reachable)
 *
 * Configuration switches:
 *   SERIAL   0: multi-call (qcom,allow-multi-call, no lock)
 *            1: serialized (qcom_scm_lock held across the whole call,
 *               also while parked)
 *   WAKEMODE 1: firmware wakes only through the interrupt (GET_WQ_CTX)
 *            2: firmware wakes only through WAKE answers to other calls
 *            3: both channels (wakes can reach the kernel out of order)
 *   FASTWAKE 1: firmware may also (by mistake) answer a fast call with
 *               WAKE: the kernel defers it to an irq_work that does a
 *               WAKE_ALL of the wait queue (qcom_scm_waitq_fast_call_mistake)
 *
 * Mutants (each removes or breaks one guard the series relies on):
 *   MUT_CAP_PARKED    WAKE_ONE tokens are capped by ctx->parked (the callers
 *                     already parked on the wait queue in the kernel), not
 *                     by the calls in flight
 *   MUT_WA_PARKED     WAKE_ALL is done only if ctx->parked, not if any call
 *                     is in flight
 *   MUT_CAP_UNPARKED  the calls in flight that are parked (wq->parked) are
 *                     subtracted from the takers: parked calls do not count
 *   MUT_CARRIER_TWICE the carrier of a WAKE answer is subtracted twice
 *   MUT_CARRIER_IRQ   one call is subtracted from the takers also for a
 *                     wake-up from GET_WQ_CTX, which has no carrier
 *   MUT_CARRIER_PARKED_EXCLUDED the carrier of a WAKE answer is subtracted
 *                     from the takers even when the ACK's answer parked it
 *                     (SLEEP): the series before the fix of the lost
 *                     wake-up in README, Findings
 *   MUT_SERIAL_UNCOUNTED calls_in_flight() reads the free call contexts also
 *                     when serialized, so it is always 0 there (the
 *                     qcom_scm_lock holder is not counted)
 *   MUT_LATE_COUNT    a call takes its call context (is counted in flight)
 *                     only after its first SMC has returned
 *   MUT_SLEEP_NOCHECK the sleeper does not look at the wait-queue state
 *                     before its first sleep (only a wake-up after it waits)
 *   MUT_WA_NOSTORE    WAKE_ALL only releases the callers waiting in the
 *                     kernel at that moment and stores nothing (no seq)
 *   MUT_WA_STICKY     WAKE_ALL is a per-wait-queue flag that is never reset
 *   MUT_WA_KEEP_TOKENS WAKE_ALL does not drop the pending tokens
 *   MUT_LATE_SAMPLE   the seq sample is taken after the SMC returns
 *   MUT_IRQ_ONCE      the interrupt thread ignores more_pending (one
 *                     GET_WQ_CTX per interrupt)
 *   MUT_IRQ_NOSTOP    the interrupt thread ignores more_pending == 0 and
 *                     loops until max_irq_loops (termination check)
 *   MUT_SHARED_EXCL   a sleeper of a shared wq_ctx waits exclusively (it can
 *                     swallow the wake-up meant for a counted sleeper)
 *   MUT_SHARED_TOKENS a sleeper of a shared wq_ctx takes tokens
 *   MUT_SHARED_NOCONV a wake-up of a shared wq_ctx is not turned into a
 *                     WAKE_ALL of its wait queue
 *   MUT_DEFER_DROP    a WAKE answer to a fast call is acknowledged without
 *                     recording the deferred wake-up
 *   MUT_ACK_SLEEP_DROP the wake-up a WAKE answer carries is dropped when
 *                     the ACK of that answer is answered SLEEP (as the 2022
 *                     proposal did)
 *   MUT_NO_PASSON     qcom_scm_waitq_sleep() does not pass an unused
 *                     exclusive wake-up on (not in run.sh: survives)
 *   MUT_CARRIER_KEPT  the carrier of a WAKE answer is counted as a taker
 *                     also when the ACK did not park it (not in run.sh:
 *                     it survives; it only adds spurious resumes)
 *
 * Firmware semantics assumed (the series relies on them):
 *   - SLEEP(w) parks the call on w. WAKE_ONE(w) grants one permit on w that
 *     the first call to resume on w, or to arrive at w (it is then not
 *     parked), takes (eager permits). WAKE_ALL(w) releases exactly the calls
 *     parked on w at that moment. The wake takes effect in firmware when
 *     firmware decides it; the kernel learns of it later, through the
 *     GET_WQ_CTX queue (IRQ), through a WAKE answer to another call (SMC
 *     return) or, with FASTWAKE, through a WAKE answer to a fast call.
 *     Wakes sent through different channels can reach the kernel in any
 *     order.
 *   - RESUME of a call that is neither released nor finds a permit is
 *     answered SLEEP(w) again (spurious resume: allowed, not counted).
 *   - Firmware eventually wakes every parked call that needs it: whenever
 *     a wq_ctx has more unreleased parked calls than permits it may send a
 *     wake for it. Only EXTRA wakes may be sent that nothing needs.
 *   - SMC-return-only firmware parks a call, or ends one while a call waits
 *     for a wake, only while another call is still running, released, or
 *     parked on a wq_ctx holding a permit (could carry a WAKE answer);
 *     otherwise nothing could ever wake it.
 *   - GET_WQ_CTX pops one queue entry; more_pending = entries remain; an
 *     empty queue answers WAKE_NONE. Raising the interrupt sets a pending
 *     flag: raises coalesce until the threaded handler starts (IRQF_ONESHOT);
 *     one raised while the handler runs makes it run again. With EXTRA,
 *     firmware may also raise a spurious interrupt with nothing queued.
 *
 * Properties (safety runs: assertions + invalid end states; liveness runs:
 * LTL "alldone" under weak fairness):
 *   P1 no deadlock: when nothing can move every caller has finished
 *      (Monitor: finished == NC; pan: no invalid end state)
 *   P2 no lost wake-up: no caller waits in qcom_scm_waitq_sleep() while
 *      firmware has released it or holds a permit on its wq_ctx (Monitor),
 *      and no GET_WQ_CTX entry is left without a pending interrupt
 *   P3 no stale WAKE_ALL: a caller is released by the WAKE_ALL path only if
 *      a WAKE_ALL of its wait queue was processed after its seq sample (the
 *      sample may precede the SMC: "sampled before, parked after" is the
 *      documented spurious resume), and no token older than the latest
 *      WAKE_ALL of a wait queue goes to a call that began after it (k_ready)
 *   P4 the interrupt loop ends by more_pending == 0: the wake_everything
 *      fallback only runs if firmware really queued max_irq_loops entries
 *   P5 (liveness) every run ends with all callers done: no endless
 *      spurious-resume cycle
 *
 * Reductions (sound for these properties): a caller's start of a call
 * (qcom_scm_lock or a call context taken) is one step; each ctx->wait.lock
 * section is one step; GET_WQ_CTX and the wake it asks for are one step (in
 * between only the firmware queue changes, which no kernel code reads); a
 * fast call answered with WAKE and its set_bit() are one step (the irq_work
 * that delivers it is a separate step, at any later point). The seq sample,
 * the SMC, the delivery of a WAKE answer's wake-up after its ACK, the entry
 * into qcom_scm_waitq_sleep() and every re-check after a wake-up are
 * separate steps, so wakes can land in every window between them.
 *
 * The carrier of a WAKE answer is a taker of its own wake-up when the ACK
 * was answered SLEEP, as it is then parked in firmware: the wake-up is
 * delivered with src QCOM_SCM_WAKE_SRC_SMC_PARKED, which is not subtracted,
 * and with QCOM_SCM_WAKE_SRC_SMC, which is, otherwise (the fix of the lost
 * wake-up in README, Findings; MUT_CARRIER_PARKED_EXCLUDED undoes it).
 *
 * Firmware variant FW_LAZY_PERMIT (not in run.sh, unsupported firmware
 * behaviour, see README): a call that arrives at a wq_ctx holding a permit
 * may be parked anyway; the permit is then taken by the first RESUME on that
 * wq_ctx.
 *
 * NOT modelled: the stall timeout and the polling interval of
 * qcom_scm_waitq_sleep() (a timeout would resume every parked call and hide
 * any lost wake-up) and with them wq->parked (read only by the poll), the
 * limit of max_calls call contexts (a call waiting for one has not started:
 * the model lets all NC callers in), fast calls answered with SLEEP, WAKE
 * answers to GET_WQ_CTX other than through FASTWAKE, EBUSY retries, the
 * freezer, misbehaving firmware (unknown flags, failing GET_WQ_CTX), weak
 * memory ordering (the model is sequentially consistent). Each
 * ctx->wait.lock section is one atomic step; that is exact (see README):
 * a sleeper's section touches nothing shared with other wait queues that the
 * model has, and a wake's section reads the calls in flight and, for a
 * WAKE_ALL that it does, then bumps seq: a call that starts in between only
 * gets one more (spurious) release.
 */

#ifndef NC
#define NC 3
#endif
#ifndef NW
#define NW 2
#endif
#ifndef SHARED
#define SHARED 0
#endif
#ifndef CALLS
#define CALLS 1
#endif
#ifndef SLEEPS
#define SLEEPS 2
#endif
#ifndef EXTRA
#define EXTRA 1
#endif
#ifndef QMAX
#define QMAX 2
#endif
#ifndef MAXLOOPS
#define MAXLOOPS (2 * NW)
#endif
#ifndef GCMAX
#define GCMAX 250
#endif
#ifndef SERIAL
#define SERIAL 0
#endif
#ifndef WAKEMODE
#define WAKEMODE 1
#endif
#ifndef FASTWAKE
#define FASTWAKE 0
#endif

#define IRQ_WAKES (WAKEMODE & 1)
#define SMC_WAKES (WAKEMODE & 2)

/* firmware wq_ctx 0..NFW-1: 0..NW-1 counted, NW shared (if SHARED) */
#define NFW (NW + SHARED)
/* qcom_scm_wq_ctx_of(): the kernel wait queue of firmware wq_ctx w */
#define KQ(w) ((w) % NW)
#define COUNTED(w) ((w) < NW)

#define NONE 255

/* wake flags (QCOM_SCM_WAITQ_FLAG_WAKE_*) */
#define WAKE_NONE 0
#define WAKE_ONE 1
#define WAKE_ALL 2

/* SMC answers (res->a0) */
#define A_DONE 0
#define A_SLEEP 1
#define A_WAKE 2

/* SMC requests */
#define R_CALL 0
#define R_RESUME 1
#define R_ACK 2

/* where a wake-up comes from (enum qcom_scm_wake_src) */
#define SRC_IRQ 0		/* QCOM_SCM_WAKE_SRC_IRQ: GET_WQ_CTX */
#define SRC_SMC 1		/* QCOM_SCM_WAKE_SRC_SMC: a WAKE answer */
#define SRC_SMC_PARKED 2	/* QCOM_SCM_WAKE_SRC_SMC_PARKED: one whose ACK
				   parked its call */

/* ------------------------------------------------------------------ */
/* Kernel state (struct qcom_scm_waitq / struct qcom_scm_wq_ctx)       */
/* ------------------------------------------------------------------ */
byte seq;               /* wq->seq */
byte inflight;          /* multi-call: calls holding a call context
			   (wq->max_calls - wq->free_calls) */
byte k_parked[2];       /* ctx->parked */
byte k_tokens[2];       /* ctx->tokens */
byte k_wa_seq[2];       /* ctx->wake_all_seq */
bool on_list[3];        /* wait entry of caller c is on ctx->wait */
bool woken[3];          /* caller c's task is runnable (set by a wake-up) */
byte k_w[3] = NONE;     /* kernel wait queue caller c sleeps on (in_sleep) */
bool k_cnt[3];          /* caller c sleeps on a counted wq_ctx (exclusive) */
bool in_sleep[3];       /* caller c is inside qcom_scm_waitq_sleep() */
byte mutex = NONE;      /* qcom_scm_lock owner */
bool deferred[2];       /* wq->deferred bitmap (irq_work queued while set) */
#ifdef MUT_WA_STICKY
bool wa_flag[2];
#endif
#ifdef MUT_WA_NOSTORE
bool wa_rel[3];
#endif

/* ------------------------------------------------------------------ */
/* Firmware state                                                      */
/* ------------------------------------------------------------------ */
byte fw_w[3] = NONE;    /* wq_ctx call c is parked on, NONE if not parked */
bool fw_rel[3];         /* parked call c was released by a WAKE_ALL */
byte permits[3];        /* WAKE_ONE permits of each firmware wq_ctx */
byte q_w[QMAX];         /* GET_WQ_CTX queue: wq_ctx */
byte q_f[QMAX];         /* GET_WQ_CTX queue: flags */
byte qlen;
bool irq_pending;       /* wait-queue interrupt raised, thread not yet run */
bool running;           /* qcom_scm_waitq_irq_thread() is running */
byte extra = EXTRA;     /* unneeded wakes firmware may still send */
byte left[3];           /* calls of caller c not finished (set by init) */

/* ------------------------------------------------------------------ */
/* Ghosts for the properties                                           */
/* ------------------------------------------------------------------ */
byte gclock;            /* number of WAKE_ALLs the kernel has processed */
byte gwa[2];            /* gclock of the latest WAKE_ALL per wait queue */
byte gstart[3];         /* gclock when caller c began its current SMC */
byte gq_run;            /* queue entries available to the current IRQ run */
byte gstale[2];         /* tokens of a wait queue older than its last WAKE_ALL */
byte finished;          /* callers that completed all their calls */

/* firmware predicates, over firmware wq_ctx w */
#define UNREL(w) ((fw_w[0] == (w) && !fw_rel[0]) + \
		  (fw_w[1] == (w) && !fw_rel[1]) + \
		  (fw_w[2] == (w) && !fw_rel[2]))
/*
 * a parked call on w cannot resume unless firmware wakes w again. Needed
 * wakes (ONE or ALL) are sent only then, so a call that holds a permit or
 * was released is never rescued by a later wake: if the kernel lost its
 * wake-up, the run deadlocks and the Monitor reports it.
 */
#define NEEDY(w) (UNREL(w) > permits[w])
#define ANY_NEEDY (NEEDY(0) || (NFW > 1 && NEEDY(1)) || (NFW > 2 && NEEDY(2)))
/*
 * FW_DEPEND: firmware wakes the shared wq_ctx only once every counted wq_ctx
 * that holds a permit has no unreleased parked call left, as if the shared
 * call waited for something the woken counted call releases when it
 * resumes. No firmware deadlock: the kernel resumes such a counted call
 * without any further wake, unless it lost the wake-up.
 */
#ifdef FW_DEPEND
#define HOLDS(w) (UNREL(w) > 0 && permits[w] > 0)
#define DEP_OK (!HOLDS(0) && !(NW > 1 && HOLDS(1)))
#else
#define DEP_OK 1
#endif
#define MAY_WAKE(w) (NFW > (w) && NEEDY(w) && ((w) < NW || DEP_OK))
/* firmware has a wake it may send now */
#define CAN_WAKE (MAY_WAKE(0) || MAY_WAKE(1) || MAY_WAKE(2) || extra > 0)
/*
 * a call that can still bring a WAKE answer (if the kernel resumes it):
 * not parked, released, or parked on a wq_ctx that holds a permit (a call
 * parked there resumes and takes it). The last one matters since the
 * kernel delivers the wake-up of a WAKE answer only once its ACK returns:
 * firmware that answers that ACK (SLEEP or final) only while another call
 * can still carry a wake must count the call the wake-up is meant for, or
 * the ACK would wait for a resume that only its own return brings. left[c]
 * counts the calls firmware has not yet answered DONE.
 */
#define LIVE(c) (left[c] > 0 && (fw_w[c] == NONE || fw_rel[c] || \
				 permits[fw_w[c]] > 0))
#define OTHER_LIVE(me) ((me != 0 && LIVE(0)) || (me != 1 && LIVE(1)) || \
			(me != 2 && LIVE(2)))

/* choose a wake firmware may send now: one that is needed, or an extra one */
inline fw_pick_wake(pw, pf)
{
	if
	:: MAY_WAKE(0) -> pw = 0; pf = WAKE_ONE
	:: MAY_WAKE(0) -> pw = 0; pf = WAKE_ALL
	:: MAY_WAKE(1) -> pw = 1; pf = WAKE_ONE
	:: MAY_WAKE(1) -> pw = 1; pf = WAKE_ALL
	:: MAY_WAKE(2) -> pw = 2; pf = WAKE_ONE
	:: MAY_WAKE(2) -> pw = 2; pf = WAKE_ALL
	:: extra > 0 ->
		extra--;
		select(pw : 0 .. NW - 1);
		if
		:: pf = WAKE_ONE
		:: pf = WAKE_ALL
		fi
	:: extra > 0 && SHARED && DEP_OK ->
		extra--;
		pw = NW;
		if
		:: pf = WAKE_ONE
		:: pf = WAKE_ALL
		fi
	fi
}

/* firmware's own effect of a wake, at the moment it decides it */
inline fw_apply_wake(pw, pf)
{
	if
	:: pf == WAKE_ONE -> permits[pw]++
	:: pf == WAKE_ALL ->
		if :: fw_w[0] == pw -> fw_rel[0] = 1 :: else fi;
		if :: fw_w[1] == pw -> fw_rel[1] = 1 :: else fi;
		if :: fw_w[2] == pw -> fw_rel[2] = 1 :: else fi
	fi
}

/* ------------------------------------------------------------------ */
/* Kernel: wake-ups (qcom_scm_waitq_wake() and helpers)                 */
/* ------------------------------------------------------------------ */
#define CAND(c, q) (NC > c && on_list[c] && k_w[c] == (q))
#ifdef MUT_SHARED_EXCL
#define XCAND(c, q) CAND(c, q)
#else
#define XCAND(c, q) (CAND(c, q) && k_cnt[c])	/* WQ_FLAG_EXCLUSIVE */
#endif

/*
 * wake_up_locked(): wake one exclusive waiter (autoremove). The entries
 * ahead of it that wait non-exclusively (shared sleepers) are woken too, and
 * all of them if no exclusive waiter is queued; such a sleeper only re-checks
 * a state that has not changed for it and queues itself again, so the model
 * leaves those wake-ups out. The list order is not modelled: any exclusive
 * waiter may be the one.
 */
inline wake_one(q)
{
	if
	:: XCAND(0, q) -> on_list[0] = 0; woken[0] = 1
	:: XCAND(1, q) -> on_list[1] = 0; woken[1] = 1
	:: XCAND(2, q) -> on_list[2] = 0; woken[2] = 1
	:: else -> skip
	fi
}

/* wake_up_all_locked() */
inline wake_all(q)
{
	if :: CAND(0, q) -> on_list[0] = 0; woken[0] = 1 :: else fi;
	if :: CAND(1, q) -> on_list[1] = 0; woken[1] = 1 :: else fi;
	if :: CAND(2, q) -> on_list[2] = 0; woken[2] = 1 :: else fi
}

/* qcom_scm_wq_ctx_wake_all(), under ctx->wait.lock */
inline k_wake_all(q)
{
	gclock++;
	gwa[q] = gclock;
	assert(gclock < GCMAX);
#if defined(MUT_WA_NOSTORE)
	/* only callers already in qcom_scm_waitq_sleep() on q are released */
	if :: NC > 0 && in_sleep[0] && k_w[0] == q -> wa_rel[0] = 1 :: else fi;
	if :: NC > 1 && in_sleep[1] && k_w[1] == q -> wa_rel[1] = 1 :: else fi;
	if :: NC > 2 && in_sleep[2] && k_w[2] == q -> wa_rel[2] = 1 :: else fi;
#elif defined(MUT_WA_STICKY)
	wa_flag[q] = 1;
#else
	seq++;
	k_wa_seq[q] = seq;
#endif
#ifndef MUT_WA_KEEP_TOKENS
	k_tokens[q] = 0;
#endif
	gstale[q] = k_tokens[q];	/* tokens older than this WAKE_ALL */
	wake_all(q)
}

/*
 * qcom_scm_waitq_calls_in_flight(): the calls that hold qcom_scm_lock
 * (serialized: 0 or 1) or a call context (multi-call), whether in firmware,
 * on their way to the wait or parked on any wait queue
 */
#ifdef MUT_SERIAL_UNCOUNTED
#define CALLS_IN_FLIGHT inflight	/* free_calls also when serialized */
#else
#define CALLS_IN_FLIGHT (SERIAL -> (mutex != NONE) : inflight)
#endif

/*
 * qcom_scm_waitq_wake(wq, w, f, src); w is the firmware wq_ctx, src one of
 * SRC_IRQ, SRC_SMC (a WAKE answer whose ACK did not park its call, which
 * is then not a taker) and SRC_SMC_PARKED (the ACK parked it: a taker). f
 * is clobbered (the callers reset it right after).
 */
inline k_wake(w, f, src)
{
	atomic {
		if
		:: f == WAKE_NONE -> skip	/* first, whatever w is */
		:: else ->
#ifndef MUT_SHARED_NOCONV
			if
			:: !COUNTED(w) -> f = WAKE_ALL	/* shared: only WAKE_ALL */
			:: else
			fi;
#endif
			kq = KQ(w);
			takers = CALLS_IN_FLIGHT;
#if defined(MUT_CARRIER_KEPT)
			skip;		/* the carrier counts as a taker */
#elif defined(MUT_CARRIER_TWICE)
			if
			:: src == SRC_SMC && takers > 1 -> takers = takers - 2
			:: src == SRC_SMC && takers <= 1 -> takers = 0
			:: else
			fi;
#elif defined(MUT_CARRIER_IRQ)
			if	/* also for GET_WQ_CTX */
			:: src != SRC_SMC_PARKED && takers > 0 -> takers--
			:: else
			fi;
#else
			if
			:: src == SRC_SMC && takers > 0 -> takers--
			:: else
			fi;
#endif
#ifdef MUT_CAP_UNPARKED
			/* minus wq->parked: only the calls not parked count */
			if
			:: takers > k_parked[0] + k_parked[1] ->
				takers = takers - k_parked[0] - k_parked[1]
			:: else -> takers = 0
			fi;
#endif
			if
			:: f == WAKE_ALL ->
				if
#ifdef MUT_WA_PARKED
				:: k_parked[kq] > 0 -> k_wake_all(kq)
#else
				:: takers > 0 -> k_wake_all(kq)
#endif
				:: else	/* idle: nobody to release */
				fi
			:: else ->
				if
#ifdef MUT_CAP_PARKED
				:: k_tokens[kq] < k_parked[kq] -> k_tokens[kq]++
#else
				:: k_tokens[kq] < takers -> k_tokens[kq]++
#endif
				:: else
				fi;
				wake_one(kq)
			fi
		fi;
		takers = 0; kq = 0
	}
}

/* qcom_scm_waitq_wake_everything() */
inline k_wake_everything()
{
	atomic { k_wake_all(0) };
	if
	:: NW > 1 -> atomic { k_wake_all(1) }
	:: else
	fi
}

/* ------------------------------------------------------------------ */
/* Kernel: qcom_scm_waitq_sleep()                                      */
/* ------------------------------------------------------------------ */

/*
 * qcom_scm_wq_ctx_ready(ctx, start_seq, counted), under ctx->wait.lock;
 * rdy: 0 no, 1 all, 2 token
 */
inline k_ready(me, q, sample)
{
#if defined(MUT_WA_NOSTORE)
	if
	:: wa_rel[me] -> wa_rel[me] = 0; rdy = 1
#elif defined(MUT_WA_STICKY)
	if
	:: wa_flag[q] -> rdy = 1
#else
	if
	:: k_wa_seq[q] > sample -> rdy = 1
#endif
#ifdef MUT_SHARED_TOKENS
	:: else ->
		if
		:: k_tokens[q] > 0 ->
#else
	:: else ->
		if
		:: k_cnt[me] && k_tokens[q] > 0 ->
#endif
			k_tokens[q]--;
			rdy = 2;
			if
			:: gstale[q] > 0 ->
				/*
				 * Property: no token older than the latest
				 * WAKE_ALL of q goes to a call that began
				 * after that WAKE_ALL (stale wake).
				 */
				gstale[q]--;
				assert(gstart[me] < gwa[q])
			:: else
			fi
		:: else -> rdy = 0
		fi
	fi;
	/*
	 * Property: a WAKE_ALL releases only calls whose SMC began before the
	 * kernel processed it (the sample may precede the SMC: a call that
	 * sampled before the WAKE_ALL and was parked after it resumes
	 * spuriously, which is allowed).
	 */
	assert(rdy != 1 || gwa[q] > gstart[me])
}

/* leaving the wait, still under ctx->wait.lock (wq->parked-- not modelled) */
inline k_sleep_exit(me, q)
{
	on_list[me] = 0;
#ifndef MUT_NO_PASSON
	if
	:: k_tokens[q] > 0 -> wake_one(q)
	:: else
	fi;
#endif
	k_parked[q]--;
	in_sleep[me] = 0;
	k_w[me] = NONE;
	k_cnt[me] = 0;
	woken[me] = 0;	/* __set_current_state(TASK_RUNNING), nothing pending */
#ifdef MUT_WA_NOSTORE
	wa_rel[me] = 0;
#endif
	rdy = 0
}

inline k_sleep(me, q, sample)
{
	atomic {
		ans == A_SLEEP && wf == WAKE_NONE ->	/* wake-up delivered */
		q = KQ(aw);		/* qcom_scm_wq_ctx_of() */
		k_cnt[me] = COUNTED(aw);
		aw = 0;
		k_w[me] = q;
		in_sleep[me] = 1;
		k_parked[q]++;		/* atomic_inc(&wq->parked): not modelled */
#ifdef MUT_SLEEP_NOCHECK
		rdy = 0;
#else
		k_ready(me, q, sample);
#endif
		if
		:: rdy -> k_sleep_exit(me, q); rdy = 1
		:: else -> on_list[me] = 1; woken[me] = 0	/* set_current_state() */
		fi
	};
	do
	:: rdy -> break
	:: atomic {
		!rdy && woken[me] ->	/* schedule() returns: a wake-up made us runnable */
		k_ready(me, q, sample);
		if
		:: rdy -> k_sleep_exit(me, q); rdy = 1
		:: else ->
			on_list[me] = 1;	/* re-added if the wake removed it */
			woken[me] = 0
		fi
	   }
	od;
	rdy = 0; q = 0
}

/* ------------------------------------------------------------------ */
/* Firmware answer to an SMC of caller me (one atomic step)            */
/* ------------------------------------------------------------------ */
#define FW_MAY_DONE(me) (IRQ_WAKES || !ANY_NEEDY || left[me] > 1 || OTHER_LIVE(me))
#define FW_MAY_SLEEP(me) (IRQ_WAKES || OTHER_LIVE(me))

inline fw_fresh_answer(me)
{
	do
	:: FW_MAY_DONE(me) -> ans = A_DONE; left[me]--; break
	:: sleeps > 0 && FW_MAY_SLEEP(me) ->
		sleeps--;
		select(aw : 0 .. NFW - 1);
		if
		:: permits[aw] > 0 ->
			permits[aw]--	/* the arriving call takes the permit, goes on */
#ifdef FW_LAZY_PERMIT
		:: permits[aw] > 0 ->	/* variant: parked anyway, permit kept */
			fw_w[me] = aw; fw_rel[me] = 0; ans = A_SLEEP; break
#endif
		:: else ->
			fw_w[me] = aw; fw_rel[me] = 0; ans = A_SLEEP; break
		fi
	:: SMC_WAKES && CAN_WAKE ->
		fw_pick_wake(aw, af);
		fw_apply_wake(aw, af);
		ans = A_WAKE;
		break
	od
}

inline fw_smc(me, req)
{
	atomic {
		if
		:: req == R_RESUME ->
			aw = fw_w[me];
			if
			:: fw_rel[me] ->
				fw_w[me] = NONE; fw_rel[me] = 0;
				fw_fresh_answer(me)
			:: !fw_rel[me] && permits[aw] > 0 ->
				permits[aw]--;
				fw_w[me] = NONE;
				fw_fresh_answer(me)
			:: else ->
				ans = A_SLEEP	/* spurious resume: parked again */
			fi
		:: else ->
			fw_fresh_answer(me)
		fi
	}
}

/* ------------------------------------------------------------------ */
/* Callers: __scm_smc_do() + __scm_smc_do_waitq()                      */
/* ------------------------------------------------------------------ */
proctype Caller(byte me)
{
	byte calls = CALLS;
	byte sleeps, sample, req, ans, aw, af, ww, wf, rdy, sq, kq, takers;

next_call:
	do
	:: atomic {
		calls > 0 && (!SERIAL || mutex == NONE) ->
		calls--;
		sleeps = SLEEPS;
		if
		:: SERIAL -> mutex = me	/* mutex_lock(&qcom_scm_lock) */
#ifndef MUT_LATE_COUNT
		:: else -> inflight++	/* qcom_scm_waitq_get_call() */
#else
		:: else
#endif
		fi;
		req = R_CALL
	   };
		do
		::
#ifndef MUT_LATE_SAMPLE
			atomic { sample = seq; gstart[me] = gclock };
#else
			gstart[me] = gclock;
#endif
			fw_smc(me, req);
#ifdef MUT_LATE_SAMPLE
			sample = seq;
#endif
#ifdef MUT_LATE_COUNT
			if
			:: !SERIAL && req == R_CALL -> inflight++
			:: else
			fi;
#endif
			/*
			 * The ACK's answer is acted on only once the wake-up
			 * of the WAKE answer it acknowledged is delivered
			 * (wf: WAKE_ONE or WAKE_ALL pending, WAKE_NONE none;
			 * a WAKE_NONE wake-up does nothing). The delivery is
			 * a step of its own, between the ACK and the step
			 * that acts on its answer.
			 */
			do
			:: atomic {
				wf != WAKE_NONE ->
#if defined(MUT_ACK_SLEEP_DROP)
				if
				:: ans == A_SLEEP -> skip	/* dropped */
				:: else -> k_wake(ww, wf, SRC_SMC)
				fi;
#elif defined(MUT_CARRIER_PARKED_EXCLUDED)
				k_wake(ww, wf, SRC_SMC);	/* even if parked */
#else
				/* parked by the ACK's answer: a taker */
				k_wake(ww, wf, (ans == A_SLEEP -> SRC_SMC_PARKED : SRC_SMC));
#endif
				ww = 0; wf = 0
			   }
			:: k_sleep(me, sq, sample);	/* ans == A_SLEEP */
				req = R_RESUME;
				break
			:: atomic {
				wf == WAKE_NONE && ans == A_WAKE ->
				ww = aw; wf = af;	/* remember wq_ctx, flags */
				aw = 0; af = 0;
				req = R_ACK;
				break
			   }
			:: atomic {
				wf == WAKE_NONE && ans == A_DONE ->
				if
				:: SERIAL -> mutex = NONE	/* mutex_unlock() */
				:: else -> inflight--	/* qcom_scm_waitq_put_call() */
				fi;
				ans = 0; sample = 0; req = 0; sleeps = 0;
				gstart[me] = 0;
				goto next_call
			   }
			od
		od
	:: atomic { calls == 0 -> finished++; break }
	od
}

/* ------------------------------------------------------------------ */
/* Firmware: notifies wakes through the GET_WQ_CTX queue + interrupt,  */
/* and (FASTWAKE) through WAKE answers to fast calls                   */
/* ------------------------------------------------------------------ */
proctype Firmware()
{
	byte pw, pf;
end:
	do
	:: atomic {
		IRQ_WAKES && qlen < QMAX && CAN_WAKE ->
		fw_pick_wake(pw, pf);
		fw_apply_wake(pw, pf);
		q_w[qlen] = pw; q_f[qlen] = pf; qlen++;
		if
		:: running -> gq_run++	/* available to the current run */
		:: else
		fi;
		irq_pending = 1;
		pw = 0; pf = 0
	   }
	:: atomic {	/* a spurious interrupt: nothing queued */
		IRQ_WAKES && extra > 0 && qlen == 0 && !irq_pending ->
		extra--;
		irq_pending = 1
	   }
	:: atomic {
		/*
		 * A fast call (made by any kernel context) is answered WAKE:
		 * qcom_scm_waitq_fast_call_answer() calls
		 * qcom_scm_waitq_fast_call_mistake() (set_bit +
		 * irq_work_queue) and fails the call without an ACK. The
		 * flags are not passed on.
		 */
		FASTWAKE && CAN_WAKE ->
		fw_pick_wake(pw, pf);
		fw_apply_wake(pw, pf);
#ifndef MUT_DEFER_DROP
		deferred[KQ(pw)] = 1;
#endif
		pw = 0; pf = 0
	   }
	od
}

/* ------------------------------------------------------------------ */
/* Kernel: qcom_scm_waitq_deferred_wake() (irq_work)                   */
/* ------------------------------------------------------------------ */
proctype IrqWork()
{
end:
	do
	:: atomic { deferred[0] -> deferred[0] = 0; k_wake_all(0) }
	:: atomic { NW > 1 && deferred[1] -> deferred[1] = 0; k_wake_all(1) }
	od
}

/* ------------------------------------------------------------------ */
/* Kernel: qcom_scm_waitq_irq_thread()                                 */
/* ------------------------------------------------------------------ */
/* one GET_WQ_CTX call and the wake it asks for (one step: in between only
 * the firmware's queue can change, which no kernel code reads) */
inline get_and_wake()
{
	if
	:: qlen > 0 ->
		gw = q_w[0]; gf = q_f[0];
		for (i : 1 .. QMAX - 1) {
			q_w[i - 1] = q_w[i]; q_f[i - 1] = q_f[i]
		}
		q_w[QMAX - 1] = 0; q_f[QMAX - 1] = 0;
		qlen--;
		more = (qlen > 0)
	:: else ->
		gw = 0; gf = WAKE_NONE; more = 0	/* empty queue */
	fi;
	i = 0;
	k_wake(gw, gf, SRC_IRQ);	/* WAKE_NONE: nothing, never an error */
	gw = 0; gf = 0;
#ifdef MUT_IRQ_ONCE
	more = 0;	/* more_pending ignored: one GET_WQ_CTX per interrupt */
#endif
#ifdef MUT_IRQ_NOSTOP
	more = 1;	/* more_pending ignored: loop until the bound */
#endif
	loops++;
	if
	:: !more -> running = 0; loops = 0; gq_run = 0
	:: else
	fi
}

proctype IrqThread()
{
	byte loops, gw, gf, i, kq, takers;
	bool more;
end:
	do
	:: atomic {	/* the threaded handler runs, first GET_WQ_CTX */
		irq_pending && !running ->
		irq_pending = 0;
		running = 1;
		gq_run = qlen;
		get_and_wake()
	   }
	:: atomic {
		running && loops < MAXLOOPS ->
		get_and_wake()
	   }
	:: running && loops == MAXLOOPS ->
		/* fallback only when firmware really kept more_pending set */
		assert(gq_run >= MAXLOOPS);
		k_wake_everything();
		atomic { running = 0; loops = 0; more = 0; gq_run = 0 }
	od
}

/* ------------------------------------------------------------------ */
/* Monitor: checked when nothing else can move (end or deadlock)       */
/* ------------------------------------------------------------------ */
proctype Monitor()
{
	byte c;
	timeout ->
	for (c : 0 .. NC - 1) {
		/* no lost wake-up: firmware woke it, the kernel does not resume it */
		assert(!(in_sleep[c] && !woken[c] && fw_w[c] != NONE &&
			 (fw_rel[c] || permits[fw_w[c]] > 0)))
	}
	/* no wake left in the GET_WQ_CTX queue without an interrupt to fetch it */
	assert(qlen == 0 || irq_pending);
	/* no deadlock: every caller completed all its calls */
	assert(finished == NC)
}

init {
	byte c;
	assert(NC >= 1 && NC <= 3 && NW >= 1 && NW <= 2 && QMAX >= 1);
	assert(SHARED == 0 || SHARED == 1);
	assert(!(SERIAL && !IRQ_WAKES));	/* serialized + SMC-only = polling, not modelled */
	atomic {
		for (c : 0 .. NC - 1) {
			left[c] = CALLS
		}
		c = 0;
		run Firmware();
		run IrqThread();
		if
		:: FASTWAKE -> run IrqWork()
		:: else
		fi;
		run Monitor();
		for (c : 0 .. NC - 1) {
			run Caller(c)
		}
	}
}

#ifdef LIVENESS
/* every run ends with all callers done: no livelock of spurious resumes */
ltl alldone { <> (finished == NC) }
#endif
