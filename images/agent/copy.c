/* COPY_OUT and COPY_IN: a busybox tar helper chrooted into the container's rootfs, so that paths
 * (and absolute symlinks on the way) resolve inside the container, never in the guest. The agent
 * checks the path first with openat2(RESOLVE_IN_ROOT), which resolves it the same way.
 * DIFF: the same helper chrooted into the container's upper directory streams all of it. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "agent.h"

#ifndef SYS_openat2
#define SYS_openat2 437
#endif
#ifndef SYS_execveat
#define SYS_execveat 358
#endif
#define RESOLVE_IN_ROOT_FLAG 0x10

struct open_how_v0 {
	uint64_t flags, mode, resolve;
};

/* Opens `path` as if the container's rootfs were "/". */
static int open_in_root(const struct container *c, const char *path, int flags)
{
	char root[300];
	bundle_path(root, sizeof(root), c, "rootfs");
	int rfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rfd < 0)
		return -1;
	struct open_how_v0 how = { .flags = (uint64_t)(flags | O_CLOEXEC), .resolve = RESOLVE_IN_ROOT_FLAG };
	int fd = syscall(SYS_openat2, rfd, path, &how, sizeof(how));
	int saved = errno;
	close(rfd);
	errno = saved;
	return fd;
}

static void path_error(uint32_t req, const char *path)
{
	if (errno == ENOENT)
		reply_err(req, "no such file or directory: %s", path);
	else if (errno == ENOTDIR)
		reply_err(req, "not a directory: %s", path);
	else
		reply_err(req, "%s: %s", strerror(errno), path);
}

/* Forks the helper: busybox opened O_PATH in the guest, then chroot into the bundle's `leaf`
 * ("rootfs" or "layer/upper"), then execveat of that fd. */
static pid_t tar_helper(const struct container *c, struct proc *p, const char *leaf, char *const argv[])
{
	static char *const env[] = { "PATH=/usr/sbin:/usr/bin:/sbin:/bin", NULL };
	char root[300];
	bundle_path(root, sizeof(root), c, leaf);

	pid_t pid = fork();
	if (pid != 0)
		return pid;
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	int null = open("/dev/null", O_RDWR);
	dup2(p->child_in >= 0 ? p->child_in : null, 0);
	dup2(p->child_out, 1);
	dup2(p->child_err, 2);
	int bb = open(BUSYBOX_PATH, O_PATH | O_CLOEXEC);
	const char *what = "open " BUSYBOX_PATH;
	if (bb >= 0 && (what = "chroot", chroot(root) == 0) && (what = "chdir", chdir("/") == 0)) {
		what = "execveat";
		syscall(SYS_execveat, bb, "", argv, env, AT_EMPTY_PATH);
	}
	dprintf(2, "copy helper: %s: %s\n", what, strerror(errno));
	_exit(127);
}

/* Starts the helper as process `proc_id` of the container; replies an error and returns -1 on failure. */
static int start_helper(uint32_t req, struct container *c, const char *proc_id, uint32_t handle, int want_in,
                        const char *leaf, char *const argv[])
{
	if (c->deleting) {
		reply_err(req, "container %s is being deleted", c->id);
		return -1;
	}
	if (!valid_name(proc_id, 64)) {
		reply_err(req, "invalid process id");
		return -1;
	}
	if (proc_find(c, proc_id)) {
		reply_err(req, "process %s already exists in container %s", proc_id, c->id);
		return -1;
	}
	if (stdio_handle_used(handle)) {
		reply_err(req, "stdio handle %u is in use", handle);
		return -1;
	}
	struct proc *p = proc_new(c, PROC_COPY, proc_id, handle, 0, want_in);
	if (proc_stdio(p, want_in) < 0 || (p->pid = tar_helper(c, p, leaf, argv)) < 0) {
		reply_err(req, "copy helper: %s", strerror(errno));
		p->pid = 0;
		proc_free(p);
		return -1;
	}
	proc_spawned(p);
	return 0;
}

/* Splits an absolute path into its parent and last component (trailing slashes dropped); "/" gives
 * parent "/" and name ".". -1 for a relative path or a last component "." or "..". */
static int split_path(const char *path, char *dir, char *name)
{
	size_t n = strlen(path);
	if (path[0] != '/' || n >= PATH_MAX)
		return -1;
	while (n > 1 && path[n - 1] == '/')
		n--;
	size_t slash = n;
	while (path[slash - 1] != '/')
		slash--;
	snprintf(dir, PATH_MAX, "%.*s", (int)(slash > 1 ? slash - 1 : 1), path);
	snprintf(name, PATH_MAX, "%.*s", (int)(n - slash), path + slash);
	if (!*name)
		strcpy(name, ".");
	else if (!strcmp(name, ".") || !strcmp(name, ".."))
		return -1;
	return 0;
}

