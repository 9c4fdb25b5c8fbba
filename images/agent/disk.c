/* A container's writable layer on the engine's disk: one IDE disk (/dev/sda) whose byte ranges the
 * engine hands out, each holding an ext4 filesystem. CREATE adds the range as a partition (BLKPG,
 * no partition table on the disk), mounts it at <bundle>/layer and keeps upper/ and work/ there;
 * DELETE unmounts it and removes the partition. DISK_SYNC writes its dirty data to the disk. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "agent.h"

/* The kernel's BLKPG interface (include/uapi/linux/blkpg.h); musl ships no kernel headers. */
#define BLKPG _IO(0x12, 105)
#define BLKPG_ADD_PARTITION 1
#define BLKPG_DEL_PARTITION 2
struct blkpg_ioctl_arg {
	int op, flags, datalen;
	void *data;
};
struct blkpg_partition {
	long long start, length; /* bytes */
	int pno;
	char devname[64], volname[64];
};

#define DISK_DEVICE "/dev/sda"
/* The empty filesystem, as the image build made it: runs of u32le first sector, u32le count, data. */
#define LAYER_TEMPLATE "/usr/share/berth/layer.ext4runs"
/* Written back within about a second; the engine stores what reached the disk every second. */
#define LAYER_MOUNT_OPTS "commit=1"

static int partition_op(int op, int pno, long long start, long long length)
{
	struct blkpg_partition part = { .start = start, .length = length, .pno = pno };
	struct blkpg_ioctl_arg arg = { .op = op, .datalen = sizeof(part), .data = &part };
	int fd = open(DISK_DEVICE, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int r = ioctl(fd, BLKPG, &arg);
	int saved = errno;
	close(fd);
	errno = saved;
	return r;
}

/* "<partition number> <start byte> <length in bytes>[ new][ room=<bytes>]", offsets and lengths
 * multiples of 512; "new": the range is blank and gets the empty filesystem first; "room": the most
 * the container may add to its layer (the engine's storage left), else the whole filesystem. */
int disk_parse(const char *spec, struct layer_disk *d)
{
	int used = 0;
	d->room = -1;
	if (sscanf(spec, "%d %lld %lld%n", &d->pno, &d->start, &d->length, &used) != 3)
		return -1;
	for (const char *p = spec + used; *p;) {
		int n = 0;
		if (sscanf(p, " new%n", &n) == 0 && n > 0 && !d->blank)
			d->blank = 1;
		else if (sscanf(p, " room=%lld%n", &d->room, &n) == 1 && d->room >= 0)
			;
		else
			return -1;
		p += n;
	}
	if (d->pno < 1 || d->pno > 255 || d->start <= 0 || d->length <= 0 || d->start % 512 || d->length % 512)
		return -1;
	return 0;
}

/* Writes the template's sectors onto the partition `dev` of `length` bytes. */
static int write_template(const char *dev, long long length)
{
	struct stat st;
	int in = open(LAYER_TEMPLATE, O_RDONLY | O_CLOEXEC), out = -1, r = -1;
	uint8_t *runs = MAP_FAILED;
	if (in < 0 || fstat(in, &st) < 0 || (out = open(dev, O_WRONLY | O_CLOEXEC)) < 0)
		goto done;
	runs = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, in, 0);
	if (runs == MAP_FAILED)
		goto done;
	for (size_t at = 0; at + 8 <= (size_t)st.st_size;) {
		uint32_t first = get_u32(runs + at), count = get_u32(runs + at + 4);
		size_t bytes = (size_t)count * 512;
		if (bytes > st.st_size - at - 8 || ((long long)first + count) * 512 > length) {
			errno = EINVAL;
			goto done;
		}
		if (pwrite(out, runs + at + 8, bytes, (off_t)first * 512) != (ssize_t)bytes)
			goto done;
		at += 8 + bytes;
	}
	r = fsync(out);
done:;
	int saved = errno;
	if (runs != MAP_FAILED)
		munmap(runs, st.st_size);
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	errno = saved;
	return r;
}

/* Allocates [from, to) of the reserve in steps; where the filesystem has less than asked (its
 * metadata needs blocks too), the steps shrink down to one block, so it ends up full. */
