/* Guest system setup done by the agent when it runs as PID 1 (it is the initramfs /init). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent.h"

#define NINEP_OPTS "trans=virtio,version=9p2000.L,msize=512000,cache=loose"

static void mnt(const char *src, const char *dst, const char *type, unsigned long flags, const char *opts)
{
	mkdir(dst, 0755);
	if (mount(src, dst, type, flags, opts) < 0)
		logmsg("mount %s on %s: %s", type, dst, strerror(errno));
}

static void write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, text, strlen(text)) < 0)
		logmsg("write %s: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
}

/* pivot_root(2), which crun uses, rejects the initramfs root mount; a bind mount of it moved over / is fine. */
static void leave_rootfs(void)
{
	mkdir("/.root", 0700);
	if (mount("/", "/.root", NULL, MS_BIND | MS_REC, NULL) < 0 || chdir("/.root") < 0 ||
	    mount(".", "/", NULL, MS_MOVE, NULL) < 0 || chroot(".") < 0 || chdir("/") < 0)
		die("rebind /");
	rmdir("/.root");
}

void sysinit(void)
{
	umask(022);
	leave_rootfs();
	mnt("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
	mnt("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
	mnt("devtmpfs", "/dev", "devtmpfs", MS_NOSUID, "mode=0755");
	if (fcntl(2, F_GETFD) < 0) {
		int fd = open("/dev/console", O_RDWR | O_NOCTTY);
		for (int i = fd; i >= 0 && i < 3; i++)
			dup2(fd, i);
	}
	mnt("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, "gid=5,mode=0620,ptmxmode=0666");
	mnt("shm", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777");
	mnt("tmpfs", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755");
	mnt("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777");
	mnt("cgroup2", "/sys/fs/cgroup", "cgroup2", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
	write_file("/sys/fs/cgroup/cgroup.subtree_control", "+memory +pids +cpu");
	mkdir("/mnt", 0755);
	mnt("host9p", HOST_MNT, "9p", MS_NODEV, NINEP_OPTS);
	mkdir(BUNDLE_ROOT, 0711);
	/* lo up (127.0.0.1, ::1), and every egress stand-in address local: containers reach the egress
	 * listeners through their gateway */
	int nl = nl_open();
	if (nl < 0 || nl_link_up(nl, LOOPBACK_INDEX) < 0)
		logmsg("could not set lo up");
	if (nl < 0 || nl_route_local(nl, LOOPBACK_INDEX, (struct in_addr){ htonl(EGRESS_NET) }, EGRESS_PREFIX) < 0)
		logmsg("could not add the local route for egress stand-in addresses");
	if (nl >= 0)
		close(nl);
	/* containers on different bridges must not reach each other through the root namespace */
	write_file("/proc/sys/net/ipv4/ip_forward", "0");
	/* bridges and veth host ends get no IPv6 (no link-local addresses, DAD or MLD to run) */
	write_file("/proc/sys/net/ipv6/conf/default/disable_ipv6", "1");
	/* layer disks: dirty file data goes to the disk within about 3 s, not the default 30 s */
	write_file("/proc/sys/vm/dirty_expire_centisecs", "200");
	write_file("/proc/sys/vm/dirty_writeback_centisecs", "100");
	if (sethostname("berth", 5) < 0)
		logmsg("sethostname: %s", strerror(errno));
	setenv("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", 1);
}
