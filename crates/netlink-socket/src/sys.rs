//! The only `unsafe` in the crate: what rustix 1.x cannot do.
//!
//! rustix has no public `setsockopt`/`getsockopt` for `SOL_NETLINK`, so the
//! netlink socket options (`NETLINK_ADD_MEMBERSHIP`, `NETLINK_EXT_ACK`, ...)
//! are set here through libc. rustix's `recvmsg` also drops control messages
//! it does not know (such as `NETLINK_PKTINFO`), so [`CmsgSpace`] lets the
//! caller read the raw control bytes back after rustix has filled them.
//!
//! The option numbers come from `include/uapi/linux/netlink.h`.

use std::mem::{MaybeUninit, size_of};
use std::os::fd::{AsRawFd, BorrowedFd};

use rustix::io::Errno;

/// `SOL_NETLINK`, the socket level of the netlink options.
pub(crate) const SOL_NETLINK: i32 = 270;
/// `NETLINK_ADD_MEMBERSHIP`
pub(crate) const NETLINK_ADD_MEMBERSHIP: i32 = 1;
/// `NETLINK_DROP_MEMBERSHIP`
pub(crate) const NETLINK_DROP_MEMBERSHIP: i32 = 2;
/// `NETLINK_PKTINFO`
pub(crate) const NETLINK_PKTINFO: i32 = 3;
/// `NETLINK_BROADCAST_ERROR`
pub(crate) const NETLINK_BROADCAST_ERROR: i32 = 4;
/// `NETLINK_NO_ENOBUFS`
pub(crate) const NETLINK_NO_ENOBUFS: i32 = 5;
/// `NETLINK_LISTEN_ALL_NSID`
pub(crate) const NETLINK_LISTEN_ALL_NSID: i32 = 8;
/// `NETLINK_LIST_MEMBERSHIPS`
pub(crate) const NETLINK_LIST_MEMBERSHIPS: i32 = 9;
/// `NETLINK_CAP_ACK`
pub(crate) const NETLINK_CAP_ACK: i32 = 10;
/// `NETLINK_EXT_ACK`
pub(crate) const NETLINK_EXT_ACK: i32 = 11;
/// `NETLINK_GET_STRICT_CHK`
pub(crate) const NETLINK_GET_STRICT_CHK: i32 = 12;

/// The errno of the libc call that just failed.
fn last_errno() -> Errno {
    Errno::from_io_error(&std::io::Error::last_os_error()).unwrap_or(Errno::IO)
}

/// `setsockopt(fd, SOL_NETLINK, option, &value, 4)`.
pub(crate) fn set_netlink_option(fd: BorrowedFd<'_>, option: i32, value: u32) -> Result<(), Errno> {
    loop {
        // SAFETY: `fd` is a live descriptor for the duration of the borrow,
        // and the option value points at a `u32` whose exact size is passed.
        let rc = unsafe {
            libc::setsockopt(
                fd.as_raw_fd(),
                SOL_NETLINK,
                option,
                (&raw const value).cast(),
                size_of::<u32>() as libc::socklen_t,
            )
        };
        if rc == 0 {
            return Ok(());
        }
        match last_errno() {
            Errno::INTR => continue,
            errno => return Err(errno),
        }
    }
}

/// `getsockopt(fd, SOL_NETLINK, option, &value, &len)` for a `u32` option.
pub(crate) fn netlink_option(fd: BorrowedFd<'_>, option: i32) -> Result<u32, Errno> {
    let mut words = [0u32; 1];
    netlink_option_words(fd, option, &mut words)?;
    Ok(words[0])
}

/// `getsockopt(fd, SOL_NETLINK, option, words, &len)`: fills `words` and
/// returns the length in bytes the kernel reported, which for
/// `NETLINK_LIST_MEMBERSHIPS` may exceed the buffer (the caller retries with
/// a larger one).
pub(crate) fn netlink_option_words(
    fd: BorrowedFd<'_>,
    option: i32,
    words: &mut [u32],
) -> Result<usize, Errno> {
    loop {
        let mut len = std::mem::size_of_val(words) as libc::socklen_t;
        // SAFETY: `fd` is a live descriptor; the kernel writes at most `len`
        // bytes into `words`, which is exactly `len` bytes long, and writes
        // the length it wanted back into `len`, a live local.
        let rc = unsafe {
            libc::getsockopt(
                fd.as_raw_fd(),
                SOL_NETLINK,
                option,
                words.as_mut_ptr().cast(),
                &raw mut len,
            )
        };
        if rc == 0 {
            return Ok(len as usize);
        }
        match last_errno() {
            Errno::INTR => continue,
            errno => return Err(errno),
        }
    }
}

