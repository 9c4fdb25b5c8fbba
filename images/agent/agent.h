/* berth-agent: PID 1 of the berth guest. Implements PROTOCOL.md. */
#ifndef BERTH_AGENT_H
#define BERTH_AGENT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define AGENT_VERSION "1"
#define MAX_BODY (1u << 20)
#define HOST_MNT "/mnt/host"
#define BUNDLE_ROOT "/run/berth"
#define CRUN_PATH "/usr/bin/crun"
#define CRUN_ROOT "/run/crun"

enum {
	OP_PING = 0x01, OP_INFO = 0x02, OP_SYNC = 0x03,
	OP_CREATE = 0x10, OP_START = 0x11, OP_SIGNAL = 0x12, OP_RESIZE = 0x13, OP_DELETE = 0x14,
	OP_RESULT = 0x80, OP_EXIT = 0x81, OP_READY = 0x90,
};
enum { DELETE_REQUESTED = 1, DELETE_SILENT = 2 };
enum { STREAM_STDIN = 0, STREAM_STDOUT = 1, STREAM_STDERR = 2 };

/* util.c: growable byte buffer, little-endian helpers, logging */
struct buf {
	uint8_t *p;
	size_t len, cap;
};
void buf_put(struct buf *b, const void *data, size_t n);
void buf_u8(struct buf *b, uint8_t v);
void buf_u32(struct buf *b, uint32_t v);
void buf_field(struct buf *b, const void *data, size_t n);
void buf_str(struct buf *b, const char *s);
void buf_consume(struct buf *b, size_t n);
void buf_free(struct buf *b);
uint32_t get_u32(const uint8_t *p);
void die(const char *what);
void logmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* sysinit.c: mounts and hostname when running as PID 1 */
void sysinit(void);

/* frame.c: the two virtio-console ports and u32le framing */
extern int ctl_fd, io_fd;
void ports_open(void);
int port_fill(int fd, struct buf *in);
int frame_at(struct buf *in, size_t *off, const uint8_t **body, uint32_t *len);
void frame_send(int fd, const struct buf *body);

/* control.c: requests on port 1 */
void control_frame(const uint8_t *body, uint32_t len);
void reply_ok(uint32_t req, int nfields, ...);
void reply_err(uint32_t req, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void send_ready(void);
void send_exit(const char *id, int code);

/* container.c: lifecycle through crun */
struct container {
	char *id;
	uint32_t handle;
	int tty, stdin_open;
	pid_t pid;           /* container init, 0 until `crun run --detach` finished */
	int started;         /* START has run crun */
	int child_in, child_out, child_err; /* crun's stdio, kept from CREATE until START */
	int reaped, status;  /* init exited, wait status */
	int exit_sent;
	int busy;            /* a crun job for this container is running */
	int deleting;        /* DELETE_REQUESTED (answer delete_req) or DELETE_SILENT (cleanup after a failed create) */
	uint32_t delete_req;
	int out_fd, err_fd;  /* stdout/stderr read ends; with a tty, out_fd is the pty master */
	unsigned eof_sent;   /* bit per stream whose EOF frame went out */
	int in_fd;           /* stdin write end (or pty master dup), -1 if closed */
	int in_closing;      /* close stdin once the pending bytes are written */
	struct buf in_pending;
	int console_fd;      /* listening console socket while creating a tty container */
	unsigned seq;        /* names the console socket */
	int ix_out, ix_err, ix_in; /* poll slots for the current loop iteration */
	struct container *next;
};
extern struct container *containers;
struct container *container_find(const char *id);
struct container *container_by_handle(uint32_t handle);
void op_create(uint32_t req, const char *id, uint32_t handle, const char *rootfs,
               const uint8_t *config, size_t config_len, int tty, int stdin_open);
void op_start(uint32_t req, struct container *c);
void op_signal(uint32_t req, struct container *c, int sig);
void op_resize(uint32_t req, struct container *c, int cols, int rows);
void op_delete(uint32_t req, struct container *c);
void op_info(uint32_t req);
void reap_children(void);

/* stdio.c: pumping between containers and port 2 */
void stdio_frame(const uint8_t *body, uint32_t len);
void stdio_send(uint32_t handle, int stream, const void *data, size_t n);
int stdio_pump_out(struct container *c, int stream);
void stdio_drain(struct container *c);
void stdio_flush_in(struct container *c);
void stdio_close_in(struct container *c);

/* console.c: --console-socket */
int console_listen(const char *path);
int console_recv(int listen_fd);

/* spawn.c: child processes */
pid_t spawn(char *const argv[], int in, int out, int err);
int set_nonblock(int fd);

#endif
