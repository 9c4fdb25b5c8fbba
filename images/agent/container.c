/* Container lifecycle: bundle and overlay at CREATE, one `crun run --detach` at START, crun delete,
 * all as asynchronous jobs, and reaping. One crun exec per start: each costs a good part of a second
 * in the emulator. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "agent.h"

/* Pinned off: 9p has no file handles (index, xino), and a throwaway upper layer needs no
 * redirects or metacopy. The 9p lower layer also works with the kernel's defaults. */
#define OVERLAY_OPTS "index=off,redirect_dir=off,metacopy=off,xino=off"

enum { JOB_RUN, JOB_DELETE, JOB_VERSION };

struct job {
	pid_t pid;
	int kind;
	uint32_t req;
	struct container *c;
	int out;      /* captured stdout (JOB_VERSION), else -1 */
	unsigned since; /* reap_seq when the job started */
	struct job *next;
};

struct container *containers;
static struct job *jobs;
static char *crun_version;

/* Recently reaped unknown children: the init may exit before `crun run` has reported its pid. */
static struct {
	pid_t pid;
	int status;
	unsigned seq;
} early[16];
static unsigned reap_seq;

struct container *container_find(const char *id)
{
	for (struct container *c = containers; c; c = c->next)
		if (!strcmp(c->id, id))
			return c;
	return NULL;
}

struct container *container_by_handle(uint32_t handle)
{
	for (struct container *c = containers; c; c = c->next)
		if (c->handle == handle)
			return c;
	return NULL;
}

static void path_of(char *out, size_t n, const struct container *c, const char *leaf)
{
	snprintf(out, n, BUNDLE_ROOT "/%s%s%s", c->id, *leaf ? "/" : "", leaf);
}

static void console_path(char *out, size_t n, const struct container *c)
{
	snprintf(out, n, BUNDLE_ROOT "/console-%u.sock", c->seq);
}

static int valid_id(const char *id)
{
	size_t n = strlen(id);
	if (n == 0 || n > 128 || id[0] == '.' || id[0] == '-')
		return 0;
	return strspn(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") == n;
}

/* A relative path without empty, "." or ".." components and without overlay option separators. */
static int valid_rootfs(const char *p)
{
	if (!*p || *p == '/' || strpbrk(p, ",:\\"))
		return 0;
	for (const char *s = p; *s;) {
		size_t n = strcspn(s, "/");
		if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
			return 0;
		s += n;
		if (*s == '/')
			s++;
	}
	return p[strlen(p) - 1] != '/';
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)ftw;
	if ((flag == FTW_DP ? rmdir(path) : unlink(path)) < 0)
		logmsg("remove %s: %s", path, strerror(errno));
	return 0;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static void container_destroy(struct container *c)
{
	char path[300];

	for (struct container **pp = &containers; *pp; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	close_fd(&c->out_fd);
	close_fd(&c->err_fd);
	close_fd(&c->child_in);
	close_fd(&c->child_out);
	close_fd(&c->child_err);
	stdio_close_in(c);
	if (c->console_fd >= 0) {
		close_fd(&c->console_fd);
		console_path(path, sizeof(path), c);
		unlink(path);
	}
	path_of(path, sizeof(path), c, "rootfs");
	umount2(path, MNT_DETACH);
	path_of(path, sizeof(path), c, "");
	nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
	free(c->id);
	free(c);
}

/* The last line crun logged (its error message), without the timestamp prefix. */
static void crun_error(const struct container *c, char *msg, size_t n)
{
	char path[300], text[4096];
	ssize_t len = -1;

	path_of(path, sizeof(path), c, "crun.log");
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		off_t size = lseek(fd, 0, SEEK_END);
		lseek(fd, size > (off_t)sizeof(text) - 1 ? size - (off_t)sizeof(text) + 1 : 0, SEEK_SET);
		len = read(fd, text, sizeof(text) - 1);
		close(fd);
	}
	if (len <= 0) {
		snprintf(msg, n, "crun failed");
		return;
	}
	text[len] = 0;
	while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == ' '))
		text[--len] = 0;
	char *line = strrchr(text, '\n');
	line = line ? line + 1 : text;
	char *sep = strstr(line, ": ");
	if (sep && sep - line < 40 && line[0] >= '0' && line[0] <= '9')
		line = sep + 2;
	snprintf(msg, n, "%s", line);
}

