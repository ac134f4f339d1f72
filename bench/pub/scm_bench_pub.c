// SPDX-License-Identifier: GPL-2.0
/*
 * scm_bench_pub: the 6.12 benchmark of qcom_scm on fakefw, through the
 * driver's exported API only, so that the same code measures the unpatched
 * kernel (mainline's wait queues: one mutex held across the park) and the
 * series (bench/README-6.12.md).
 *
 * Besides the exported API it uses two things that both kernels have:
 *  - fakefw's test hook, a raw SMC (SIP service 0x3f, SET key 6): release a
 *    peripheral's secure resource now; fakefw then wakes the wait queue by
 *    its interrupt (or by a WAKE answer, on a board without one);
 *  - the driver's trace point scm_waitq_sleep(u32 wq_ctx, u32 smc_call_ctx),
 *    which mainline 6.12 and the series both fire when firmware answers a
 *    call SLEEP (found by name: built in, not exported). It says when a call
 *    got into firmware and was parked, so the firmware time (hold) can start
 *    there and not while a serialized call waits for the driver's lock.
 *
 * Module parameters say what to run (run=conc,fast,lat); every result is a
 * line "scm-bench-pub: {json}" on the console (the latency's raw samples
 * several, see pub_emit()), the last one {"name":"run",...,"status":N}.
 * bench/report-6.12.py reads them.
 */
#include <linux/arm-smccc.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/firmware/qcom/qcom_scm.h>
#include <linux/hrtimer.h>
#include <linux/irqflags.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/tracepoint.h>

#define PFX "scm-bench-pub: "

/* fakefw's test hook: SIP service 0x3f, SET (x2 = key, x3 = value) */
#define PUB_FW_SET		ARM_SMCCC_CALL_VAL(ARM_SMCCC_FAST_CALL, \
						   ARM_SMCCC_SMC_64, \
						   ARM_SMCCC_OWNER_SIP, 0x3f01)
#define PUB_FW_KEY_RELEASE	6
/* fakefw's peripherals; nr_wq=8: wq_ctx = peripheral */
#define PUB_NR_PERIPH		8
/* never written, so fakefw reads it as 0 */
#define PUB_IO_ADDR		0x2000
/* never taken by this module */
#define PUB_PERIPH_QUERY	7
#define PUB_PERIPH_LAT		0
#define PUB_TIMEOUT_MS		60000
#define PUB_LAT_DROP		5	/* first samples: QEMU translates code on first use */

static char *run = "conc,fast,lat";
module_param(run, charp, 0444);
MODULE_PARM_DESC(run, "what to measure: conc, fast, lat (comma separated)");
static char *label = "-";
module_param(label, charp, 0444);
MODULE_PARM_DESC(label, "the deployment, echoed in every line");
static char *clients = "1,2,4,8";
module_param(clients, charp, 0444);
MODULE_PARM_DESC(clients, "client counts of conc (each <= 8)");
/*
 * The defaults are the full run's: bench/run-6.12.sh reads them from here
 * (the "static unsigned int <name> = <value>;" lines) and passes them on
 * the command line, so that every boot and the run's record name them; the
 * quick run overrides some.
 */
static unsigned int reps = 5;
module_param(reps, uint, 0444);
MODULE_PARM_DESC(reps, "repetitions of each conc cell");
static unsigned int calls = 10;
module_param(calls, uint, 0444);
MODULE_PARM_DESC(calls, "calls per client and repetition (conc)");
static unsigned int hold_us = 10000;
module_param(hold_us, uint, 0444);
MODULE_PARM_DESC(hold_us,
		 "firmware time of a held call, from its park to the release");
/* 2000 kept: p99.9 is the 1998th, so two samples lie beyond it */
static unsigned int samples = 2005;
module_param(samples, uint, 0444);
MODULE_PARM_DESC(samples, "wake-up latency samples (the first 5 are dropped)");
static unsigned int settle_us = 1000;
module_param(settle_us, uint, 0444);
MODULE_PARM_DESC(settle_us, "latency: time between the park and the release");
static unsigned int batches = 2000;
module_param(batches, uint, 0444);
MODULE_PARM_DESC(batches, "timed batches per fast-path call");
static unsigned int per_batch = 32;
module_param(per_batch, uint, 0444);
MODULE_PARM_DESC(per_batch, "calls per timed fast-path batch");

