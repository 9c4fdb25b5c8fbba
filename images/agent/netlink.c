/* rtnetlink requests: links (bridge, veth pair, up, delete, index and kind), IPv4 addresses and the default
 * route. musl ships no <linux/…> headers, so the few ABI structures and numbers are spelled out
 * here (from the kernel's uapi headers: netlink.h, rtnetlink.h, if_link.h, if_addr.h, veth.h). */
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "agent.h"

#define NETLINK_ROUTE 0
enum { NLMSG_ERROR = 2 };
enum { NLM_F_REQUEST = 0x1, NLM_F_ACK = 0x4, NLM_F_EXCL = 0x200, NLM_F_CREATE = 0x400 };
enum { RTM_NEWLINK = 16, RTM_DELLINK = 17, RTM_GETLINK = 18, RTM_NEWADDR = 20, RTM_NEWROUTE = 24 };
enum { IFLA_ADDRESS = 1, IFLA_IFNAME = 3, IFLA_MASTER = 10, IFLA_LINKINFO = 18, IFLA_NET_NS_FD = 28 };
enum { IFLA_INFO_KIND = 1, IFLA_INFO_DATA = 2 };
enum { VETH_INFO_PEER = 1 };
enum { IFA_ADDRESS = 1, IFA_LOCAL = 2, IFA_BROADCAST = 4 };
enum { RTA_OIF = 4, RTA_GATEWAY = 5 };
enum { RT_TABLE_MAIN = 254, RTPROT_BOOT = 3, RT_SCOPE_UNIVERSE = 0, RTN_UNICAST = 1 };
#define NLA_ALIGN(n) (((n) + 3u) & ~3u)

struct nlmsghdr {
	uint32_t len;
	uint16_t type, flags;
	uint32_t seq, pid;
};
struct nlmsgerr {
	int error;
	struct nlmsghdr msg;
};
struct rtattr {
	uint16_t len, type;
};
struct ifinfomsg {
	uint8_t family, pad;
	uint16_t type;
	int32_t index;
	uint32_t flags, change;
};
struct ifaddrmsg {
	uint8_t family, prefixlen, flags, scope;
	uint32_t index;
};
struct rtmsg {
	uint8_t family, dst_len, src_len, tos, table, protocol, scope, type;
	uint32_t flags;
};

/* A request being built: header, fixed part, attributes (nested ones too). */
struct nlreq {
	union {
		struct nlmsghdr h;
		uint8_t raw[512];
	};
};

static uint32_t seq;

static void *put(struct nlreq *r, size_t n)
{
	if (NLA_ALIGN(r->h.len) + NLA_ALIGN(n) > sizeof(r->raw))
		die("netlink request too large");
	void *at = r->raw + NLA_ALIGN(r->h.len);
	memset(at, 0, NLA_ALIGN(n));
	r->h.len = NLA_ALIGN(r->h.len) + n;
	return at;
}

static void *begin(struct nlreq *r, uint16_t type, uint16_t flags, size_t fixed)
{
	memset(&r->h, 0, sizeof(r->h));
	r->h.len = sizeof(r->h);
	r->h.type = type;
	r->h.flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	r->h.seq = ++seq;
	return put(r, fixed);
}

static struct rtattr *attr(struct nlreq *r, uint16_t type, const void *data, size_t n)
{
	struct rtattr *a = put(r, sizeof(*a) + n);
	a->len = sizeof(*a) + n;
	a->type = type;
	if (n)
		memcpy(a + 1, data, n);
	return a;
}

static void attr_str(struct nlreq *r, uint16_t type, const char *s)
{
	attr(r, type, s, strlen(s) + 1);
}

static void attr_u32(struct nlreq *r, uint16_t type, uint32_t v)
{
	attr(r, type, &v, sizeof(v));
}

/* A nested attribute: call nest_end with its result once its members are in. */
static struct rtattr *nest(struct nlreq *r, uint16_t type)
{
	return attr(r, type, NULL, 0);
}

static void nest_end(struct nlreq *r, struct rtattr *a)
{
	a->len = r->raw + r->h.len - (uint8_t *)a;
}

/* Sends the request and reads up to its acknowledgement; a reply message (of a GET) is copied to
 * `reply`. Returns 0 or -errno. */
static int talk(int fd, struct nlreq *r, void *reply, size_t reply_n)
{
	static uint8_t in[16384] __attribute__((aligned(4)));

	if (send(fd, r->raw, r->h.len, 0) < 0)
		return -errno;
	for (;;) {
		ssize_t n = recv(fd, in, sizeof(in), 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		for (size_t off = 0; off + sizeof(struct nlmsghdr) <= (size_t)n;) {
			struct nlmsghdr *h = (struct nlmsghdr *)(in + off);
			if (h->len < sizeof(*h) || h->len > n - off)
				return -EBADMSG;
			if (h->seq == r->h.seq) {
				if (h->type == NLMSG_ERROR)
					return ((struct nlmsgerr *)(h + 1))->error;
				if (reply)
					memcpy(reply, h, h->len < reply_n ? h->len : reply_n);
			}
			off += NLA_ALIGN(h->len);
		}
	}
}

int nl_open(void)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd >= 0) {
		/* a failed send must not wait forever for an answer */
		struct timeval tv = { 5, 0 };
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	}
	return fd;
}

/* The index of link `name` in the socket's namespace, without a netlink exchange: an interface
 * ioctl on any socket (a netlink one too) answers for the socket's namespace. */
int nl_link_index(int fd, const char *name)
{
	struct ifreq ifr = { 0 };
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	return ioctl(fd, SIOCGIFINDEX, &ifr) < 0 ? -errno : ifr.ifr_ifindex;
}

