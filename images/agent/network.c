/* Container networking requests: START's network setup (a namespace, lo, the DNS socket and one
 * interface per network, the first giving the default route), its teardown (a failed run, the
 * init's exit, DELETE), NET_CONNECT, NET_DISCONNECT and BRIDGE_REMOVE. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"

#define MAX_INTERFACES 16

/* The setup's lines: `dns <handle>` and `eth …` (see eth_parse). Empty lines are ignored. */
static int parse_setup(const char *setup, int *want_dns, uint32_t *dns_handle, struct eth_spec *eths, int *n_eths)
{
	char line[256];
	*want_dns = 0;
	*n_eths = 0;
	for (const char *s = setup; *s;) {
		size_t n = strcspn(s, "\n");
		if (n >= sizeof(line))
			return net_fail("network setup line too long");
		memcpy(line, s, n);
		line[n] = 0;
		s += n + (s[n] == '\n');
		char *end;
		if (!strncmp(line, "dns ", 4)) {
			unsigned long h = strtoul(line + 4, &end, 10);
			if (*want_dns || end == line + 4 || *end || h > UINT32_MAX)
				return net_fail("malformed dns line: %s", line);
			*want_dns = 1;
			*dns_handle = h;
		} else if (!strncmp(line, "eth ", 4)) {
			if (*n_eths == MAX_INTERFACES)
				return net_fail("more than %d interfaces", MAX_INTERFACES);
			if (eth_parse(line, &eths[(*n_eths)++]) < 0)
				return -1;
		} else if (*line) {
			return net_fail("unknown network setup line: %s", line);
		}
	}
	if (*want_dns && stdio_handle_used(*dns_handle))
		return net_fail("stdio handle %u is in use", *dns_handle);
	return 0;
}

int net_start(struct container *c, const char *setup)
{
	struct eth_spec eths[MAX_INTERFACES];
	struct netns_ctx x;
	int want_dns, n_eths, ok;
	uint32_t dns_handle = 0;

	if (parse_setup(setup, &want_dns, &dns_handle, eths, &n_eths) < 0)
		return -1;
	ok = netns_create(c, want_dns, dns_handle, &x);
	for (int i = 0; ok == 0 && i < n_eths; i++)
		ok = netif_add(c, &eths[i], &x, i == 0);
	netns_close(&x);
	if (ok < 0)
		net_teardown(c);
	return ok;
}

void net_teardown(struct container *c)
{
	dns_close(c);
	while (c->ifs)
		netif_remove(c, c->ifs->name);
	netns_remove(c);
}

void op_net_connect(uint32_t req, struct container *c, const char *line)
{
	struct eth_spec e;
	struct netns_ctx x;

	if (c->deleting) {
		reply_err(req, "container %s is being deleted", c->id);
		return;
	}
	if (eth_parse(line, &e) < 0 || netns_open(c, &x) < 0) {
		reply_err(req, "%s", net_error);
		return;
	}
	int ok = netif_add(c, &e, &x, 0);
	netns_close(&x);
	if (ok < 0)
		reply_err(req, "%s", net_error);
	else
		reply_ok(req, 0);
}

void op_net_disconnect(uint32_t req, struct container *c, const char *ifname)
{
	if (netif_remove(c, ifname) < 0)
		reply_err(req, "%s", net_error);
	else
		reply_ok(req, 0);
}

void op_bridge_remove(uint32_t req, const char *name)
{
	if (bridge_remove(name) < 0)
		reply_err(req, "%s", net_error);
	else
		reply_ok(req, 0);
}
