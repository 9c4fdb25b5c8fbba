/* TCP_CONNECT and TCP_CLOSE: a TCP connection from the guest's root namespace (the bridges route
 * there) to a container's address, relayed on a stdio handle. Stream 0 carries the worker's bytes to
 * the socket (empty: shutdown(SHUT_WR)), stream 1 the socket's bytes to the worker (empty: the
 * peer's EOF). Once both directions have ended the socket is closed and the handle forgotten; a
 * socket error goes out on stream 2, followed by stream 1's EOF, and ends the connection. The
 * connection belongs to a container: DELETE resets it. */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "agent.h"

#define CHUNK 65536

struct tcp_conn {
	struct container *c;
	uint32_t handle;
	int fd, ix;
	int connecting;      /* the TCP_CONNECT request `req` waits for the connect to finish */
	uint32_t req;
	struct buf pending;  /* stream 0 bytes not yet written */
	int write_closing;   /* shut the write side down once pending is written */
	int write_done, read_done;
	char peer[24];       /* "a.b.c.d:port", for messages */
	struct tcp_conn *next;
};

struct tcp_conn *tcp_find(uint32_t handle)
{
	for (struct container *c = containers; c; c = c->next)
		for (struct tcp_conn *t = c->conns; t; t = t->next)
			if (t->handle == handle)
				return t;
	return NULL;
}

static void conn_free(struct tcp_conn *t)
{
	for (struct tcp_conn **pp = &t->c->conns; *pp; pp = &(*pp)->next)
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	close_fd(&t->fd);
	buf_free(&t->pending);
	free(t);
}

/* Closes with a reset (SO_LINGER 0) rather than an orderly FIN. */
static void conn_reset(struct tcp_conn *t)
{
	struct linger off = { 1, 0 };
	setsockopt(t->fd, SOL_SOCKET, SO_LINGER, &off, sizeof(off));
	conn_free(t);
}

/* A socket error ends the connection: the message on stream 2, then stream 1's EOF. */
static void conn_fail(struct tcp_conn *t, int err)
{
	const char *msg = strerror(err);
	stdio_send(t->handle, STREAM_STDERR, msg, strlen(msg));
	if (!t->read_done)
		stdio_send(t->handle, STREAM_STDOUT, NULL, 0);
	conn_reset(t);
}

/* Forgets the connection once both directions have ended; 1 if it did. */
static int conn_maybe_done(struct tcp_conn *t)
{
	if (!t->read_done || !t->write_done)
		return 0;
	conn_free(t);
	return 1;
}

/* Writes pending bytes, then the shutdown once asked; 0 if the connection was ended. */
static int conn_flush(struct tcp_conn *t)
{
	if (t->connecting || t->write_done)
		return 1;
	if (buf_flush(t->fd, &t->pending) < 0) {
		conn_fail(t, errno);
		return 0;
	}
	if (t->write_closing && !t->pending.len) {
		shutdown(t->fd, SHUT_WR);
		t->write_done = 1;
		buf_free(&t->pending);
		return !conn_maybe_done(t);
	}
	return 1;
}

void op_tcp_connect(uint32_t req, struct container *c, uint32_t handle, const char *addr, int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };

	if (c->deleting) {
		reply_err(req, "container %s is being deleted", c->id);
		return;
	}
	if (inet_pton(AF_INET, addr, &a.sin_addr) != 1) {
		reply_err(req, "invalid IPv4 address: %s", addr);
		return;
	}
	if (stdio_handle_used(handle)) {
		reply_err(req, "stdio handle %u is in use", handle);
		return;
	}
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		reply_err(req, "connect %s:%d: socket: %s", addr, port, strerror(errno));
		return;
	}
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0 && errno != EINPROGRESS) {
		reply_err(req, "connect %s:%d: %s", addr, port, strerror(errno));
		close(fd);
		return;
	}
	struct tcp_conn *t = calloc(1, sizeof(*t));
	if (!t)
		die("calloc");
	*t = (struct tcp_conn){ .c = c, .handle = handle, .fd = fd, .ix = -1, .connecting = 1, .req = req, .next = c->conns };
	snprintf(t->peer, sizeof(t->peer), "%s:%d", addr, port);
	c->conns = t;
}

/* The non-blocking connect finished: answer TCP_CONNECT. */
static void conn_connected(struct tcp_conn *t)
{
	int err = 0;
	socklen_t len = sizeof(err);
	if (getsockopt(t->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		err = errno;
	if (err) {
		reply_err(t->req, "connect %s: %s", t->peer, strerror(err));
		conn_free(t);
		return;
	}
	t->connecting = 0;
	reply_ok(t->req, 0);
	conn_flush(t);
}

void op_tcp_close(uint32_t req, uint32_t handle)
{
	struct tcp_conn *t = tcp_find(handle);
	if (t && t->connecting)
		reply_err(t->req, "connect %s: closed by TCP_CLOSE", t->peer);
	if (t)
		conn_reset(t);
	reply_ok(req, 0);
}

void tcp_input(struct tcp_conn *t, const uint8_t *data, size_t len)
{
	if (t->write_closing)
		return;
	if (len == 0)
		t->write_closing = 1;
	else
		buf_put(&t->pending, data, len);
	conn_flush(t);
}

void tcp_watch(struct container *c)
{
	for (struct tcp_conn *t = c->conns; t; t = t->next) {
		short events = t->connecting ? POLLOUT : (t->read_done ? 0 : POLLIN) | (t->pending.len ? POLLOUT : 0);
		t->ix = events ? poll_watch(t->fd, events) : -1;
	}
}

/* One read: bytes or the EOF to stream 1; 0 if the connection was ended. */
static int conn_read(struct tcp_conn *t)
{
	static uint8_t data[CHUNK];
	ssize_t n = read(t->fd, data, sizeof(data));
	if (n > 0) {
		stdio_send(t->handle, STREAM_STDOUT, data, n);
		return 1;
	}
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 1;
	if (n < 0) {
		conn_fail(t, errno);
		return 0;
	}
	t->read_done = 1;
	stdio_send(t->handle, STREAM_STDOUT, NULL, 0);
	return !conn_maybe_done(t);
}

void tcp_ready(struct container *c)
{
	struct tcp_conn *next;
	for (struct tcp_conn *t = c->conns; t; t = next) {
		next = t->next;
		short revents = poll_revents(t->ix);
		if (!revents)
			continue;
		if (t->connecting) {
			conn_connected(t);
			continue;
		}
		if ((revents & (POLLOUT | POLLERR | POLLHUP)) && t->pending.len && !conn_flush(t))
			continue;
		if (!t->read_done && (revents & (POLLIN | POLLERR | POLLHUP)))
			conn_read(t);
	}
}

/* DELETE: every connection is reset; a waiting TCP_CONNECT fails, an open stream 1 gets its EOF. */
void tcp_close_all(struct container *c)
{
	while (c->conns) {
		struct tcp_conn *t = c->conns;
		if (t->connecting)
			reply_err(t->req, "connect %s: container %s is being deleted", t->peer, c->id);
		else if (!t->read_done)
			stdio_send(t->handle, STREAM_STDOUT, NULL, 0);
		conn_reset(t);
	}
}
