// SPDX-License-Identifier: GPL-2.0
/*
 * /init of the end-to-end initramfs: load every /NAME.ko in name order, each
 * with the NAME.key=value words of the kernel command line as parameters,
 * print the series' wait-queue state, and power off through PSCI.
 *
 * The harness reads the console: the modules' output (the client's KTAP and
 * its count of the qcom_scm trace events), then the debugfs state of each
 * SCM device (qcom_scm/<device>/waitq: what is in flight and parked now)
 * between "scm-e2e: state begin <device>" and "scm-e2e: state end", then
 * "scm-e2e: init done rc=N".  Before the state, the driver's line of
 * /proc/interrupts as "scm-e2e: interrupts <line>".  A driver without the
 * series has no such state (no qcom_scm directory in debugfs): init says so
 * and goes on; e2e/report.py decides whether the scenario needed it.  Whatever happens, init powers the machine
 * off, so a boot ends either with QEMU exiting or with the harness
 * timeout.
 *
 * When the client was loaded with freeze_holders=1, its freezable kthreads
 * are making calls that park when its init returns.  /init then runs the
 * freezer test of system suspend (pm_test=freezer, s2idle) from user space,
 * as a real suspend would start: it cannot run while /init is blocked in
 * finit_module(), because a user task sleeping in the kernel outside a
 * freezable state makes the freezer fail.  It prints
 * "scm-e2e: freezer: ...", stores the write's result in the client's
 * parameter freeze_rc and unloads the client, whose exit checks the
 * holders (suite qcom_scm_e2e_freeze) and prints its event counts.  The
 * state comes after that, when every call has returned.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <unistd.h>

#define DEBUGFS		"/sys/kernel/debug"
/* one directory per SCM device, each with the file "waitq" */
#define SCM_DEBUGFS	DEBUGFS "/qcom_scm"
#define CLIENT		"scm_e2e_client"
#define CLIENT_PARAMS	"/sys/module/" CLIENT "/parameters/"
/* seconds the freezer test keeps tasks frozen (the kernel's default is 5) */
#define PM_TEST_DELAY	"1"

/* "scm_bench.rounds=8 x=1" from /proc/cmdline -> "rounds=8" for module scm_bench */
static void module_params(const char *mod, char *out, size_t len)
{
	char cmdline[4096], prefix[128], *tok, *save = NULL;
	size_t used = 0, plen;
	ssize_t n;
	int fd;

	out[0] = '\0';
	plen = snprintf(prefix, sizeof(prefix), "%s.", mod);
	fd = open("/proc/cmdline", O_RDONLY);
	if (fd < 0)
		return;
	n = read(fd, cmdline, sizeof(cmdline) - 1);
	close(fd);
	if (n <= 0)
		return;
	cmdline[n] = '\0';
	for (tok = strtok_r(cmdline, " \n", &save); tok;
	     tok = strtok_r(NULL, " \n", &save)) {
		size_t l;

		if (strncmp(tok, prefix, plen))
			continue;
		tok += plen;
		l = strlen(tok);
		if (used + l + 2 > len)
			break;
		if (used)
			out[used++] = ' ';
		memcpy(out + used, tok, l + 1);
		used += l;
	}
}

static int load_module(const char *file)
{
	char mod[128], path[160], params[1024];
	int fd, rc;

	snprintf(mod, sizeof(mod), "%.*s", (int)(strlen(file) - 3), file);
	snprintf(path, sizeof(path), "/%s", file);
	module_params(mod, params, sizeof(params));
	printf("scm-e2e: loading %s (params \"%s\")\n", path, params);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		printf("scm-e2e: cannot open %s: errno %d\n", path, errno);
		return 1;
	}
	/* A module's tests run inside its init: this returns when they are done. */
	rc = syscall(SYS_finit_module, fd, params, 0);
	close(fd);
	if (rc) {
		printf("scm-e2e: finit_module(%s) failed: errno %d\n", path, errno);
		return 1;
	}
	return 0;
}

static int is_module(const struct dirent *de)
{
	size_t l = strlen(de->d_name);

	return l > 3 && !strcmp(de->d_name + l - 3, ".ko");
}

static int load_modules(void)
{
	struct dirent **list;
	int i, n, rc = 0;

	n = scandir("/", &list, is_module, alphasort);
	if (n <= 0) {
		printf("scm-e2e: no module in the initramfs\n");
		return 1;
	}
	for (i = 0; i < n; i++) {
		rc |= load_module(list[i]->d_name);
		free(list[i]);
	}
	free(list);
	return rc;
}

/* Write a string to a sysfs file: 0, or -errno of the open or the write. */
static int write_file(const char *path, const char *val)
{
	ssize_t n, len = strlen(val);
	int fd, err = 0;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, val, len);
	if (n < 0)
		err = -errno;
	else if (n != len)
		err = -EIO;
	if (close(fd) && !err)
		err = -errno;
	return err;
}

