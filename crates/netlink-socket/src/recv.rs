//! The receive buffer and what a receive reports.
//!
//! Netlink is datagram based: a read takes one whole datagram off the queue,
//! and whatever does not fit in the buffer is thrown away. [`RecvBuf`] grows
//! so that this never happens; see [`Socket::recv`](crate::Socket::recv) for
//! how.

use crate::sys;

/// The default [`RecvBuf`] capacity: 32 KiB.
///
/// This is what iproute2 starts with (`rtnl_recvmsg`), and the kernel caps
/// the dump chunks it builds at about this size too: `netlink_dump` sizes
/// each chunk from the largest buffer the reader has offered, capped at
/// `SKB_WITH_OVERHEAD(32768)`. A larger buffer costs memory and gains
/// nothing on dumps; a smaller one makes the kernel send more, smaller
/// datagrams.
pub const DEFAULT_RECV_BUF_SIZE: usize = 32 * 1024;

/// A reusable receive buffer that grows to fit each datagram.
///
/// It owns a `Vec<u8>` and is never shrunk, so after the first few reads a
/// socket receives without allocating.
#[derive(Debug, Clone)]
pub struct RecvBuf {
    /// Always fully initialised; its length is the capacity offered to the
    /// kernel.
    bytes: Vec<u8>,
    /// How much of `bytes` the last datagram filled.
    len: usize,
}

impl RecvBuf {
    /// A buffer of [`DEFAULT_RECV_BUF_SIZE`] bytes.
    pub fn new() -> Self {
        Self::with_capacity(DEFAULT_RECV_BUF_SIZE)
    }

    /// A buffer that starts at `capacity` bytes (at least 1) and grows as
    /// needed.
    pub fn with_capacity(capacity: usize) -> Self {
        RecvBuf {
            bytes: vec![0; capacity.max(1)],
            len: 0,
        }
    }

    /// The last datagram received into this buffer (empty before the first).
    pub fn data(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or_default()
    }

    /// How many bytes the next read can take without growing.
    pub fn capacity(&self) -> usize {
        self.bytes.len()
    }

    /// Puts `datagram` in the buffer as if it had just been received: for sockets scripted in
    /// tests and for replaying captured datagrams through code that reads a `RecvBuf`.
    pub fn fill(&mut self, datagram: &[u8]) {
        self.reserve_datagram(datagram.len());
        if let Some(dst) = self.bytes.get_mut(..datagram.len()) {
            dst.copy_from_slice(datagram);
        }
        self.set_len(datagram.len());
    }

    /// Forgets the last datagram.
    pub fn clear(&mut self) {
        self.len = 0;
    }

    /// Makes room for a datagram of `len` bytes. Grows at least to double
    /// the current size so that a run of slightly growing datagrams does not
    /// reallocate each time.
    pub(crate) fn reserve_datagram(&mut self, len: usize) {
        self.len = 0;
        if len > self.bytes.len() {
            let new_len = len.max(self.bytes.len().saturating_mul(2));
            self.bytes.resize(new_len, 0);
        }
    }

    /// The whole buffer, for the read call.
    pub(crate) fn spare(&mut self) -> &mut [u8] {
        &mut self.bytes
    }

    /// Records that the last read filled `len` bytes.
    pub(crate) fn set_len(&mut self, len: usize) {
        self.len = len.min(self.bytes.len());
    }
}

impl Default for RecvBuf {
    fn default() -> Self {
        Self::new()
    }
}

/// What one receive delivered: the datagram's length and where it came from.
///
/// The bytes themselves are in [`RecvBuf::data`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Received {
    pub(crate) len: usize,
    pub(crate) port_id: u32,
    pub(crate) groups: u32,
    pub(crate) group: Option<u32>,
    pub(crate) nsid: Option<i32>,
}

impl Received {
    /// The datagram's length in bytes (the length of [`RecvBuf::data`]).
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the datagram was empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The sender's port id (`nl_pid` of the source `sockaddr_nl`): 0 for the
    /// kernel, otherwise a user-space socket.
    #[doc(alias = "nl_pid")]
    pub fn port_id(&self) -> u32 {
        self.port_id
    }

    /// Whether the kernel sent this datagram (port id 0). Messages from other
    /// port ids come from user space and must not be trusted as kernel
    /// state.
    pub fn is_from_kernel(&self) -> bool {
        self.port_id == 0
    }

    /// The legacy group bitmask of the destination (`nl_groups` of the source
    /// `sockaddr_nl`): bit `n - 1` for multicast group `n` when `n <= 32`,
    /// 0 for unicast and for groups above 32.
    #[doc(alias = "nl_groups")]
    pub fn groups(&self) -> u32 {
        self.groups
    }

