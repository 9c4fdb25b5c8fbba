/* Network interfaces of a container's namespace (or of the shared host namespace): each is a veth
 * pair whose host end (veth<7 hex>) is a port of a bridge in the guest's root namespace and whose
 * other end is the container's interface (eth0, …), created directly in the namespace with its name
 * and MAC. Bridges are made on first use with the network's gateway address. The root namespace
 * does not forward between bridges (ip_forward 0), so only containers on the same bridge reach each
 * other. */
#include <errno.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "agent.h"

/* A route netlink socket of the root namespace, opened on first use (the agent is in it then). */
static int root_nl(void)
{
	static int fd = -1;
	if (fd < 0 && (fd = nl_open()) < 0)
		die("netlink socket");
	return fd;
}

/* "a.b.c.d/prefix" */
static int parse_cidr(const char *s, struct in_addr *addr, int *prefix)
{
	char ip[16], *end;
	const char *slash = strchr(s, '/');
	if (!slash || slash - s >= (long)sizeof(ip))
		return -1;
	memcpy(ip, s, slash - s);
	ip[slash - s] = 0;
	long p = strtol(slash + 1, &end, 10);
	if (*end || end == slash + 1 || p < 1 || p > 32 || inet_pton(AF_INET, ip, addr) != 1)
		return -1;
	*prefix = p;
	return 0;
}

static int parse_mac(const char *s, uint8_t mac[6])
{
	unsigned v[6];
	char tail;
	if (strlen(s) != 17 || sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &tail) != 6)
		return -1;
	for (int i = 0; i < 6; i++)
		mac[i] = v[i];
	return mac[0] & 1 ? -1 : 0; /* a multicast address cannot be an interface's */
}

/* `eth <ifname> <bridge> <gateway>/<prefix> <address>/<prefix> <mac> [default]`, or `host <bridge> …`
 * (the same without the name: the shared host namespace's interface is eth0). `default` makes the
 * gateway the namespace's default route (an --internal network's interface has none); the host
 * namespace's interface always has it. */
int eth_parse(const char *line, struct eth_spec *e)
{
	char word[6][32], extra;
	int host = !strncmp(line, "host ", 5), n = 0;

	word[5][0] = 0;
	if (host) {
		snprintf(word[0], sizeof(word[0]), "eth0");
		n = 1 + sscanf(line + 5, "%31s %31s %31s %31s %31s %c", word[1], word[2], word[3], word[4], word[5], &extra);
	} else if (!strncmp(line, "eth ", 4)) {
		n = sscanf(line + 4, "%31s %31s %31s %31s %31s %31s %c", word[0], word[1], word[2], word[3], word[4], word[5], &extra);
	}
	if ((n != 5 && n != 6) || (n == 6 && strcmp(word[5], "default")))
		return net_fail("malformed interface line: %s", line);
	e->default_route = host || n == 6;
	if (!valid_name(word[0], 15) || !valid_name(word[1], 15))
		return net_fail("invalid interface or bridge name in: %s", line);
	snprintf(e->name, sizeof(e->name), "%s", word[0]);
	snprintf(e->bridge, sizeof(e->bridge), "%s", word[1]);
	if (parse_cidr(word[2], &e->gateway, &e->gateway_prefix) < 0 || parse_cidr(word[3], &e->address, &e->prefix) < 0)
		return net_fail("invalid address in: %s", line);
	if (parse_mac(word[4], e->mac) < 0)
		return net_fail("invalid MAC address in: %s", line);
	return 0;
}

/* The bridge's index; made (up, with the gateway address and a MAC from it) if it does not exist.
 * (Another kind of interface of that name fails as the veth's master.) */
static int bridge_ensure(const struct eth_spec *e)
{
	int fd = root_nl(), index = nl_link_index(fd, e->bridge);

	if (index > 0)
		return index;
	if (index != -ENODEV)
		return net_fail("look up %s: %s", e->bridge, strerror(-index));
	const uint8_t *gw = (const uint8_t *)&e->gateway;
	uint8_t mac[6] = { 0x02, 0x42, gw[0], gw[1], gw[2], gw[3] };
	int err = nl_bridge_add(fd, e->bridge, mac);
	if (err < 0)
		return net_fail("create bridge %s: %s", e->bridge, strerror(-err));
	index = nl_link_index(fd, e->bridge);
	err = index < 0 ? index : nl_addr_add(fd, index, e->gateway, e->gateway_prefix);
	if (err < 0) {
		nl_link_del(fd, e->bridge);
		return net_fail("address of bridge %s: %s", e->bridge, strerror(-err));
	}
	return index;
}

