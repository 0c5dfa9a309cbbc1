//! Generic netlink: [`GenlConnection`], a [`Connection`] on `NETLINK_GENERIC` that finds
//! families and their multicast groups by name, subscribes to groups by name, runs requests
//! and dumps of any family, reads attribute policies, and carries the typed families
//! ([`ethtool`], [`mptcp`], [`tcp_metrics`], [`netdev`], [`wireguard`], [`seg6`], [`ioam6`],
//! and `nlctrl` itself).
//!
//! # Resolution
//! A family's id and its groups' numbers are assigned by the kernel when the family registers,
//! so they are asked for by name (`CTRL_CMD_GETFAMILY`) and kept in a cache. The cache is
//! never trusted blindly:
//! - a second socket listens to nlctrl's `notify` group, and a family that goes away or
//!   registers again (`CTRL_CMD_DELFAMILY`, `CTRL_CMD_NEWFAMILY`, as a module reload does) is
//!   dropped from the cache at once;
//! - a request refused with `ENOENT`, the kernel's answer for an id no family has, makes the
//!   connection ask for the family again: when it is gone the error is
//!   [`Error::FamilyGone`]; when it came back under a new id the request, which reached no
//!   family, is sent again to the new id. A stale id is never reused silently.
//!
//! Asking for a family the kernel does not have lets the kernel try to load its module
//! (`request_module`), as any `CTRL_CMD_GETFAMILY` does.
//!
//! ```no_run
//! use netlink::genl::GenlConnection;
//!
//! let genl = GenlConnection::new()?;
//! let ethtool = genl.family("ethtool")?;
//! println!("ethtool is family {:#x}, version {}", ethtool.id, ethtool.version);
//! genl.subscribe("ethtool", "monitor")?;
//! # Ok::<(), netlink::Error>(())
//! ```

pub mod ethtool;
mod family;
pub mod ioam6;
pub mod mptcp;
pub mod netdev;
mod object;
pub mod seg6;
pub mod tcp_metrics;
pub mod wireguard;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use netlink_socket::Protocol;
use netlink_wire::genl::ctrl::{self, CtrlCmd, CtrlMsg, GENL_ID_CTRL_GROUP};
use netlink_wire::genl::policy::Policy;
use netlink_wire::genl::{GENL_ID_CTRL, GenlFamily, GenlMsg, Ids, OpFlags};
use netlink_wire::{AttrBuilder, Flags, Message, MessageType, Msg};

use crate::connection::Connection;
use crate::error::{Errno, Error, Result};
use crate::options::ConnectionOptions;

pub use family::{Family, McastGroup, Op};
pub use object::{Device, GenlObject, GenlRequest};

/// A connection to generic netlink (`NETLINK_GENERIC`) that knows families by name.
///
/// It wraps a [`Connection`] opened on `NETLINK_GENERIC` (reach it with
/// [`GenlConnection::connection`] for anything generic: `notify`, `handle`, raw requests) and a
/// cache of resolved families kept honest by nlctrl's notifications (see the
/// [module documentation](self)).
#[derive(Debug)]
pub struct GenlConnection {
    conn: Connection,
    cache: Arc<Cache>,
    /// The socket that listens to nlctrl's `notify` group for the cache; dropped with us.
    watcher: Connection,
}