static bool pub_wants(const char *what)
{
	size_t n = strlen(what);
	const char *p = run;

	while (p && *p) {
		if (!strncmp(p, what, n) && (p[n] == ',' || !p[n]))
			return true;
		p = strchr(p, ',');
		if (p)
			p++;
	}
	return false;
}

static void pub_fw_release(u32 periph)
{
	struct arm_smccc_res res;

	arm_smccc_smc(PUB_FW_SET, 0, PUB_FW_KEY_RELEASE, periph, 0, 0, 0, 0,
		      &res);
}

static int pub_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* sorts v; p-th percentile by the nearest-rank-below rule */
static u64 pub_pct(u64 *v, unsigned int n, unsigned int p)
{
	return n ? v[(u64)(n - 1) * p / 100] : 0;
}

/*
 * printk keeps a record below 1 KiB, so a long list of samples goes out in
 * chunks. Each chunk is a line of its own, "scm-bench-pub: {json}", that
 * repeats the key (name, label) and gives the index of its first sample
 * ("from"): the report merges the "v" arrays by key, and can tell a lost
 * or reordered console line from a short run.
 */
#define PUB_LINE	960
/* room for one more sample: ",", the 20 digits of U64_MAX, "]}" and NUL */
#define PUB_ROOM	24

static int pub_emit(const char *name, const char *unit, const u64 *v,
		    unsigned int n)
{
	unsigned int i = 0, j;
	char *buf;
	int len, ret = 0;

	buf = kmalloc(PUB_LINE, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	do {
		len = scnprintf(buf, PUB_LINE,
				"{\"name\":\"%s\",\"label\":\"%s\",\"unit\":\"%s\",\"from\":%u,\"v\":[",
				name, label, unit, i);
		/* a label this long would leave no room: never loop on it */
		if (len + PUB_ROOM > PUB_LINE) {
			ret = -EINVAL;
			break;
		}
		for (j = 0; i < n && len + PUB_ROOM <= PUB_LINE; i++, j++)
			len += scnprintf(buf + len, PUB_LINE - len, "%s%llu",
					 j ? "," : "", v[i]);
		scnprintf(buf + len, PUB_LINE - len, "]}");
		pr_info(PFX "%s\n", buf);
	} while (i < n);
	kfree(buf);
	return ret;
}

/* ---- the driver's trace point ------------------------------------------- */

typedef void (*pub_sleep_probe_t)(void *data, u32 wq_ctx, u32 smc_call_ctx);

struct pub_tp_find {
	const char *name;
	struct tracepoint *tp;
};

static void pub_tp_match(struct tracepoint *tp, void *priv)
{
	struct pub_tp_find *f = priv;

	if (!strcmp(tp->name, f->name))
		f->tp = tp;
}

static struct tracepoint *pub_sleep_tp(void)
{
	struct pub_tp_find f = { .name = "scm_waitq_sleep" };

	for_each_kernel_tracepoint(pub_tp_match, &f);
	return f.tp;
}

static int pub_probe(pub_sleep_probe_t probe)
{
	struct tracepoint *tp = pub_sleep_tp();

	if (!tp) {
		pr_err(PFX "no trace point scm_waitq_sleep in this kernel\n");
		return -ENOENT;
	}
	return tracepoint_probe_register(tp, (void *)probe, NULL);
}

static void pub_unprobe(pub_sleep_probe_t probe)
{
	tracepoint_probe_unregister(pub_sleep_tp(), (void *)probe, NULL);
	tracepoint_synchronize_unregister();
}

/* ---- throughput: calls that firmware holds for hold_us ------------------ */

struct pub_client {
	struct task_struct *task;
	struct hrtimer release;
	struct completion *go;
	struct completion done;
	atomic_t armed;
	u64 parked_at;
	unsigned int id;
	unsigned int calls;
	u64 *lat;
	int err;
};

static struct pub_client pub_clients[PUB_NR_PERIPH];
static unsigned int pub_nr_clients;
static atomic_t pub_parks;
static DEFINE_SPINLOCK(pub_hold_lock);
static u64 pub_hold_sum, pub_hold_min, pub_hold_max, pub_hold_n;

static enum hrtimer_restart pub_release_fn(struct hrtimer *t)
{
	struct pub_client *c = container_of(t, struct pub_client, release);
	u64 parked_at = READ_ONCE(c->parked_at), held;
	unsigned long flags;

	/*
	 * parked_at is read before the release: once released, the call may
	 * return and the client's next call park (and write it) before this
	 * CPU, which the host may preempt, takes the time
	 */
	pub_fw_release(c->id);
	held = ktime_get_ns() - parked_at;
	spin_lock_irqsave(&pub_hold_lock, flags);
	pub_hold_sum += held;
	pub_hold_n++;
	if (!pub_hold_min || held < pub_hold_min)
		pub_hold_min = held;
	if (held > pub_hold_max)
		pub_hold_max = held;
	spin_unlock_irqrestore(&pub_hold_lock, flags);
	return HRTIMER_NORESTART;
}

/*
 * scm_waitq_sleep: the call is in firmware and parked, its secure operation
 * starts now. A call parked again before its release keeps its deadline.
 */
static void pub_conc_on_sleep(void *data, u32 wq_ctx, u32 smc_call_ctx)
{
	struct pub_client *c;

	atomic_inc(&pub_parks);
	if (wq_ctx >= READ_ONCE(pub_nr_clients))
		return;
	c = &pub_clients[wq_ctx];
	if (!atomic_xchg(&c->armed, 1)) {
		WRITE_ONCE(c->parked_at, ktime_get_ns());
		hrtimer_start(&c->release, ns_to_ktime((u64)hold_us * NSEC_PER_USEC),
			      HRTIMER_MODE_REL);
	}
}

static int pub_client_fn(void *data)
{
	struct pub_client *c = data;
	unsigned int i;
	int ret;
	u64 t;

	wait_for_completion(c->go);
	for (i = 0; i < c->calls; i++) {
		t = ktime_get_ns();
		ret = qcom_scm_pas_auth_and_reset(c->id);
		c->lat[i] = ktime_get_ns() - t;
		atomic_set(&c->armed, 0);
		if (ret && !c->err)
			c->err = ret;
	}
	complete(&c->done);
	return 0;
}

/* one repetition: @n clients, @calls calls each; the elapsed ns */
static s64 pub_conc_once(unsigned int n, u64 *lat)
{
	DECLARE_COMPLETION_ONSTACK(go);
	unsigned long left = msecs_to_jiffies(PUB_TIMEOUT_MS);
	unsigned int i;
	u64 t0;

	for (i = 0; i < n; i++) {
		struct pub_client *c = &pub_clients[i];

		c->go = &go;
		c->calls = calls;
		c->lat = lat + i * calls;
		c->err = 0;
		atomic_set(&c->armed, 0);
		init_completion(&c->done);
		c->task = kthread_run(pub_client_fn, c, "pub_client/%u", i);
		if (IS_ERR(c->task))
			return PTR_ERR(c->task);
	}
	/* let every client reach its wait, then start them together */
	usleep_range(2000, 2100);
	t0 = ktime_get_ns();
	complete_all(&go);
	for (i = 0; i < n; i++) {
		left = wait_for_completion_timeout(&pub_clients[i].done, left ?: 1);
		if (!left) {
			/* the clients still use pub_clients: never return */
			pr_err(PFX "client %u did not finish: a wake-up was lost\n", i);
			return -ETIMEDOUT;
		}
	}
	t0 = ktime_get_ns() - t0;
	for (i = 0; i < n; i++)
		if (pub_clients[i].err)
			return pub_clients[i].err;
	return t0;
}

static bool pub_stuck;	/* a client never finished: keep everything attached */

static int pub_conc_one(unsigned int n, u64 *elapsed, u64 *lat)
{
	unsigned int r, i, nl = n * calls;
	char *buf, *p;
	u64 hsum, hn, hmin, hmax;
	int parks, ret = 0;
	s64 ns;

	buf = kmalloc(1024, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	pub_nr_clients = n;
	atomic_set(&pub_parks, 0);
	spin_lock_irq(&pub_hold_lock);
	pub_hold_sum = 0;
	pub_hold_n = 0;
	pub_hold_min = 0;
	pub_hold_max = 0;
	spin_unlock_irq(&pub_hold_lock);
	p = buf;
	for (r = 0; r < reps; r++) {
		ns = pub_conc_once(n, lat + (u64)r * nl);
		if (ns < 0) {
			ret = ns;
			if (ret == -ETIMEDOUT)
				pub_stuck = true;
			goto out;
		}
		elapsed[r] = ns;
		p += scnprintf(p, buf + 512 - p, "%s%llu", r ? "," : "", ns);
	}
	parks = atomic_read(&pub_parks);
	spin_lock_irq(&pub_hold_lock);
	hsum = pub_hold_sum;
	hn = pub_hold_n;
	hmin = pub_hold_min;
	hmax = pub_hold_max;
	spin_unlock_irq(&pub_hold_lock);
	sort(lat, (size_t)reps * nl, sizeof(*lat), pub_cmp_u64, NULL);
	i = reps * nl;
	pr_info(PFX "{\"name\":\"conc\",\"label\":\"%s\",\"clients\":%u,\"reps\":%u,\"calls\":%u,\"hold_us\":%u,\"elapsed_ns\":[%s],\"call_ns_p50\":%llu,\"call_ns_p99\":%llu,\"call_ns_max\":%llu,\"parks\":%d,\"releases\":%llu,\"held_ns_mean\":%llu,\"held_ns_min\":%llu,\"held_ns_max\":%llu}\n",
		label, n, reps, calls, hold_us, buf, pub_pct(lat, i, 50),
		pub_pct(lat, i, 99), i ? lat[i - 1] : 0, parks, hn,
		hn ? div64_u64(hsum, hn) : 0, hmin, hmax);
out:
	kfree(buf);
	return ret;
}

static int pub_conc(void)
{
	/* ints[0]: how many get_options() parsed, then the values */
	int ints[PUB_NR_PERIPH + 1], ret, k;
	unsigned int counts[PUB_NR_PERIPH], nc = 0, i;
	u64 *elapsed = NULL, *lat = NULL;

	get_options(clients, ARRAY_SIZE(ints), ints);
	for (k = 1; k <= ints[0]; k++)
		if (ints[k] >= 1 && ints[k] <= PUB_NR_PERIPH)
			counts[nc++] = ints[k];
	if (!nc || !reps || !calls)
		return -EINVAL;
	for (i = 0; i < PUB_NR_PERIPH; i++) {
		pub_clients[i].id = i;
		hrtimer_init(&pub_clients[i].release, CLOCK_MONOTONIC,
			     HRTIMER_MODE_REL);
		pub_clients[i].release.function = pub_release_fn;
	}
	/* take every resource once: from now on each call parks */
	for (i = 0; i < PUB_NR_PERIPH; i++) {
		ret = qcom_scm_pas_auth_and_reset(i);
		if (ret) {
			pr_err(PFX "taking peripheral %u: %d\n", i, ret);
			return ret;
		}
	}
	ret = -ENOMEM;
	elapsed = kcalloc(reps, sizeof(*elapsed), GFP_KERNEL);
	lat = kcalloc((size_t)reps * PUB_NR_PERIPH * calls, sizeof(*lat), GFP_KERNEL);
	if (!elapsed || !lat)
		goto out;
	ret = pub_probe(pub_conc_on_sleep);
	if (ret)
		goto out;
	for (i = 0; i < nc && !ret; i++)
		ret = pub_conc_one(counts[i], elapsed, lat);
	if (pub_stuck)
		return ret;	/* leave the probe and the buffers to the clients */
	pub_unprobe(pub_conc_on_sleep);
	for (i = 0; i < PUB_NR_PERIPH; i++)
		hrtimer_cancel(&pub_clients[i].release);
	/* free the resources again (the latency run takes one) */
	for (i = 0; i < PUB_NR_PERIPH; i++) {
		int r = qcom_scm_pas_shutdown(i);

		if (r && !ret)
			ret = r;
	}
out:
	kfree(elapsed);
	kfree(lat);
	return ret;
}

/* ---- fast path: calls firmware answers at once -------------------------- */

static int pub_fast(void)
{
	unsigned int nb = max(batches, 2U), pb = max(per_batch, 1U), b, i;
	u64 *v[2], sum[2] = { 0, 0 }, t;
	unsigned int val, fails = 0;
	static const char *const what[2] = { "atomic", "standard" };
	int k, ret = 0;

	v[0] = kcalloc(nb, sizeof(u64), GFP_KERNEL);
	v[1] = kcalloc(nb, sizeof(u64), GFP_KERNEL);
	if (!v[0] || !v[1]) {
		ret = -ENOMEM;
		goto out;
	}
	/* warm-up: QEMU translates the code on first use */
	for (i = 0; i < 64; i++) {
		qcom_scm_io_readl(PUB_IO_ADDR, &val);
		qcom_scm_pas_supported(PUB_PERIPH_QUERY);
	}
	/* the two calls alternate batch by batch: the host's drift hits both */
	for (b = 0; b < nb; b++) {
		t = ktime_get_ns();
		for (i = 0; i < pb; i++)
			fails += !!qcom_scm_io_readl(PUB_IO_ADDR, &val);
		t = ktime_get_ns() - t;
		v[0][b] = div_u64(t * 1000, pb);	/* ps per call */
		sum[0] += t;
		t = ktime_get_ns();
		for (i = 0; i < pb; i++)
			fails += !qcom_scm_pas_supported(PUB_PERIPH_QUERY);
		t = ktime_get_ns() - t;
		v[1][b] = div_u64(t * 1000, pb);
		sum[1] += t;
	}
	for (k = 0; k < 2; k++) {
		sort(v[k], nb, sizeof(u64), pub_cmp_u64, NULL);
		pr_info(PFX "{\"name\":\"fast\",\"label\":\"%s\",\"call\":\"%s\",\"batches\":%u,\"per_batch\":%u,\"ps_p50\":%llu,\"ps_p99\":%llu,\"ps_min\":%llu,\"ps_mean\":%llu,\"failed\":%u}\n",
			label, what[k], nb, pb, pub_pct(v[k], nb, 50),
			pub_pct(v[k], nb, 99), v[k][0],
			div64_u64(sum[k] * 1000, (u64)nb * pb), fails);
	}
	if (fails)
		ret = -EIO;
out:
	kfree(v[0]);
	kfree(v[1]);
	return ret;
}

/* ---- wake-up latency with the interrupt ---------------------------------- */

/*
 * One client parks on PUB_PERIPH_LAT; this thread plays firmware: settle_us
 * after the park (the caller is asleep by then) it releases the peripheral
 * with local interrupts masked and takes the time as the release SMC
 * returns, fakefw's interrupt pending. The sample ends when the parked
 * caller's qcom_scm_pas_auth_and_reset() has returned to it.
 */
static struct {
	struct completion parked;
	struct completion next;
	struct completion returned;
	bool park_seen;
	u64 t_signal;
	u64 sample;
	unsigned int n;
	unsigned int not_parked;
	int err;
} pub_lat;

static void pub_lat_on_sleep(void *data, u32 wq_ctx, u32 smc_call_ctx)
{
	if (wq_ctx != PUB_PERIPH_LAT || pub_lat.park_seen)
		return;
	pub_lat.park_seen = true;
	complete(&pub_lat.parked);
}

static int pub_lat_client(void *data)
{
	unsigned int i;
	u64 t0;
	int ret;

	for (i = 0; i < pub_lat.n; i++) {
		wait_for_completion(&pub_lat.next);
		ret = qcom_scm_pas_auth_and_reset(PUB_PERIPH_LAT);
		t0 = READ_ONCE(pub_lat.t_signal);
		pub_lat.sample = t0 ? ktime_get_ns() - t0 : 0;
		if (ret && !pub_lat.err)
			pub_lat.err = ret;
		complete(&pub_lat.returned);
	}
	return 0;
}

static int pub_latency(void)
{
	unsigned int n = max(samples, PUB_LAT_DROP + 1U), i, got = 0;
	struct task_struct *task;
	unsigned long flags;
	u64 *v;
	int ret, r;

	v = kcalloc(n, sizeof(*v), GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	init_completion(&pub_lat.parked);
	init_completion(&pub_lat.next);
	init_completion(&pub_lat.returned);
	pub_lat.n = n;
	pub_lat.err = 0;
	pub_lat.not_parked = 0;
	/* the first call takes the free resource; the others park */
	ret = qcom_scm_pas_auth_and_reset(PUB_PERIPH_LAT);
	if (ret)
		goto out;
	ret = pub_probe(pub_lat_on_sleep);
	if (ret)
		goto out;
	task = kthread_run(pub_lat_client, NULL, "pub_lat_client");
	ret = PTR_ERR_OR_ZERO(task);
	for (i = 0; !ret && i < n; i++) {
		pub_lat.park_seen = false;
		WRITE_ONCE(pub_lat.t_signal, 0);
		complete(&pub_lat.next);
		if (!wait_for_completion_timeout(&pub_lat.parked,
						 msecs_to_jiffies(PUB_TIMEOUT_MS))) {
			ret = -ETIMEDOUT;
			break;
		}
		/* the parked caller is asleep in its wait by now */
		usleep_range(settle_us, settle_us + 100);
		local_irq_save(flags);
		pub_fw_release(PUB_PERIPH_LAT);
		WRITE_ONCE(pub_lat.t_signal, ktime_get_ns());
		local_irq_restore(flags);
		if (!wait_for_completion_timeout(&pub_lat.returned,
						 msecs_to_jiffies(PUB_TIMEOUT_MS))) {
			ret = -ETIMEDOUT;
			break;
		}
		if (i >= PUB_LAT_DROP && pub_lat.sample)
			v[got++] = pub_lat.sample;
	}
	if (ret) {
		pr_err(PFX "latency: %d after %u samples\n", ret, i);
		pub_stuck = true;
		return ret;	/* the client may still be parked */
	}
	pub_unprobe(pub_lat_on_sleep);
	ret = pub_lat.err;
	if (!ret)
		ret = qcom_scm_pas_shutdown(PUB_PERIPH_LAT);
	/*
	 * every sample, in the order taken (drift over the run stays
	 * visible), then the count: the report computes the percentiles
	 * and checks that it got as many samples as were taken
	 */
	r = pub_emit("lat", "ns", v, got);
	if (r && !ret)
		ret = r;
	pr_info(PFX "{\"name\":\"lat\",\"label\":\"%s\",\"samples\":%u,\"dropped\":%u,\"settle_us\":%u,\"err\":%d}\n",
		label, got, PUB_LAT_DROP, settle_us, ret);
out:
	kfree(v);
	return ret;
}

static int __init scm_bench_pub_init(void)
{
	int ret = 0, r;
	u64 t0 = ktime_get_ns();

	if (!qcom_scm_is_available()) {
		ret = -ENODEV;
		pr_err(PFX "qcom_scm is not available\n");
		goto done;
	}
	if (pub_wants("conc")) {
		r = pub_conc();
		pr_info(PFX "conc: %d\n", r);
		ret = ret ?: r;
	}
	if (!pub_stuck && pub_wants("fast")) {
		r = pub_fast();
		pr_info(PFX "fast: %d\n", r);
		ret = ret ?: r;
	}
	if (!pub_stuck && pub_wants("lat")) {
		r = pub_latency();
		pr_info(PFX "lat: %d\n", r);
		ret = ret ?: r;
	}
done:
	pr_info(PFX "{\"name\":\"run\",\"label\":\"%s\",\"run\":\"%s\",\"ms\":%llu,\"status\":%d}\n",
		label, run, div_u64(ktime_get_ns() - t0, NSEC_PER_MSEC), ret);
	return 0;
}

static void __exit scm_bench_pub_exit(void)
{
}

module_init(scm_bench_pub_init);
module_exit(scm_bench_pub_exit);
MODULE_DESCRIPTION("qcom_scm benchmark through the public API, on fakefw");
MODULE_LICENSE("GPL");
