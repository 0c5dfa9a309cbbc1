//! IPv6 Segment Routing over netlink (`ip sr`): the tunnel source of SRv6 encapsulation and
//! the HMAC keys, as owned types.
//!
//! ```no_run
//! use netlink::genl::GenlConnection;
//! use netlink::genl::seg6::Seg6HmacKey;
//! use netlink::netlink_wire::genl::seg6::HmacAlgo;
//!
//! let genl = GenlConnection::new()?;
//! // ip sr tunsrc set 2001:db8::1
//! genl.set_seg6_tunsrc("2001:db8::1".parse().unwrap())?;
//! assert_eq!(genl.seg6_tunsrc()?, "2001:db8::1".parse::<std::net::Ipv6Addr>().unwrap());
//! // ip sr hmac set 10 sha256 (with the secret typed at the prompt)
//! genl.set_seg6_hmac(&Seg6HmacKey::new(10, HmacAlgo::SHA256, b"secret".to_vec()))?;
//! for key in genl.seg6_hmac_keys()? {
//!     println!("hmac {} algo {}", key.key_id, key.algo);
//! }
//! # Ok::<(), netlink::Error>(())
//! ```

use core::net::{IpAddr, Ipv6Addr};

use netlink_wire::genl::GenlMsg;
use netlink_wire::genl::seg6::{self as wire, HmacAlgo, Seg6A, Seg6Cmd, Seg6View};
use netlink_wire::{AttrBuilder, AttrWrite};

use crate::error::{Error, Result};
use crate::genl::{GenlConnection, GenlObject, GenlRequest};

/// An HMAC key of segment routing (`ip sr hmac`): its id, hash and secret.
///
/// As a request ([`GenlConnection::set_seg6_hmac`]) an empty secret deletes the key, as
/// `ip sr hmac set` does when the secret typed is blank.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Seg6HmacKey {
    /// `SEG6_ATTR_HMACKEYID`: the key id (not 0).
    pub key_id: u32,
    /// `SEG6_ATTR_ALGID`: the hash.
    pub algo: HmacAlgo,
    /// `SEG6_ATTR_SECRET`: the secret, at most [`wire::HMAC_SECRET_LEN`] bytes.
    pub secret: Vec<u8>,
}

impl Seg6HmacKey {
    /// Key `key_id` hashed with `algo` over `secret`.
    #[must_use]
    pub fn new(key_id: u32, algo: HmacAlgo, secret: Vec<u8>) -> Self {
        Seg6HmacKey {
            key_id,
            algo,
            secret,
        }
    }
}

impl GenlObject for Seg6HmacKey {
    const FAMILY: &'static netlink_wire::genl::GenlFamily = &wire::FAMILY;
    const GET: u8 = Seg6Cmd::DUMPHMAC.0;

    fn from_genl(msg: &GenlMsg<'_>) -> Result<Self> {
        let v = Seg6View::new(msg.attrs());
        v.validate()?;
        let secret = v.secret()?.unwrap_or_default();
        // The kernel sends its whole secret buffer; the length says how much of it is the key.
        let len = v.secret_len()?.map_or(secret.len(), usize::from);
        Ok(Seg6HmacKey {
            key_id: v.hmac_key_id()?.ok_or(Error::MalformedReply(
                "a SEG6 HMAC reply without SEG6_ATTR_HMACKEYID",
            ))?,
            algo: v.alg_id()?.unwrap_or_default(),
            secret: secret.get(..len).unwrap_or(secret).to_vec(),
        })
    }
}

impl GenlRequest for Seg6HmacKey {
    const FAMILY: &'static netlink_wire::genl::GenlFamily = &wire::FAMILY;
    const CMD: u8 = Seg6Cmd::SETHMAC.0;

    fn validate(&self) -> Result<()> {
        if self.key_id == 0 {
            return Err(Error::InvalidArgument("HMAC key id 0 is reserved".into()));
        }
        if self.secret.len() > wire::HMAC_SECRET_LEN {
            return Err(Error::InvalidArgument(format!(
                "an HMAC secret of {} bytes (at most {})",
                self.secret.len(),
                wire::HMAC_SECRET_LEN
            )));
        }
        Ok(())
    }

    /// The attributes in `ip sr hmac set`'s order; the secret only when there is one.
    fn write(&self, w: &mut AttrBuilder<'_>) {
        w.put_u32(Seg6A::HMACKEYID, self.key_id);
        // `validate` keeps the length within a byte.
        w.put_u8(
            Seg6A::SECRETLEN,
            u8::try_from(self.secret.len()).unwrap_or(u8::MAX),
        );
        w.put_u8(Seg6A::ALGID, self.algo.0);
        if !self.secret.is_empty() {
            w.put(Seg6A::SECRET, &self.secret);
        }
    }
}

/// The tunnel source of SRv6 encapsulation (`ip sr tunsrc`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Seg6Tunsrc {
    /// `SEG6_ATTR_DST`: the address (`::` when none is set).
    pub addr: Ipv6Addr,
}

impl GenlObject for Seg6Tunsrc {
    const FAMILY: &'static netlink_wire::genl::GenlFamily = &wire::FAMILY;
    const GET: u8 = Seg6Cmd::GET_TUNSRC.0;

    fn from_genl(msg: &GenlMsg<'_>) -> Result<Self> {
        let v = Seg6View::new(msg.attrs());
        v.validate()?;
        match v.dst()? {
            Some(IpAddr::V6(addr)) => Ok(Seg6Tunsrc { addr }),
            _ => Err(Error::MalformedReply(
                "a SEG6 tunnel source reply without an IPv6 SEG6_ATTR_DST",
            )),
        }
    }
}

impl GenlRequest for Seg6Tunsrc {
    const FAMILY: &'static netlink_wire::genl::GenlFamily = &wire::FAMILY;
    const CMD: u8 = Seg6Cmd::SET_TUNSRC.0;

    fn write(&self, w: &mut AttrBuilder<'_>) {
        w.put_ipv6(Seg6A::DST, self.addr);
    }
}

impl GenlConnection {
    /// The tunnel source of SRv6 encapsulation, `::` when none is set (`ip sr tunsrc show`).
    ///
    /// # Errors
    /// The kernel's error; a malformed reply.
    pub fn seg6_tunsrc(&self) -> Result<Ipv6Addr> {
        self.fetch_object::<Seg6Tunsrc>(&[]).map(|t| t.addr)
    }

    /// Sets the tunnel source (`ip sr tunsrc set ADDRESS`).
    ///
    /// # Errors
    /// The kernel's error.
    pub fn set_seg6_tunsrc(&self, addr: Ipv6Addr) -> Result<()> {
        self.apply(&Seg6Tunsrc { addr }).map(drop)
    }

    /// Every HMAC key (`ip sr hmac show`).
    ///
    /// # Errors
    /// A dump or decode error.
    pub fn seg6_hmac_keys(&self) -> Result<Vec<Seg6HmacKey>> {
        self.list_objects::<Seg6HmacKey>(&[])
    }

    /// Adds or replaces an HMAC key; with an empty secret, deletes it (`ip sr hmac set`).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for key id 0 or a secret over 64 bytes; the kernel's error
    /// (`ENOENT` deleting a key that does not exist).
    pub fn set_seg6_hmac(&self, key: &Seg6HmacKey) -> Result<()> {
        self.apply(key).map(drop)
    }
}
