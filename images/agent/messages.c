/* Messages from the agent on port 1: RESULT, EXIT, ACCEPT and READY. */
#include <stdarg.h>
#include <stdio.h>

#include "agent.h"

static void send_ctl(uint8_t op, uint32_t req, const char *status, const struct buf *fields)
{
	struct buf b = { 0 };
	buf_u8(&b, op);
	buf_u32(&b, req);
	if (status)
		buf_str(&b, status);
	if (fields)
		buf_put(&b, fields->p, fields->len);
	frame_send(ctl_fd, &b);
	buf_free(&b);
}

void reply_ok(uint32_t req, int nfields, ...)
{
	struct buf f = { 0 };
	va_list ap;
	va_start(ap, nfields);
	for (int i = 0; i < nfields; i++)
		buf_str(&f, va_arg(ap, const char *));
	va_end(ap);
	send_ctl(OP_RESULT, req, "ok", &f);
	buf_free(&f);
}

/* RESULT ok followed by already encoded fields. */
void reply_fields(uint32_t req, const struct buf *fields)
{
	send_ctl(OP_RESULT, req, "ok", fields);
}

void reply_err(uint32_t req, const char *fmt, ...)
{
	char msg[1024];
	struct buf f = { 0 };
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	buf_str(&f, msg);
	send_ctl(OP_RESULT, req, "error", &f);
	buf_free(&f);
}

void send_ready(void)
{
	struct buf f = { 0 };
	buf_str(&f, AGENT_VERSION);
	send_ctl(OP_READY, 0, NULL, &f);
	buf_free(&f);
}

void send_accept(uint32_t handle, const char *destination, int port, const char *peer)
{
	char num[2][16];
	struct buf f = { 0 };
	snprintf(num[0], sizeof(num[0]), "%u", handle);
	snprintf(num[1], sizeof(num[1]), "%d", port);
	buf_str(&f, num[0]);
	buf_str(&f, destination);
	buf_str(&f, num[1]);
	buf_str(&f, peer);
	send_ctl(OP_ACCEPT, 0, NULL, &f);
	buf_free(&f);
}

void send_exit(const char *container_id, int code, const char *process_id, int oom_killed)
{
	char num[16];
	struct buf f = { 0 };
	snprintf(num, sizeof(num), "%d", code);
	buf_str(&f, container_id);
	buf_str(&f, num);
	buf_str(&f, process_id);
	buf_str(&f, oom_killed ? "1" : "0");
	send_ctl(OP_EXIT, 0, NULL, &f);
	buf_free(&f);
}