/// `SO_LOCK_FILTER` (`include/uapi/asm-generic/socket.h`).
const SO_LOCK_FILTER: i32 = 44;

/// `setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &sock_fprog, ...)`: attaches the classic BPF
/// `program` (`struct sock_filter` words). The kernel copies and checks it during the call.
pub(crate) fn attach_filter(
    fd: BorrowedFd<'_>,
    program: &[libc::sock_filter],
) -> Result<(), Errno> {
    let len = u16::try_from(program.len()).map_err(|_| Errno::INVAL)?;
    let fprog = libc::sock_fprog {
        len,
        filter: program.as_ptr().cast_mut(),
    };
    // SAFETY: `fd` is live for the borrow; `fprog` points at `len` instructions borrowed for
    // the duration of the call, and the kernel only reads them (it copies the program).
    socket_option(
        fd,
        libc::SO_ATTACH_FILTER,
        (&raw const fprog).cast(),
        size_of::<libc::sock_fprog>(),
    )
}

/// `setsockopt(fd, SOL_SOCKET, SO_DETACH_FILTER)`.
pub(crate) fn detach_filter(fd: BorrowedFd<'_>) -> Result<(), Errno> {
    let zero = 0i32;
    socket_option(
        fd,
        libc::SO_DETACH_FILTER,
        (&raw const zero).cast(),
        size_of::<i32>(),
    )
}

/// `setsockopt(fd, SOL_SOCKET, SO_LOCK_FILTER, 1)`: the filter can no longer be changed.
pub(crate) fn lock_filter(fd: BorrowedFd<'_>) -> Result<(), Errno> {
    let one = 1i32;
    socket_option(
        fd,
        SO_LOCK_FILTER,
        (&raw const one).cast(),
        size_of::<i32>(),
    )
}

/// `setsockopt(fd, SOL_SOCKET, option, value, len)`, retried on `EINTR`.
fn socket_option(
    fd: BorrowedFd<'_>,
    option: i32,
    value: *const libc::c_void,
    len: usize,
) -> Result<(), Errno> {
    loop {
        // SAFETY: `fd` is live for the borrow; every caller passes a pointer to a live value
        // of exactly `len` bytes (a local `i32` or `sock_fprog`), which the kernel only reads.
        let rc = unsafe {
            libc::setsockopt(
                fd.as_raw_fd(),
                libc::SOL_SOCKET,
                option,
                value,
                len as libc::socklen_t,
            )
        };
        if rc == 0 {
            return Ok(());
        }
        match last_errno() {
            Errno::INTR => continue,
            errno => return Err(errno),
        }
    }
}

/// Room for the control messages a netlink socket can receive: one
/// `NETLINK_PKTINFO` (`struct nl_pktinfo`, 4 bytes) and one
/// `NETLINK_LISTEN_ALL_NSID` (an `int`), each behind a `struct cmsghdr`.
pub(crate) const CMSG_SPACE_LEN: usize = 64;

/// A zero-filled, `cmsghdr`-aligned control buffer for rustix's `recvmsg`.
///
/// It is aligned so that rustix does not shift its start, and zero-filled so
/// that after the call every byte is initialised: the kernel's control
/// messages followed by zeros, where a `cmsg_len` of zero ends the walk.
#[repr(C, align(8))]
pub(crate) struct CmsgSpace {
    bytes: [MaybeUninit<u8>; CMSG_SPACE_LEN],
}

// `struct cmsghdr` must not need more alignment than the buffer gives it.
const _: () = assert!(align_of::<libc::cmsghdr>() <= 8);

