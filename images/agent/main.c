/* berth-agent entry: docker-init mode by name, else PID 1 setup, ports, READY, and the poll loop. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "agent.h"

static struct pollfd *pfds;
static size_t n_pfds, cap_pfds;

int poll_watch(int fd, short events)
{
	if (fd < 0)
		return -1;
	if (n_pfds == cap_pfds) {
		cap_pfds = cap_pfds ? cap_pfds * 2 : 16;
		pfds = realloc(pfds, cap_pfds * sizeof(*pfds));
		if (!pfds)
			die("realloc");
	}
	pfds[n_pfds] = (struct pollfd){ .fd = fd, .events = events };
	return n_pfds++;
}

short poll_revents(int ix)
{
	return ix >= 0 ? pfds[ix].revents : 0;
}

static int ready(int ix)
{
	return poll_revents(ix) != 0;
}

static void read_port(int fd, struct buf *in, void (*handle)(const uint8_t *, uint32_t))
{
	const uint8_t *body;
	uint32_t len;
	size_t off = 0;

	if (port_fill(fd, in) < 0) {
		/* the host side is gone (EOF or hangup): back off instead of spinning */
		usleep(10000);
		return;
	}
	while (frame_at(in, &off, &body, &len))
		handle(body, len);
	buf_consume(in, off);
}

int main(int argc, char **argv)
{
	static struct buf ctl_in, io_in;
	sigset_t chld;

	const char *name = argc > 0 ? strrchr(argv[0], '/') : NULL;
	name = name ? name + 1 : argc > 0 ? argv[0] : "";
	if (!strcmp(name, "docker-init"))
		return init_main(argc, argv);
	if (getpid() == 1)
		sysinit();
	crun_seal();
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	int sig_fd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sig_fd < 0)
		die("signalfd");

	ports_open();
	send_ready();

	for (;;) {
		n_pfds = 0;
		int ix_ctl = poll_watch(ctl_fd, POLLIN), ix_io = poll_watch(io_fd, POLLIN), ix_sig = poll_watch(sig_fd, POLLIN);
		for (struct container *c = containers; c; c = c->next) {
			c->ix_freeze = poll_watch(c->freeze_fd, POLLPRI);
			c->ix_dns = poll_watch(c->dns_fd, POLLIN);
			c->ix_forward = poll_watch(c->forward_fd, POLLIN);
			tcp_watch(c->conns);
			for (struct proc *p = c->procs; p; p = p->next) {
				p->ix_out = poll_watch(p->out_fd, POLLIN);
				p->ix_err = poll_watch(p->err_fd, POLLIN);
				p->ix_in = p->in_pending.len ? poll_watch(p->in_fd, POLLOUT) : -1;
			}
		}
		egress_watch();
		if (poll(pfds, n_pfds, -1) < 0) {
			if (errno == EINTR)
				continue;
			die("poll");
		}
		/* nothing below frees a container or process before the reaping step (TCP connections
		 * may end in tcp_ready) */
		for (struct container *c = containers; c; c = c->next) {
			if (ready(c->ix_freeze) && c->freeze_fd >= 0)
				freeze_event(c);
			if (ready(c->ix_dns) && c->dns_fd >= 0)
				dns_receive(c, c->dns_fd);
			if (ready(c->ix_forward) && c->forward_fd >= 0)
				dns_receive(c, c->forward_fd);
			tcp_ready(c->conns);
			for (struct proc *p = c->procs; p; p = p->next) {
				if (ready(p->ix_out))
					stdio_pump_out(p, STREAM_STDOUT);
				if (ready(p->ix_err))
					stdio_pump_out(p, STREAM_STDERR);
				if (ready(p->ix_in))
					stdio_flush_in(p);
			}
		}
		egress_ready();
		if (ready(ix_sig)) {
			struct signalfd_siginfo si;
			while (read(sig_fd, &si, sizeof(si)) == sizeof(si))
				;
			reap_children(task_reaped);
		}
		if (ready(ix_ctl))
			read_port(ctl_fd, &ctl_in, control_frame);
		if (ready(ix_io))
			read_port(io_fd, &io_in, stdio_frame);
	}
}
