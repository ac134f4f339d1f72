/*
 * waitq.pml - Promela model of the SCM wait-queue protocol (scm-waitq series)
 *
 * Kernel side modelled after drivers/firmware/qcom_scm-waitq.c and
 * qcom_scm-smc.c of the series; the firmware is a nondeterministic process
 * that parks and wakes calls within the ABI. See model/README.md for the
 * mapping of every process and variable to the driver, and model/run.sh for
 * the configurations and mutants that are checked.
 *
 * Bounds (defaults, each can be overridden with -D):
 *   NC     = 3  callers (concurrent kernel threads issuing SCM calls), max 3
 *   NW     = 2  firmware wait queues (wq_ctx 0..NW-1), max 2
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
 *
 * Mutants (each removes one guard the series relies on):
 *   MUT_WAKE_DROP     a wake of a wq_ctx with no kernel-parked caller is
 *                     dropped instead of leaving state (token / seq)
 *   MUT_SLEEP_NOCHECK the sleeper does not look at the wq_ctx state before
 *                     its first sleep (only a wake-up after it waits counts)
 *   MUT_WA_NOSTORE    WAKE_ALL only releases the callers waiting in the
 *                     kernel at that moment and stores nothing (no seq)
 *   MUT_WA_STICKY     WAKE_ALL is a per-wq_ctx flag that is never reset
 *   MUT_LATE_SAMPLE   the seq sample is taken after the SMC returns
 *   MUT_IRQ_ONCE      the interrupt thread ignores more_pending (one
 *                     GET_WQ_CTX per interrupt)
 *   MUT_IRQ_NOSTOP    the interrupt thread ignores more_pending == 0 and
 *                     loops until max_irq_loops (termination check)
 *   MUT_NO_PASSON     qcom_scm_waitq_sleep() does not pass an unused
 *                     exclusive wake-up on (not in run.sh: survives)
 *   MUT_WA_KEEP_TOKENS WAKE_ALL does not drop the pending tokens
 *
 * Firmware semantics assumed (the series relies on them):
 *   - SLEEP(w) parks the call on w. WAKE_ONE(w) grants one permit on w that
 *     the first call to resume on w, or to arrive at w (it is then not
 *     parked), takes. WAKE_ALL(w) releases exactly the calls parked on w at
 *     that moment. The wake takes effect in firmware when firmware decides
 *     it; the kernel learns of it later, through the GET_WQ_CTX queue (IRQ)
 *     or through a WAKE answer to another call (SMC return). Wakes sent
 *     through different channels can reach the kernel in any order.
 *   - RESUME of a call that is neither released nor finds a permit is
 *     answered SLEEP(w) again (spurious resume: allowed, not counted).
 *   - Firmware eventually wakes every parked call that needs it: whenever
 *     a wq_ctx has more unreleased parked calls than permits it may send a
 *     wake for it. Only EXTRA wakes may be sent that nothing needs.
 *   - SMC-return-only firmware parks a call, or ends one while a call waits
 *     for a wake, only while another call is still running (could carry a
 *     WAKE answer); otherwise nothing could ever wake it.
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
 *      a WAKE_ALL of its wq_ctx was processed after its seq sample (the
 *      sample may precede the SMC: "sampled before, parked after" is the
 *      documented spurious resume), and no token older than the latest
 *      WAKE_ALL of a wq_ctx goes to a call that began after it (k_ready)
 *   P4 the interrupt loop ends by more_pending == 0: the wake_everything
 *      fallback only runs if firmware really queued max_irq_loops entries
 *   P5 (liveness) every run ends with all callers done: no endless
 *      spurious-resume cycle
 *
 * Reductions (sound for these properties): a caller's start of a call
 * (mutex, unparked++) is one step; each ctx->wait.lock section is one step;
 * GET_WQ_CTX and the wake it asks for are one step (in between only the
 * firmware queue changes, which no kernel code reads). The seq sample, the
 * SMC, the entry into qcom_scm_waitq_sleep() and every re-check after a
 * wake-up are separate steps, so wakes can land in every window between
 * them.
 *
 * Firmware variant FW_LAZY_PERMIT (not in run.sh, see README): a call that
 * arrives at a wq_ctx holding a permit may be parked anyway; the permit is
 * then taken by the first RESUME on that wq_ctx.
 *
 * NOT modelled: the stall timeout and the polling interval of
 * qcom_scm_waitq_sleep() (a timeout would resume every parked call and hide
 * any lost wake-up), atomic calls other than GET_WQ_CTX, WAKE answers to
 * GET_WQ_CTX, EBUSY retries, the freezer, misbehaving firmware (unknown
 * wq_ctx/flags, failing GET_WQ_CTX), weak memory ordering (the model is
 * sequentially consistent; each ctx->wait.lock section is one atomic step,
 * which is exact because every such section touches at most one variable
 * shared with other wq_ctx: the atomic unparked or seq).
 */

#ifndef NC
#define NC 3
#endif
#ifndef NW
#define NW 2
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

