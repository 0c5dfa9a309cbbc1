//! What a family declaration (`family!`) produces besides its view: a [`FamilyInfo`] that a
//! protocol's registry lists (for RTNETLINK, `rtnl::FAMILIES`), and the [`FamilyMsg`] trait that
//! generic code (the facade's object layer, the check walk) uses to read any family's messages.

use crate::attr::Attrs;
use crate::error::{Error, Result};
use crate::header::MessageType;
use crate::message::Msg;
use crate::typed::{AttrSpace, Walker, walk_list};

/// One family of messages, as declared: the message types it reads and builds, the fixed header
/// after `nlmsghdr`, the multicast groups its notifications go to, and its check walk.
#[derive(Debug, Clone, Copy)]
pub struct FamilyInfo {
    /// A short name (`"route"`).
    pub name: &'static str,
    /// The kernel name of the family header (`"rtmsg"`).
    pub header: &'static str,
    /// The size of the family header.
    pub header_len: usize,
    /// The message types of the family, the "new" one first.
    pub messages: &'static [MessageType],
    /// The multicast groups its notifications are sent to.
    pub groups: &'static [u32],
    /// Decodes a message of the family with every typed attribute, counting into a walker.
    pub walk: fn(Msg<'_>, &mut Walker),
    /// Locates a message's attributes: after the family header, and after whatever the
    /// header says follows it (the ND options of `RTM_NEWNDUSEROPT`).
    pub attrs: fn(Msg<'_>) -> Result<Attrs<'_>>,
}

impl FamilyInfo {
    /// Whether `t` is one of the family's message types. A family with no fixed types (a
    /// generic netlink family, whose type is the id the kernel gave it) has none.
    #[must_use]
    #[inline]
    pub fn has_type(&self, t: MessageType) -> bool {
        self.messages.contains(&t)
    }

    /// Checks that `t` is one of the family's message types; any type passes for a family
    /// whose type the kernel assigns at run time.
    ///
    /// # Errors
    /// [`Error::UnexpectedType`], naming the family's first type.
    #[inline]
    pub fn check_type(&self, t: MessageType) -> Result<()> {
        if self.messages.is_empty() || self.has_type(t) {
            Ok(())
        } else {
            Err(Error::UnexpectedType {
                expected: self.messages.first().map_or(0, |m| m.0),
                found: t.0,
            })
        }
    }
}

/// The view of one family's messages, as every `family!` declaration implements it.
pub trait FamilyMsg<'a>: Sized {
    /// The fixed family header (`struct rtmsg`).
    type Header;
    /// The attribute space of the message's top level.
    type Space: AttrSpace;
    /// The family's declaration.
    const FAMILY: &'static FamilyInfo;

    /// Reads the family header and locates the attributes.
    ///
    /// # Errors
    /// When the payload is shorter than the family header.
    fn parse(msg: Msg<'a>) -> Result<Self>;

    /// The message the view reads.
    fn msg(&self) -> Msg<'a>;

    /// The family header, read in place.
    fn header(&self) -> &'a Self::Header;

    /// The raw attributes.
    fn attrs(&self) -> Attrs<'a>;

    /// Whether every attribute is well framed.
    ///
    /// # Errors
    /// The first malformed attribute's framing error.
    fn check_frame(&self) -> Result<()>;

    /// Decodes every typed attribute, counting into `w`: the attributes as the family's space,
    /// unless the declaration names a walk of its own (`walk FN;`), for a family whose nests
    /// change meaning with its header (link messages of `AF_BRIDGE`).
    fn walk_attrs(&self, w: &mut Walker) {
        walk_list::<Self::Space>(self.attrs(), w);
    }
}

/// Decodes `m` as a message of family `V` with every typed attribute, counting into `w`: the
/// walk every declaration registers.
pub fn walk_family<'a, V: FamilyMsg<'a>>(m: Msg<'a>, w: &mut Walker) {
    match V::parse(m) {
        Ok(v) => v.walk_attrs(w),
        Err(_) => w.error(),
    }
}

/// The family among `families` that `t` belongs to.
#[must_use]
#[inline]
pub fn family_of(families: &[&'static FamilyInfo], t: MessageType) -> Option<&'static FamilyInfo> {
    families.iter().copied().find(|f| f.has_type(t))
}
