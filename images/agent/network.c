/* Container networking requests: START's network setup (a namespace of the container's own, or the
 * shared host namespace; lo, the DNS socket and one interface per network, the first giving the
 * default route), its teardown (a failed run, the init's exit, DELETE), NET_CONNECT, NET_DISCONNECT
 * and BRIDGE_REMOVE. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"

#define MAX_INTERFACES 16
#define HOST_NETNS BUNDLE_ROOT "/host-netns"

struct setup {
	int want_dns, host;  /* host: a `host` line, the only interface (eths[0]) */
	uint32_t dns_handle;
	struct eth_spec eths[MAX_INTERFACES];
	int n_eths;
};

/* The shared namespace of `--network host` containers: made by the first, removed after the last. */
static struct {
	int users;
	struct netif *ifs;
} host_ns;

/* The setup's lines: `dns <handle>`, `eth …` and `host …` (see eth_parse). Empty lines are ignored. */
static int parse_setup(const char *setup, struct setup *s)
{
	char line[256];
	memset(s, 0, sizeof(*s));
	for (const char *p = setup; *p;) {
		size_t n = strcspn(p, "\n");
		if (n >= sizeof(line))
			return net_fail("network setup line too long");
		memcpy(line, p, n);
		line[n] = 0;
		p += n + (p[n] == '\n');
		char *end;
		if (!strncmp(line, "dns ", 4)) {
			unsigned long h = strtoul(line + 4, &end, 10);
			if (s->want_dns || end == line + 4 || *end || h > UINT32_MAX)
				return net_fail("malformed dns line: %s", line);
			s->want_dns = 1;
			s->dns_handle = h;
		} else if (!strncmp(line, "eth ", 4) || !strncmp(line, "host ", 5)) {
			s->host |= line[0] == 'h';
			if (s->n_eths == MAX_INTERFACES)
				return net_fail("more than %d interfaces", MAX_INTERFACES);
			if (eth_parse(line, &s->eths[s->n_eths++]) < 0)
				return -1;
		} else if (*line) {
			return net_fail("unknown network setup line: %s", line);
		}
	}
	if (s->host && s->n_eths > 1)
		return net_fail("a host line goes without other interfaces");
	if (s->want_dns && stdio_handle_used(s->dns_handle))
		return net_fail("stdio handle %u is in use", s->dns_handle);
	return 0;
}

/* Joins the shared host namespace, made on first use with one interface `e` (later lines' addresses
 * are not used: the namespace keeps the one it was made with). */
static int host_join(struct container *c, const struct eth_spec *e, struct netns_ctx *x)
{
	if (host_ns.users) {
		if (netns_open(HOST_NETNS, x) < 0)
			return -1;
	} else {
		if (netns_make(HOST_NETNS, x) < 0)
			return -1;
		if (netif_add(&host_ns.ifs, "the host network", e, x) < 0) {
			netns_close(x);
			netns_unmount(HOST_NETNS);
			return -1;
		}
	}
	host_ns.users++;
	c->in_host_ns = 1;
	return 0;
}

static void host_leave(struct container *c)
{
	if (!c->in_host_ns)
		return;
	c->in_host_ns = 0;
	if (--host_ns.users)
		return;
	while (host_ns.ifs)
		netif_remove(&host_ns.ifs, "the host network", host_ns.ifs->name);
	netns_unmount(HOST_NETNS);
}

static void owner_name(const struct container *c, char *out, size_t n)
{
	snprintf(out, n, "container %s", c->id);
}

int net_start(struct container *c, const char *setup)
{
	struct setup s;
	struct netns_ctx x = { -1, -1 };
	char path[320], owner[160];
	int ok;

	if (parse_setup(setup, &s) < 0)
		return -1;
	if (s.host) {
		ok = host_join(c, &s.eths[0], &x);
	} else {
		bundle_path(path, sizeof(path), c, "netns");
		owner_name(c, owner, sizeof(owner));
		ok = netns_make(path, &x);
		c->has_netns = ok == 0;
		for (int i = 0; ok == 0 && i < s.n_eths; i++)
			ok = netif_add(&c->ifs, owner, &s.eths[i], &x);
	}
	if (ok == 0 && s.want_dns)
		ok = netns_dns(c, &x, s.dns_handle, s.host);
	netns_close(&x);
	if (ok < 0)
		net_teardown(c);
	return ok;
}

void net_teardown(struct container *c)
{
	char path[320], owner[160];

	dns_close(c);
	owner_name(c, owner, sizeof(owner));
	while (c->ifs)
		netif_remove(&c->ifs, owner, c->ifs->name);
	if (c->has_netns) {
		bundle_path(path, sizeof(path), c, "netns");
		netns_unmount(path);
		c->has_netns = 0;
	}
	host_leave(c);
}

void op_net_connect(uint32_t req, struct container *c, const char *line)
{
	struct eth_spec e;
	struct netns_ctx x;
	char path[320], owner[160];

	if (c->deleting) {
		reply_err(req, "container %s is being deleted", c->id);
		return;
	}
	if (c->in_host_ns) {
		reply_err(req, "container %s is on the host network", c->id);
		return;
	}
	if (!c->has_netns) {
		reply_err(req, "container %s has no network namespace (it is not running)", c->id);
		return;
	}
	bundle_path(path, sizeof(path), c, "netns");
	owner_name(c, owner, sizeof(owner));
	if (strncmp(line, "eth ", 4)) {
		reply_err(req, "not an eth line: %s", line);
		return;
	}
	if (eth_parse(line, &e) < 0 || netns_open(path, &x) < 0) {
		reply_err(req, "%s", net_error);
		return;
	}
	int ok = netif_add(&c->ifs, owner, &e, &x);
	netns_close(&x);
	if (ok < 0)
		reply_err(req, "%s", net_error);
	else
		reply_ok(req, 0);
}

/* Removes the interface; if it carried the default route, another that may carry it takes it over
 * (as Docker moves a container's gateway to its next network). */
void op_net_disconnect(uint32_t req, struct container *c, const char *ifname)
{
	char owner[160], path[320];
	struct netns_ctx x;

	owner_name(c, owner, sizeof(owner));
	if (netif_remove(&c->ifs, owner, ifname) < 0) {
		reply_err(req, "%s", net_error);
		return;
	}
	if (c->has_netns) {
		bundle_path(path, sizeof(path), c, "netns");
		if (netns_open(path, &x) == 0) {
			if (netif_reroute(c->ifs, &x) < 0)
				logmsg("%s: %s", owner, net_error);
			netns_close(&x);
		}
	}
	reply_ok(req, 0);
}

void op_bridge_remove(uint32_t req, const char *name)
{
	if (bridge_remove(name) < 0)
		reply_err(req, "%s", net_error);
	else
		reply_ok(req, 0);
}
