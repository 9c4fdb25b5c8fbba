/* EXEC: another process in the running container, through `crun exec --detach`. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "agent.h"

static void exec_done(struct job *j, int status)
{
	struct container *c = j->c;
	char path[320], leaf[32], msg[1024];

	snprintf(leaf, sizeof(leaf), "exec-%u.json", j->p->seq);
	bundle_path(path, sizeof(path), c, leaf);
	unlink(path);
	snprintf(leaf, sizeof(leaf), "exec-%u.pid", j->p->seq);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		take_pid_file(c, leaf);
		crun_error(c, msg, sizeof(msg));
		reply_err(j->req, "%s", msg);
		proc_free(j->p);
	} else if (task_started(j, leaf) && j->p->reaped) {
		proc_finish(j->p, 0);
	}
	task_progress(c);
}

/* `crun exec --detach --process <file> --pid-file <file> [--console-socket …] <id>`. */
void op_exec(uint32_t req, struct container *c, const char *proc_id, uint32_t handle,
             const uint8_t *process, size_t process_len, int tty, int stdin_open)
{
	char dir[300], json[320], pidfile[330], sock[96];

	if (c->deleting || !proc_running(proc_init(c))) {
		reply_err(req, "container %s is not running", c->id);
		return;
	}
	if (!valid_name(proc_id, 64)) {
		reply_err(req, "invalid process id");
		return;
	}
	if (proc_find(c, proc_id)) {
		reply_err(req, "process %s already exists in container %s", proc_id, c->id);
		return;
	}
	if (stdio_handle_used(handle)) {
		reply_err(req, "stdio handle %u is in use", handle);
		return;
	}
	struct proc *p = proc_new(c, PROC_EXEC, proc_id, handle, tty, stdin_open);
	bundle_path(dir, sizeof(dir), c, "");
	snprintf(json, sizeof(json), "%s/exec-%u.json", dir, p->seq);
	snprintf(pidfile, sizeof(pidfile), "--pid-file=%s/exec-%u.pid", dir, p->seq);
	snprintf(sock, sizeof(sock), "--console-socket=" BUNDLE_ROOT "/console-%u.sock", p->seq);

	int fd = open(json, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	ssize_t w = fd >= 0 ? write(fd, process, process_len) : -1;
	int saved = errno;
	if (fd >= 0)
		close(fd);
	if (w != (ssize_t)process_len) {
		reply_err(req, "write %s: %s", json, w < 0 ? strerror(saved) : "short write");
		goto fail;
	}
	if (proc_stdio(p, stdin_open) < 0) {
		reply_err(req, "stdio: %s", strerror(errno));
		goto fail;
	}
	char *args[] = { "exec", "--detach", "--process", json, pidfile, tty ? sock : c->id, c->id, NULL };
	if (!tty) /* no --console-socket: the id moves up */
		args[6] = NULL;
	pid_t pid = crun_spawn(c, args, p->child_in, p->child_out, p->child_err);
	if (pid < 0) {
		reply_err(req, "spawn crun: %s", strerror(errno));
		goto fail;
	}
	proc_spawned(p);
	job_add(pid, exec_done, req, c, p);
	return;
fail:
	unlink(json);
	proc_free(p);
}
