/* Helper jobs (crun runs) and reaping. A job is a child whose exit completes a request; every other
 * child is a container process or an unknown one, kept for a while in case its job has not
 * reported its pid yet (a container's process may exit before `crun run --detach` does). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "agent.h"

static struct job *jobs;
static unsigned reap_seq;
static struct {
	pid_t pid;
	int status;
	unsigned seq;
} early[16];

struct job *job_add(pid_t pid, job_done_fn *done, uint32_t req, struct container *c, struct proc *p)
{
	struct job *j = calloc(1, sizeof(*j));
	if (!j)
		die("calloc");
	*j = (struct job){ pid, done, req, c, p, -1, reap_seq, jobs };
	jobs = j;
	if (c)
		c->jobs++;
	return j;
}

/* `crun --root … --log <bundle>/crun.log ARGS…`; stdio -1 means /dev/null. */
pid_t crun_spawn(struct container *c, char *const args[], int in, int out, int err)
{
	char log[320], *argv[16];
	int i = 0;

	snprintf(log, sizeof(log), "--log=" BUNDLE_ROOT "/%s/crun.log", c->id);
	argv[i++] = CRUN_PATH;
	argv[i++] = "--root=" CRUN_ROOT;
	argv[i++] = log;
	while (*args && i < 15)
		argv[i++] = *args++;
	argv[i] = NULL;
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);
	pid_t pid = spawn(crun_exe, argv, in >= 0 ? in : null, out >= 0 ? out : null, err >= 0 ? err : null);
	if (null >= 0)
		close(null);
	return pid;
}

/* The last line crun logged (its error message), without the timestamp prefix. */
void crun_error(const struct container *c, char *msg, size_t n)
{
	char path[300], text[4096];
	ssize_t len = -1;

	bundle_path(path, sizeof(path), c, "crun.log");
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		off_t size = lseek(fd, 0, SEEK_END);
		lseek(fd, size > (off_t)sizeof(text) - 1 ? size - (off_t)sizeof(text) + 1 : 0, SEEK_SET);
		len = read(fd, text, sizeof(text) - 1);
		close(fd);
	}
	if (len <= 0) {
		snprintf(msg, n, "crun failed");
		return;
	}
	text[len] = 0;
	while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == ' '))
		text[--len] = 0;
	char *line = strrchr(text, '\n');
	line = line ? line + 1 : text;
	char *sep = strstr(line, ": ");
	if (sep && sep - line < 40 && line[0] >= '0' && line[0] <= '9')
		line = sep + 2;
	snprintf(msg, n, "%s", line);
}

/* Takes the status of `pid` if it was reaped as unknown after the job that started at `since`. */
int early_take(pid_t pid, unsigned since, int *status)
{
	for (unsigned i = 0; i < sizeof(early) / sizeof(early[0]); i++)
		if (early[i].pid == pid && early[i].seq > since) {
			early[i].pid = 0;
			*status = early[i].status;
			return 1;
		}
	return 0;
}

void reap_children(int (*reaped)(pid_t pid, int status))
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		struct job **jp = &jobs;
		while (*jp && (*jp)->pid != pid)
			jp = &(*jp)->next;
		if (*jp) {
			struct job *j = *jp;
			*jp = j->next;
			if (j->c)
				j->c->jobs--;
			j->done(j, status);
			free(j);
			continue;
		}
		if (reaped(pid, status))
			continue;
		unsigned i = reap_seq % (sizeof(early) / sizeof(early[0]));
		early[i].pid = pid;
		early[i].status = status;
		early[i].seq = ++reap_seq;
	}
}