impl CmsgSpace {
    /// A zero-filled buffer.
    pub(crate) fn new() -> Self {
        CmsgSpace {
            bytes: [MaybeUninit::new(0); CMSG_SPACE_LEN],
        }
    }

    /// The buffer to hand to `RecvAncillaryBuffer::new`.
    pub(crate) fn as_uninit_mut(&mut self) -> &mut [MaybeUninit<u8>] {
        &mut self.bytes
    }

    /// The bytes, once the receive call is done.
    pub(crate) fn bytes(&self) -> &[u8; CMSG_SPACE_LEN] {
        // SAFETY: every byte was initialised to zero in `new`, and the only
        // writer since is the kernel, which stores plain bytes; `MaybeUninit<u8>`
        // and `u8` have the same size and alignment, so the array casts.
        unsafe { &*(&raw const self.bytes).cast::<[u8; CMSG_SPACE_LEN]>() }
    }
}

// Link-layer multicast addresses: `SIOCADDMULTI` / `SIOCDELMULTI` (`ip maddr add|del`). The
// request travels as an ioctl on any socket of the namespace; the netlink socket itself does
// (its protocol has no ioctls of its own, so the kernel hands the call to `dev_ioctl` in the
// socket's namespace). Constants and `struct ifreq` from `include/uapi/linux/sockios.h` and
// `include/uapi/linux/if.h`.

/// Which of the two multicast ioctls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MulticastIoctl {
    /// `SIOCADDMULTI`.
    Add,
    /// `SIOCDELMULTI`.
    Delete,
}

/// `ioctl(fd, SIOCADDMULTI | SIOCDELMULTI, &ifr)` with `ifr_name` = `name` and
/// `ifr_hwaddr` = `{ AF_UNSPEC, addr }`. `name` must be shorter than `IFNAMSIZ` and `addr` at
/// most 14 bytes (`sa_data`); the caller checks both, and the kernel reads only `sa_data`'s
/// first `dev->addr_len` bytes.
pub(crate) fn link_multicast(
    fd: BorrowedFd<'_>,
    op: MulticastIoctl,
    name: &[u8],
    addr: &[u8],
) -> Result<(), Errno> {
    // SAFETY: `ifreq` is plain old data (arrays and a union of plain data); all zeroes is a
    // valid value of it.
    let mut ifr: libc::ifreq = unsafe { std::mem::zeroed() };
    if name.len() >= ifr.ifr_name.len() {
        return Err(Errno::NODEV);
    }
    for (d, s) in ifr.ifr_name.iter_mut().zip(name) {
        *d = *s as libc::c_char;
    }
    let mut hw = libc::sockaddr {
        sa_family: libc::AF_UNSPEC as libc::sa_family_t,
        sa_data: [0; 14],
    };
    if addr.len() > hw.sa_data.len() {
        return Err(Errno::INVAL);
    }
    for (d, s) in hw.sa_data.iter_mut().zip(addr) {
        *d = *s as libc::c_char;
    }
    ifr.ifr_ifru.ifru_hwaddr = hw;
    let request = match op {
        MulticastIoctl::Add => libc::SIOCADDMULTI,
        MulticastIoctl::Delete => libc::SIOCDELMULTI,
    };
    loop {
        // SAFETY: `fd` is a live descriptor for the duration of the borrow, and `ifr` is a
        // whole `struct ifreq` that lives across the call; the kernel reads (and never writes
        // back) `sizeof(struct ifreq)` bytes for these two requests.
        let rc = unsafe { libc::ioctl(fd.as_raw_fd(), request as _, &raw mut ifr) };
        if rc == 0 {
            return Ok(());
        }
        match last_errno() {
            Errno::INTR => continue,
            errno => return Err(errno),
        }
    }
}

// ---- tun and tap devices (`ip tuntap`): the ioctls of /dev/net/tun ----
//
// Numbers from `include/uapi/linux/if_tun.h` (`_IOW('T', n, int)`) and the
// layout of `struct ifreq` from `include/uapi/linux/if.h`.

