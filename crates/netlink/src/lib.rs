//! The netlink facade (work in progress).
#![forbid(unsafe_code)]
