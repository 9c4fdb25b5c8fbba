/* berth-agent: PID 1 of the berth guest. Implements PROTOCOL.md. */
#ifndef BERTH_AGENT_H
#define BERTH_AGENT_H

#include <stddef.h>
#include <netinet/in.h>
#include <stdint.h>
#include <sys/types.h>

#define AGENT_VERSION "6"
#define MAX_BODY (1u << 20)
#define HOST_MNT "/mnt/host"
#define BUNDLE_ROOT "/run/berth"
#define CGROUP_ROOT "/sys/fs/cgroup"
#define CRUN_PATH "/usr/bin/crun"
#define CRUN_ROOT "/run/crun"
#define BUSYBOX_PATH "/bin/busybox"
/* Egress stand-in addresses: 198.18.0.0/15 */
#define EGRESS_NET 0xc6120000u
#define EGRESS_PREFIX 15

enum {
	OP_PING = 0x01, OP_INFO = 0x02, OP_SYNC = 0x03,
	OP_CREATE = 0x10, OP_START = 0x11, OP_SIGNAL = 0x12, OP_RESIZE = 0x13, OP_DELETE = 0x14,
	OP_EXEC = 0x15, OP_PAUSE = 0x16, OP_RESUME = 0x17, OP_STATS = 0x18, OP_TOP = 0x19,
	OP_COPY_OUT = 0x1a, OP_COPY_IN = 0x1b, OP_DIFF = 0x1c, OP_PANIC = 0x1f,
	OP_NET_CONNECT = 0x20, OP_NET_DISCONNECT = 0x21, OP_BRIDGE_REMOVE = 0x22, OP_WRITE_FILE = 0x23,
	OP_TCP_CONNECT = 0x24, OP_TCP_CLOSE = 0x25, OP_EGRESS_PORTS = 0x26, OP_DISK_SYNC = 0x27,
	OP_DISK_ROOM = 0x28,
	OP_RESULT = 0x80, OP_EXIT = 0x81, OP_ACCEPT = 0x82, OP_READY = 0x90,
};
enum { STREAM_STDIN = 0, STREAM_STDOUT = 1, STREAM_STDERR = 2, STREAM_DATAGRAM = 3 };

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
/* Writes what it can of `b` to a non-blocking fd; 0 when done or it would block, -1 on an error. */
int buf_flush(int fd, struct buf *b);
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

/* messages.c: RESULT, EXIT, ACCEPT and READY on port 1 */
void reply_ok(uint32_t req, int nfields, ...);
void reply_fields(uint32_t req, const struct buf *fields);
void reply_err(uint32_t req, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void send_ready(void);
void send_exit(const char *container_id, int code, const char *process_id, int oom_killed);
void send_accept(uint32_t handle, const char *destination, int port, const char *peer);

/* control.c: parsing and dispatch of requests on port 1 */
void control_frame(const uint8_t *body, uint32_t len);

/* main.c: the poll set of the current loop iteration */
int poll_watch(int fd, short events);
short poll_revents(int ix);

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
	char *net;           /* START's network setup, NULL if absent */
	struct deferred *next;
};

/* A network interface of a container: its name there and the host end of its veth pair. */
struct netif {
	char name[16], host[16];
	struct in_addr gateway;
	int may_route, routed; /* may carry the default route; carries it */
	struct netif *next;
};

struct tcp_conn;

/* The byte range of the engine's disk that holds a container's writable layer (pno 0: none, the
 * layer is on the guest's tmpfs). */
struct layer_disk {
	int pno, blank, mounted;
	long long start, length, room; /* room: the most the container may add, -1: no limit */
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
	int has_netns;       /* <bundle>/netns is mounted */
	int in_host_ns;      /* uses the shared host namespace instead (holds a reference to it) */
	struct netif *ifs;
	int dns_fd, ix_dns;  /* the embedded DNS socket, 127.0.0.11:53 in the netns, and its stdio handle */
	int forward_fd, ix_forward; /* beside it, unbound: the engine's queries to --dns servers */
	uint32_t dns_handle;
	struct tcp_conn *conns; /* TCP_CONNECT connections */
	struct layer_disk disk;
	struct container *next;
};
extern struct container *containers;

/* bundle.c: container records, the bundle and its overlay */
struct container *container_find(const char *id);
void bundle_path(char *out, size_t n, const struct container *c, const char *leaf);
void op_create(uint32_t req, const char *id, const char *rootfs, const uint8_t *config, size_t config_len,
               const char *disk);
void op_write_file(uint32_t req, struct container *c, const char *leaf, const uint8_t *data, size_t len);
int bundle_destroy(struct container *c);

