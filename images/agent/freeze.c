/* PAUSE and RESUME: the container's cgroup.freeze (cgroup v2), written directly rather than through
 * `crun pause`, which would cost a crun run. The answer waits until cgroup.events reports the new
 * state: the main loop polls that file for POLLPRI, which the kernel raises when it changes. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent.h"

static int write_freeze(const struct container *c, int frozen)
{
	char path[300];
	snprintf(path, sizeof(path), "%s/cgroup.freeze", c->cgroup);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = write(fd, frozen ? "1" : "0", 1);
	int saved = errno;
	close(fd);
	errno = saved;
	return n == 1 ? 0 : -1;
}

/* The "frozen" value in cgroup.events (reading also re-arms POLLPRI); -1 if unreadable. */
static int events_frozen(int fd)
{
	char text[256];
	if (lseek(fd, 0, SEEK_SET) < 0)
		return -1;
	ssize_t n = read(fd, text, sizeof(text) - 1);
	if (n <= 0)
		return -1;
	text[n] = 0;
	char *line = strstr(text, "frozen ");
	return line ? atoi(line + 7) : -1;
}

static void finish(struct container *c)
{
	close_fd(&c->freeze_fd);
	reply_ok(c->freeze_req, 0);
}

void op_freeze(uint32_t req, struct container *c, int frozen)
{
	char path[300];

	if (c->deleting || !proc_running(proc_init(c))) {
		reply_err(req, "container %s is not running", c->id);
		return;
	}
	if (c->freeze_fd >= 0) {
		reply_err(req, "container %s: a PAUSE or RESUME is in progress", c->id);
		return;
	}
	snprintf(path, sizeof(path), "%s/cgroup.events", c->cgroup);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || write_freeze(c, frozen) < 0) {
		reply_err(req, "%s: %s", fd < 0 ? "cgroup.events" : "cgroup.freeze", strerror(errno));
		close_fd(&fd);
		return;
	}
	c->freeze_fd = fd;
	c->freeze_req = req;
	c->freeze_want = frozen;
	freeze_event(c);
}

/* cgroup.events changed (or PAUSE/RESUME just wrote cgroup.freeze). */
void freeze_event(struct container *c)
{
	int now = events_frozen(c->freeze_fd);
	if (now == c->freeze_want) {
		finish(c);
	} else if (now < 0) {
		close_fd(&c->freeze_fd);
		reply_err(c->freeze_req, "cannot read %s/cgroup.events", c->cgroup);
	}
}

/* DELETE thaws first: a pending PAUSE/RESUME fails, frozen processes get to die. */
void freeze_thaw_now(struct container *c)
{
	if (c->freeze_fd >= 0) {
		close_fd(&c->freeze_fd);
		reply_err(c->freeze_req, "container %s is being deleted", c->id);
	}
	if (write_freeze(c, 0) < 0 && errno != ENOENT)
		logmsg("thaw %s: %s", c->id, strerror(errno));
}
