//! IPv6 In-situ OAM over netlink (`ip ioam`): IOAM namespaces and schemas as owned types,
//! with their additions, deletions and the link between a namespace and its schema.
//!
//! ```no_run
//! use netlink::genl::GenlConnection;
//! use netlink::genl::ioam6::{IoamNamespace, IoamSchema};
//!
//! let genl = GenlConnection::new()?;
//! // ip ioam namespace add 1 data 0xabcd
//! genl.add_ioam_namespace(&IoamNamespace::new(1).data(0xabcd))?;
//! // ip ioam schema add 7 abcd
//! genl.add_ioam_schema(&IoamSchema::new(7, b"abcd".to_vec()))?;
//! // ip ioam namespace set 1 schema 7
//! genl.set_ioam_namespace_schema(1, Some(7))?;
//! for ns in genl.ioam_namespaces()? {
//!     println!("namespace {} schema {:?}", ns.id, ns.schema);
//! }
//! # Ok::<(), netlink::Error>(())
//! ```

use netlink_wire::genl::GenlMsg;
use netlink_wire::genl::ioam6::{self as wire, Ioam6A, Ioam6Cmd, Ioam6View};
use netlink_wire::{AttrBuilder, AttrWrite};

use crate::error::{Error, Result};
use crate::genl::{GenlConnection, GenlObject, GenlRequest, attrs};

settable! {
    /// An IOAM namespace (`ip ioam namespace`): its id, its data and wide data, and the
    /// schema attached to it (reported only; attach with
    /// [`GenlConnection::set_ioam_namespace_schema`]).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct IoamNamespace {
        /// `IOAM6_ATTR_NS_ID`.
        fixed id: u16,
        /// `IOAM6_ATTR_NS_DATA`.
        data: Option<u32>,
        /// `IOAM6_ATTR_NS_DATA_WIDE`.
        wide: Option<u64>,
        /// `IOAM6_ATTR_SC_ID`: the attached schema, in a reply.
        fixed schema: Option<u32>,
    }
}

impl IoamNamespace {
    /// Namespace `id`, without data.
    #[must_use]
    pub fn new(id: u16) -> Self {
        IoamNamespace {
            id,
            data: None,
            wide: None,
            schema: None,
        }
    }
}

impl GenlObject for IoamNamespace {
    const FAMILY: &'static netlink_wire::genl::GenlFamily = &wire::FAMILY;
    const GET: u8 = Ioam6Cmd::DUMP_NAMESPACES.0;

    fn from_genl(msg: &GenlMsg<'_>) -> Result<Self> {
        let v = Ioam6View::new(msg.attrs());
        v.validate()?;
        Ok(IoamNamespace {
            id: v.ns_id()?.ok_or(Error::MalformedReply(
                "an IOAM namespace without IOAM6_ATTR_NS_ID",
            ))?,
            data: v.ns_data()?,
            wide: v.ns_data_wide()?,
            schema: v.sc_id()?,
        })
    }
}

impl GenlRequest for IoamNamespace {
    const FAMILY: &'static netlink_wire::genl::GenlFamily = &wire::FAMILY;
    const CMD: u8 = Ioam6Cmd::ADD_NAMESPACE.0;

    fn write(&self, w: &mut AttrBuilder<'_>) {
        w.put_u16(Ioam6A::NS_ID, self.id);
        if let Some(d) = self.data {
            w.put_u32(Ioam6A::NS_DATA, d);
        }
        if let Some(d) = self.wide {
            w.put_u64(Ioam6A::NS_DATA_WIDE, d);
        }
    }
}

/// An IOAM schema (`ip ioam schema`): its id, its data, and the namespace it is attached to
/// (reported only).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct IoamSchema {
    /// `IOAM6_ATTR_SC_ID`.
    pub id: u32,
    /// `IOAM6_ATTR_SC_DATA`: at most [`wire::MAX_SCHEMA_DATA_LEN`] bytes.
    pub data: Vec<u8>,
    /// `IOAM6_ATTR_NS_ID`: the namespace it is attached to, in a reply.
    pub namespace: Option<u16>,
}

impl IoamSchema {
    /// Schema `id` with `data`.
    #[must_use]
    pub fn new(id: u32, data: Vec<u8>) -> Self {
        IoamSchema {
            id,
            data,
            namespace: None,
        }
    }
}