/* disk.c: writable layers on the engine's disk */
int disk_parse(const char *spec, struct layer_disk *d);
int disk_mount(const struct layer_disk *d, const char *dir, const char **what);
int disk_unmount(const struct layer_disk *d, const char *dir);
int disk_keep_room(const char *dir, long long room);
void op_disk_sync(uint32_t req, struct container *c);
void op_disk_room(uint32_t req, struct container *c, long long room);

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
void op_start(uint32_t req, struct container *c, uint32_t handle, int tty, int stdin_open, const char *net);
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
int stdio_handle_used(uint32_t handle);

/* netlink.c: rtnetlink requests; each returns 0 (or an index) or -errno */
#define LOOPBACK_INDEX 1 /* lo is always interface 1 of a namespace */
int nl_open(void);
int nl_link_index(int fd, const char *name);
int nl_link_kind(int fd, const char *name, char *kind, size_t kind_n);
int nl_link_up(int fd, int index);
int nl_link_del(int fd, const char *name);
int nl_bridge_add(int fd, const char *name, const uint8_t mac[6]);
int nl_veth_add(int fd, const char *host, int master, const char *peer, const uint8_t mac[6], int peer_ns);
int nl_addr_add(int fd, int index, struct in_addr addr, int prefix);
int nl_route_default(int fd, int index, struct in_addr gateway);
int nl_route_local(int fd, int index, struct in_addr dst, int prefix);

/* netns.c: network namespaces bind-mounted on a file (a container's <bundle>/netns, the shared
 * host namespace). Failures return -1 with the reason in net_error. */
extern char net_error[256];
int net_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
struct netns_ctx {
	int ns_fd, nl_fd;    /* the namespace, and a route netlink socket inside it */
};
/* A new namespace mounted on `path` (created; must not exist) with lo up; on failure nothing is left. */
int netns_make(const char *path, struct netns_ctx *x);
int netns_open(const char *path, struct netns_ctx *x);
/* The container's DNS socket, bound inside the namespace (shared: others may bind the address too). */
int netns_dns(struct container *c, const struct netns_ctx *x, uint32_t handle, int shared);
void netns_close(struct netns_ctx *x);
void netns_unmount(const char *path);

/* netif.c: interfaces (a veth pair from the container's netns to a bridge of the guest) */
struct eth_spec {
	char name[16], bridge[16];
	struct in_addr gateway, address;
	int gateway_prefix, prefix;
	uint8_t mac[6];
	int default_route;
};
int eth_parse(const char *line, struct eth_spec *e);
/* `owner` names the list's holder in messages ("container <id>"). */
int netif_add(struct netif **ifs, const char *owner, const struct eth_spec *e, const struct netns_ctx *x);
int netif_remove(struct netif **ifs, const char *owner, const char *name);
/* After the routed interface went: the default route via the oldest other one that may carry it. */
int netif_reroute(struct netif *ifs, const struct netns_ctx *x);
int bridge_remove(const char *name);

/* network.c: START's network setup, its teardown, NET_CONNECT, NET_DISCONNECT, BRIDGE_REMOVE */
int net_start(struct container *c, const char *setup);
void net_teardown(struct container *c);
void op_net_connect(uint32_t req, struct container *c, const char *line);
void op_net_disconnect(uint32_t req, struct container *c, const char *ifname);
void op_bridge_remove(uint32_t req, const char *name);

/* dns-socket.c: the embedded DNS socket, relayed as stream 3 datagrams */
int dns_open(struct container *c, uint32_t handle, int shared);
void dns_close(struct container *c);
void dns_receive(struct container *c, int fd);
void dns_send(uint32_t handle, const uint8_t *data, size_t len);
struct container *dns_owner(uint32_t handle);

/* tcp-relay.c: TCP_CONNECT and accepted egress connections relayed on stdio streams 0 and 1 */
extern struct tcp_conn *egress_conns; /* accepted on egress listeners; no container's */
void op_tcp_connect(uint32_t req, struct container *c, uint32_t handle, const char *addr, int port);
void op_tcp_close(uint32_t req, uint32_t handle);
struct tcp_conn *tcp_find(uint32_t handle);
void tcp_adopt(int fd, uint32_t handle, const char *peer);
void tcp_input(struct tcp_conn *t, const uint8_t *data, size_t len);
void tcp_watch(struct tcp_conn *list);
void tcp_ready(struct tcp_conn *list);
void tcp_close_all(struct container *c);
void socket_reset(int fd);

/* egress.c: EGRESS_PORTS listeners in the root namespace and the connections they accept */
void op_egress_ports(uint32_t req, const int *ports, size_t n);
void egress_watch(void);
void egress_ready(void);

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
