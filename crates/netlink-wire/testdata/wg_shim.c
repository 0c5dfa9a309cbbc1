/*
 * wg_shim.c: an LD_PRELOAD stand-in for a kernel with WireGuard, to capture the requests of
 * the `wg` tool on a kernel without it (capture_wg.sh). It answers `wg`'s generic netlink
 * socket itself: CTRL_CMD_GETFAMILY for "wireguard" gets a made-up family id (WG_ID), every
 * request to that id is appended, as sent, to the file named by $WG_CAPTURE and acknowledged.
 * Nothing reaches the kernel but the socket's creation and binding. Test support only.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

#define WG_ID 0x3a0

static int fake_fd = -1;
static unsigned char queued[4096];
static size_t queued_len;

static void queue(const void *p, size_t n)
{
	if (queued_len + n <= sizeof(queued)) {
		memcpy(queued + queued_len, p, n);
		queued_len += n;
	}
}

static void queue_ack(const struct nlmsghdr *req)
{
	struct { struct nlmsghdr h; struct nlmsgerr e; } ack = {0};
	ack.h.nlmsg_len = sizeof(ack);
	ack.h.nlmsg_type = NLMSG_ERROR;
	ack.h.nlmsg_flags = NLM_F_CAPPED;
	ack.h.nlmsg_seq = req->nlmsg_seq;
	ack.e.error = 0;
	ack.e.msg = *req;
	queue(&ack, sizeof(ack));
}

int socket(int domain, int type, int protocol)
{
	int (*real)(int, int, int) = dlsym(RTLD_NEXT, "socket");
	int fd = real(domain, type, protocol);
	if (domain == AF_NETLINK && protocol == NETLINK_GENERIC)
		fake_fd = fd;
	return fd;
}

ssize_t sendto(int fd, const void *buf, size_t len, int flags, const struct sockaddr *to, socklen_t tolen)
{
	ssize_t (*real)(int, const void *, size_t, int, const struct sockaddr *, socklen_t) =
		dlsym(RTLD_NEXT, "sendto");
	const struct nlmsghdr *h = buf;
	if (fd != fake_fd || len < sizeof(*h))
		return real(fd, buf, len, flags, to, tolen);
	if (h->nlmsg_type == GENL_ID_CTRL) {
		/* NEWFAMILY: genlmsghdr, CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME. */
		unsigned char m[48] = {0};
		struct nlmsghdr *r = (struct nlmsghdr *)m;
		r->nlmsg_len = 16 + 4 + 8 + 16;
		r->nlmsg_type = GENL_ID_CTRL;
		r->nlmsg_seq = h->nlmsg_seq;
		m[16] = CTRL_CMD_NEWFAMILY;
		m[17] = 2;
		unsigned short a1[2] = {6, CTRL_ATTR_FAMILY_ID}, id = WG_ID;
		memcpy(m + 20, a1, 4);
		memcpy(m + 24, &id, 2);
		unsigned short a2[2] = {14, CTRL_ATTR_FAMILY_NAME};
		memcpy(m + 28, a2, 4);
		memcpy(m + 32, "wireguard", 10);
		queue(m, r->nlmsg_len);
	} else if (h->nlmsg_type == WG_ID) {
		const char *path = getenv("WG_CAPTURE");
		FILE *f = path ? fopen(path, "ab") : NULL;
		if (f) {
			fwrite(buf, 1, len, f);
			fclose(f);
		}
	}
	queue_ack(h);
	return len;
}

ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
	ssize_t (*real)(int, struct msghdr *, int) = dlsym(RTLD_NEXT, "recvmsg");
	if (fd != fake_fd || !queued_len)
		return real(fd, msg, flags);
	size_t n = queued_len < msg->msg_iov[0].iov_len ? queued_len : msg->msg_iov[0].iov_len;
	memcpy(msg->msg_iov[0].iov_base, queued, n);
	if (msg->msg_name && msg->msg_namelen >= sizeof(struct sockaddr_nl)) {
		struct sockaddr_nl k = { .nl_family = AF_NETLINK };
		memcpy(msg->msg_name, &k, sizeof(k));
		msg->msg_namelen = sizeof(k);
	}
	msg->msg_flags = 0;
	queued_len = 0;
	return n;
}
