/* Control requests (port 1): parsing and dispatch. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>

#include "agent.h"

#define MAX_EGRESS_PORTS 1024

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

/* Fields of a request that names a container: the container, then up to 6 more fields as text,
 * except that field `blob` (1-based after the id, 0 = none) is kept as raw bytes. */
struct args {
	struct container *c;
	char *s[6];
	const uint8_t *blob;
	size_t blob_len;
};

static void args_free(struct args *a)
{
	for (int i = 0; i < 6; i++)
		free(a->s[i]);
}

/* Reads the container id and the fields after it; 0 (after replying) if the container is unknown. */
static int parse_args(uint32_t req, struct fields *f, struct args *a, int blob)
{
	char *id = next_str(f);
	*a = (struct args){ .c = id ? container_find(id) : NULL };
	if (!a->c)
		reply_err(req, "no such container: %s", id ? id : "(missing id)");
	free(id);
	for (int i = 1; a->c && i <= 6; i++) {
		if (i == blob) {
			if (!next_field(f, &a->blob, &a->blob_len))
				a->blob = NULL;
		} else {
			a->s[i - 1] = next_str(f);
		}
	}
	return a->c != NULL;
}

static void handle_create(uint32_t req, struct fields *f)
{
	char *id = next_str(f), *rootfs = next_str(f), *disk = NULL;
	const uint8_t *config = NULL;
	size_t config_len = 0;

	if (!id || !rootfs || !next_field(f, &config, &config_len)) {
		reply_err(req, "CREATE: malformed fields");
	} else {
		disk = next_str(f);
		op_create(req, id, rootfs, config, config_len, disk);
	}
	free(id), free(rootfs), free(disk);
}

/* A process id field: absent or empty means the init. */
static const char *proc_arg(const char *s)
{
	return s ? s : "";
}

static void handle_container_op(uint8_t op, uint32_t req, struct fields *f)
{
	struct args a;
	long long h, x, y, t, s;

	if (!parse_args(req, f, &a, op == OP_EXEC ? 3 : op == OP_WRITE_FILE ? 2 : 0))
		return;
	char **v = a.s;
	switch (op) {
	case OP_START:
		if (parse_num(v[0], 0, UINT32_MAX, &h) && parse_num(v[1], 0, 1, &t) && parse_num(v[2], 0, 1, &s)) {
			op_start(req, a.c, h, t, s, v[3]);
			goto done;
		}
		break;
	case OP_SIGNAL:
		if (parse_num(v[0], 1, 64, &x)) {
			op_signal(req, a.c, x, proc_arg(v[1]));
			goto done;
		}
		break;
	case OP_RESIZE:
		if (parse_num(v[0], 1, 65535, &x) && parse_num(v[1], 1, 65535, &y)) {
			op_resize(req, a.c, x, y, proc_arg(v[2]));
			goto done;
		}
		break;
	case OP_DELETE:
		op_delete(req, a.c);
		goto done;
	case OP_EXEC:
		if (v[0] && parse_num(v[1], 0, UINT32_MAX, &h) && a.blob && parse_num(v[3], 0, 1, &t) &&
		    parse_num(v[4], 0, 1, &s)) {
			op_exec(req, a.c, v[0], h, a.blob, a.blob_len, t, s);
			goto done;
		}
		break;
	case OP_PAUSE:
	case OP_RESUME:
		op_freeze(req, a.c, op == OP_PAUSE);
		goto done;
	case OP_STATS:
		op_stats(req, a.c);
		goto done;
	case OP_TOP:
		op_top(req, a.c);
		goto done;
	case OP_DISK_SYNC:
		op_disk_sync(req, a.c);
		goto done;
	case OP_DISK_ROOM:
		if (parse_num(v[0], 0, LLONG_MAX, &x)) {
			op_disk_room(req, a.c, x);
			goto done;
		}
		break;
	case OP_COPY_OUT:
	case OP_COPY_IN:
		if (v[0] && parse_num(v[1], 0, UINT32_MAX, &h) && v[2]) {
			(op == OP_COPY_OUT ? op_copy_out : op_copy_in)(req, a.c, v[0], h, v[2]);
			goto done;
		}
		break;
	case OP_DIFF:
		if (v[0] && parse_num(v[1], 0, UINT32_MAX, &h)) {
			op_diff(req, a.c, v[0], h);
			goto done;
		}
		break;
	case OP_NET_CONNECT:
		if (v[0]) {
			op_net_connect(req, a.c, v[0]);
			goto done;
		}
		break;
	case OP_NET_DISCONNECT:
		if (v[0]) {
			op_net_disconnect(req, a.c, v[0]);
			goto done;
		}
		break;
	case OP_WRITE_FILE:
		if (v[0] && a.blob) {
			op_write_file(req, a.c, v[0], a.blob, a.blob_len);
			goto done;
		}
		break;
	case OP_TCP_CONNECT:
		if (parse_num(v[0], 0, UINT32_MAX, &h) && v[1] && parse_num(v[2], 1, 65535, &x)) {
			op_tcp_connect(req, a.c, h, v[1], x);
			goto done;
		}
		break;
	}
	reply_err(req, "malformed fields");
done:
	args_free(&a);
}

