//! Netlink sockets on rustix (work in progress).