/// Families by name, and a generation bumped by every notification that invalidates one, so
/// that a resolution that raced with a notification is not cached.
#[derive(Debug, Default)]
struct Cache {
    families: Mutex<HashMap<String, Arc<Family>>>,
    /// Policies fetched for [`GenlConnection::explain`], dropped with their family.
    policies: Mutex<HashMap<String, Arc<Policy>>>,
    generation: AtomicU64,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Cache {
    fn get(&self, name: &str) -> Option<Arc<Family>> {
        lock(&self.families).get(name).cloned()
    }

    fn by_id(&self, id: u16) -> Option<Arc<Family>> {
        lock(&self.families).values().find(|f| f.id == id).cloned()
    }

    fn insert(&self, generation: u64, family: Arc<Family>) {
        let mut families = lock(&self.families);
        // Checked under the lock that notifications take too: no invalidation can slip
        // between the check and the insert.
        if self.generation.load(Ordering::SeqCst) == generation {
            families.insert(family.name.clone(), family);
        }
    }

    fn forget(&self, name: &str) {
        let mut families = lock(&self.families);
        self.generation.fetch_add(1, Ordering::SeqCst);
        families.remove(name);
        lock(&self.policies).remove(name);
    }

    fn forget_all(&self) {
        let mut families = lock(&self.families);
        self.generation.fetch_add(1, Ordering::SeqCst);
        families.clear();
        lock(&self.policies).clear();
    }

    /// Applies one nlctrl notification: a family or group that came or went is forgotten; a
    /// lost notification (overrun) forgets everything.
    fn on_notification(&self, msg: &Message) {
        if msg.is_overrun() {
            self.forget_all();
            return;
        }
        if msg.message_type() != GENL_ID_CTRL {
            return;
        }
        let Ok(c) = CtrlMsg::parse(msg.as_msg()) else {
            return;
        };
        if matches!(
            c.cmd(),
            CtrlCmd::NEWFAMILY | CtrlCmd::DELFAMILY | CtrlCmd::NEWMCAST_GRP | CtrlCmd::DELMCAST_GRP
        ) {
            match c.family_name() {
                Ok(Some(name)) => self.forget(name),
                _ => self.forget_all(),
            }
        }
    }
}

impl GenlConnection {
    /// A connection in the caller's network namespace, with no subscriptions.
    ///
    /// # Errors
    /// When a socket cannot be opened or bound.
    pub fn new() -> Result<GenlConnection> {
        GenlConnection::with_options(ConnectionOptions::default())
    }

    /// A connection with `options`; the protocol is set to `NETLINK_GENERIC` whatever
    /// `options.protocol` says, and `memberships` are group numbers (use
    /// [`GenlConnection::subscribe`] for names).
    ///
    /// # Errors
    /// When a socket cannot be opened, bound or configured.
    pub fn with_options(options: ConnectionOptions) -> Result<GenlConnection> {
        let options = options.protocol(Protocol::GENERIC);
        let watcher = Connection::with_options(
            options
                .clone()
                .membership(GENL_ID_CTRL_GROUP)
                .groups(0)
                .notify_buffer_size(64 << 10)
                .dump_read_ahead(false),
        )?;
        let cache = Arc::new(Cache::default());
        let watched = Arc::clone(&cache);
        watcher.handle(move |m| watched.on_notification(m));
        Ok(GenlConnection {
            conn: Connection::with_options(options)?,
            cache,
            watcher,
        })
    }

    /// The underlying connection: notifications (`notify`, `handle`), raw requests and dumps.
    #[must_use]
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Sends every notification of the groups joined to `tx` (see [`Connection::notify`]).
    pub fn notify(&self, tx: crossbeam_channel::Sender<Message>) {
        self.conn.notify(tx);
    }

    /// Calls `f` with every notification (see [`Connection::handle`]).
    pub fn handle(&self, f: impl FnMut(&Message) + Send + 'static) {
        self.conn.handle(f);
    }

    /// Closes both sockets and stops their readers (see [`Connection::close`]).
    pub fn close(&self) {
        self.conn.close();
        self.watcher.close();
    }

    /// The family registered as `name`, from the cache or asked for.
    ///
    /// # Errors
    /// [`Error::UnknownFamily`] (with the families the kernel has) when there is none.
    pub fn family(&self, name: &str) -> Result<Arc<Family>> {
        if let Some(f) = self.cache.get(name) {
            return Ok(f);
        }
        self.resolve(name)
    }

