/* Growable byte buffers, little-endian helpers, small file and name helpers, logging. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent.h"

static void buf_reserve(struct buf *b, size_t extra)
{
	if (b->len + extra <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + extra)
		cap *= 2;
	uint8_t *p = realloc(b->p, cap);
	if (!p)
		die("realloc");
	b->p = p;
	b->cap = cap;
}

void buf_put(struct buf *b, const void *data, size_t n)
{
	buf_reserve(b, n);
	if (n)
		memcpy(b->p + b->len, data, n);
	b->len += n;
}

void buf_u8(struct buf *b, uint8_t v)
{
	buf_put(b, &v, 1);
}

void buf_u32(struct buf *b, uint32_t v)
{
	uint8_t le[4] = { v, v >> 8, v >> 16, v >> 24 };
	buf_put(b, le, 4);
}

void buf_field(struct buf *b, const void *data, size_t n)
{
	buf_u32(b, n);
	buf_put(b, data, n);
}

void buf_str(struct buf *b, const char *s)
{
	buf_field(b, s, strlen(s));
}

void buf_consume(struct buf *b, size_t n)
{
	memmove(b->p, b->p + n, b->len - n);
	b->len -= n;
}

int buf_flush(int fd, struct buf *b)
{
	while (b->len) {
		ssize_t n = write(fd, b->p, b->len);
		if (n > 0)
			buf_consume(b, n);
		else if (n < 0 && errno == EAGAIN)
			return 0;
		else if (!(n < 0 && errno == EINTR))
			return -1;
	}
	return 0;
}

void buf_free(struct buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

uint32_t get_u32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

void logmsg(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("berth-agent: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

void die(const char *what)
{
	perror(what);
	exit(1);
}

void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* 1 to max characters of [A-Za-z0-9_.-]. */
int valid_name(const char *s, size_t max)
{
	size_t n = strlen(s);
	return n > 0 && n <= max &&
	       strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") == n;
}

ssize_t read_text(const char *path, char *out, size_t n)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t len = read(fd, out, n - 1);
	close(fd);
	out[len > 0 ? len : 0] = 0;
	return len;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)ftw;
	if ((flag == FTW_DP ? rmdir(path) : unlink(path)) < 0)
		logmsg("remove %s: %s", path, strerror(errno));
	return 0;
}

void remove_tree(const char *path)
{
	nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}