#define IRQ_WAKES (WAKEMODE & 1)
#define SMC_WAKES (WAKEMODE & 2)

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

/* ------------------------------------------------------------------ */
/* Kernel state (struct qcom_scm_waitq / struct qcom_scm_wq_ctx)       */
/* ------------------------------------------------------------------ */
byte seq;               /* wq->seq */
short unparked;         /* wq->unparked */
byte k_parked[2];       /* ctx->parked */
byte k_tokens[2];       /* ctx->tokens */
byte k_wa_seq[2];       /* ctx->wake_all_seq */
bool on_list[3];        /* wait entry of caller c is on ctx->wait */
bool woken[3];          /* caller c's task is runnable (set by a wake-up) */
byte k_w[3] = NONE;     /* wq_ctx caller c sleeps on (while in_sleep) */
bool in_sleep[3];       /* caller c is inside qcom_scm_waitq_sleep() */
byte mutex = NONE;      /* qcom_scm_lock owner */
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
byte permits[2];        /* WAKE_ONE permits of each wq_ctx */
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
byte gwa[2];            /* gclock of the latest WAKE_ALL processed per wq_ctx */
byte gstart[3];         /* gclock when caller c began its current SMC */
byte gq_run;            /* queue entries available to the current IRQ run */
byte gstale[2];         /* tokens of w that predate its latest WAKE_ALL */
byte finished;          /* callers that completed all their calls */

/* firmware predicates */
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
#define ANY_NEEDY (NEEDY(0) || (NW > 1 && NEEDY(1)))
/*
 * a call that can still bring a WAKE answer (if the kernel resumes it);
 * left[c] counts the calls firmware has not yet answered DONE
 */
#define LIVE(c) (left[c] > 0 && (fw_w[c] == NONE || fw_rel[c]))
#define OTHER_LIVE(me) ((me != 0 && LIVE(0)) || (me != 1 && LIVE(1)) || \
			(me != 2 && LIVE(2)))

