/* The embedded DNS server's socket: UDP 127.0.0.11:53 inside the container's namespace. The agent
 * only relays: each query goes to the worker as a stream 3 datagram on the container's DNS handle,
 * prefixed with the asker's IPv4 address and port (6 bytes, network order), and each stream 3
 * datagram from the worker goes back out to the peer its prefix names. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "agent.h"

#define PEER_PREFIX 6
#define MAX_DATAGRAM 65536
#define READS_PER_WAKE 16

/* Called inside the container's namespace, with lo up. */
int dns_open(struct container *c, uint32_t handle)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(53), .sin_addr = { htonl(0x7f00000b) } };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		int saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	c->dns_fd = fd;
	c->dns_handle = handle;
	return 0;
}

void dns_close(struct container *c)
{
	close_fd(&c->dns_fd);
}

struct container *dns_owner(uint32_t handle)
{
	for (struct container *c = containers; c; c = c->next)
		if (c->dns_fd >= 0 && c->dns_handle == handle)
			return c;
	return NULL;
}

void dns_receive(struct container *c)
{
	static uint8_t packet[PEER_PREFIX + MAX_DATAGRAM];

	for (int i = 0; i < READS_PER_WAKE && c->dns_fd >= 0; i++) {
		struct sockaddr_in peer;
		socklen_t peer_len = sizeof(peer);
		ssize_t n = recvfrom(c->dns_fd, packet + PEER_PREFIX, MAX_DATAGRAM, 0, (struct sockaddr *)&peer, &peer_len);
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
	if (sendto(c->dns_fd, data + PEER_PREFIX, len - PEER_PREFIX, 0, (struct sockaddr *)&peer, sizeof(peer)) < 0)
		logmsg("DNS answer to %s: %s", c->id, strerror(errno));
}
