/* `docker-init -- CMD ARGS…`: the agent binary as a container's minimal init (`docker run --init`).
 * Runs CMD as a child, forwards the usual termination and job-control signals to it, reaps every
 * zombie (orphans are reparented here), and exits with the child's status (128+N if killed by N). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "agent.h"

static const int forwarded[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH };

int init_main(int argc, char **argv)
{
	sigset_t set;
	int i = 1, status, code = -1;

	if (i < argc && !strcmp(argv[i], "--"))
		i++;
	if (i >= argc) {
		fprintf(stderr, "usage: docker-init -- COMMAND [ARG...]\n");
		return 1;
	}
	/* Blocked signals are queued even for a PID namespace's init, which ignores default-action ones. */
	sigemptyset(&set);
	for (size_t k = 0; k < sizeof(forwarded) / sizeof(forwarded[0]); k++)
		sigaddset(&set, forwarded[k]);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, NULL);
	if (getpid() != 1)
		prctl(PR_SET_CHILD_SUBREAPER, 1);

	pid_t child = fork();
	if (child < 0) {
		perror("docker-init: fork");
		return 1;
	}
	if (child == 0) {
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		execvp(argv[i], argv + i);
		fprintf(stderr, "docker-init: %s: %s\n", argv[i], strerror(errno));
		_exit(errno == ENOENT ? 127 : 126);
	}
	for (;;) {
		siginfo_t si;
		int sig = sigwaitinfo(&set, &si);
		if (sig < 0)
			continue;
		if (sig != SIGCHLD) {
			kill(child, sig);
			continue;
		}
		pid_t pid;
		while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
			if (pid == child)
				code = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
		if (code >= 0)
			return code;
	}
}