    /// The multicast group the datagram was sent to, from the
    /// `NETLINK_PKTINFO` control message (`struct nl_pktinfo`).
    ///
    /// `None` unless [`Socket::set_pktinfo`](crate::Socket::set_pktinfo) is
    /// on; `Some(0)` for unicast. Unlike [`groups`](Self::groups) this works
    /// for every group number.
    #[doc(alias = "nl_pktinfo")]
    pub fn group(&self) -> Option<u32> {
        self.group
    }

    /// The id of the peer network namespace the message came from, from the
    /// `NETLINK_LISTEN_ALL_NSID` control message.
    ///
    /// `None` unless
    /// [`Socket::set_listen_all_nsid`](crate::Socket::set_listen_all_nsid) is
    /// on; negative when the namespace has no id assigned in the socket's
    /// namespace.
    pub fn nsid(&self) -> Option<i32> {
        self.nsid
    }
}

/// The netlink control messages of one datagram.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Control {
    pub(crate) group: Option<u32>,
    pub(crate) nsid: Option<i32>,
}

/// Walks the control messages `recvmsg` wrote into a zero-filled buffer.
///
/// A `cmsg_len` shorter than a header (including the zero fill after the
/// last message) ends the walk; messages of other levels or types are
/// skipped.
pub(crate) fn parse_control(bytes: &[u8]) -> Control {
    const WORD: usize = size_of::<usize>();
    let header_len = size_of::<libc::cmsghdr>();
    let align = |n: usize| n.div_ceil(WORD).saturating_mul(WORD);
    let mut control = Control::default();
    let mut rest = bytes;
    while let Some((len_bytes, after_len)) = rest.split_first_chunk::<WORD>() {
        let cmsg_len = usize::from_ne_bytes(*len_bytes);
        if cmsg_len < header_len || cmsg_len > rest.len() {
            break;
        }
        let Some((level, after_level)) = after_len.split_first_chunk::<4>() else {
            break;
        };
        let Some((kind, _)) = after_level.split_first_chunk::<4>() else {
            break;
        };
        let payload = rest.get(header_len..cmsg_len).unwrap_or_default();
        let value = payload.first_chunk::<4>().map(|b| u32::from_ne_bytes(*b));
        if i32::from_ne_bytes(*level) == sys::SOL_NETLINK {
            match i32::from_ne_bytes(*kind) {
                sys::NETLINK_PKTINFO => control.group = value,
                sys::NETLINK_LISTEN_ALL_NSID => control.nsid = value.map(|v| v as i32),
                _ => {}
            }
        }
        rest = rest.get(align(cmsg_len)..).unwrap_or_default();
    }
    control
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds one control message the way the kernel's `put_cmsg` does.
    fn cmsg(level: i32, kind: i32, payload: &[u8]) -> Vec<u8> {
        let header_len = size_of::<libc::cmsghdr>();
        let mut out = Vec::new();
        out.extend_from_slice(&(header_len + payload.len()).to_ne_bytes());
        out.extend_from_slice(&level.to_ne_bytes());
        out.extend_from_slice(&kind.to_ne_bytes());
        out.resize(header_len, 0);
        out.extend_from_slice(payload);
        out.resize(out.len().div_ceil(8) * 8, 0);
        out
    }

    #[test]
    fn parses_pktinfo_and_nsid_and_skips_others() {
        let mut bytes = cmsg(1, 2, &[9; 12]);
        bytes.extend(cmsg(
            sys::SOL_NETLINK,
            sys::NETLINK_PKTINFO,
            &33u32.to_ne_bytes(),
        ));
        bytes.extend(cmsg(
            sys::SOL_NETLINK,
            sys::NETLINK_LISTEN_ALL_NSID,
            &(-1i32).to_ne_bytes(),
        ));
        bytes.resize(sys::CMSG_SPACE_LEN.max(bytes.len()), 0);
        let control = parse_control(&bytes);
        assert_eq!(control.group, Some(33));
        assert_eq!(control.nsid, Some(-1));
    }

    #[test]
    fn cut_control_bytes_never_panic() {
        let mut bytes = cmsg(sys::SOL_NETLINK, sys::NETLINK_PKTINFO, &5u32.to_ne_bytes());
        bytes.extend(cmsg(
            sys::SOL_NETLINK,
            sys::NETLINK_LISTEN_ALL_NSID,
            &7i32.to_ne_bytes(),
        ));
        for cut in 0..=bytes.len() {
            let _ = parse_control(&bytes[..cut]);
        }
        assert_eq!(parse_control(&[0; 64]), Control::default());
    }

    #[test]
    fn buffer_grows_and_reports_data() {
        let mut buf = RecvBuf::with_capacity(64);
        assert!(buf.data().is_empty());
        buf.reserve_datagram(100);
        assert_eq!(buf.capacity(), 128);
        buf.reserve_datagram(1000);
        assert_eq!(buf.capacity(), 1000);
        buf.spare()[..3].copy_from_slice(b"abc");
        buf.set_len(3);
        assert_eq!(buf.data(), b"abc");
    }
}
