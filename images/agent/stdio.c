/* Process stdio over port 2: output pumping, EOF frames, buffered non-blocking stdin; routing of
 * incoming stdio frames (to processes, TCP connections and DNS sockets). */
#include <errno.h>
#include <unistd.h>

#include "agent.h"

#define CHUNK 65536
#define DRAIN_READS 64

void stdio_send(uint32_t handle, int stream, const void *data, size_t n)
{
	static struct buf b;
	b.len = 0;
	buf_u32(&b, handle);
	buf_u8(&b, stream);
	buf_put(&b, data, n);
	frame_send(io_fd, &b);
}

static void send_eof(struct proc *p, int stream)
{
	if (p->eof_sent & 1u << stream)
		return;
	p->eof_sent |= 1u << stream;
	stdio_send(p->handle, stream, NULL, 0);
}

/* One read from stdout/stderr; returns 1 if data was forwarded, 0 otherwise (EOF handled). */
int stdio_pump_out(struct proc *p, int stream)
{
	static uint8_t data[CHUNK];
	int *fd = stream == STREAM_STDOUT ? &p->out_fd : &p->err_fd;
	if (*fd < 0)
		return 0;
	ssize_t n = read(*fd, data, sizeof(data));
	if (n > 0) {
		stdio_send(p->handle, stream, data, n);
		return 1;
	}
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	/* 0: all writers gone; EIO: pty slave closed */
	close(*fd);
	*fd = -1;
	send_eof(p, stream);
	if (p->tty) /* a tty has no stderr of its own */
		send_eof(p, STREAM_STDERR);
	return 0;
}

/* At exit: forward what is still buffered, then EOF both streams. */
void stdio_drain(struct proc *p)
{
	for (int stream = STREAM_STDOUT; stream <= STREAM_STDERR; stream++) {
		for (int i = 0; i < DRAIN_READS && stdio_pump_out(p, stream); i++)
			;
		int *fd = stream == STREAM_STDOUT ? &p->out_fd : &p->err_fd;
		if (*fd >= 0) {
			close(*fd);
			*fd = -1;
		}
		send_eof(p, stream);
	}
}

void stdio_close_in(struct proc *p)
{
	if (p->in_fd >= 0)
		close(p->in_fd);
	p->in_fd = -1;
	buf_free(&p->in_pending);
}

void stdio_flush_in(struct proc *p)
{
	if (p->in_fd >= 0 && buf_flush(p->in_fd, &p->in_pending) < 0)
		stdio_close_in(p); /* EPIPE: the reader is gone */
	if (p->in_closing && !p->in_pending.len)
		stdio_close_in(p);
}

/* A handle names one process, TCP connection or DNS socket at a time. */
int stdio_handle_used(uint32_t handle)
{
	return proc_by_handle(handle) || tcp_find(handle) || dns_owner(handle);
}

/* Stream 0 goes to a process's stdin or a TCP connection, stream 3 to a DNS socket. */
void stdio_frame(const uint8_t *body, uint32_t len)
{
	if (len < 5)
		return;
	uint32_t handle = get_u32(body);
	const uint8_t *data = body + 5;
	if (body[4] == STREAM_DATAGRAM) {
		dns_send(handle, data, len - 5);
		return;
	}
	if (body[4] != STREAM_STDIN)
		return;
	struct proc *p = proc_by_handle(handle);
	if (!p) {
		struct tcp_conn *t = tcp_find(handle);
		if (t)
			tcp_input(t, data, len - 5);
		return;
	}
	if (p->in_fd < 0 || p->in_closing)
		return;
	if (len == 5)
		p->in_closing = 1;
	else
		buf_put(&p->in_pending, data, len - 5);
	stdio_flush_in(p);
}
