/* Growable byte buffers, little-endian helpers and logging to the kernel console. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
