/* Process records (a container's init, exec processes, copy helpers): stdio set-up, lookups, and
 * the end of a process (EOF frames, then EXIT). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "agent.h"

unsigned proc_seq;

static void console_path(char *out, size_t n, const struct proc *p)
{
	snprintf(out, n, BUNDLE_ROOT "/console-%u.sock", p->seq);
}

struct proc *proc_new(struct container *c, int kind, const char *id, uint32_t handle, int tty, int stdin_open)
{
	struct proc *p = calloc(1, sizeof(*p)), **tail = &c->procs;
	if (!p || !(p->id = strdup(id)))
		die("calloc");
	p->c = c;
	p->kind = kind;
	p->handle = handle;
	p->tty = tty;
	p->stdin_open = stdin_open;
	p->child_in = p->child_out = p->child_err = -1;
	p->out_fd = p->err_fd = p->in_fd = p->console_fd = -1;
	p->seq = ++proc_seq;
	while (*tail)
		tail = &(*tail)->next;
	*tail = p;
	return p;
}

struct proc *proc_by_handle(uint32_t handle)
{
	for (struct container *c = containers; c; c = c->next)
		for (struct proc *p = c->procs; p; p = p->next)
			if (p->handle == handle)
				return p;
	return NULL;
}

struct proc *proc_find(struct container *c, const char *id)
{
	for (struct proc *p = c->procs; p; p = p->next)
		if (!strcmp(p->id, id))
			return p;
	return NULL;
}

struct proc *proc_init(struct container *c)
{
	return proc_find(c, "");
}

int proc_running(const struct proc *p)
{
	return p && p->pid > 0 && !p->reaped;
}

/* Pipes for stdout, stderr and (if `want_in`) stdin, or with a tty a console socket for crun.
 * The child's ends stay in child_* until proc_spawned(). */
int proc_stdio(struct proc *p, int want_in)
{
	int out[2] = { -1, -1 }, err[2] = { -1, -1 }, in[2] = { -1, -1 };
	char sock[64];

	if (p->tty) {
		console_path(sock, sizeof(sock), p);
		return (p->console_fd = console_listen(sock)) < 0 ? -1 : 0;
	}
	if (pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0 || (want_in && pipe2(in, O_CLOEXEC) < 0)) {
		for (int k = 0; k < 2; k++)
			close_fd(&out[k]), close_fd(&err[k]), close_fd(&in[k]);
		return -1;
	}
	p->child_in = in[0], p->child_out = out[1], p->child_err = err[1];
	p->out_fd = out[0], p->err_fd = err[0], p->in_fd = in[1];
	set_nonblock(p->out_fd);
	set_nonblock(p->err_fd);
	set_nonblock(p->in_fd);
	return 0;
}

/* The child (or crun) holds its ends now. */
void proc_spawned(struct proc *p)
{
	close_fd(&p->child_in);
	close_fd(&p->child_out);
	close_fd(&p->child_err);
}

/* After crun ran with --console-socket: the pty master becomes stdout (and stdin if open). */
int proc_take_console(struct proc *p)
{
	char sock[64];
	int master = console_recv(p->console_fd);

	close_fd(&p->console_fd);
	console_path(sock, sizeof(sock), p);
	unlink(sock);
	if (master < 0)
		return -1;
	set_nonblock(master);
	p->out_fd = master;
	p->in_fd = p->stdin_open ? fcntl(master, F_DUPFD_CLOEXEC, 3) : -1;
	return 0;
}

int exit_code(int status)
{
	return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

/* The process was reaped: forward what its pipes still hold, EOF both streams, send EXIT. */
void proc_finish(struct proc *p, int oom_killed)
{
	stdio_drain(p);
	stdio_close_in(p);
	send_exit(p->c->id, exit_code(p->status), p->id, oom_killed);
	proc_free(p);
}

void proc_free(struct proc *p)
{
	char sock[64];

	for (struct proc **pp = &p->c->procs; *pp; pp = &(*pp)->next)
		if (*pp == p) {
			*pp = p->next;
			break;
		}
	proc_spawned(p);
	close_fd(&p->out_fd);
	close_fd(&p->err_fd);
	stdio_close_in(p);
	if (p->console_fd >= 0) {
		close_fd(&p->console_fd);
		console_path(sock, sizeof(sock), p);
		unlink(sock);
	}
	free(p->id);
	free(p);
}