    /// Asks the kernel for family `name` now, bypassing the cache, and caches the answer.
    ///
    /// # Errors
    /// As [`GenlConnection::family`].
    pub fn resolve(&self, name: &str) -> Result<Arc<Family>> {
        let generation = self.cache.generation.load(Ordering::SeqCst);
        let mut buf = Vec::with_capacity(64);
        ctrl::get_family_request(&mut buf, Flags::EMPTY, Some(name)).map_err(Error::Encode)?;
        let reply = match self.conn.request_bytes(buf) {
            Ok(r) => r,
            Err(Error::Kernel(k)) if k.errno == Errno::NOENT => {
                return Err(Error::UnknownFamily {
                    name: name.to_owned(),
                    available: self.families()?.into_iter().map(|f| f.name).collect(),
                });
            }
            Err(e) => return Err(e),
        };
        let msg = reply.first().ok_or(Error::MalformedReply(
            "CTRL_CMD_GETFAMILY answered with no family",
        ))?;
        let family = Arc::new(Family::from_ctrl(&CtrlMsg::parse(msg.as_msg())?)?);
        self.cache.insert(generation, Arc::clone(&family));
        Ok(family)
    }

    /// Every family the kernel has (`genl ctrl list`), asked for now.
    ///
    /// # Errors
    /// A dump or decode error.
    pub fn families(&self) -> Result<Vec<Family>> {
        let mut buf = Vec::with_capacity(32);
        ctrl::get_family_request(&mut buf, Flags::EMPTY, None).map_err(Error::Encode)?;
        let mut out = Vec::new();
        dump_of(&self.conn, buf, GENL_ID_CTRL, |m| {
            out.push(Family::from_ctrl(&CtrlMsg::parse(m)?)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// The family already resolved with id `id`, if any: which family a notification or a
    /// reply belongs to.
    #[must_use]
    pub fn family_by_id(&self, id: u16) -> Option<Arc<Family>> {
        self.cache.by_id(id)
    }

    /// The ids resolved so far, for [`netlink_wire::check::walk_with`] and the typed
    /// decoders' registry.
    #[must_use]
    pub fn ids(&self) -> Ids {
        let mut ids = Ids::new();
        for f in lock(&self.cache.families).values() {
            let _ = ids.insert(f.id, &f.name);
        }
        ids
    }

    /// The number of multicast group `group` of family `family`.
    ///
    /// # Errors
    /// [`Error::UnknownFamily`]; [`Error::UnknownGroup`] with the family's groups.
    pub fn group(&self, family: &str, group: &str) -> Result<u32> {
        let f = self.family(family)?;
        f.group(group).ok_or_else(|| Error::UnknownGroup {
            family: family.to_owned(),
            group: group.to_owned(),
            available: f.groups.iter().map(|g| g.name.clone()).collect(),
        })
    }

    /// Joins multicast group `group` of family `family` (`genl ctrl monitor` for nlctrl's
    /// `notify`, `ip mptcp monitor` for `mptcp_pm_events`); returns its number. The
    /// notifications arrive through [`GenlConnection::notify`] or [`GenlConnection::handle`].
    ///
    /// A group's number changes when its family registers again: after a `NEWFAMILY`
    /// notification for the family, subscribe again.
    ///
    /// # Errors
    /// As [`GenlConnection::group`]; a socket error.
    pub fn subscribe(&self, family: &str, group: &str) -> Result<u32> {
        let id = self.group(family, group)?;
        self.conn.subscribe(id)?;
        Ok(id)
    }

    /// Leaves multicast group `group` of family `family`.
    ///
    /// # Errors
    /// As [`GenlConnection::subscribe`].
    pub fn unsubscribe(&self, family: &str, group: &str) -> Result<()> {
        let id = self.group(family, group)?;
        self.conn.unsubscribe(id)
    }

    /// The attribute policies of every command of `family` (`genl ctrl policy name FAMILY`),
    /// as a tree; dump-only commands, which the kernel reports as command 0, are given their
    /// numbers from the family's operations.
    ///
    /// # Errors
    /// [`Error::UnknownFamily`]; a dump error (`EOPNOTSUPP` from kernels before 5.10).
    pub fn policy(&self, family: &str) -> Result<Policy> {
        let f = self.family(family)?;
        let mut p = self.policy_dump(family, None)?;
        let dump_only: Vec<u32> = f
            .ops
            .iter()
            .filter(|o| {
                o.flags.contains(OpFlags::CMD_CAP_DUMP) && !o.flags.contains(OpFlags::CMD_CAP_DO)
            })
            .map(|o| o.cmd)
            .collect();
        p.name_dump_only(&dump_only);
        Ok(p)
    }

    /// The attribute policies of command `cmd` of `family` only.
    ///
    /// # Errors
    /// As [`GenlConnection::policy`]; `ENOENT` for a command the family does not have.
    pub fn command_policy(&self, family: &str, cmd: u8) -> Result<Policy> {
        let mut p = self.policy_dump(family, Some(cmd))?;
        for op in &mut p.ops {
            op.cmd = u32::from(cmd);
        }
        Ok(p)
    }

    fn policy_dump(&self, family: &str, cmd: Option<u8>) -> Result<Policy> {
        let mut buf = Vec::with_capacity(64);
        ctrl::get_policy_request(&mut buf, Flags::EMPTY, family, cmd).map_err(Error::Encode)?;
        let mut p = Policy::new();
        let r = dump_of(&self.conn, buf, GENL_ID_CTRL, |m| {
            p.add(&CtrlMsg::parse(m)?)?;
            Ok(())
        });
        match r {
            Ok(()) => Ok(p),
            // nlctrl answers ENOENT for an unknown family as for an unknown command: say which.
            Err(Error::Kernel(k)) if k.errno == Errno::NOENT => match self.family(family) {
                Err(unknown) => Err(unknown),
                Ok(_) => Err(Error::Kernel(k)),
            },
            Err(e) => Err(e),
        }
    }

    /// A message of any resolved family, typed by this crate or not, read through the
    /// family's own policy (fetched once and cached with the family): an indented tree of its
    /// attributes with their values, nests followed. The table is that of the message's
    /// command; policies describe requests, so attributes only replies carry print as bytes.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a message of a family not resolved on this connection;
    /// a dump error while fetching the policy; a message shorter than `genlmsghdr`.
    pub fn explain(&self, msg: &Msg<'_>) -> Result<String> {
        let g = GenlMsg::parse(*msg)?;
        let fam = self.family_by_id(g.family_id()).ok_or_else(|| {
            Error::InvalidArgument(format!(
                "a message of family id {}, which is not resolved on this connection",
                g.family_id()
            ))
        })?;
        let cached = lock(&self.cache.policies).get(&fam.name).cloned();
        let policy = match cached {
            Some(p) => p,
            None => {
                let p = Arc::new(self.policy(&fam.name)?);
                lock(&self.cache.policies).insert(fam.name.clone(), Arc::clone(&p));
                p
            }
        };
        let table = policy.request_table(u32::from(g.cmd()), false);
        let attrs =
            GenlMsg::parse_with_header(*msg, usize::try_from(fam.hdrsize).unwrap_or(0))?.attrs();
        Ok(policy.decode(table, attrs).to_string())
    }

    /// Sends command `cmd` of family `family` with `attrs` (attributes already encoded, e.g.
    /// by an [`AttrBuilder`]) and waits for the replies and the acknowledgement. `version` is
    /// the family's interface version to write (the typed families' own, else the version the
    /// kernel reports for the family).
    ///
    /// # Errors
    /// The kernel's error with its extended ACK; [`Error::FamilyGone`] when the family went
    /// away.
    pub fn request(
        &self,
        family: &str,
        cmd: u8,
        version: Option<u8>,
        flags: Flags,
        attrs: &[u8],
    ) -> Result<Vec<Message>> {
        self.with_family(family, |f| {
            let bytes = message(f, cmd, version, flags, attrs)?;
            self.conn.request_bytes(bytes).map(|r| r.into_messages())
        })
    }

    /// Dumps command `cmd` of family `family` with `attrs`, streaming each reply of the family
    /// through `f` as a [`GenlMsg`] in constant memory.
    ///
    /// # Errors
    /// As [`GenlConnection::request`]; the first error of `f`.
    pub fn dump(
        &self,
        family: &str,
        cmd: u8,
        version: Option<u8>,
        attrs: &[u8],
        mut f: impl FnMut(GenlMsg<'_>) -> Result<()>,
    ) -> Result<()> {
        let mut delivered = false;
        let mut refused = None;
        self.with_family(family, |fam| {
            if let Some(k) = refused.take().filter(|_| delivered) {
                // Never run a dump twice through `f`: only a dump refused before its first
                // entry is retried; one refused later ends with the kernel's error.
                return Err(Error::Kernel(k));
            }
            let bytes = message(fam, cmd, version, Flags::EMPTY, attrs)?;
            let result = dump_of(&self.conn, bytes, MessageType(fam.id), |m| {
                delivered = true;
                f(GenlMsg::parse(m)?)
            });
            if let Err(Error::Kernel(k)) = &result {
                refused = Some(k.clone());
            }
            result
        })
    }

    /// Runs `run` with family `name`; when the kernel answers `ENOENT`, checks whether the id
    /// is gone (see the module documentation).
    fn with_family<T>(&self, name: &str, mut run: impl FnMut(&Family) -> Result<T>) -> Result<T> {
        let fam = self.family(name)?;
        match run(&fam) {
            Err(Error::Kernel(k)) if k.errno == Errno::NOENT => {
                self.cache.forget(name);
                match self.resolve(name) {
                    Ok(now) if now.id == fam.id => Err(Error::Kernel(k)),
                    Ok(now) => run(&now),
                    Err(Error::UnknownFamily { .. }) => Err(Error::FamilyGone {
                        name: name.to_owned(),
                        id: fam.id,
                    }),
                    Err(e) => Err(e),
                }
            }
            other => other,
        }
    }

    /// Puts `family` in the cache as if it had been resolved, e.g. with an id that is no
    /// longer valid, to exercise the stale-id handling in tests.
    #[doc(hidden)]
    pub fn prime_cache(&self, family: Family) {
        let generation = self.cache.generation.load(Ordering::SeqCst);
        self.cache.insert(generation, Arc::new(family));
    }

    /// Applies an nlctrl notification to the cache, as the watcher does.
    #[doc(hidden)]
    pub fn apply_notification(&self, msg: &Message) {
        self.cache.on_notification(msg);
    }

    /// Whether family `name` is in the cache.
    #[doc(hidden)]
    #[must_use]
    pub fn is_cached(&self, name: &str) -> bool {
        self.cache.get(name).is_some()
    }
}

/// Writes one message of family `f`: `genlmsghdr` with `cmd` and the version (the typed
/// family's, else the kernel's), then `attrs` after any family header.
fn message(
    f: &Family,
    cmd: u8,
    version: Option<u8>,
    flags: Flags,
    attrs: &[u8],
) -> Result<Vec<u8>> {
    let version = version.unwrap_or(u8::try_from(f.version).unwrap_or(u8::MAX));
    let mut buf = Vec::with_capacity(attrs.len().saturating_add(32));
    let mut b = GenlMsg::builder(&mut buf, f.id, flags, cmd, version);
    let header = vec![0u8; usize::try_from(f.hdrsize).unwrap_or(0)];
    b.payload(&header);
    b.payload(attrs);
    b.finish().map_err(Error::Encode)?;
    Ok(buf)
}

/// Encodes attributes with `write` into a buffer for [`GenlConnection::request`] and
/// [`GenlConnection::dump`].
///
/// # Errors
/// An attribute longer than its 16-bit length allows.
pub fn attrs(write: impl FnOnce(&mut AttrBuilder<'_>)) -> Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(64);
    let mut b = AttrBuilder::new(&mut buf);
    write(&mut b);
    b.finish().map_err(Error::Encode)?;
    Ok(buf)
}

/// Types a message of one of the typed families by its id, through the ids `genl` resolved:
/// which family sent a notification, and its name.
#[must_use]
pub fn typed_family(genl: &GenlConnection, msg: &Msg<'_>) -> Option<&'static GenlFamily> {
    genl.ids().genl_family(msg.message_type())
}

/// Dumps `bytes`, streaming each reply of message type `t` through `f`.
fn dump_of(
    conn: &Connection,
    bytes: Vec<u8>,
    t: MessageType,
    mut f: impl FnMut(Msg<'_>) -> Result<()>,
) -> Result<()> {
    conn.dump_bytes(bytes)?.for_each_msg(|m| {
        if m.message_type() == t {
            f(m)?;
        }
        Ok(())
    })
}