/* choose a wake firmware may send now: one that is needed, or an extra one */
inline fw_pick_wake(pw, pf)
{
	if
	:: NEEDY(0) -> pw = 0; pf = WAKE_ONE
	:: NEEDY(0) -> pw = 0; pf = WAKE_ALL
	:: NW > 1 && NEEDY(1) -> pw = 1; pf = WAKE_ONE
	:: NW > 1 && NEEDY(1) -> pw = 1; pf = WAKE_ALL
	:: extra > 0 ->
		extra--;
		select(pw : 0 .. NW - 1);
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
#define CAND(c, w) (NC > c && on_list[c] && k_w[c] == (w))

/* wake_up_locked(): wake one exclusive waiter (autoremove) */
inline wake_one(w)
{
	if
	:: CAND(0, w) -> on_list[0] = 0; woken[0] = 1
	:: CAND(1, w) -> on_list[1] = 0; woken[1] = 1
	:: CAND(2, w) -> on_list[2] = 0; woken[2] = 1
	:: else -> skip
	fi
}

/* wake_up_all_locked() */
inline wake_all(w)
{
	if :: CAND(0, w) -> on_list[0] = 0; woken[0] = 1 :: else fi;
	if :: CAND(1, w) -> on_list[1] = 0; woken[1] = 1 :: else fi;
	if :: CAND(2, w) -> on_list[2] = 0; woken[2] = 1 :: else fi
}

/* qcom_scm_wq_ctx_wake_all(), under ctx->wait.lock */
inline k_wake_all(w)
{
	gclock++;
	gwa[w] = gclock;
	assert(gclock < GCMAX);
#if defined(MUT_WA_NOSTORE)
	/* only callers already in qcom_scm_waitq_sleep() on w are released */
	if :: NC > 0 && in_sleep[0] && k_w[0] == w -> wa_rel[0] = 1 :: else fi;
	if :: NC > 1 && in_sleep[1] && k_w[1] == w -> wa_rel[1] = 1 :: else fi;
	if :: NC > 2 && in_sleep[2] && k_w[2] == w -> wa_rel[2] = 1 :: else fi;
#elif defined(MUT_WA_STICKY)
	wa_flag[w] = 1;
#else
	seq++;
	k_wa_seq[w] = seq;
#endif
#ifndef MUT_WA_KEEP_TOKENS
	k_tokens[w] = 0;
#endif
	gstale[w] = k_tokens[w];	/* tokens older than this WAKE_ALL */
	wake_all(w)
}

/* qcom_scm_waitq_wake(wq, w, f, src, self_unparked) */
inline k_wake(w, f, self)
{
	atomic {
		if
		:: f == WAKE_NONE -> skip
		:: else ->
			others = unparked - self;
#ifdef MUT_WAKE_DROP
			if
			:: k_parked[w] == 0 -> skip	/* dropped */
#else
			if
			:: k_parked[w] == 0 && others <= 0 && f == WAKE_ALL -> skip	/* idle: nobody to release */
#endif
			:: else ->
				if
				:: f == WAKE_ALL -> k_wake_all(w)
				:: else ->
					if
					:: others < 0 -> others = 0
					:: else
					fi;
					/* at least one token, even on an idle wq_ctx */
					if
					:: k_tokens[w] < k_parked[w] + others || k_tokens[w] == 0 -> k_tokens[w]++
					:: else
					fi;
					wake_one(w)
				fi
			fi
		fi;
		others = 0
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

/* qcom_scm_wq_ctx_ready(), under ctx->wait.lock; rdy: 0 no, 1 all, 2 token */
inline k_ready(me, w, sample)
{
#if defined(MUT_WA_NOSTORE)
	if
	:: wa_rel[me] -> wa_rel[me] = 0; rdy = 1
#elif defined(MUT_WA_STICKY)
	if
	:: wa_flag[w] -> rdy = 1
#else
	if
	:: k_wa_seq[w] > sample -> rdy = 1
#endif
	:: else ->
		if
		:: k_tokens[w] > 0 ->
			k_tokens[w]--;
			rdy = 2;
			if
			:: gstale[w] > 0 ->
				/*
				 * Property: no token older than the latest
				 * WAKE_ALL of w goes to a call that began
				 * after that WAKE_ALL (stale wake).
				 */
				gstale[w]--;
				assert(gstart[me] < gwa[w])
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
	assert(rdy != 1 || gwa[w] > gstart[me])
}

/* leaving the wait, still under ctx->wait.lock */
inline k_sleep_exit(me, w)
{
	on_list[me] = 0;
#ifndef MUT_NO_PASSON
	if
	:: k_tokens[w] > 0 -> wake_one(w)
	:: else
	fi;
#endif
	k_parked[w]--;
	unparked++;
	in_sleep[me] = 0;
	k_w[me] = NONE;
	woken[me] = 0;	/* __set_current_state(TASK_RUNNING), nothing pending */
#ifdef MUT_WA_NOSTORE
	wa_rel[me] = 0;
#endif
	rdy = 0
}

inline k_sleep(me, w, sample)
{
	atomic {
		ans == A_SLEEP ->
		w = aw; aw = 0;
		k_w[me] = w;
		in_sleep[me] = 1;
		k_parked[w]++;
		unparked--;
#ifdef MUT_SLEEP_NOCHECK
		rdy = 0;
#else
		k_ready(me, w, sample);
#endif
		if
		:: rdy -> k_sleep_exit(me, w); rdy = 1
		:: else -> on_list[me] = 1; woken[me] = 0	/* set_current_state() */
		fi
	};
	do
	:: rdy -> break
	:: atomic {
		!rdy && woken[me] ->	/* schedule() returns: a wake-up made us runnable */
		k_ready(me, w, sample);
		if
		:: rdy -> k_sleep_exit(me, w); rdy = 1
		:: else ->
			on_list[me] = 1;	/* re-added if the wake removed it */
			woken[me] = 0
		fi
	   }
	od;
	rdy = 0; w = 0
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
		select(aw : 0 .. NW - 1);
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
	:: SMC_WAKES && (ANY_NEEDY || extra > 0) ->
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
	byte sleeps, sample, req, ans, aw, af, rdy, sw;
	short others;

	do
	:: atomic {
		calls > 0 && (!SERIAL || mutex == NONE) ->
		calls--;
		sleeps = SLEEPS;
		if
		:: SERIAL -> mutex = me	/* mutex_lock(&qcom_scm_lock) */
		:: else
		fi;
		unparked++;
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
			if
			:: k_sleep(me, sw, sample);	/* ans == A_SLEEP */
				req = R_RESUME
			:: atomic {
				ans == A_WAKE ->
				k_wake(aw, af, 1);
				aw = 0; af = 0;
				req = R_ACK
			   }
			:: atomic {
				ans == A_DONE ->
				unparked--;
				if
				:: SERIAL -> mutex = NONE
				:: else
				fi;
				ans = 0; sample = 0; req = 0; sleeps = 0;
				gstart[me] = 0;
				break
			   }
			fi
		od
	:: atomic { calls == 0 -> finished++; break }
	od
}

/* ------------------------------------------------------------------ */
/* Firmware: notifies wakes through the GET_WQ_CTX queue + interrupt   */
/* ------------------------------------------------------------------ */
proctype Firmware()
{
	byte pw, pf;
end:
	do
	:: atomic {
		IRQ_WAKES && qlen < QMAX && (ANY_NEEDY || extra > 0) ->
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
	if
	:: loops == 0 && !more && gf == WAKE_NONE ->
		skip	/* "spurious wait-queue interrupt" */
	:: else ->
		k_wake(gw, gf, 0)
	fi;
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
	byte loops, gw, gf, i;
	bool more;
	short others;
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
	assert(!(SERIAL && !IRQ_WAKES));	/* serialized + SMC-only = polling, not modelled */
	atomic {
		for (c : 0 .. NC - 1) {
			left[c] = CALLS
		}
		c = 0;
		run Firmware();
		run IrqThread();
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
