/* Container records and their bundles: /run/berth/<id>/ with config.json and an overlay on rootfs/
 * (9p lower layer read-only; upper and work directories in layer/, the container's ext4 filesystem
 * on the engine's disk, or a plain directory on the guest's tmpfs when CREATE names no disk). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent.h"

/* Pinned off: 9p has no file handles (index, xino), and a throwaway upper layer needs no
 * redirects or metacopy. The 9p lower layer also works with the kernel's defaults. */
#define OVERLAY_OPTS "index=off,redirect_dir=off,metacopy=off,xino=off"

struct container *containers;

struct container *container_find(const char *id)
{
	for (struct container *c = containers; c; c = c->next)
		if (!strcmp(c->id, id))
			return c;
	return NULL;
}

void bundle_path(char *out, size_t n, const struct container *c, const char *leaf)
{
	snprintf(out, n, BUNDLE_ROOT "/%s%s%s", c->id, *leaf ? "/" : "", leaf);
}

/* A relative path without empty, "." or ".." components and without overlay option separators. */
static int valid_rootfs(const char *p)
{
	if (!*p || *p == '/' || strpbrk(p, ",:\\"))
		return 0;
	for (const char *s = p; *s;) {
		size_t n = strcspn(s, "/");
		if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
			return 0;
		s += n;
		if (*s == '/')
			s++;
	}
	return p[strlen(p) - 1] != '/';
}

/* The string value of "linux": {"cgroupsPath": …} in config.json, or crun's default "/<id>"; crun
 * (cgroupfs manager) puts the container in that cgroup below the agent's, the root. Only the
 * escapes a path needs are decoded; a path that cannot be read leaves STATS, TOP and PAUSE unusable. */
static void cgroup_from_config(struct container *c, const uint8_t *config, size_t len)
{
	static const char key[] = "\"cgroupsPath\"";
	char path[200];
	size_t n = 0;
	const uint8_t *end = config + len, *p = memmem(config, len, key, sizeof(key) - 1);

	if (p) {
		p += sizeof(key) - 1;
		while (p < end && strchr(" \t\r\n:", *p))
			p++;
		if (p < end && *p == '"')
			for (p++; p < end && *p != '"' && n < sizeof(path) - 1; p++) {
				if (*p == '\\' && p + 1 < end && strchr("\"\\/", p[1]))
					p++;
				path[n++] = *p;
			}
		if (p >= end || *p != '"')
			n = 0;
	}
	path[n] = 0;
	if (!n)
		snprintf(path, sizeof(path), "/%s", c->id);
	snprintf(c->cgroup, sizeof(c->cgroup), CGROUP_ROOT "%s%s", path[0] == '/' ? "" : "/", path);
}

/* Unmounts and removes the bundle and frees the record (its processes must be gone); -1 when its
 * layer disk's partition stays (disk_unmount). */
int bundle_destroy(struct container *c)
{
	char path[300];
	int r = 0;

	for (struct container **pp = &containers; *pp; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	close_fd(&c->freeze_fd);
	tcp_close_all(c);
	net_teardown(c);
	bundle_path(path, sizeof(path), c, "rootfs");
	/* Unmounted for real when it can be, so that the layer disk beneath is free to unmount. */
	if (umount2(path, 0) < 0 && errno != EINVAL)
		umount2(path, MNT_DETACH);
	if (c->disk.mounted) {
		bundle_path(path, sizeof(path), c, "layer");
		r = disk_unmount(&c->disk, path);
	}
	bundle_path(path, sizeof(path), c, "");
	remove_tree(path);
	while (c->queue) {
		struct deferred *d = c->queue;
		c->queue = d->next;
		free(d->net);
		free(d);
	}
	free(c->id);
	free(c);
	return r;
}

static int write_file(const char *path, const uint8_t *data, size_t len, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0)
		return -1;
	ssize_t w = write(fd, data, len);
	int saved = errno;
	close(fd);
	errno = w < 0 ? saved : EIO;
	return w == (ssize_t)len ? 0 : -1;
}