/// `TUNSETIFF`: attach the descriptor to (or create) the device an `ifreq` names.
pub(crate) const TUNSETIFF: libc::c_ulong = 0x4004_54ca;
/// `TUNSETPERSIST`: keep the device when the last descriptor closes (1) or not (0).
pub(crate) const TUNSETPERSIST: libc::c_ulong = 0x4004_54cb;
/// `TUNSETOWNER`: the user allowed to attach.
pub(crate) const TUNSETOWNER: libc::c_ulong = 0x4004_54cc;
/// `TUNSETGROUP`: the group allowed to attach.
pub(crate) const TUNSETGROUP: libc::c_ulong = 0x4004_54ce;

/// `struct ifreq` with the `ifr_flags` member of its union: 40 bytes on
/// 64-bit Linux, of which `TUNSETIFF` reads the name and the flags.
#[repr(C)]
struct IfReqFlags {
    ifr_name: [u8; 16],
    ifr_flags: libc::c_short,
    pad: [u8; 22],
}

const _: () = assert!(size_of::<IfReqFlags>() == size_of::<libc::ifreq>());

/// `ioctl(fd, TUNSETIFF, &ifreq)` with `name` (NUL-padded, at most 15
/// bytes; empty lets the kernel choose) and `flags` (`IFF_TUN`, `IFF_TAP`,
/// `IFF_NO_PI`, ...); returns the device's name as the kernel wrote it back.
pub(crate) fn tun_set_iff(fd: BorrowedFd<'_>, name: &[u8], flags: u16) -> Result<Vec<u8>, Errno> {
    let mut req = IfReqFlags {
        ifr_name: [0; 16],
        ifr_flags: flags.cast_signed(),
        pad: [0; 22],
    };
    let n = name.len().min(15);
    req.ifr_name[..n].copy_from_slice(&name[..n]);
    loop {
        // SAFETY: `fd` is live for the borrow; TUNSETIFF reads and writes one
        // `struct ifreq`, and `req` is a live, writable local of its size.
        let rc = unsafe { libc::ioctl(fd.as_raw_fd(), TUNSETIFF, &raw mut req) };
        if rc == 0 {
            let end = req.ifr_name.iter().position(|&b| b == 0).unwrap_or(16);
            return Ok(req.ifr_name[..end].to_vec());
        }
        match last_errno() {
            Errno::INTR => continue,
            errno => return Err(errno),
        }
    }
}