static int reserve_grow(int fd, off_t from, off_t to, long block)
{
	off_t step = 64 << 20;
	while (from < to) {
		off_t len = to - from < step ? to - from : step;
		if (fallocate(fd, 0, from, len) == 0) {
			from += len;
			continue;
		}
		if (errno != ENOSPC)
			return -1;
		if (len <= block)
			return 0;
		step = len / 2 - (len / 2) % block;
		if (step < block)
			step = block;
	}
	return 0;
}

/* Leaves the container `room` bytes of free space (all of it when negative): the rest of the
 * filesystem's free blocks go to <dir>/reserve, outside the overlay, allocated but never written
 * (fallocate), so they cost the engine's store nothing and a write past the room fails with ENOSPC
 * in the container. The reserve grows or shrinks in place (never freed in between, where the
 * container could take the space). -1 on failure. */
int disk_keep_room(const char *dir, long long room)
{
	char path[320];
	struct statfs st;
	struct stat held;
	snprintf(path, sizeof(path), "%s/reserve", dir);
	if (room < 0) {
		if (unlink(path) < 0 && errno != ENOENT)
			logmsg("remove %s: %s", path, strerror(errno));
		return 0;
	}
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600), r = -1;
	if (fd < 0 || fstat(fd, &held) < 0 || fstatfs(fd, &st) < 0)
		goto done;
	long long free_bytes = (long long)st.f_bavail * st.f_bsize;
	long long target = held.st_size + free_bytes - room;
	if (target < 0)
		target = 0;
	target -= target % st.f_bsize;
	if (target > held.st_size)
		r = reserve_grow(fd, held.st_size, target, st.f_bsize);
	else
		r = ftruncate(fd, target);
done:;
	int saved = errno;
	if (fd >= 0)
		close(fd);
	errno = saved;
	return r;
}

/* DISK_ROOM: the container may add only `room` more bytes from now on (the engine's store filled up). */
void op_disk_room(uint32_t req, struct container *c, long long room)
{
	char dir[300];
	if (!c->disk.mounted) {
		reply_err(req, "container %s has no layer disk", c->id);
		return;
	}
	bundle_path(dir, sizeof(dir), c, "layer");
	if (disk_keep_room(dir, room) < 0)
		reply_err(req, "keep room in %s: %s", dir, strerror(errno));
	else
		reply_ok(req, 0);
}

/* Adds the partition (with the empty filesystem if blank) and mounts it on `dir`; on failure
 * nothing is left attached. */
int disk_mount(const struct layer_disk *d, const char *dir, const char **what)
{
	char dev[32];
	snprintf(dev, sizeof(dev), DISK_DEVICE "%d", d->pno);
	*what = "add disk partition";
	if (partition_op(BLKPG_ADD_PARTITION, d->pno, d->start, d->length) < 0)
		return -1;
	*what = "make the layer filesystem";
	if (d->blank && write_template(dev, d->length) < 0) {
		int saved = errno;
		partition_op(BLKPG_DEL_PARTITION, d->pno, 0, 0);
		errno = saved;
		return -1;
	}
	*what = "mount layer disk";
	if (mount(dev, dir, "ext4", MS_NOATIME, LAYER_MOUNT_OPTS) < 0) {
		int saved = errno;
		partition_op(BLKPG_DEL_PARTITION, d->pno, 0, 0);
		errno = saved;
		return -1;
	}
	return 0;
}

/* Unmounts (writing everything back) and removes the partition; -1 when the partition stays,
 * still held by a mount that could only be detached, so its range is not free for another disk. */
int disk_unmount(const struct layer_disk *d, const char *dir)
{
	if (umount2(dir, 0) < 0) {
		logmsg("unmount %s: %s; detaching it", dir, strerror(errno));
		umount2(dir, MNT_DETACH);
	}
	if (partition_op(BLKPG_DEL_PARTITION, d->pno, 0, 0) == 0)
		return 0;
	logmsg("remove partition %d: %s", d->pno, strerror(errno));
	return -1;
}

/* DISK_SYNC: the container's layer written back to the disk (syncfs), answered when done. */
void op_disk_sync(uint32_t req, struct container *c)
{
	char dir[300];
	if (!c->disk.mounted) {
		reply_err(req, "container %s has no layer disk", c->id);
		return;
	}
	bundle_path(dir, sizeof(dir), c, "layer");
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || syncfs(fd) < 0)
		reply_err(req, "sync %s: %s", dir, strerror(errno));
	else
		reply_ok(req, 0);
	if (fd >= 0)
		close(fd);
}
