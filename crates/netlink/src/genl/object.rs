//! The generic netlink object layer: one [`GenlObject`] per kind of thing a family reports
//! (an MPTCP endpoint, a TCP metrics entry, a netdev queue, ethtool's ring sizes) and one
//! [`GenlRequest`] per change, with the get/dump/do code written once on [`GenlConnection`]:
//! [`GenlConnection::list_objects`], [`GenlConnection::for_each_object`],
//! [`GenlConnection::get_object`] and [`GenlConnection::apply`]. The families' named methods
//! (`mptcp_endpoints`, `ethtool_rings`, ...) are one-line calls into these.

use netlink_wire::genl::{GenlFamily, GenlMsg};
use netlink_wire::{AttrBuilder, Flags, Message};

use crate::error::{Error, Result};
use crate::genl::{GenlConnection, attrs};

/// A network device, by index or by name, for the families that take either (ethtool's
/// request header, WireGuard).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Device<'a> {
    /// By interface index.
    Index(u32),
    /// By name.
    Name(&'a str),
}

impl From<u32> for Device<'_> {
    fn from(i: u32) -> Self {
        Device::Index(i)
    }
}

impl<'a> From<&'a str> for Device<'a> {
    fn from(n: &'a str) -> Self {
        Device::Name(n)
    }
}

impl<'a> From<&'a String> for Device<'a> {
    fn from(n: &'a String) -> Self {
        Device::Name(n)
    }
}

impl Device<'_> {
    /// The index, if given by index.
    #[must_use]
    pub fn index(&self) -> Option<u32> {
        match self {
            Device::Index(i) => Some(*i),
            Device::Name(_) => None,
        }
    }

    /// The name, if given by name.
    #[must_use]
    pub fn name(&self) -> Option<&str> {
        match self {
            Device::Index(_) => None,
            Device::Name(n) => Some(n),
        }
    }
}

/// One kind of object a generic netlink family reports: its family, the command that gets one
/// or dumps them all, and how a reply becomes the owned object.
pub trait GenlObject: Sized {
    /// The family (its declaration in [`netlink_wire::genl::REGISTRY`]).
    const FAMILY: &'static GenlFamily;
    /// The command of a get or a dump.
    const GET: u8;

    /// Decodes one reply. Implementations call `check_frame` (or validate the attributes)
    /// first, so that no field goes missing silently.
    ///
    /// # Errors
    /// When the message is malformed.
    fn from_genl(msg: &GenlMsg<'_>) -> Result<Self>;
}

/// A change: the command and the attributes that make it.
pub trait GenlRequest {
    /// The family.
    const FAMILY: &'static GenlFamily;
    /// The command.
    const CMD: u8;

    /// Checks the request before anything is sent.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the first problem.
    fn validate(&self) -> Result<()> {
        Ok(())
    }

    /// Writes the request's attributes.
    fn write(&self, w: &mut AttrBuilder<'_>);
}

impl GenlConnection {
    /// Streams every object of kind `O` a dump with attributes `attrs` returns through `f`,
    /// as borrowed messages, in constant memory.
    ///
    /// # Errors
    /// The first error of the dump or of `f`.
    pub fn for_each_object<O: GenlObject>(
        &self,
        attrs: &[u8],
        f: impl FnMut(GenlMsg<'_>) -> Result<()>,
    ) -> Result<()> {
        self.dump(O::FAMILY.name, O::GET, Some(O::FAMILY.version), attrs, f)
    }

    /// Every object of kind `O` a dump with attributes `attrs` returns, owned.
    ///
    /// # Errors
    /// As [`GenlConnection::for_each_object`].
    pub fn list_objects<O: GenlObject>(&self, attrs: &[u8]) -> Result<Vec<O>> {
        let mut out = Vec::new();
        self.for_each_object::<O>(attrs, |m| {
            out.push(O::from_genl(&m)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// The object of kind `O` a get with attributes `attrs` answers, or `None` when the
    /// kernel says there is none ([`Error::is_not_found`]), as every lookup answers a miss.
    ///
    /// # Errors
    /// Any other kernel error; a malformed reply.
    pub fn get_object<O: GenlObject>(&self, attrs: &[u8]) -> Result<Option<O>> {
        match self.execute(O::FAMILY, O::GET, attrs) {
            Ok(replies) => first::<O>(&replies).map(Some),
            Err(e) if e.is_not_found() => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// [`GenlConnection::get_object`] for objects that always exist when the device does
    /// (ethtool's settings): a reply without the object is an error.
    ///
    /// # Errors
    /// The kernel's error (`ENODEV`, `EOPNOTSUPP`); a malformed or empty reply.
    pub fn fetch_object<O: GenlObject>(&self, attrs: &[u8]) -> Result<O> {
        let replies = self.execute(O::FAMILY, O::GET, attrs)?;
        first::<O>(&replies)
    }

    /// Sends command `cmd` of the typed `family` with attributes `attrs`, in the family's
    /// interface version, and waits for the replies and the acknowledgement.
    ///
    /// # Errors
    /// As [`GenlConnection::request`].
    pub fn execute(
        &self,
        family: &'static GenlFamily,
        cmd: u8,
        attrs: &[u8],
    ) -> Result<Vec<Message>> {
        self.request(family.name, cmd, Some(family.version), Flags::EMPTY, attrs)
    }

    /// Sends the change `req` and waits for the acknowledgement; returns the replies the
    /// command has (most have none).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] before anything is sent; the kernel's error otherwise.
    pub fn apply<R: GenlRequest>(&self, req: &R) -> Result<Vec<Message>> {
        req.validate()?;
        let body = attrs(|w| req.write(w))?;
        self.execute(R::FAMILY, R::CMD, &body)
    }
}

/// The first reply decoded as `O`.
fn first<O: GenlObject>(replies: &[Message]) -> Result<O> {
    let m = replies.first().ok_or(Error::MalformedReply(
        "the kernel acknowledged a get without a reply",
    ))?;
    O::from_genl(&GenlMsg::parse(m.as_msg())?)
}
