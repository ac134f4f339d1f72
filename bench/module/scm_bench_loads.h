/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scm_bench: loads of many clients on the firmware double (see
 * scm_bench_loads.c), run by scm_bench_double.c.
 */
#ifndef SCM_BENCH_LOADS_H
#define SCM_BENCH_LOADS_H

struct sbd;
struct sbd_deploy;

int sbd_concurrency(struct sbd *fw, const struct sbd_deploy *d);
int sbd_hold_sweep(struct sbd *fw, const struct sbd_deploy *d);
int sbd_contention(struct sbd *fw, const struct sbd_deploy *d);
int sbd_call_contexts(struct sbd *fw);
int sbd_parked_idle(struct sbd *fw, const struct sbd_deploy *d);
int sbd_fast_all_cpus(struct sbd *fw, const struct sbd_deploy *d);

#endif /* SCM_BENCH_LOADS_H */
