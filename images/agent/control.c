/* Control requests (port 1): parsing, dispatch, results and events. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>

#include "agent.h"

struct fields {
	const uint8_t *p;
	size_t left;
};

/* Next field as pointer and length; 0 if the body has no more (well-formed) fields. */
static int next_field(struct fields *f, const uint8_t **data, size_t *n)
{
	if (f->left < 4 || get_u32(f->p) > f->left - 4)
		return 0;
	*n = get_u32(f->p);
	*data = f->p + 4;
	f->p += 4 + *n;
	f->left -= 4 + *n;
	return 1;
}

/* Next field as a NUL-terminated string; NULL if missing or it contains a NUL byte. */
static char *next_str(struct fields *f)
{
	const uint8_t *d;
	size_t n;
	if (!next_field(f, &d, &n) || memchr(d, 0, n))
		return NULL;
	char *s = malloc(n + 1);
	if (!s)
		die("malloc");
	memcpy(s, d, n);
	s[n] = 0;
	return s;
}

static int parse_num(const char *s, long long min, long long max, long long *out)
{
	char *end;
	if (!s || !*s)
		return 0;
	long long v = strtoll(s, &end, 10);
	if (*end || v < min || v > max)
		return 0;
	*out = v;
	return 1;
}

static void send_ctl(const struct buf *b)
{
	frame_send(ctl_fd, b);
}

void reply_ok(uint32_t req, int nfields, ...)
{
	struct buf b = { 0 };
	va_list ap;
	buf_u8(&b, OP_RESULT);
	buf_u32(&b, req);
	buf_str(&b, "ok");
	va_start(ap, nfields);
	for (int i = 0; i < nfields; i++)
		buf_str(&b, va_arg(ap, const char *));
	va_end(ap);
	send_ctl(&b);
	buf_free(&b);
}

void reply_err(uint32_t req, const char *fmt, ...)
{
	char msg[1024];
	struct buf b = { 0 };
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	buf_u8(&b, OP_RESULT);
	buf_u32(&b, req);
	buf_str(&b, "error");
	buf_str(&b, msg);
	send_ctl(&b);
	buf_free(&b);
}

void send_ready(void)
{
	struct buf b = { 0 };
	buf_u8(&b, OP_READY);
	buf_u32(&b, 0);
	buf_str(&b, AGENT_VERSION);
	send_ctl(&b);
	buf_free(&b);
}

void send_exit(const char *id, int code)
{
	char num[16];
	struct buf b = { 0 };
	snprintf(num, sizeof(num), "%d", code);
	buf_u8(&b, OP_EXIT);
	buf_u32(&b, 0);
	buf_str(&b, id);
	buf_str(&b, num);
	send_ctl(&b);
	buf_free(&b);
}

static void handle_create(uint32_t req, struct fields *f)
{
	char *id = next_str(f), *handle = next_str(f), *rootfs = next_str(f);
	const uint8_t *config = NULL;
	size_t config_len = 0;
	int have_config = next_field(f, &config, &config_len);
	char *tty = next_str(f), *stdin_open = next_str(f);
	long long h, t, s;

	if (!id || !rootfs || !have_config || !parse_num(handle, 0, UINT32_MAX, &h) ||
	    !parse_num(tty, 0, 1, &t) || !parse_num(stdin_open, 0, 1, &s))
		reply_err(req, "CREATE: malformed fields");
	else
		op_create(req, id, h, rootfs, config, config_len, t, s);
	free(id), free(handle), free(rootfs), free(tty), free(stdin_open);
}

/* SYNC: set the clock and mix host entropy into the pool (a restored snapshot has stale both). */
static void handle_sync(uint32_t req, struct fields *f)
{
	char *millis = next_str(f);
	const uint8_t *entropy = NULL;
	size_t entropy_len = 0;
	long long ms;

	if (!parse_num(millis, 0, INT64_MAX, &ms) || !next_field(f, &entropy, &entropy_len)) {
		reply_err(req, "SYNC: malformed fields");
		free(millis);
		return;
	}
	free(millis);
	struct timespec now = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };
	if (clock_settime(CLOCK_REALTIME, &now) < 0) {
		reply_err(req, "SYNC: clock_settime: %m");
		return;
	}
	int fd = open("/dev/urandom", O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (write(fd, entropy, entropy_len) < 0)
			logmsg("SYNC: could not add entropy");
		close(fd);
	}
	reply_ok(req, 0);
}

void control_frame(const uint8_t *body, uint32_t len)
{
	if (len < 5) {
		logmsg("short control frame ignored");
		return;
	}
	uint8_t op = body[0];
	uint32_t req = get_u32(body + 1);
	struct fields f = { body + 5, len - 5 };

	if (op == OP_PING) {
		reply_ok(req, 0);
		return;
	}
	if (op == OP_INFO) {
		op_info(req);
		return;
	}
	if (op == OP_SYNC) {
		handle_sync(req, &f);
		return;
	}
	if (op == OP_CREATE) {
		handle_create(req, &f);
		return;
	}
	if (op != OP_START && op != OP_SIGNAL && op != OP_RESIZE && op != OP_DELETE) {
		reply_err(req, "unknown op 0x%02x", op);
		return;
	}

	char *id = next_str(&f), *a = next_str(&f), *b = next_str(&f);
	struct container *c = id ? container_find(id) : NULL;
	long long x, y;

	if (!c)
		reply_err(req, "no such container: %s", id ? id : "(missing id)");
	else if (op == OP_START)
		op_start(req, c);
	else if (op == OP_DELETE)
		op_delete(req, c);
	else if (op == OP_SIGNAL && parse_num(a, 1, 64, &x))
		op_signal(req, c, x);
	else if (op == OP_RESIZE && parse_num(a, 1, 65535, &x) && parse_num(b, 1, 65535, &y))
		op_resize(req, c, x, y);
	else
		reply_err(req, "malformed fields");
	free(id), free(a), free(b);
}