/* Requests with one field and no container: BRIDGE_REMOVE (a bridge name), TCP_CLOSE (a handle). */
static void handle_global_op(uint8_t op, uint32_t req, struct fields *f)
{
	char *arg = next_str(f);
	long long h;

	if (op == OP_BRIDGE_REMOVE && arg)
		op_bridge_remove(req, arg);
	else if (op == OP_TCP_CLOSE && parse_num(arg, 0, UINT32_MAX, &h))
		op_tcp_close(req, h);
	else
		reply_err(req, "malformed fields");
	free(arg);
}

/* EGRESS_PORTS: one field per port, the whole set. */
static void handle_egress_ports(uint32_t req, struct fields *f)
{
	int *ports = NULL, bad = 0;
	size_t n = 0;
	long long port;

	while (f->left) {
		char *s = next_str(f);
		bad = !parse_num(s, 1, 65535, &port) || n == MAX_EGRESS_PORTS;
		free(s);
		if (bad)
			break;
		if (!(ports = realloc(ports, (n + 1) * sizeof(*ports))))
			die("realloc");
		ports[n++] = port;
	}
	if (bad)
		reply_err(req, "EGRESS_PORTS: at most %d ports, each 1-65535", MAX_EGRESS_PORTS);
	else
		op_egress_ports(req, ports, n);
	free(ports);
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

	switch (op) {
	case OP_PING:
		reply_ok(req, 0);
		return;
	case OP_INFO:
		op_info(req);
		return;
	case OP_SYNC:
		handle_sync(req, &f);
		return;
	case OP_CREATE:
		handle_create(req, &f);
		return;
	case OP_BRIDGE_REMOVE:
	case OP_TCP_CLOSE:
		handle_global_op(op, req, &f);
		return;
	case OP_EGRESS_PORTS:
		handle_egress_ports(req, &f);
		return;
	case OP_PANIC:
		/* PID 1 exiting panics the kernel ("Attempted to kill init"): for the engine's watchdog tests */
		logmsg("PANIC requested");
		_exit(1);
	case OP_START:
	case OP_SIGNAL:
	case OP_RESIZE:
	case OP_DELETE:
	case OP_EXEC:
	case OP_PAUSE:
	case OP_RESUME:
	case OP_STATS:
	case OP_TOP:
	case OP_DISK_SYNC:
	case OP_DISK_ROOM:
	case OP_COPY_OUT:
	case OP_COPY_IN:
	case OP_DIFF:
	case OP_NET_CONNECT:
	case OP_NET_DISCONNECT:
	case OP_WRITE_FILE:
	case OP_TCP_CONNECT:
		handle_container_op(op, req, &f);
		return;
	}
	reply_err(req, "unknown op 0x%02x", op);
}