static void job_add(pid_t pid, int kind, uint32_t req, struct container *c, int out)
{
	struct job *j = calloc(1, sizeof(*j));
	if (!j)
		die("calloc");
	*j = (struct job){ pid, kind, req, c, out, reap_seq, jobs };
	jobs = j;
	if (c)
		c->busy = 1;
}

/* Runs `crun --root … --log <bundle>/crun.log <args…> <id>` with stdio on /dev/null. */
static pid_t crun_job(struct container *c, int kind, uint32_t req, const char *cmd, const char *flag)
{
	char log[320], *argv[8];
	int i = 0;

	snprintf(log, sizeof(log), "--log=" BUNDLE_ROOT "/%s/crun.log", c->id);
	argv[i++] = CRUN_PATH;
	argv[i++] = "--root=" CRUN_ROOT;
	argv[i++] = log;
	argv[i++] = (char *)cmd;
	if (flag)
		argv[i++] = (char *)flag;
	argv[i++] = c->id;
	argv[i] = NULL;
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);
	pid_t pid = spawn(argv, null, null, null);
	close(null);
	if (pid > 0)
		job_add(pid, kind, req, c, -1);
	return pid;
}

static int exit_code(int status)
{
	return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

static void start_delete(struct container *c)
{
	if (crun_job(c, JOB_DELETE, c->delete_req, "delete", "--force") < 0) {
		if (c->deleting == DELETE_REQUESTED)
			reply_err(c->delete_req, "spawn crun: %s", strerror(errno));
		container_destroy(c);
	}
}

/* Sends EOFs then EXIT once the init is reaped and no crun job for the container is outstanding. */
static void container_try_exit(struct container *c)
{
	if (!c->reaped || c->exit_sent || c->busy)
		return;
	stdio_drain(c);
	stdio_close_in(c);
	send_exit(c->id, exit_code(c->status));
	c->exit_sent = 1;
	if (c->deleting)
		start_delete(c);
}

void op_create(uint32_t req, const char *id, uint32_t handle, const char *rootfs,
               const uint8_t *config, size_t config_len, int tty, int stdin_open)
{
	static unsigned seq;
	char dir[300], path[320], opts[1024], sock[320];
	int out[2] = { -1, -1 }, err[2] = { -1, -1 }, in[2] = { -1, -1 };

	if (!valid_id(id)) {
		reply_err(req, "invalid container id");
		return;
	}
	if (container_find(id)) {
		reply_err(req, "container %s already exists", id);
		return;
	}
	if (!valid_rootfs(rootfs)) {
		reply_err(req, "invalid rootfs path");
		return;
	}
	if (container_by_handle(handle)) {
		reply_err(req, "stdio handle %u is in use", handle);
		return;
	}

	struct container *c = calloc(1, sizeof(*c));
	if (!c || !(c->id = strdup(id)))
		die("calloc");
	c->handle = handle;
	c->tty = tty;
	c->stdin_open = stdin_open;
	c->out_fd = c->err_fd = c->in_fd = c->console_fd = -1;
	c->child_in = c->child_out = c->child_err = -1;
	c->seq = ++seq;
	c->next = containers;
	containers = c;

	path_of(dir, sizeof(dir), c, "");
	const char *what = "mkdir";
	if (mkdir(dir, 0700) < 0)
		goto fail;
	static const char *const subdirs[] = { "upper", "work", "rootfs" };
	for (int i = 0; i < 3; i++) {
		path_of(path, sizeof(path), c, subdirs[i]);
		if (mkdir(path, 0755) < 0)
			goto fail;
	}
	snprintf(opts, sizeof(opts), "lowerdir=" HOST_MNT "/%s,upperdir=%s/upper,workdir=%s/work," OVERLAY_OPTS,
	         rootfs, dir, dir);
	what = "mount overlay";
	path_of(path, sizeof(path), c, "rootfs");
	if (mount("overlay", path, "overlay", 0, opts) < 0)
		goto fail;

	what = "write config.json";
	path_of(path, sizeof(path), c, "config.json");
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		goto fail;
	ssize_t w = write(fd, config, config_len);
	close(fd);
	if (w != (ssize_t)config_len) {
		errno = w < 0 ? errno : EIO;
		goto fail;
	}

	what = "stdio";
	if (tty) {
		console_path(sock, sizeof(sock), c);
		if ((c->console_fd = console_listen(sock)) < 0)
			goto fail;
	} else if (pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0 || (stdin_open && pipe2(in, O_CLOEXEC) < 0)) {
		goto fail;
	}
	c->child_in = in[0];
	c->child_out = tty ? -1 : out[1];
	c->child_err = tty ? -1 : err[1];
	in[0] = out[1] = err[1] = -1;
	c->out_fd = out[0];
	c->err_fd = err[0];
	c->in_fd = in[1];
	set_nonblock(c->out_fd);
	set_nonblock(c->err_fd);
	set_nonblock(c->in_fd);
	reply_ok(req, 0);
	return;

fail:
	reply_err(req, "%s: %s", what, strerror(errno));
	for (int k = 0; k < 2; k++) {
		close_fd(&out[k]);
		close_fd(&err[k]);
		close_fd(&in[k]);
	}
	container_destroy(c);
}

/* `crun run --detach`: creates and starts the container in one crun exec, stdio as kept at CREATE. */
static int spawn_run(struct container *c, uint32_t req)
{
	char dir[300], log[320], bundle[320], pidfile[320], sock[320], console_arg[340];
	char *argv[10];
	int i = 0;

	path_of(dir, sizeof(dir), c, "");
	snprintf(log, sizeof(log), "--log=%s/crun.log", dir);
	snprintf(bundle, sizeof(bundle), "--bundle=%s", dir);
	snprintf(pidfile, sizeof(pidfile), "--pid-file=%s/pid", dir);
	argv[i++] = CRUN_PATH;
	argv[i++] = "--root=" CRUN_ROOT;
	argv[i++] = log;
	argv[i++] = "run";
	argv[i++] = "--detach";
	argv[i++] = bundle;
	argv[i++] = pidfile;
	if (c->tty) {
		console_path(sock, sizeof(sock), c);
		snprintf(console_arg, sizeof(console_arg), "--console-socket=%s", sock);
		argv[i++] = console_arg;
	}
	argv[i++] = c->id;
	argv[i] = NULL;

	int null = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null < 0)
		return -1;
	pid_t pid = spawn(argv, c->child_in >= 0 ? c->child_in : null, c->child_out >= 0 ? c->child_out : null,
	                  c->child_err >= 0 ? c->child_err : null);
	int spawn_errno = errno;
	close(null);
	if (pid < 0) {
		errno = spawn_errno;
		return -1;
	}
	close_fd(&c->child_in);
	close_fd(&c->child_out);
	close_fd(&c->child_err);
	c->started = 1;
	job_add(pid, JOB_RUN, req, c, -1);
	return 0;
}