/* "Y\n" in a bool parameter of the client */
static int client_flag(const char *param)
{
	char path[256], buf[8] = "";
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), CLIENT_PARAMS "%s", param);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return n > 0 && (buf[0] == 'Y' || buf[0] == '1');
}

/*
 * The freezer test of system suspend while the client's calls are parked:
 * echo freezer > /sys/power/pm_test; echo freeze > /sys/power/state.  The
 * kernel freezes user space and the freezable kthreads, waits PM_TEST_DELAY
 * seconds, thaws them and the write returns.  Then the client is unloaded:
 * its exit checks the holders.
 */
static int freezer_test(void)
{
	char val[16];
	int err, state_rc, rc = 0;

	err = write_file("/sys/module/suspend/parameters/pm_test_delay", PM_TEST_DELAY);
	if (err)
		printf("scm-e2e: freezer: setting pm_test_delay failed: %d\n", err);
	err = write_file("/sys/power/pm_test", "freezer");
	if (err) {
		printf("scm-e2e: freezer: echo freezer > /sys/power/pm_test failed: %d\n", err);
		state_rc = err;
	} else {
		printf("scm-e2e: freezer: echo freeze > /sys/power/state (pm_test=freezer, delay %s s)\n",
		       PM_TEST_DELAY);
		state_rc = write_file("/sys/power/state", "freeze");
		printf("scm-e2e: freezer: echo freeze > /sys/power/state returned %d\n", state_rc);
		write_file("/sys/power/pm_test", "none");
	}
	rc |= state_rc != 0;
	snprintf(val, sizeof(val), "%d", state_rc);
	err = write_file(CLIENT_PARAMS "freeze_rc", val);
	if (err) {
		printf("scm-e2e: freezer: writing %sfreeze_rc failed: %d\n", CLIENT_PARAMS, err);
		rc = 1;
	}
	/* the client's exit runs suite qcom_scm_e2e_freeze */
	if (syscall(SYS_delete_module, CLIENT, O_NONBLOCK)) {
		printf("scm-e2e: freezer: delete_module(%s) failed: errno %d\n", CLIENT, errno);
		rc = 1;
	}
	return rc;
}

/* Copy every qcom_scm/<device>/waitq to the console. */
static int print_state(void)
{
	char path[512], buf[4096];
	struct dirent *de;
	int found = 0;
	ssize_t n;
	DIR *dir;
	int fd;

	dir = opendir(SCM_DEBUGFS);
	if (!dir && errno == ENOENT) {
		/* a driver without the series; report.py knows which it needs */
		printf("scm-e2e: no %s: the driver keeps no wait-queue state in debugfs\n",
		       SCM_DEBUGFS);
		return 0;
	}
	if (!dir) {
		printf("scm-e2e: cannot open %s: errno %d\n", SCM_DEBUGFS, errno);
		return 1;
	}
	while ((de = readdir(dir))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), SCM_DEBUGFS "/%s/waitq", de->d_name);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		printf("scm-e2e: state begin %s\n", de->d_name);
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			fwrite(buf, 1, n, stdout);
		close(fd);
		printf("scm-e2e: state end\n");
		found++;
	}
	closedir(dir);
	if (!found)
		printf("scm-e2e: no %s/*/waitq\n", SCM_DEBUGFS);
	return !found;
}

/*
 * The driver's wait-queue interrupt as /proc/interrupts counts it (one line
 * per CPU column set), as "scm-e2e: interrupts <line>": with a driver
 * that has no state in debugfs, it shows the interrupt was requested and
 * how often it fired.
 */
static void print_interrupts(void)
{
	char line[1024];
	FILE *f = fopen("/proc/interrupts", "r");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, "qcom-scm") || strstr(line, "qcom_scm"))
			printf("scm-e2e: interrupts %s%s", line,
			       strchr(line, '\n') ? "" : "\n");
	fclose(f);
}

int main(void)
{
	int rc = 0;

	/* unbuffered: lines must reach the console before the power-off */
	setvbuf(stdout, NULL, _IONBF, 0);
	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	if (mount("debugfs", DEBUGFS, "debugfs", 0, NULL))
		printf("scm-e2e: mounting %s failed: errno %d\n", DEBUGFS, errno);

	rc |= load_modules();
	if (client_flag("freeze_holders"))
		rc |= freezer_test();
	print_interrupts();
	rc |= print_state();
	printf("scm-e2e: init done rc=%d\n", rc);
	sync();
	reboot(RB_POWER_OFF);
	/* reboot() only returns on failure; let the harness timeout see it. */
	printf("scm-e2e: power-off failed: errno %d\n", errno);
	for (;;)
		pause();
}
