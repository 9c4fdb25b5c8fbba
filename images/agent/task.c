/* The container's task through crun: START (`crun run --detach`), SIGNAL, RESIZE, DELETE, and what
 * follows an exit (the init's exit clears crun's state, as `crun delete --force` would; the bundle
 * stays for the next START). crun runs as asynchronous jobs; START and DELETE wait in the container's
 * queue while a job for it runs. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "agent.h"

static void start_now(uint32_t req, struct container *c, uint32_t handle, int tty, int stdin_open, const char *net);
static void delete_now(uint32_t req, struct container *c);

static int succeeded(int status)
{
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static void defer(struct container *c, int op, uint32_t req, uint32_t handle, int tty, int stdin_open, const char *net)
{
	struct deferred *d = calloc(1, sizeof(*d)), **tail = &c->queue;
	char *net_copy = net ? strdup(net) : NULL;
	if (!d || (net && !net_copy))
		die("calloc");
	*d = (struct deferred){ op, req, handle, tty, stdin_open, net_copy, NULL };
	while (*tail)
		tail = &(*tail)->next;
	*tail = d;
}

/* Reads the pid crun wrote to <bundle>/<leaf> and removes the file; 0 if there is none. */
pid_t take_pid_file(struct container *c, const char *leaf)
{
	char path[320], num[16];
	bundle_path(path, sizeof(path), c, leaf);
	pid_t pid = read_text(path, num, sizeof(num)) > 0 ? atoi(num) : 0;
	unlink(path);
	return pid;
}

static void crun_delete_done(struct job *j, int status)
{
	char msg[512];
	if (!succeeded(status)) {
		crun_error(j->c, msg, sizeof(msg));
		logmsg("crun delete %s: %s", j->c->id, msg);
	}
	j->c->crun_state = 0;
	task_progress(j->c);
}

/* `crun delete --force`: stops what is left and removes crun's state and the cgroup. */
static void crun_delete(struct container *c)
{
	char *args[] = { "delete", "--force", c->id, NULL };
	pid_t pid = crun_spawn(c, args, -1, -1, -1);
	if (pid < 0) {
		logmsg("spawn crun delete: %s", strerror(errno));
		c->crun_state = 0;
		return;
	}
	job_add(pid, crun_delete_done, 0, c, NULL);
}

/* What `crun delete` does for a container whose processes are all gone, without a crun exec (~1
 * million guest instructions): remove its cgroup (no poststop hooks are configured), then crun's
 * state directory. Anything unexpected (a process still in the cgroup) is left to crun. */
static void crun_forget(struct container *c)
{
	char state[300];

	if (rmdir(c->cgroup) < 0 && errno != ENOENT) {
		crun_delete(c);
		return;
	}
	snprintf(state, sizeof(state), CRUN_ROOT "/%s", c->id);
	remove_tree(state);
	c->crun_state = 0;
}

/* The init exited: OOM verdict from the cgroup before it goes, EXIT, then the network namespace
 * and its interfaces removed (before any later request is read) and crun's state cleared. With a
 * PID namespace the kernel has ended every other process of the container by now. */
static void init_exited(struct container *c, struct proc *p)
{
	proc_finish(p, cgroup_value(c, "memory.events", "oom_kill") > 0);
	net_teardown(c);
	crun_forget(c);
}

/* After crun run/exec succeeded: the pid, the pty master, an exit that came first. 0 on failure
 * (replied; the process record is gone and its process killed). */
int task_started(struct job *j, const char *pid_leaf)
{
	struct proc *p = j->p;
	char num[16];
	int status;

	p->pid = take_pid_file(j->c, pid_leaf);
	if (p->pid <= 0 || (p->tty && proc_take_console(p) < 0)) {
		if (p->pid > 0)
			kill(p->pid, SIGKILL);
		reply_err(j->req, p->pid <= 0 ? "crun gave no pid" : "no pty master received");
		proc_free(p);
		return 0;
	}
	if (early_take(p->pid, j->since, &status))
		p->reaped = 1, p->status = status;
	snprintf(num, sizeof(num), "%d", (int)p->pid);
	reply_ok(j->req, 1, num);
	return 1;
}

static void run_done(struct job *j, int status)
{
	struct container *c = j->c;
	char msg[1024];

	if (!succeeded(status)) {
		crun_error(c, msg, sizeof(msg));
		reply_err(j->req, "%s", msg);
		proc_free(j->p);
		net_teardown(c);
		crun_delete(c); /* whatever state a failed run left */
	} else if (!task_started(j, "pid")) {
		net_teardown(c);
		crun_delete(c);
	} else if (j->p->reaped) {
		init_exited(c, j->p);
	}
	task_progress(c);
}

/* The network setup (if any), then
 * `crun --root … run --detach --bundle <dir> --pid-file <dir>/pid [--console-socket …] <id>`. */
