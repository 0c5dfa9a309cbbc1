/* A test-only LD_PRELOAD shim for iproute2's `tc`: it replaces the kernel's answer to one
 * request with messages a test built, so that `tc` itself prints objects this kernel cannot
 * hold (flower, route, basic ... filters; actions of modules it lacks). Compiled by the tests
 * into a temporary directory; never committed as a binary.
 *
 *   NLSHIM_FILE  a file of whole netlink messages (any sequence number and port id)
 *   NLSHIM_TYPE  the request's nlmsg_type whose answer is replaced (e.g. 46, RTM_GETTFILTER)
 *
 * The first request of that type sent on a netlink socket arms the shim. The first datagram
 * the kernel answers it with (its DONE or ERROR, whatever it was) is read and dropped, and
 * in its place the caller receives the file's messages, stamped with the request's sequence
 * number and the socket's port id; a dump's answer gets NLM_F_MULTI and a DONE after them.
 * Every other datagram passes through unchanged.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <linux/netlink.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>

static int armed;        /* the request was seen; its answer not yet replaced */
static int served;       /* the answer was replaced: pass everything through */
static int dump;         /* the request asked for a dump */
static uint32_t seq;     /* the request's sequence number */
static char *fake;       /* the replacement datagram */
static size_t fake_len;

static ssize_t (*real_recvmsg)(int, struct msghdr *, int);
static ssize_t (*real_sendmsg)(int, const struct msghdr *, int);
static ssize_t (*real_sendto)(int, const void *, size_t, int, const struct sockaddr *,
                              socklen_t);

static void init(void)
{
	if (!real_recvmsg) {
		real_recvmsg = dlsym(RTLD_NEXT, "recvmsg");
		real_sendmsg = dlsym(RTLD_NEXT, "sendmsg");
		real_sendto = dlsym(RTLD_NEXT, "sendto");
	}
}

/* Arms the shim when buf starts with the request NLSHIM_TYPE names. */
static void look_at_request(const void *buf, size_t len)
{
	const char *t = getenv("NLSHIM_TYPE");
	const struct nlmsghdr *h = buf;

	if (served || armed || !t || len < sizeof(*h))
		return;
	if (h->nlmsg_type != (uint16_t)atoi(t))
		return;
	armed = 1;
	seq = h->nlmsg_seq;
	dump = (h->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
}

/* Builds the replacement datagram for port id pid. */
static int build(uint32_t pid)
{
	const char *path = getenv("NLSHIM_FILE");
	FILE *f = path ? fopen(path, "rb") : NULL;
	long size;
	size_t off = 0;

	if (!f)
		return -1;
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, 0, SEEK_SET);
	fake = calloc(1, (size_t)size + 64);
	if (!fake || fread(fake, 1, (size_t)size, f) != (size_t)size) {
		fclose(f);
		return -1;
	}
	fclose(f);
	while (off + sizeof(struct nlmsghdr) <= (size_t)size) {
		struct nlmsghdr *h = (struct nlmsghdr *)(fake + off);

		if (h->nlmsg_len < sizeof(*h) || off + h->nlmsg_len > (size_t)size)
			return -1;
		h->nlmsg_seq = seq;
		h->nlmsg_pid = pid;
		if (dump)
			h->nlmsg_flags |= NLM_F_MULTI;
		off += NLMSG_ALIGN(h->nlmsg_len);
	}
	fake_len = off;
	if (dump) {
		struct nlmsghdr *d = (struct nlmsghdr *)(fake + off);

		d->nlmsg_len = NLMSG_LENGTH(sizeof(int));
		d->nlmsg_type = NLMSG_DONE;
		d->nlmsg_flags = NLM_F_MULTI;
		d->nlmsg_seq = seq;
		d->nlmsg_pid = pid;
		fake_len += NLMSG_ALIGN(d->nlmsg_len);
	}
	return 0;
}

ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
	init();
	if (msg->msg_iovlen > 0)
		look_at_request(msg->msg_iov[0].iov_base, msg->msg_iov[0].iov_len);
	return real_sendmsg(fd, msg, flags);
}

ssize_t sendto(int fd, const void *buf, size_t len, int flags, const struct sockaddr *to,
               socklen_t tolen)
{
	init();
	look_at_request(buf, len);
	return real_sendto(fd, buf, len, flags, to, tolen);
}

ssize_t send(int fd, const void *buf, size_t len, int flags)
{
	return sendto(fd, buf, len, flags, NULL, 0);
}

ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
	static char peek[65536];
	struct sockaddr_nl from;
	struct iovec iov = { peek, sizeof(peek) };
	struct msghdr m = { &from, sizeof(from), &iov, 1, NULL, 0, 0 };
	const struct nlmsghdr *h = (const struct nlmsghdr *)peek;
	size_t copied = 0, i;
	ssize_t n;

	init();
	if (!armed || served)
		return real_recvmsg(fd, msg, flags);
	/* Look at the next datagram without taking it. */
	n = real_recvmsg(fd, &m, MSG_PEEK);
	if (n < (ssize_t)sizeof(*h) || h->nlmsg_seq != seq)
		return real_recvmsg(fd, msg, flags);
	if (!fake && build(h->nlmsg_pid) < 0) {
		fprintf(stderr, "nlshim: cannot read NLSHIM_FILE\n");
		exit(99);
	}
	for (i = 0; i < msg->msg_iovlen && copied < fake_len; i++) {
		size_t c = fake_len - copied;

		if (c > msg->msg_iov[i].iov_len)
			c = msg->msg_iov[i].iov_len;
		memcpy(msg->msg_iov[i].iov_base, fake + copied, c);
		copied += c;
	}
	if (msg->msg_name && msg->msg_namelen >= sizeof(from)) {
		memcpy(msg->msg_name, &from, sizeof(from));
		msg->msg_namelen = sizeof(from);
	}
	msg->msg_flags = copied < fake_len ? MSG_TRUNC : 0;
	if (!(flags & MSG_PEEK)) {
		/* Take the kernel's answer out of the socket; it is replaced. */
		m.msg_namelen = sizeof(from);
		real_recvmsg(fd, &m, 0);
		served = 1;
	}
	return (flags & MSG_TRUNC) ? (ssize_t)fake_len : (ssize_t)copied;
}