static struct netif *netif_find(struct netif *ifs, const char *name)
{
	for (struct netif *i = ifs; i; i = i->next)
		if (!strcmp(i->name, name))
			return i;
	return NULL;
}

static int netif_routed(const struct netif *ifs)
{
	for (; ifs; ifs = ifs->next)
		if (ifs->routed)
			return 1;
	return 0;
}

/* The veth pair under a fresh random host name (a clash is retried). */
static int veth_create(const struct eth_spec *e, int bridge, int peer_ns, char host[16])
{
	int err = -EEXIST;
	for (int tries = 0; tries < 4 && err == -EEXIST; tries++) {
		uint32_t r = 0;
		if (getrandom(&r, sizeof(r), GRND_NONBLOCK) < 0)
			r = rand();
		snprintf(host, 16, "veth%07x", r & 0xfffffff);
		err = nl_veth_add(root_nl(), host, bridge, e->name, e->mac, peer_ns);
	}
	return err;
}

/* Adds the interface; on failure nothing of it is left (a bridge it made stays for BRIDGE_REMOVE). */
int netif_add(struct netif **ifs, const char *owner, const struct eth_spec *e, const struct netns_ctx *x)
{
	char host[16];
	int bridge, index, err;

	if (netif_find(*ifs, e->name))
		return net_fail("%s already has an interface %s", owner, e->name);
	int route = e->default_route && !netif_routed(*ifs);
	if ((bridge = bridge_ensure(e)) < 0)
		return -1;
	if ((err = veth_create(e, bridge, x->ns_fd, host)) < 0)
		return net_fail("create veth pair for %s: %s", e->name, strerror(-err));
	struct netif *i = calloc(1, sizeof(*i));
	if (!i)
		die("calloc");
	snprintf(i->name, sizeof(i->name), "%s", e->name);
	snprintf(i->host, sizeof(i->host), "%s", host);
	i->gateway = e->gateway;
	i->may_route = e->default_route;
	i->routed = route;
	i->next = *ifs;
	*ifs = i;
	if ((index = nl_link_index(x->nl_fd, e->name)) < 0)
		net_fail("look up %s: %s", e->name, strerror(-index));
	else if ((err = nl_addr_add(x->nl_fd, index, e->address, e->prefix)) < 0)
		net_fail("address of %s: %s", e->name, strerror(-err));
	else if ((err = nl_link_up(x->nl_fd, index)) < 0)
		net_fail("set %s up: %s", e->name, strerror(-err));
	else if (route && (err = nl_route_default(x->nl_fd, index, e->gateway)) < 0)
		net_fail("default route via %s: %s", inet_ntoa(e->gateway), strerror(-err));
	else
		return 0;
	netif_remove(ifs, owner, e->name); /* keeps net_error */
	return -1;
}

int netif_reroute(struct netif *ifs, const struct netns_ctx *x)
{
	struct netif *oldest = NULL;
	int index, err;

	if (netif_routed(ifs))
		return 0;
	for (struct netif *i = ifs; i; i = i->next) /* newest first */
		if (i->may_route)
			oldest = i;
	if (!oldest)
		return 0;
	if ((index = nl_link_index(x->nl_fd, oldest->name)) < 0)
		return net_fail("look up %s: %s", oldest->name, strerror(-index));
	if ((err = nl_route_default(x->nl_fd, index, oldest->gateway)) < 0)
		return net_fail("default route via %s: %s", inet_ntoa(oldest->gateway), strerror(-err));
	oldest->routed = 1;
	return 0;
}

/* Deletes the interface's veth pair (both ends go); -1 if the list has no such interface. */
int netif_remove(struct netif **ifs, const char *owner, const char *name)
{
	for (struct netif **pp = ifs; *pp; pp = &(*pp)->next) {
		struct netif *i = *pp;
		if (strcmp(i->name, name))
			continue;
		int err = nl_link_del(root_nl(), i->host);
		if (err < 0 && err != -ENODEV)
			logmsg("delete %s: %s", i->host, strerror(-err));
		*pp = i->next;
		free(i);
		return 0;
	}
	return net_fail("%s has no interface %s", owner, name);
}

/* Deletes a bridge of the root namespace; fine if there is none. */
int bridge_remove(const char *name)
{
	char kind[16];
	int index = valid_name(name, 15) ? nl_link_kind(root_nl(), name, kind, sizeof(kind)) : -EINVAL;
	if (index == -ENODEV)
		return 0;
	if (index < 0)
		return net_fail("bridge %s: %s", name, strerror(-index));
	if (strcmp(kind, "bridge"))
		return net_fail("%s is not a bridge", name);
	int err = nl_link_del(root_nl(), name);
	return err < 0 && err != -ENODEV ? net_fail("delete bridge %s: %s", name, strerror(-err)) : 0;
}