void op_create(uint32_t req, const char *id, const char *rootfs, const uint8_t *config, size_t config_len,
               const char *disk)
{
	char dir[300], path[320], opts[1024];
	struct layer_disk d = { 0 };

	if (!valid_name(id, 128) || id[0] == '.' || id[0] == '-') {
		reply_err(req, "invalid container id");
		return;
	}
	if (container_find(id)) {
		reply_err(req, "container %s already exists", id);
		return;
	}
	if (!valid_rootfs(rootfs)) {
		reply_err(req, "invalid rootfs path");
		return;
	}
	if (disk && disk_parse(disk, &d) < 0) {
		reply_err(req, "invalid layer disk: %s", disk);
		return;
	}
	struct container *c = calloc(1, sizeof(*c));
	if (!c || !(c->id = strdup(id)))
		die("calloc");
	c->freeze_fd = c->ix_freeze = c->dns_fd = c->ix_dns = c->forward_fd = c->ix_forward = -1;
	c->next = containers;
	containers = c;
	cgroup_from_config(c, config, config_len);

	bundle_path(dir, sizeof(dir), c, "");
	const char *what = "mkdir";
	if (mkdir(dir, 0700) < 0) {
		/* not ours: a leftover bundle must not be removed by the failure path */
		reply_err(req, "%s %s: %s", what, dir, strerror(errno));
		containers = c->next;
		free(c->id);
		free(c);
		return;
	}
	static const char *const subdirs[] = { "layer", "rootfs" };
	for (int i = 0; i < 2; i++) {
		bundle_path(path, sizeof(path), c, subdirs[i]);
		if (mkdir(path, 0755) < 0)
			goto fail;
	}
	if (d.pno) {
		bundle_path(path, sizeof(path), c, "layer");
		if (disk_mount(&d, path, &what) < 0)
			goto fail;
		c->disk = d;
		c->disk.mounted = 1;
	}
	/* A disk keeps them from an earlier CREATE (the container's changes after a reload). */
	static const char *const layer_dirs[] = { "layer/upper", "layer/work" };
	what = "mkdir";
	for (int i = 0; i < 2; i++) {
		bundle_path(path, sizeof(path), c, layer_dirs[i]);
		if (mkdir(path, 0755) < 0 && errno != EEXIST)
			goto fail;
	}
	if (c->disk.mounted) {
		bundle_path(path, sizeof(path), c, "layer");
		if (disk_keep_room(path, c->disk.room) < 0)
			logmsg("keep %lld bytes free in %s: %s", c->disk.room, path, strerror(errno));
	}
	snprintf(opts, sizeof(opts), "lowerdir=" HOST_MNT "/%s,upperdir=%s/layer/upper,workdir=%s/layer/work," OVERLAY_OPTS,
	         rootfs, dir, dir);
	what = "mount overlay";
	bundle_path(path, sizeof(path), c, "rootfs");
	if (mount("overlay", path, "overlay", 0, opts) < 0)
		goto fail;
	what = "write config.json";
	bundle_path(path, sizeof(path), c, "config.json");
	if (write_file(path, config, config_len, 0600) < 0)
		goto fail;
	reply_ok(req, 0);
	return;

fail:
	reply_err(req, "%s: %s", what, strerror(errno));
	bundle_destroy(c);
}

/* WRITE_FILE: one of the files the engine bind-mounts into the container, rewritten in place (same
 * inode, so the mounts see the new contents). */
void op_write_file(uint32_t req, struct container *c, const char *leaf, const uint8_t *data, size_t len)
{
	static const char *const leaves[] = { "hosts", "hostname", "resolv.conf" };
	char path[320];

	for (size_t i = 0; i < sizeof(leaves) / sizeof(leaves[0]); i++)
		if (!strcmp(leaf, leaves[i])) {
			bundle_path(path, sizeof(path), c, leaf);
			if (write_file(path, data, len, 0644) < 0)
				reply_err(req, "write %s: %s", path, strerror(errno));
			else
				reply_ok(req, 0);
			return;
		}
	reply_err(req, "WRITE_FILE: not a writable bundle file: %s", leaf);
}