static void run_done(struct job *j, int status)
{
	struct container *c = j->c;
	char msg[1024], path[320], num[16] = "";

	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		crun_error(c, msg, sizeof(msg));
		reply_err(j->req, "%s", msg);
		container_destroy(c);
		return;
	}
	path_of(path, sizeof(path), c, "pid");
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, num, sizeof(num) - 1) : -1;
	if (fd >= 0)
		close(fd);
	c->pid = n > 0 ? atoi(num) : 0;
	if (c->tty) {
		int master = console_recv(c->console_fd);
		close_fd(&c->console_fd);
		console_path(path, sizeof(path), c);
		unlink(path);
		if (master >= 0) {
			set_nonblock(master);
			c->out_fd = master;
			c->in_fd = c->stdin_open ? fcntl(master, F_DUPFD_CLOEXEC, 3) : -1;
		}
	}
	if (c->pid <= 0 || (c->tty && c->out_fd < 0)) {
		if (c->pid > 0)
			kill(c->pid, SIGKILL);
		reply_err(j->req, c->pid <= 0 ? "crun run gave no pid" : "no pty master received");
		c->deleting = DELETE_SILENT;
		c->exit_sent = 1;
		start_delete(c);
		return;
	}
	for (unsigned i = 0; i < sizeof(early) / sizeof(early[0]); i++)
		if (early[i].pid == c->pid && early[i].seq > j->since) {
			c->reaped = 1;
			c->status = early[i].status;
			early[i].pid = 0;
		}
	snprintf(num, sizeof(num), "%d", (int)c->pid);
	reply_ok(j->req, 1, num);
	container_try_exit(c);
}

