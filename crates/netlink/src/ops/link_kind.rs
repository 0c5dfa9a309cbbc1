//! Work in progress: link kinds for `add_link` (the `IFLA_LINKINFO` nest).

use netlink_wire::AttrWrite;

/// The kind of link to create, with its kind-specific settings (`IFLA_INFO_KIND` and
/// `IFLA_INFO_DATA`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LinkKind {
    /// A veth pair; `peer` names the other end.
    Veth {
        /// The peer's name.
        peer: String,
    },
    /// A bridge.
    Bridge,
    /// Any other kind, by name, without data.
    Other(String),
}

impl LinkKind {
    /// Writes the `IFLA_LINKINFO` nest (type 18) for this kind.
    pub(crate) fn write<W: AttrWrite>(&self, w: &mut W) {
        let mut info = w.nest(18u16);
        match self {
            LinkKind::Veth { peer } => {
                info.put_str(1u16, "veth");
                let mut data = info.nest(2u16);
                let mut p = data.nest(1u16); // VETH_INFO_PEER: an ifinfomsg, then IFLA_* attributes
                p.put_raw(&[0u8; 16]);
                p.put_str(3u16, peer); // IFLA_IFNAME
            }
            LinkKind::Bridge => {
                info.put_str(1u16, "bridge");
            }
            LinkKind::Other(kind) => {
                info.put_str(1u16, kind);
            }
        }
    }
}
