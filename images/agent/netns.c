/* A container's network namespace: made with unshare(CLONE_NEWNET) by the agent itself (it steps
 * in, sets the namespace up and steps back out to the guest's root namespace), kept alive by a bind
 * mount on <bundle>/netns, which config.json names for crun. Sockets opened while inside (route
 * netlink, the DNS socket) stay in the namespace after the agent has left it. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "agent.h"

char net_error[256];
static int root_ns = -1;

int net_fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(net_error, sizeof(net_error), fmt, ap);
	va_end(ap);
	return -1;
}

/* Back to the guest's root namespace; the agent must never stay elsewhere. */
static void leave(void)
{
	if (setns(root_ns, CLONE_NEWNET) < 0)
		die("setns to the root network namespace");
}

/* Interfaces created in the namespace from now on get no IPv6 (no link-local address, duplicate
 * address detection or router solicitations to pay for); lo, which exists already, keeps ::1. */
static int ipv6_off_for_new_links(void)
{
	int fd = open("/proc/sys/net/ipv6/conf/default/disable_ipv6", O_WRONLY | O_CLOEXEC);
	int ok = fd >= 0 && write(fd, "1", 1) == 1;
	if (fd >= 0)
		close(fd);
	return ok ? 0 : net_fail("disable_ipv6: %s", strerror(errno));
}

/* The steps inside the new namespace; the caller leaves it whatever the outcome. */
static int set_up_inside(struct container *c, int want_dns, uint32_t dns_handle, struct netns_ctx *x)
{
	char path[320];
	int err;

	bundle_path(path, sizeof(path), c, "netns");
	if (mount("/proc/self/ns/net", path, NULL, MS_BIND, NULL) < 0)
		return net_fail("bind mount %s: %s", path, strerror(errno));
	c->has_netns = 1;
	if ((x->ns_fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return net_fail("open %s: %s", path, strerror(errno));
	if (ipv6_off_for_new_links() < 0)
		return -1;
	if ((x->nl_fd = nl_open()) < 0)
		return net_fail("netlink socket: %s", strerror(errno));
	if ((err = nl_link_up(x->nl_fd, LOOPBACK_INDEX)) < 0)
		return net_fail("set lo up: %s", strerror(-err));
	if (want_dns && dns_open(c, dns_handle) < 0)
		return net_fail("DNS socket on 127.0.0.11:53: %s", strerror(errno));
	return 0;
}

int netns_create(struct container *c, int want_dns, uint32_t dns_handle, struct netns_ctx *x)
{
	char path[320];

	*x = (struct netns_ctx){ -1, -1 };
	if (root_ns < 0 && (root_ns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC)) < 0)
		return net_fail("open /proc/self/ns/net: %s", strerror(errno));
	bundle_path(path, sizeof(path), c, "netns");
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0444);
	if (fd < 0)
		return net_fail("create %s: %s", path, strerror(errno));
	close(fd);
	if (unshare(CLONE_NEWNET) < 0) {
		unlink(path);
		return net_fail("unshare(CLONE_NEWNET): %s", strerror(errno));
	}
	int ok = set_up_inside(c, want_dns, dns_handle, x);
	leave();
	if (!c->has_netns)
		unlink(path);
	return ok;
}

/* A namespace fd and a netlink socket inside the container's existing namespace. */
int netns_open(struct container *c, struct netns_ctx *x)
{
	char path[320];

	*x = (struct netns_ctx){ -1, -1 };
	if (!c->has_netns)
		return net_fail("container %s has no network namespace (it is not running)", c->id);
	bundle_path(path, sizeof(path), c, "netns");
	if ((x->ns_fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return net_fail("open %s: %s", path, strerror(errno));
	if (setns(x->ns_fd, CLONE_NEWNET) < 0)
		return net_fail("setns %s: %s", path, strerror(errno));
	x->nl_fd = nl_open();
	int saved = errno;
	leave();
	return x->nl_fd < 0 ? net_fail("netlink socket: %s", strerror(saved)) : 0;
}

void netns_close(struct netns_ctx *x)
{
	close_fd(&x->ns_fd);
	close_fd(&x->nl_fd);
}

/* The namespace goes once nothing holds it: its processes are gone, and so is this mount. */
void netns_remove(struct container *c)
{
	char path[320];

	if (!c->has_netns)
		return;
	bundle_path(path, sizeof(path), c, "netns");
	if (umount2(path, MNT_DETACH) < 0)
		logmsg("umount %s: %s", path, strerror(errno));
	if (unlink(path) < 0)
		logmsg("unlink %s: %s", path, strerror(errno));
	c->has_netns = 0;
}