static void version_done(struct job *j)
{
	char text[256] = "", *words[3] = { 0 };
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

static void job_done(struct job *j, int status)
{
	struct container *c = j->c;
	char msg[1024];
	int ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;

	if (c)
		c->busy = 0;
	switch (j->kind) {
	case JOB_RUN:
		run_done(j, status);
		return;
	case JOB_VERSION:
		version_done(j);
		return;
	case JOB_DELETE:
		if (!ok)
			crun_error(c, msg, sizeof(msg));
		if (c->deleting == DELETE_REQUESTED) {
			if (ok)
				reply_ok(c->delete_req, 0);
			else
				reply_err(c->delete_req, "%s", msg);
		}
		container_destroy(c);
		return;
	}
}

void op_start(uint32_t req, struct container *c)
{
	if (c->busy || c->deleting || c->started) {
		reply_err(req, "container %s cannot be started now", c->id);
		return;
	}
	if (spawn_run(c, req) < 0)
		reply_err(req, "spawn crun: %s", strerror(errno));
}

void op_signal(uint32_t req, struct container *c, int sig)
{
	if (c->pid <= 0 || c->reaped)
		reply_err(req, "container %s is not running", c->id);
	else if (kill(c->pid, sig) < 0)
		reply_err(req, "kill: %s", strerror(errno));
	else
		reply_ok(req, 0);
}

void op_resize(uint32_t req, struct container *c, int cols, int rows)
{
	struct winsize ws = { .ws_row = rows, .ws_col = cols };
	int fd = c->out_fd >= 0 ? c->out_fd : c->in_fd;

	if (!c->tty)
		reply_err(req, "container %s has no tty", c->id);
	else if (fd >= 0 && ioctl(fd, TIOCSWINSZ, &ws) < 0)
		reply_err(req, "TIOCSWINSZ: %s", strerror(errno));
	else
		reply_ok(req, 0);
}

void op_delete(uint32_t req, struct container *c)
{
	if (c->busy || c->deleting) {
		reply_err(req, "container %s is busy", c->id);
		return;
	}
	if (!c->started) {
		reply_ok(req, 0);
		container_destroy(c);
		return;
	}
	c->deleting = DELETE_REQUESTED;
	c->delete_req = req;
	if (c->reaped)
		start_delete(c);
	else
		kill(c->pid, SIGKILL); /* the delete follows the EXIT event */
}

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
		pid_t pid = spawn(argv, null, p[1], null);
		close(null);
		close(p[1]);
		if (pid < 0) {
			close(p[0]);
			reply_err(req, "spawn crun: %s", strerror(errno));
			return;
		}
		job_add(pid, JOB_VERSION, req, NULL, p[0]);
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

void reap_children(void)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		struct job **jp = &jobs;
		while (*jp && (*jp)->pid != pid)
			jp = &(*jp)->next;
		if (*jp) {
			struct job *j = *jp;
			*jp = j->next;
			job_done(j, status);
			free(j);
			continue;
		}
		struct container *c = containers;
		while (c && (c->pid != pid || c->reaped))
			c = c->next;
		if (c) {
			c->reaped = 1;
			c->status = status;
			container_try_exit(c);
		} else {
			unsigned i = reap_seq % (sizeof(early) / sizeof(early[0]));
			early[i].pid = pid;
			early[i].status = status;
			early[i].seq = ++reap_seq;
		}
	}
}
