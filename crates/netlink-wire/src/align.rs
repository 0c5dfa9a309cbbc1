//! Netlink alignment: `NLMSG_ALIGN` and `NLA_ALIGN` both round up to 4 bytes.

/// `NLMSG_ALIGNTO` and `NLA_ALIGNTO`: messages and attributes start on 4-byte boundaries.
#[doc(alias = "NLMSG_ALIGNTO")]
#[doc(alias = "NLA_ALIGNTO")]
pub const ALIGNTO: usize = 4;

/// Rounds `len` up to the next multiple of [`ALIGNTO`] (`NLMSG_ALIGN`), or `None` on overflow.
#[doc(alias = "NLMSG_ALIGN")]
#[doc(alias = "NLA_ALIGN")]
#[must_use]
#[inline]
pub const fn align(len: usize) -> Option<usize> {
    match len.checked_add(ALIGNTO - 1) {
        Some(n) => Some(n & !(ALIGNTO - 1)),
        None => None,
    }
}

/// How many zero bytes follow `len` bytes to reach the next boundary.
#[must_use]
#[inline]
pub(crate) const fn padding(len: usize) -> usize {
    len.wrapping_neg() & (ALIGNTO - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_up_to_four() {
        assert_eq!(align(0), Some(0));
        assert_eq!(align(1), Some(4));
        assert_eq!(align(4), Some(4));
        assert_eq!(align(17), Some(20));
        assert_eq!(align(usize::MAX), None);
        assert_eq!(padding(5), 3);
        assert_eq!(padding(8), 0);
    }
}
