/* The two virtio-console ports and the u32le length framing used on both. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "agent.h"

#define PORTS_DIR "/sys/class/virtio-ports"

int ctl_fd = -1, io_fd = -1;

/* Finds vport<N>p<want>; true once the host has also named it (its control messages are then processed). */
static int find_port(unsigned want, char *dev, size_t n, int *named)
{
	DIR *d = opendir(PORTS_DIR);
	struct dirent *e;
	int found = 0;
	unsigned dev_nr, port_nr;
	char c;

	while (d && (e = readdir(d))) {
		if (sscanf(e->d_name, "vport%up%u%c", &dev_nr, &port_nr, &c) != 2 || port_nr != want)
			continue;
		snprintf(dev, n, "%s", e->d_name);
		char path[300], name[64] = "";
		snprintf(path, sizeof(path), PORTS_DIR "/%s/name", e->d_name);
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		*named = fd >= 0 && read(fd, name, sizeof(name) - 1) > 1;
		if (fd >= 0)
			close(fd);
		found = 1;
		break;
	}
	if (d)
		closedir(d);
	return found;
}

/* A port the host declares a console is only reachable through its hvc tty, numbered in port order. */
static int open_port(unsigned nr)
{
	char dev[64], path[80];
	int named = 0;

	for (int tries = 0;; tries++) {
		int found = find_port(nr, dev, sizeof(dev), &named);
		if (found && (named || tries >= 400))
			break;
		if (tries == 400)
			logmsg("waiting for virtio-console port %u", nr);
		nanosleep(&(struct timespec){ 0, 5000000 }, NULL);
	}
	snprintf(path, sizeof(path), "/dev/%s", dev);
	int fd = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0 && errno == ENXIO) {
		snprintf(path, sizeof(path), "/dev/hvc%u", nr);
		fd = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
	}
	if (fd < 0)
		die(path);
	struct termios t;
	if (tcgetattr(fd, &t) == 0) {
		cfmakeraw(&t);
		tcsetattr(fd, TCSANOW, &t);
	}
	return fd;
}

void ports_open(void)
{
	ctl_fd = open_port(1);
	io_fd = open_port(2);
}

/* Appends what is readable now; returns -1 if the port is gone. */
int port_fill(int fd, struct buf *in)
{
	uint8_t tmp[65536];
	ssize_t n = read(fd, tmp, sizeof(tmp));
	if (n > 0) {
		buf_put(in, tmp, n);
		return 0;
	}
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	return -1;
}

/* Yields the next complete frame after *off; an oversized length discards the buffered input. */
int frame_at(struct buf *in, size_t *off, const uint8_t **body, uint32_t *len)
{
	if (in->len - *off < 4)
		return 0;
	uint32_t n = get_u32(in->p + *off);
	if (n > MAX_BODY) {
		logmsg("frame of %u bytes exceeds the limit; input dropped", n);
		*off = in->len;
		return 0;
	}
	if (in->len - *off - 4 < n)
		return 0;
	*body = in->p + *off + 4;
	*len = n;
	*off += 4 + n;
	return 1;
}

void frame_send(int fd, const struct buf *body)
{
	uint8_t hdr[4] = { body->len, body->len >> 8, body->len >> 16, body->len >> 24 };
	struct iovec iov[2] = { { hdr, 4 }, { body->p, body->len } };
	int i = 0;

	while (i < 2) {
		ssize_t n = writev(fd, iov + i, 2 - i);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			die("port write");
		}
		while (i < 2 && (size_t)n >= iov[i].iov_len)
			n -= iov[i++].iov_len;
		if (i < 2) {
			iov[i].iov_base = (uint8_t *)iov[i].iov_base + n;
			iov[i].iov_len -= n;
		}
	}
}
