/* berth-agent: PID 1 of the berth guest. Implements PROTOCOL.md. */
#ifndef BERTH_AGENT_H
#define BERTH_AGENT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define AGENT_VERSION "2"
#define MAX_BODY (1u << 20)
#define HOST_MNT "/mnt/host"
#define BUNDLE_ROOT "/run/berth"
#define CGROUP_ROOT "/sys/fs/cgroup"
#define CRUN_PATH "/usr/bin/crun"
#define CRUN_ROOT "/run/crun"
#define BUSYBOX_PATH "/bin/busybox"

enum {
	OP_PING = 0x01, OP_INFO = 0x02, OP_SYNC = 0x03,
	OP_CREATE = 0x10, OP_START = 0x11, OP_SIGNAL = 0x12, OP_RESIZE = 0x13, OP_DELETE = 0x14,
	OP_EXEC = 0x15, OP_PAUSE = 0x16, OP_RESUME = 0x17, OP_STATS = 0x18, OP_TOP = 0x19,
	OP_COPY_OUT = 0x1a, OP_COPY_IN = 0x1b, OP_DIFF = 0x1c, OP_PANIC = 0x1f,
	OP_RESULT = 0x80, OP_EXIT = 0x81, OP_READY = 0x90,
};
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
void close_fd(int *fd);
int valid_name(const char *s, size_t max);
/* Reads a small file into `out` (NUL-terminated, trailing newline kept); -1 on error. */
ssize_t read_text(const char *path, char *out, size_t n);
/* Removes a directory tree without crossing mounts; failures are logged. */
void remove_tree(const char *path);

/* sysinit.c: mounts and hostname when running as PID 1 */
void sysinit(void);

/* init-mode.c: `docker-init -- CMD ARGS…` (the agent binary run as a container's init) */
int init_main(int argc, char **argv);

/* frame.c: the two virtio-console ports and u32le framing */
extern int ctl_fd, io_fd;
void ports_open(void);
int port_fill(int fd, struct buf *in);
int frame_at(struct buf *in, size_t *off, const uint8_t **body, uint32_t *len);
void frame_send(int fd, const struct buf *body);

