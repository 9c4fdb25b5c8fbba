/* The embedded DNS server's sockets, both in the container's namespace: UDP 127.0.0.11:53, where
 * the container's resolver asks, and an unbound one from which the engine's forwarded queries go to
 * the container's --dns servers. The agent only relays: each datagram either socket receives goes
 * to the worker as a stream 3 datagram on the container's DNS handle, prefixed with the sender's
 * IPv4 address and port (6 bytes, network order); each stream 3 datagram from the worker goes out
 * to the address its prefix names, from 127.0.0.11:53 when that address is in 127.0.0.0/8 (the
 * container's own resolver: an answer), else from the forwarding socket (an upstream server: a
 * query). So the worker tells answers from upstream replies by the prefix, and needs no other
 * message. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "agent.h"

#define PEER_PREFIX 6
#define MAX_DATAGRAM 65536
#define READS_PER_WAKE 16

static int udp_socket(void)
{
	return socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
}

/* Called inside the container's namespace, with lo up. SO_REUSEADDR lets a DNS server in the
 * container bind 0.0.0.0:53 beside it (if it sets SO_REUSEADDR too, as dnsmasq and BIND do), as
 * Docker's embedded server, on a random port behind a NAT rule, leaves port 53 free; queries to
 * 127.0.0.11 still come here, the more specific address. In the shared host namespace each
 * container has a socket of its own on the same address (SO_REUSEPORT): the kernel hands each query
 * to one of them, and the answer goes out through the same one. The forwarding socket gets an
 * ephemeral port at its first send. */
int dns_open(struct container *c, uint32_t handle, int shared)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(53), .sin_addr = { htonl(0x7f00000b) } };
	int fd = udp_socket(), forward = udp_socket(), on = 1;
	if (fd < 0 || forward < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0 ||
	    (shared && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof(on)) < 0) ||
	    bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		int saved = errno;
		close_fd(&fd);
		close_fd(&forward);
		errno = saved;
		return -1;
	}
	c->dns_fd = fd;
	c->forward_fd = forward;
	c->dns_handle = handle;
	return 0;
}

void dns_close(struct container *c)
{
	close_fd(&c->dns_fd);
	close_fd(&c->forward_fd);
}

struct container *dns_owner(uint32_t handle)
{
	for (struct container *c = containers; c; c = c->next)
		if (c->dns_fd >= 0 && c->dns_handle == handle)
			return c;
	return NULL;
}

/* Relays what `fd` (the container's DNS socket or its forwarding socket) received. */
void dns_receive(struct container *c, int fd)
{
	static uint8_t packet[PEER_PREFIX + MAX_DATAGRAM];

	for (int i = 0; i < READS_PER_WAKE; i++) {
		struct sockaddr_in peer;
		socklen_t peer_len = sizeof(peer);
		ssize_t n = recvfrom(fd, packet + PEER_PREFIX, MAX_DATAGRAM, 0, (struct sockaddr *)&peer, &peer_len);
		if (n < 0) {
			if (errno != EAGAIN && errno != EINTR)
				logmsg("DNS socket of %s: %s", c->id, strerror(errno));
			return;
		}
		memcpy(packet, &peer.sin_addr, 4);
		memcpy(packet + 4, &peer.sin_port, 2);
		stdio_send(c->dns_handle, STREAM_DATAGRAM, packet, PEER_PREFIX + n);
	}
}

void dns_send(uint32_t handle, const uint8_t *data, size_t len)
{
	struct container *c = dns_owner(handle);
	if (!c || len < PEER_PREFIX)
		return;
	struct sockaddr_in peer = { .sin_family = AF_INET };
	memcpy(&peer.sin_addr, data, 4);
	memcpy(&peer.sin_port, data + 4, 2);
	int fd = data[0] == 127 ? c->dns_fd : c->forward_fd;
	if (sendto(fd, data + PEER_PREFIX, len - PEER_PREFIX, 0, (struct sockaddr *)&peer, sizeof(peer)) < 0)
		logmsg("DNS datagram of %s: %s", c->id, strerror(errno));
}
