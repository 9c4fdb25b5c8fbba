/* Egress: the agent listens in the guest's root namespace on each TCP port the engine names
 * (EGRESS_PORTS). Stand-in addresses (198.18.0.0/15, which the engine's DNS hands out for names
 * outside the guest) are local there through a route of the local table, so a container's
 * connection to one of them reaches these listeners through its gateway. Each accepted connection
 * is announced with ACCEPT on a handle of the agent's choosing (high bit set) and then relayed like
 * a TCP_CONNECT connection; one to any other local address (a gateway's) is reset at once. */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "agent.h"

#define BACKLOG 64
#define ACCEPTS_PER_WAKE 16

struct listener {
	int port, fd, ix;
};

static struct listener *listeners;
static size_t n_listeners;
static uint32_t accept_seq;

static int listen_on(int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr = { htonl(INADDR_ANY) } };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0), on = 1;
	if (fd < 0)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    listen(fd, BACKLOG) < 0) {
		int saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

static struct listener *listener_find(struct listener *list, size_t n, int port)
{
	for (size_t i = 0; i < n; i++)
		if (list[i].port == port)
			return &list[i];
	return NULL;
}

/* The new set: listeners kept for ports in both sets, opened for new ones, closed for the rest. All
 * or nothing: a port that cannot be listened on leaves the old set as it was. */
void op_egress_ports(uint32_t req, const int *ports, size_t n)
{
	struct listener *set = calloc(n ? n : 1, sizeof(*set));
	size_t count = 0;

	if (!set)
		die("calloc");
	for (size_t i = 0; i < n; i++) {
		if (listener_find(set, count, ports[i]))
			continue;
		struct listener *old = listener_find(listeners, n_listeners, ports[i]);
		int fd = old ? old->fd : listen_on(ports[i]);
		if (fd < 0) {
			reply_err(req, "listen on port %d: %s", ports[i], strerror(errno));
			for (size_t j = 0; j < count; j++)
				if (!listener_find(listeners, n_listeners, set[j].port))
					close(set[j].fd);
			free(set);
			return;
		}
		set[count++] = (struct listener){ ports[i], fd, -1 };
	}
	for (size_t i = 0; i < n_listeners; i++)
		if (!listener_find(set, count, listeners[i].port))
			close(listeners[i].fd);
	free(listeners);
	listeners = set;
	n_listeners = count;
	reply_ok(req, 0);
}

static int stand_in(struct in_addr a)
{
	return (ntohl(a.s_addr) & ~(0xffffffffu >> EGRESS_PREFIX)) == EGRESS_NET;
}

/* A handle with the high bit set that no process, connection or DNS socket uses. */
static uint32_t next_handle(void)
{
	uint32_t h;
	do
		h = 0x80000000u | (accept_seq++ & 0x7fffffffu);
	while (stdio_handle_used(h));
	return h;
}

static void accept_from(struct listener *l)
{
	for (int i = 0; i < ACCEPTS_PER_WAKE; i++) {
		struct sockaddr_in local, peer;
		socklen_t local_len = sizeof(local), peer_len = sizeof(peer);
		int fd = accept4(l->fd, (struct sockaddr *)&peer, &peer_len, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == ECONNABORTED || errno == EINTR)
				continue;
			if (errno != EAGAIN)
				logmsg("accept on port %d: %s", l->port, strerror(errno));
			return;
		}
		if (getsockname(fd, (struct sockaddr *)&local, &local_len) < 0 || !stand_in(local.sin_addr)) {
			socket_reset(fd);
			continue;
		}
		char destination[INET_ADDRSTRLEN], source[INET_ADDRSTRLEN];
		inet_ntop(AF_INET, &local.sin_addr, destination, sizeof(destination));
		inet_ntop(AF_INET, &peer.sin_addr, source, sizeof(source));
		uint32_t handle = next_handle();
		send_accept(handle, destination, ntohs(local.sin_port), source);
		tcp_adopt(fd, handle, source);
	}
}

void egress_watch(void)
{
	for (size_t i = 0; i < n_listeners; i++)
		listeners[i].ix = poll_watch(listeners[i].fd, POLLIN);
	tcp_watch(egress_conns);
}

/* Relays the accepted connections, then accepts new ones (watched from the next round on). */
void egress_ready(void)
{
	tcp_ready(egress_conns);
	for (size_t i = 0; i < n_listeners; i++)
		if (poll_revents(listeners[i].ix))
			accept_from(&listeners[i]);
}