/* Result: name, size, st_mode, mtime, symlink target; then `tar -c -f - -C <dir> <name>` streams. */
void op_copy_out(uint32_t req, struct container *c, const char *proc_id, uint32_t handle, const char *path)
{
	char dir[PATH_MAX], name[PATH_MAX], target[PATH_MAX] = "", size[24], mode[16], mtime[24];
	struct stat st;

	if (split_path(path, dir, name) < 0) {
		reply_err(req, "invalid path: %s", path);
		return;
	}
	int dfd = open_in_root(c, dir, O_PATH | O_DIRECTORY);
	if (dfd < 0 || fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		int saved = errno;
		close_fd(&dfd);
		errno = saved;
		path_error(req, path);
		return;
	}
	if (S_ISLNK(st.st_mode)) {
		ssize_t n = readlinkat(dfd, name, target, sizeof(target) - 1);
		target[n > 0 ? n : 0] = 0;
	}
	close(dfd);
	char *argv[] = { "tar", "-c", "-f", "-", "-C", dir, name, NULL };
	if (start_helper(req, c, proc_id, handle, 0, "rootfs", argv) < 0)
		return;
	snprintf(size, sizeof(size), "%lld", (long long)st.st_size);
	snprintf(mode, sizeof(mode), "%u", (unsigned)st.st_mode);
	snprintf(mtime, sizeof(mtime), "%lld", (long long)st.st_mtime);
	reply_ok(req, 5, strcmp(path, "/") && strcmp(name, ".") ? name : "/", size, mode, mtime, target);
}

/* `tar -x -f - -C <dir>` reading the handle's stdin; the directory must exist. */
void op_copy_in(uint32_t req, struct container *c, const char *proc_id, uint32_t handle, const char *path)
{
	if (path[0] != '/') {
		reply_err(req, "invalid path: %s", path);
		return;
	}
	int dfd = open_in_root(c, path, O_PATH | O_DIRECTORY);
	if (dfd < 0) {
		path_error(req, path);
		return;
	}
	close(dfd);
	char *argv[] = { "tar", "-x", "-f", "-", "-C", (char *)path, NULL };
	if (start_helper(req, c, proc_id, handle, 1, "rootfs", argv) == 0)
		reply_ok(req, 0);
}

/* Appends, below the directory `dfd` (at `rel`), every directory overlayfs marked opaque
 * (trusted.overlay.opaque = "y"), one relative path per line. Takes ownership of `dfd`. */
static void collect_opaque(int dfd, const char *rel, struct buf *out)
{
	DIR *dir = fdopendir(dfd);
	if (!dir) {
		close(dfd);
		return;
	}
	struct dirent *e;
	while ((e = readdir(dir))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		struct stat st;
		if (fstatat(dirfd(dir), e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISDIR(st.st_mode))
			continue;
		char path[PATH_MAX];
		snprintf(path, sizeof(path), "%s%s%s", rel, *rel ? "/" : "", e->d_name);
		int child = openat(dirfd(dir), e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (child < 0)
			continue;
		char value[2];
		if (fgetxattr(child, "trusted.overlay.opaque", value, sizeof(value)) == 1 && value[0] == 'y') {
			buf_put(out, path, strlen(path));
			buf_put(out, "\n", 1);
		}
		collect_opaque(child, path, out);
	}
	closedir(dir);
}

/* Result: the opaque directories (relative paths, one per line); then `tar -c -f - .` of the upper
 * directory streams, overlayfs whiteouts (0/0 character devices) included. */
void op_diff(uint32_t req, struct container *c, const char *proc_id, uint32_t handle)
{
	char upper[300];
	bundle_path(upper, sizeof(upper), c, "layer/upper");
	int dfd = open(upper, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		reply_err(req, "%s: %s", strerror(errno), upper);
		return;
	}
	struct buf opaque = { 0 };
	collect_opaque(dfd, "", &opaque);
	buf_put(&opaque, "", 1);
	char *argv[] = { "tar", "-c", "-f", "-", ".", NULL };
	if (start_helper(req, c, proc_id, handle, 0, "layer/upper", argv) == 0)
		reply_ok(req, 1, (const char *)opaque.p);
	buf_free(&opaque);
}
