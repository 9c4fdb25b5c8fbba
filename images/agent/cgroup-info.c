/* Read-only requests: INFO (guest facts), STATS (the container's cgroup counters) and TOP (the
 * processes in its cgroup, from /proc). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "agent.h"

static char *crun_version;

/* A number from the container's cgroup: the line "key N" of `file`, or with key NULL the file's
 * whole value ("max" reads as 0). -1 if missing. */
long long cgroup_value(const struct container *c, const char *file, const char *key)
{
	char path[320], text[4096];
	snprintf(path, sizeof(path), "%s/%s", c->cgroup, file);
	if (read_text(path, text, sizeof(text)) <= 0)
		return -1;
	if (!key)
		return strncmp(text, "max", 3) ? strtoll(text, NULL, 10) : 0;
	size_t n = strlen(key);
	for (char *line = text; line; line = strchr(line, '\n'), line = line ? line + 1 : NULL)
		if (!strncmp(line, key, n) && line[n] == ' ')
			return strtoll(line + n + 1, NULL, 10);
	return -1;
}

static void version_done(struct job *j, int status)
{
	char text[256] = "", *words[3] = { 0 };
	(void)status;
	ssize_t n = read(j->out, text, sizeof(text) - 1);
	close(j->out);
	text[n > 0 ? n : 0] = 0;
	text[strcspn(text, "\n")] = 0;
	char *save = NULL, *w = strtok_r(text, " ", &save);
	for (int i = 0; w && i < 3; i++, w = strtok_r(NULL, " ", &save))
		words[i] = w;
	if (!words[2]) {
		reply_err(j->req, "cannot read the crun version");
		return;
	}
	free(crun_version);
	crun_version = strdup(words[2]);
	op_info(j->req);
}

/* kernel release, `uname -v`, MemTotal bytes, online CPUs, runtime name and version, cgroup version.
 * The first INFO runs `crun --version` once. */
void op_info(uint32_t req)
{
	if (!crun_version) {
		int p[2];
		char *argv[] = { CRUN_PATH, "--version", NULL };
		if (pipe2(p, O_CLOEXEC) < 0) {
			reply_err(req, "pipe: %s", strerror(errno));
			return;
		}
		int null = open("/dev/null", O_RDWR | O_CLOEXEC);
		pid_t pid = spawn(crun_exe, argv, null, p[1], null);
		close(null);
		close(p[1]);
		if (pid < 0) {
			close(p[0]);
			reply_err(req, "spawn crun: %s", strerror(errno));
			return;
		}
		job_add(pid, version_done, req, NULL, NULL)->out = p[0];
		return;
	}

	struct utsname u;
	char line[256], mem[32] = "0", cpus[16];
	unsigned long long kb;
	FILE *f = fopen("/proc/meminfo", "re");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "MemTotal: %llu kB", &kb) == 1) {
			snprintf(mem, sizeof(mem), "%llu", kb * 1024);
			break;
		}
	if (f)
		fclose(f);
	uname(&u);
	snprintf(cpus, sizeof(cpus), "%ld", sysconf(_SC_NPROCESSORS_ONLN));
	reply_ok(req, 7, u.release, u.version, mem, cpus, "crun", crun_version, "2");
}

static int check_running(uint32_t req, struct container *c)
{
	if (proc_running(proc_init(c)) && !c->deleting)
		return 1;
	reply_err(req, "container %s is not running", c->id);
	return 0;
}

static void field_num(struct buf *b, long long v)
{
	char num[24];
	snprintf(num, sizeof(num), "%lld", v < 0 ? 0 : v);
	buf_str(b, num);
}

/* cpu usage µs, memory.current, memory.max, pids.current, pids.max, inactive_file, oom_kill. */
void op_stats(uint32_t req, struct container *c)
{
	struct buf b = { 0 };

	if (!check_running(req, c))
		return;
	if (access(c->cgroup, F_OK) < 0) {
		reply_err(req, "cgroup %s: %s", c->cgroup, strerror(errno));
		return;
	}
	field_num(&b, cgroup_value(c, "cpu.stat", "usage_usec"));
	field_num(&b, cgroup_value(c, "memory.current", NULL));
	field_num(&b, cgroup_value(c, "memory.max", NULL));
	field_num(&b, cgroup_value(c, "pids.current", NULL));
	field_num(&b, cgroup_value(c, "pids.max", NULL));
	field_num(&b, cgroup_value(c, "memory.stat", "inactive_file"));
	field_num(&b, cgroup_value(c, "memory.events", "oom_kill"));
	reply_fields(req, &b);
	buf_free(&b);
}

/* One TOP field: pid ppid uid starttime cpu_ticks tty_nr state cmdline, tab-separated. */
static void top_process(struct buf *b, pid_t pid)
{
	char path[64], stat[1024], status[2048], cmd[1024], line[1500];
	char state;
	int ppid, tty;
	unsigned long utime, stime;
	unsigned long long start;
	unsigned uid = 0;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (read_text(path, stat, sizeof(stat)) <= 0)
		return; /* gone meanwhile */
	char *name = strchr(stat, '('), *rest = strrchr(stat, ')');
	if (!name || !rest ||
	    sscanf(rest + 2, "%c %d %*d %*d %d %*d %*u %*u %*u %*u %*u %lu %lu %*d %*d %*d %*d %*d %*d %llu",
	           &state, &ppid, &tty, &utime, &stime, &start) != 6)
		return;
	*rest = 0;
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	if (read_text(path, status, sizeof(status)) > 0) {
		char *u = strstr(status, "\nUid:");
		if (u)
			sscanf(u + 5, "%*u %u", &uid); /* effective uid, as ps shows */
	}
	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	ssize_t n = read_text(path, cmd, sizeof(cmd));
	while (n > 0 && cmd[n - 1] == 0)
		n--;
	for (ssize_t i = 0; i < n; i++)
		if (cmd[i] == 0)
			cmd[i] = ' ';
	if (n <= 0)
		snprintf(cmd, sizeof(cmd), "[%s]", name + 1);
	else
		cmd[n] = 0;
	snprintf(line, sizeof(line), "%d\t%d\t%u\t%llu\t%lu\t%d\t%c\t%s", (int)pid, ppid, uid, start,
	         utime + stime, tty, state, cmd);
	buf_str(b, line);
}

/* The processes in a cgroup and its descendants. */
static void top_cgroup(struct buf *b, const char *dir, int depth)
{
	char path[512], line[32];
	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	FILE *f = fopen(path, "re");
	while (f && fgets(line, sizeof(line), f))
		top_process(b, atoi(line));
	if (f)
		fclose(f);
	DIR *d = depth < 8 ? opendir(dir) : NULL;
	struct dirent *e;
	while (d && (e = readdir(d)))
		if (e->d_type == DT_DIR && e->d_name[0] != '.') {
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			top_cgroup(b, path, depth + 1);
		}
	if (d)
		closedir(d);
}

/* "HZ BTIME", then one field per process (pids as the guest sees them). */
void op_top(uint32_t req, struct container *c)
{
	char line[256], head[64];
	unsigned long long btime = 0;
	struct buf b = { 0 };

	if (!check_running(req, c))
		return;
	FILE *f = fopen("/proc/stat", "re");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "btime %llu", &btime) == 1)
			break;
	if (f)
		fclose(f);
	snprintf(head, sizeof(head), "%ld %llu", sysconf(_SC_CLK_TCK), btime);
	buf_str(&b, head);
	top_cgroup(&b, c->cgroup, 0);
	reply_fields(req, &b);
	buf_free(&b);
}