/* The link `name`: its index and its kind ("bridge", "veth", "" for none). */
int nl_link_kind(int fd, const char *name, char *kind, size_t kind_n)
{
	static uint8_t reply[8192] __attribute__((aligned(4)));
	struct nlreq r;

	begin(&r, RTM_GETLINK, 0, sizeof(struct ifinfomsg));
	attr_str(&r, IFLA_IFNAME, name);
	memset(reply, 0, sizeof(struct nlmsghdr) + sizeof(struct ifinfomsg));
	int err = talk(fd, &r, reply, sizeof(reply));
	if (err < 0)
		return err;
	struct nlmsghdr *h = (struct nlmsghdr *)reply;
	struct ifinfomsg *ifi = (struct ifinfomsg *)(h + 1);
	if (h->type != RTM_NEWLINK || ifi->index <= 0)
		return -ENODEV;
	*kind = 0;
	size_t end = h->len < sizeof(reply) ? h->len : sizeof(reply);
	for (size_t off = sizeof(*h) + sizeof(*ifi); off + sizeof(struct rtattr) <= end;) {
		struct rtattr *a = (struct rtattr *)(reply + off);
		if (a->len < sizeof(*a) || off + a->len > end)
			break;
		if (a->type == IFLA_LINKINFO) {
			struct rtattr *k = a + 1; /* the kernel puts IFLA_INFO_KIND first */
			if (a->len >= 2 * sizeof(*a) && k->len > sizeof(*k) && k->len <= a->len - sizeof(*a) &&
			    k->type == IFLA_INFO_KIND)
				snprintf(kind, kind_n, "%.*s", (int)(k->len - sizeof(*k)), (char *)(k + 1));
		}
		off += NLA_ALIGN(a->len);
	}
	return ifi->index;
}

int nl_link_up(int fd, int index)
{
	struct nlreq r;
	struct ifinfomsg *ifi = begin(&r, RTM_NEWLINK, 0, sizeof(*ifi));
	ifi->index = index;
	ifi->flags = ifi->change = IFF_UP;
	return talk(fd, &r, NULL, 0);
}

int nl_link_del(int fd, const char *name)
{
	struct nlreq r;
	begin(&r, RTM_DELLINK, 0, sizeof(struct ifinfomsg));
	attr_str(&r, IFLA_IFNAME, name);
	return talk(fd, &r, NULL, 0);
}

/* A bridge with a fixed MAC (so it does not change as ports come and go), up. */
int nl_bridge_add(int fd, const char *name, const uint8_t mac[6])
{
	struct nlreq r;
	struct ifinfomsg *ifi = begin(&r, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, sizeof(*ifi));
	ifi->flags = ifi->change = IFF_UP;
	attr_str(&r, IFLA_IFNAME, name);
	attr(&r, IFLA_ADDRESS, mac, 6);
	struct rtattr *info = nest(&r, IFLA_LINKINFO);
	attr_str(&r, IFLA_INFO_KIND, "bridge");
	nest_end(&r, info);
	return talk(fd, &r, NULL, 0);
}

/* One request for a whole veth pair: `host` enslaved to `master` and up here, its peer created
 * directly in the network namespace `peer_ns` as `peer` with `mac`, down (the kernel configures
 * the peer before it ties the pair together, and a veth without its peer refuses to go up). */
int nl_veth_add(int fd, const char *host, int master, const char *peer, const uint8_t mac[6], int peer_ns)
{
	struct nlreq r;
	struct ifinfomsg *ifi = begin(&r, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, sizeof(*ifi));
	ifi->flags = ifi->change = IFF_UP;
	attr_str(&r, IFLA_IFNAME, host);
	attr_u32(&r, IFLA_MASTER, master);
	struct rtattr *info = nest(&r, IFLA_LINKINFO);
	attr_str(&r, IFLA_INFO_KIND, "veth");
	struct rtattr *data = nest(&r, IFLA_INFO_DATA);
	struct rtattr *peer_info = nest(&r, VETH_INFO_PEER);
	put(&r, sizeof(struct ifinfomsg));
	attr_str(&r, IFLA_IFNAME, peer);
	attr(&r, IFLA_ADDRESS, mac, 6);
	attr_u32(&r, IFLA_NET_NS_FD, peer_ns);
	nest_end(&r, peer_info);
	nest_end(&r, data);
	nest_end(&r, info);
	return talk(fd, &r, NULL, 0);
}

/* addr/prefix on the link, with the subnet's broadcast address as `ip addr add … brd +` gives. */
int nl_addr_add(int fd, int index, struct in_addr addr, int prefix)
{
	struct nlreq r;
	struct ifaddrmsg *ifa = begin(&r, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, sizeof(*ifa));
	ifa->family = AF_INET;
	ifa->prefixlen = prefix;
	ifa->index = index;
	attr(&r, IFA_LOCAL, &addr, 4);
	attr(&r, IFA_ADDRESS, &addr, 4);
	if (prefix < 31) {
		struct in_addr brd = { addr.s_addr | htonl(0xffffffffu >> prefix) };
		attr(&r, IFA_BROADCAST, &brd, 4);
	}
	return talk(fd, &r, NULL, 0);
}

int nl_route_default(int fd, int index, struct in_addr gateway)
{
	struct nlreq r;
	struct rtmsg *rt = begin(&r, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, sizeof(*rt));
	rt->family = AF_INET;
	rt->table = RT_TABLE_MAIN;
	rt->protocol = RTPROT_BOOT;
	rt->scope = RT_SCOPE_UNIVERSE;
	rt->type = RTN_UNICAST;
	attr(&r, RTA_GATEWAY, &gateway, 4);
	attr_u32(&r, RTA_OIF, index);
	return talk(fd, &r, NULL, 0);
}
