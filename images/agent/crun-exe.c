/* crun's executable as a sealed memfd. crun guards against CVE-2019-5736 by copying its binary into
 * a sealed memfd and re-executing itself at every start, unless /proc/self/exe already is one (its
 * check for a read-only filesystem is never reached on the initramfs, whose tmpfs answers
 * F_GET_SEALS). That copy and second exec cost ~3 million guest instructions per crun call; sealing
 * one copy here, once, gives crun the same protection for free. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent.h"

/* The seals crun requires (all four, exactly). */
#define CRUN_SEALS (F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE)

static char sealed_path[32];
const char *crun_exe = CRUN_PATH;

void crun_seal(void)
{
	struct stat st;
	off_t done = 0;
	int src = open(CRUN_PATH, O_RDONLY | O_CLOEXEC);
	int fd = memfd_create("crun", MFD_CLOEXEC | MFD_ALLOW_SEALING);

	if (src < 0 || fd < 0 || fstat(src, &st) < 0)
		goto fail;
	while (done < st.st_size)
		if (sendfile(fd, src, &done, st.st_size - done) <= 0)
			goto fail;
	if (fcntl(fd, F_ADD_SEALS, CRUN_SEALS) < 0)
		goto fail;
	close(src);
	/* spawned children resolve this in their own copy of the descriptor table */
	snprintf(sealed_path, sizeof(sealed_path), "/proc/self/fd/%d", fd);
	crun_exe = sealed_path;
	return;
fail:
	logmsg("sealing crun: %s (each crun call copies itself)", strerror(errno));
	if (src >= 0)
		close(src);
	if (fd >= 0)
		close(fd);
}