/* messages.c: RESULT, EXIT and READY on port 1 */
void reply_ok(uint32_t req, int nfields, ...);
void reply_fields(uint32_t req, const struct buf *fields);
void reply_err(uint32_t req, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void send_ready(void);
void send_exit(const char *container_id, int code, const char *process_id, int oom_killed);

/* control.c: parsing and dispatch of requests on port 1 */
void control_frame(const uint8_t *body, uint32_t len);

/* A process of a container: its init, an exec process or a copy helper. */
enum { PROC_INIT, PROC_EXEC, PROC_COPY };
struct proc {
	struct container *c;
	char *id;            /* "" for the init, else the worker's process id */
	int kind;
	uint32_t handle;
	int tty, stdin_open;
	pid_t pid;           /* 0 until known */
	int reaped, status;  /* exited (wait status) */
	int child_in, child_out, child_err; /* the child's stdio until it is spawned */
	int out_fd, err_fd;  /* stdout/stderr read ends; with a tty, out_fd is the pty master */
	int in_fd;           /* stdin write end (or a dup of the pty master), -1 if closed */
	int in_closing;      /* close stdin once the pending bytes are written */
	struct buf in_pending;
	unsigned eof_sent;   /* bit per stream whose EOF frame went out */
	int console_fd;      /* listening console socket until crun passed the pty master */
	unsigned seq;        /* names the console socket and crun's files for this process */
	int ix_out, ix_err, ix_in; /* poll slots for the current loop iteration */
	struct proc *next;
};

/* A request that waits until no crun job runs for its container. */
struct deferred {
	int op;
	uint32_t req, handle;
	int tty, stdin_open;
	struct deferred *next;
};

/* A container: its bundle, crun's state for it, and its processes. */
struct container {
	char *id;
	char cgroup[256];    /* the container's cgroup directory */
	struct proc *procs;
	int jobs;            /* crun jobs running for this container */
	int crun_state;      /* crun knows the container: run succeeded (or failed) and no delete since */
	int deleting;        /* DELETE in progress: delete_req is answered at the end */
	uint32_t delete_req;
	struct deferred *queue;
	int freeze_fd;       /* cgroup.events while PAUSE/RESUME waits; freeze_want is the awaited state */
	int freeze_want, ix_freeze;
	uint32_t freeze_req;
	struct container *next;
};
extern struct container *containers;

/* bundle.c: container records, the bundle and its overlay */
struct container *container_find(const char *id);
void bundle_path(char *out, size_t n, const struct container *c, const char *leaf);
void op_create(uint32_t req, const char *id, const char *rootfs, const uint8_t *config, size_t config_len);
void bundle_destroy(struct container *c);

/* process.c: process records and their stdio */
extern unsigned proc_seq;
struct proc *proc_new(struct container *c, int kind, const char *id, uint32_t handle, int tty, int stdin_open);
struct proc *proc_by_handle(uint32_t handle);
struct proc *proc_find(struct container *c, const char *id);
struct proc *proc_init(struct container *c);
int proc_running(const struct proc *p);
int proc_stdio(struct proc *p, int want_in);
void proc_spawned(struct proc *p);
int proc_take_console(struct proc *p);
void proc_finish(struct proc *p, int oom_killed);
void proc_free(struct proc *p);
int exit_code(int status);

/* jobs.c: crun (and other helper) jobs, reaping */
struct job;
typedef void job_done_fn(struct job *j, int status);
struct job {
	pid_t pid;
	job_done_fn *done;
	uint32_t req;
	struct container *c;
	struct proc *p;
	int out;        /* captured stdout, or -1 */
	unsigned since; /* reap sequence number when the job started */
	struct job *next;
};
struct job *job_add(pid_t pid, job_done_fn *done, uint32_t req, struct container *c, struct proc *p);
pid_t crun_spawn(struct container *c, char *const args[], int in, int out, int err);
void crun_error(const struct container *c, char *msg, size_t n);
int early_take(pid_t pid, unsigned since, int *status);
void reap_children(int (*reaped)(pid_t pid, int status));

/* task.c: START, SIGNAL, RESIZE, DELETE and exits */
void op_start(uint32_t req, struct container *c, uint32_t handle, int tty, int stdin_open);
void op_signal(uint32_t req, struct container *c, int sig, const char *proc_id);
void op_resize(uint32_t req, struct container *c, int cols, int rows, const char *proc_id);
void op_delete(uint32_t req, struct container *c);
int task_reaped(pid_t pid, int status);
void task_progress(struct container *c);
pid_t take_pid_file(struct container *c, const char *leaf);
int task_started(struct job *j, const char *pid_leaf);

/* exec.c: EXEC */
void op_exec(uint32_t req, struct container *c, const char *proc_id, uint32_t handle,
             const uint8_t *process, size_t process_len, int tty, int stdin_open);

/* freeze.c: PAUSE and RESUME through cgroup.freeze */
void op_freeze(uint32_t req, struct container *c, int frozen);
void freeze_event(struct container *c);
void freeze_thaw_now(struct container *c);

/* cgroup-info.c: INFO, STATS, TOP */
void op_info(uint32_t req);
void op_stats(uint32_t req, struct container *c);
void op_top(uint32_t req, struct container *c);
long long cgroup_value(const struct container *c, const char *file, const char *key);

/* copy.c: COPY_OUT, COPY_IN and DIFF through busybox tar chrooted into the container */
void op_copy_out(uint32_t req, struct container *c, const char *proc_id, uint32_t handle, const char *path);
void op_copy_in(uint32_t req, struct container *c, const char *proc_id, uint32_t handle, const char *path);
void op_diff(uint32_t req, struct container *c, const char *proc_id, uint32_t handle);

/* stdio.c: pumping between processes and port 2 */
void stdio_frame(const uint8_t *body, uint32_t len);
void stdio_send(uint32_t handle, int stream, const void *data, size_t n);
int stdio_pump_out(struct proc *p, int stream);
void stdio_drain(struct proc *p);
void stdio_flush_in(struct proc *p);
void stdio_close_in(struct proc *p);

/* console.c: --console-socket */
int console_listen(const char *path);
int console_recv(int listen_fd);

/* crun-exe.c: the path crun is run from (a sealed memfd once crun_seal() succeeded) */
extern const char *crun_exe;
void crun_seal(void);

/* spawn.c: child processes */
pid_t spawn(const char *path, char *const argv[], int in, int out, int err);
int set_nonblock(int fd);

#endif