/// `ioctl(fd, request, value)` for the tun requests that take an integer
/// by value (`TUNSETPERSIST`, `TUNSETOWNER`, `TUNSETGROUP`).
pub(crate) fn tun_set_value(
    fd: BorrowedFd<'_>,
    request: libc::c_ulong,
    value: libc::c_ulong,
) -> Result<(), Errno> {
    loop {
        // SAFETY: `fd` is live for the borrow; these requests read their
        // argument as an integer and dereference no pointer.
        let rc = unsafe { libc::ioctl(fd.as_raw_fd(), request, value) };
        if rc == 0 {
            return Ok(());
        }
        match last_errno() {
            Errno::INTR => continue,
            errno => return Err(errno),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// SIOCETHTOOL: the ethtool ioctl (`include/uapi/linux/ethtool.h`, `include/uapi/linux/sockios.h`)
// for the queries that ethtool still makes through it (driver information, statistics). Any
// socket reaches it, a netlink socket included; the device is looked up in the socket's
// network namespace.
// ---------------------------------------------------------------------------------------------

/// `SIOCETHTOOL`.
const SIOCETHTOOL: libc::c_ulong = 0x8946;
/// `IFNAMSIZ`: an interface name's room, NUL included.
const IFNAMSIZ: usize = 16;

/// `struct ifreq` as `SIOCETHTOOL` reads it: the name, then `ifr_data`, padded to the size of
/// the union (the kernel copies `sizeof(struct ifreq)`, 40 bytes on 64-bit machines).
#[repr(C)]
struct IfreqData {
    ifr_name: [u8; IFNAMSIZ],
    ifr_data: *mut libc::c_void,
    _pad: [u8; 24],
}

const _: () = assert!(size_of::<IfreqData>() >= 40);

/// An anonymous mapping whose first `len` bytes end exactly where a `PROT_NONE` guard page
/// starts: the kernel's `copy_to_user` past the end faults (`EFAULT`) instead of writing into
/// this process's memory. ethtool's `GSTRINGS` and `GSTATS` write as many entries as the
/// driver has *now*, whatever length the caller sized the buffer for.
struct Guarded {
    base: *mut libc::c_void,
    map_len: usize,
    /// Offset of the caller's bytes from `base`.
    start: usize,
    len: usize,
}

impl Guarded {
    /// A guarded copy of `data`.
    fn new(data: &[u8]) -> Result<Guarded, Errno> {
        // SAFETY: sysconf only reads a constant of the system.
        let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
        let page = usize::try_from(page)
            .ok()
            .filter(|p| *p > 0)
            .unwrap_or(4096);
        let body = data.len().div_ceil(page).max(1) * page;
        let map_len = body + page;
        // SAFETY: an anonymous private mapping at an address the kernel picks touches no
        // existing memory; the result is checked before use.
        let base = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                map_len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if base == libc::MAP_FAILED {
            return Err(last_errno());
        }
        let mut g = Guarded {
            base,
            map_len,
            start: body - data.len(),
            len: data.len(),
        };
        // SAFETY: the guard page lies inside the mapping just made (`body` < `map_len`).
        if unsafe { libc::mprotect(base.cast::<u8>().add(body).cast(), page, libc::PROT_NONE) } != 0
        {
            return Err(last_errno());
        }
        g.bytes_mut().copy_from_slice(data);
        Ok(g)
    }

    /// The caller's bytes.
    fn bytes(&self) -> &[u8] {
        // SAFETY: `start + len` is at most `body`, inside the readable part of the mapping,
        // which lives as long as `self`; the kernel writes it only during the ioctl, while no
        // slice of it is alive.
        unsafe { std::slice::from_raw_parts(self.base.cast::<u8>().add(self.start), self.len) }
    }

    /// The caller's bytes, to fill.
    fn bytes_mut(&mut self) -> &mut [u8] {
        // SAFETY: as in `bytes`, and the mapping is writable there; `&mut self` makes this the
        // only slice.
        unsafe { std::slice::from_raw_parts_mut(self.base.cast::<u8>().add(self.start), self.len) }
    }
}

impl Drop for Guarded {
    fn drop(&mut self) {
        // SAFETY: `base` and `map_len` are exactly what mmap returned and was asked for.
        unsafe {
            libc::munmap(self.base, self.map_len);
        }
    }
}

/// `ioctl(fd, SIOCETHTOOL, &ifreq)` for interface `ifname`, with `data` as the command's
/// buffer (an `ethtool_*` struct, its `cmd` first). The kernel reads and writes it in place;
/// it may write only within `data`'s length, else the call fails with `EFAULT`.
///
/// # Errors
/// `ENODEV` for a name longer than `IFNAMSIZ - 1` or with a NUL; the kernel's errno.
pub(crate) fn siocethtool(fd: BorrowedFd<'_>, ifname: &str, data: &mut [u8]) -> Result<(), Errno> {
    let name = ifname.as_bytes();
    if name.len() >= IFNAMSIZ || name.contains(&0) {
        return Err(Errno::NODEV);
    }
    let mut ifr = IfreqData {
        ifr_name: [0; IFNAMSIZ],
        ifr_data: std::ptr::null_mut(),
        _pad: [0; 24],
    };
    ifr.ifr_name[..name.len()].copy_from_slice(name);
    let guarded = Guarded::new(data)?;
    ifr.ifr_data = guarded.base.cast::<u8>().wrapping_add(guarded.start).cast();
    loop {
        // SAFETY: `fd` is live for the borrow; `ifr` is a complete `struct ifreq` on the stack
        // whose `ifr_data` points at `len` writable bytes that end at a guard page, so the
        // kernel can neither read nor write outside memory this function owns.
        let rc = unsafe { libc::ioctl(fd.as_raw_fd(), SIOCETHTOOL as _, &raw mut ifr) };
        if rc >= 0 {
            break;
        }
        match last_errno() {
            Errno::INTR => continue,
            errno => return Err(errno),
        }
    }
    data.copy_from_slice(guarded.bytes());
    Ok(())
}
