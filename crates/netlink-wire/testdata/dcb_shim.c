/*
 * dcb_shim.c: an LD_PRELOAD stand-in for a DCB-capable driver, to capture the requests of
 * iproute2's `dcb` tool on a kernel whose devices have none (capture_dcb.sh). It answers the
 * tool's NETLINK_ROUTE socket itself: DCB_CMD_IEEE_GET gets the IEEE objects below,
 * DCB_CMD_GDCBX the DCBX mode, and every other DCB request (the sets) a status of 0; every
 * request is appended, as sent, to the file named by $DCB_CAPTURE and acknowledged. Nothing
 * reaches the kernel but the socket's creation and binding. Test support only.
 *
 * The IEEE answer: ETS (willing 0, 8 classes, 50/50 bandwidth on classes 0 and 1 with the ETS
 * algorithm, priorities 0-3 on class 0 and 4-7 on class 1), PFC (capable of 8, enabled on
 * priority 4, delay 32), rate limits (none), an application table (ethertype 0x8906 at
 * priority 3) and buffers (all priorities on buffer 0, buffer 0 of 1000 bytes, 1000 in all).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <linux/dcbnl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

static int fake_fd = -1;
static unsigned char queued[8192];
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

/* Appends an attribute to the message at m, whose length is *len. */
static void put(unsigned char *m, size_t *len, unsigned short type, const void *p, size_t n)
{
	struct nlattr a = { .nla_len = NLA_HDRLEN + n, .nla_type = type };
	memcpy(m + *len, &a, sizeof(a));
	memcpy(m + *len + NLA_HDRLEN, p, n);
	*len += NLA_ALIGN(NLA_HDRLEN + n);
}

static void answer(const struct nlmsghdr *req)
{
	static unsigned char m[2048];
	const struct dcbmsg *d = NLMSG_DATA(req);
	size_t len = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(struct dcbmsg));
	memset(m, 0, sizeof(m));
	struct dcbmsg *rd = (struct dcbmsg *)(m + NLMSG_HDRLEN);
	rd->dcb_family = AF_UNSPEC;
	rd->cmd = d->cmd;
	if (d->cmd == DCB_CMD_IEEE_GET) {
		put(m, &len, DCB_ATTR_IFNAME, "eth0", 5);
		size_t nest = len;
		len += NLA_HDRLEN;
		struct ieee_ets ets = { .ets_cap = 8, .tc_tx_bw = {50, 50}, .tc_tsa = {2, 2},
					.prio_tc = {0, 0, 0, 0, 1, 1, 1, 1} };
		put(m, &len, DCB_ATTR_IEEE_ETS, &ets, sizeof(ets));
		struct ieee_pfc pfc = { .pfc_cap = 8, .pfc_en = 0x10, .delay = 32 };
		put(m, &len, DCB_ATTR_IEEE_PFC, &pfc, sizeof(pfc));
		struct ieee_maxrate rate = {0};
		put(m, &len, DCB_ATTR_IEEE_MAXRATE, &rate, sizeof(rate));
		size_t apps = len;
		len += NLA_HDRLEN;
		struct dcb_app app = { .selector = IEEE_8021QAZ_APP_SEL_ETHERTYPE, .priority = 3,
				       .protocol = 0x8906 };
		put(m, &len, DCB_ATTR_IEEE_APP, &app, sizeof(app));
		struct nlattr an = { .nla_len = len - apps, .nla_type = DCB_ATTR_IEEE_APP_TABLE };
		memcpy(m + apps, &an, sizeof(an));
		struct dcbnl_buffer buf = { .buffer_size = {1000}, .total_size = 1000 };
		put(m, &len, DCB_ATTR_DCB_BUFFER, &buf, sizeof(buf));
		struct nlattr n = { .nla_len = len - nest, .nla_type = DCB_ATTR_IEEE };
		memcpy(m + nest, &n, sizeof(n));
		unsigned char mode = DCB_CAP_DCBX_HOST | DCB_CAP_DCBX_VER_IEEE;
		put(m, &len, DCB_ATTR_DCBX, &mode, 1);
	} else if (d->cmd == DCB_CMD_GDCBX) {
		unsigned char mode = DCB_CAP_DCBX_HOST | DCB_CAP_DCBX_VER_IEEE;
		put(m, &len, DCB_ATTR_DCBX, &mode, 1);
	} else {
		unsigned char status = 0;
		put(m, &len, d->cmd == DCB_CMD_SDCBX ? DCB_ATTR_DCBX : DCB_ATTR_IEEE, &status, 1);
	}
	struct nlmsghdr *h = (struct nlmsghdr *)m;
	h->nlmsg_len = len;
	h->nlmsg_type = req->nlmsg_type;
	h->nlmsg_seq = req->nlmsg_seq;
	queue(m, len);
}

int socket(int domain, int type, int protocol)
{
	int (*real)(int, int, int) = dlsym(RTLD_NEXT, "socket");
	int fd = real(domain, type, protocol);
	if (domain == AF_NETLINK && protocol == NETLINK_ROUTE)
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
	if (h->nlmsg_type == RTM_GETDCB || h->nlmsg_type == RTM_SETDCB) {
		const char *path = getenv("DCB_CAPTURE");
		FILE *f = path ? fopen(path, "ab") : NULL;
		if (f) {
			fwrite(buf, 1, len, f);
			fclose(f);
		}
		answer(h);
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