static void start_now(uint32_t req, struct container *c, uint32_t handle, int tty, int stdin_open, const char *net)
{
	char bundle[300], pidfile[320], sock[96];
	struct proc *p;

	if (proc_init(c)) {
		reply_err(req, "container %s is already running", c->id);
		return;
	}
	if (stdio_handle_used(handle)) {
		reply_err(req, "stdio handle %u is in use", handle);
		return;
	}
	p = proc_new(c, PROC_INIT, "", handle, tty, stdin_open);
	if (proc_stdio(p, stdin_open) < 0) {
		reply_err(req, "stdio: %s", strerror(errno));
		proc_free(p);
		return;
	}
	if (net && net_start(c, net) < 0) {
		reply_err(req, "network: %s", net_error);
		proc_free(p);
		return;
	}
	bundle_path(bundle, sizeof(bundle), c, "");
	snprintf(pidfile, sizeof(pidfile), "--pid-file=%s/pid", bundle);
	snprintf(sock, sizeof(sock), "--console-socket=" BUNDLE_ROOT "/console-%u.sock", p->seq);
	char *args[] = { "run", "--detach", "--bundle", bundle, pidfile, tty ? sock : c->id, c->id, NULL };
	if (!tty) /* no --console-socket: the id moves up */
		args[6] = NULL;
	pid_t pid = crun_spawn(c, args, p->child_in, p->child_out, p->child_err);
	if (pid < 0) {
		reply_err(req, "spawn crun: %s", strerror(errno));
		proc_free(p);
		net_teardown(c);
		return;
	}
	proc_spawned(p);
	c->crun_state = 1;
	job_add(pid, run_done, req, c, p);
}

void op_start(uint32_t req, struct container *c, uint32_t handle, int tty, int stdin_open, const char *net)
{
	if (c->deleting)
		reply_err(req, "container %s is being deleted", c->id);
	else if (c->jobs || c->queue)
		defer(c, OP_START, req, handle, tty, stdin_open, net);
	else
		start_now(req, c, handle, tty, stdin_open, net);
}

static struct proc *running_proc(uint32_t req, struct container *c, const char *proc_id)
{
	struct proc *p = proc_find(c, proc_id);
	if (proc_running(p))
		return p;
	if (*proc_id)
		reply_err(req, "process %s of container %s is not running", proc_id, c->id);
	else
		reply_err(req, "container %s is not running", c->id);
	return NULL;
}

void op_signal(uint32_t req, struct container *c, int sig, const char *proc_id)
{
	struct proc *p = running_proc(req, c, proc_id);
	if (!p)
		return;
	if (kill(p->pid, sig) < 0)
		reply_err(req, "kill: %s", strerror(errno));
	else
		reply_ok(req, 0);
}

void op_resize(uint32_t req, struct container *c, int cols, int rows, const char *proc_id)
{
	struct winsize ws = { .ws_row = rows, .ws_col = cols };
	struct proc *p = running_proc(req, c, proc_id);
	if (!p)
		return;
	int fd = p->out_fd >= 0 ? p->out_fd : p->in_fd;
	if (!p->tty)
		reply_err(req, "%s has no tty", *proc_id ? proc_id : c->id);
	else if (fd >= 0 && ioctl(fd, TIOCSWINSZ, &ws) < 0)
		reply_err(req, "TIOCSWINSZ: %s", strerror(errno));
	else
		reply_ok(req, 0);
}

/* DELETE's remaining steps, once every process is gone and no job runs. */
static void delete_step(struct container *c)
{
	if (c->procs || c->jobs)
		return;
	if (c->crun_state) {
		crun_forget(c);
		if (c->jobs)
			return;
	}
	uint32_t req = c->delete_req;
	if (bundle_destroy(c) < 0)
		reply_ok(req, 1, "partition-kept");
	else
		reply_ok(req, 0);
}

/* SIGKILL to everything: the cgroup (cgroup.kill), and each known process (copy helpers too). */
static void delete_now(uint32_t req, struct container *c)
{
	char path[300];
	int any = 0;

	c->deleting = 1;
	c->delete_req = req;
	tcp_close_all(c);
	freeze_thaw_now(c);
	for (struct proc *p = c->procs; p; p = p->next)
		if (proc_running(p)) {
			kill(p->pid, SIGKILL);
			any |= p->kind != PROC_COPY;
		}
	if (any) {
		snprintf(path, sizeof(path), "%s/cgroup.kill", c->cgroup);
		int fd = open(path, O_WRONLY | O_CLOEXEC);
		if (fd >= 0) {
			if (write(fd, "1", 1) < 0)
				logmsg("write %s: %s", path, strerror(errno));
			close(fd);
		}
	}
	delete_step(c);
}

void op_delete(uint32_t req, struct container *c)
{
	if (c->deleting)
		reply_err(req, "container %s is already being deleted", c->id);
	else if (c->jobs || c->queue)
		defer(c, OP_DELETE, req, 0, 0, 0, NULL);
	else
		delete_now(req, c);
}

/* A child that is not a job exited: a container process, found by pid. */
int task_reaped(pid_t pid, int status)
{
	for (struct container *c = containers; c; c = c->next)
		for (struct proc *p = c->procs; p; p = p->next)
			if (p->pid == pid && !p->reaped) {
				p->reaped = 1;
				p->status = status;
				if (p->kind == PROC_INIT)
					init_exited(c, p);
				else
					proc_finish(p, 0);
				task_progress(c);
				return 1;
			}
	return 0;
}

/* Moves a container on after a job or process ended: a DELETE in progress, or queued requests. */
void task_progress(struct container *c)
{
	if (c->deleting) {
		delete_step(c);
		return;
	}
	while (!c->jobs && c->queue) {
		struct deferred d = *c->queue;
		free(c->queue);
		c->queue = d.next;
		if (d.op == OP_DELETE) {
			delete_now(d.req, c); /* may free c */
			return;
		}
		start_now(d.req, c, d.handle, d.tty, d.stdin_open, d.net);
		free(d.net);
	}
}