impl GenlObject for IoamSchema {
    const FAMILY: &'static netlink_wire::genl::GenlFamily = &wire::FAMILY;
    const GET: u8 = Ioam6Cmd::DUMP_SCHEMAS.0;

    fn from_genl(msg: &GenlMsg<'_>) -> Result<Self> {
        let v = Ioam6View::new(msg.attrs());
        v.validate()?;
        Ok(IoamSchema {
            id: v.sc_id()?.ok_or(Error::MalformedReply(
                "an IOAM schema without IOAM6_ATTR_SC_ID",
            ))?,
            data: v.sc_data()?.unwrap_or_default().to_vec(),
            namespace: v.ns_id()?,
        })
    }
}

impl GenlRequest for IoamSchema {
    const FAMILY: &'static netlink_wire::genl::GenlFamily = &wire::FAMILY;
    const CMD: u8 = Ioam6Cmd::ADD_SCHEMA.0;

    fn validate(&self) -> Result<()> {
        if self.data.len() > wire::MAX_SCHEMA_DATA_LEN {
            return Err(Error::InvalidArgument(format!(
                "IOAM schema data of {} bytes (at most {})",
                self.data.len(),
                wire::MAX_SCHEMA_DATA_LEN
            )));
        }
        Ok(())
    }

    fn write(&self, w: &mut AttrBuilder<'_>) {
        w.put_u32(Ioam6A::SC_ID, self.id);
        w.put(Ioam6A::SC_DATA, &self.data);
    }
}

impl GenlConnection {
    /// Every IOAM namespace (`ip ioam namespace show`).
    ///
    /// # Errors
    /// A dump or decode error.
    pub fn ioam_namespaces(&self) -> Result<Vec<IoamNamespace>> {
        self.list_objects::<IoamNamespace>(&[])
    }

    /// Adds a namespace (`ip ioam namespace add ID [ data DATA32 ] [ wide DATA64 ]`); its
    /// `schema` is not sent.
    ///
    /// # Errors
    /// The kernel's error (`EEXIST`).
    pub fn add_ioam_namespace(&self, ns: &IoamNamespace) -> Result<()> {
        self.apply(ns).map(drop)
    }

    /// Deletes namespace `id` (`ip ioam namespace del ID`).
    ///
    /// # Errors
    /// The kernel's error (`ENOENT`).
    pub fn delete_ioam_namespace(&self, id: u16) -> Result<()> {
        let body = attrs(|w| {
            w.put_u16(Ioam6A::NS_ID, id);
        })?;
        self.execute(&wire::FAMILY, Ioam6Cmd::DEL_NAMESPACE.0, &body)
            .map(drop)
    }

    /// Attaches schema `schema` to namespace `id`, or detaches its schema with `None`
    /// (`ip ioam namespace set ID schema { ID | none }`).
    ///
    /// # Errors
    /// The kernel's error (`ENOENT`).
    pub fn set_ioam_namespace_schema(&self, id: u16, schema: Option<u32>) -> Result<()> {
        let body = attrs(|w| {
            w.put_u16(Ioam6A::NS_ID, id);
            match schema {
                Some(sc) => w.put_u32(Ioam6A::SC_ID, sc),
                None => w.put_flag(Ioam6A::SC_NONE),
            };
        })?;
        self.execute(&wire::FAMILY, Ioam6Cmd::NS_SET_SCHEMA.0, &body)
            .map(drop)
    }

    /// Every IOAM schema (`ip ioam schema show`).
    ///
    /// # Errors
    /// A dump or decode error.
    pub fn ioam_schemas(&self) -> Result<Vec<IoamSchema>> {
        self.list_objects::<IoamSchema>(&[])
    }

    /// Adds a schema (`ip ioam schema add ID DATA`); its `namespace` is not sent.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for data over 1020 bytes; the kernel's error (`EEXIST`).
    pub fn add_ioam_schema(&self, schema: &IoamSchema) -> Result<()> {
        self.apply(schema).map(drop)
    }

    /// Deletes schema `id` (`ip ioam schema del ID`).
    ///
    /// # Errors
    /// The kernel's error (`ENOENT`).
    pub fn delete_ioam_schema(&self, id: u32) -> Result<()> {
        let body = attrs(|w| {
            w.put_u32(Ioam6A::SC_ID, id);
        })?;
        self.execute(&wire::FAMILY, Ioam6Cmd::DEL_SCHEMA.0, &body)
            .map(drop)
    }
}
