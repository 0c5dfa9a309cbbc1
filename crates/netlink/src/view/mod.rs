//! A live view of the kernel's links, addresses, routes, neighbours, rules and nexthops that
//! repairs itself: [`LiveView`].
//!
//! Every program that keeps a copy of the kernel's tables has to subscribe, dump, apply the
//! notifications and, when notifications were lost, read the tables again and reconcile. The
//! view does all of it on a thread of its own, keeps the tables in memory for reading
//! ([`LiveView::read`]) and reports each change of its tables as a [`ViewEvent`], so that a
//! subscriber ([`LiveView::subscribe`]) can keep a copy of its own that stays equal to the
//! view's, losses included.
//!
//! ```no_run
//! use netlink::view::{LiveView, TableKind, ViewEvent, ViewOptions};
//!
//! let view = LiveView::start(ViewOptions::default().tables([TableKind::Route]))?;
//! let mut sub = view.subscribe();
//! view.wait_synced()?;
//! println!("{} routes", view.read().routes().count());
//! for event in sub.events.iter().take(3) {
//!     event.apply_to(&mut sub.copy);
//!     if let ViewEvent::Resyncing(why) = &event {
//!         println!("re-reading after {why:?}; the events that follow repair the copy");
//!     }
//! }
//! # Ok::<(), netlink::Error>(())
//! ```
//!
//! # Order: subscribe, dump, apply
//! The view's connection joins the multicast groups of its tables when it opens, before the
//! first dump is sent. The notifications that arrive meanwhile wait in the connection's
//! bounded channel (and, when that is full, in the socket's receive buffer) and are applied
//! after the dump, in the order the kernel sent them. Why that is correct:
//! - Every notification carries the whole object (or its key, for a deletion), so applying it
//!   sets or removes one key: applying it again, or over a dump that already holds its effect,
//!   leaves that key as the notification says.
//! - For one key, the kernel sends its notifications in the order of the changes, and the
//!   last one describes the object as it is (or its absence).
//! - So after the dump and the queued notifications, a key that changed since the
//!   subscription holds what its last notification says, which is the kernel's state; a key
//!   that did not change holds what the dump read. An older notification applied over a newer
//!   dump regresses its key only until the later notifications of that key are applied: the
//!   view may show an older state for a moment, never at the end.
//! - What this does not cover is a dump that skips or repeats an object that did not change,
//!   because others moved under its cursor: the kernel flags such dumps
//!   (`NLM_F_DUMP_INTR`) and the view restarts them ([`ViewOptions::max_restarts`] times;
//!   then it takes the dump, applies it, and reads that table again).
//!   Neighbour dumps are resumed by position in a hash bucket (`neigh_dump_table`) and are
//!   never flagged; a neighbour entry skipped because another was deleted during the dump is
//!   found again by the next re-read or [`LiveView::verify`].
//!
//! # Lost notifications
//! When the kernel drops notifications (`ENOBUFS`), the connection delivers an overrun marker
//! after the notifications older than the loss (see [`Connection`]). The
//! view then dumps every table again, compares the dump with its copy key by key and emits
//! the differences between [`ViewEvent::Resyncing`] and [`ViewEvent::Resynced`] as synthetic
//! [`ViewEvent::Added`], [`ViewEvent::Removed`] and [`ViewEvent::Changed`] events; then it
//! goes on with the notifications that follow the marker, by the argument above.
//!
//! The kernel also changes some tables without any notification; the view knows these cases
//! and re-reads the table the same way ([`Resync::Unannounced`]): IPv4 routes and nexthops
//! through a link that goes down or away, routes whose preferred source address goes away,
//! routes through a deleted nexthop object, rules naming a link that comes or goes (their
//! `FIB_RULE_IIF_DETACHED` flags), and the deletion of one path of an IPv6 multipath route
//! (the message names the path, not the route that remains).
//!
//! # Keys
//! Each object is kept under the kernel's identity of it ([`ViewKey`]): a link by its index,
//! an address by [`AddressKey`], a route by [`RouteKey`], a neighbour by [`NeighbourKey`], a
//! rule by [`RuleKey`], a nexthop by its id; each key's documentation gives the kernel's
//! reasoning. A route notification with `NLM_F_REPLACE` replaces the routes of its lookup key
//! (table, destination, source, TOS, metric). When IPv4 routes were appended under one
//! lookup key (`ip route append`), the kernel replaces only the first of them; the view
//! replaces all, and a later re-read or [`LiveView::verify`] shows the difference.
//!
//! # Memory
//! The view holds its tables and, during a re-read, the fresh dump of one table before it
//! replaces the old. Notifications wait in a bounded channel
//! ([`ViewOptions::backlog`]) and events for subscribers in bounded channels
//! ([`ViewOptions::event_capacity`]): when a subscriber is slow, the view waits for it, the
//! kernel's socket buffer fills, the kernel reports an overrun, and the view repairs itself
//! and the subscriber's copy by re-reading. Nothing grows without bound.
//!
//! # Comparing
//! Counters and ages change without notifications (a link's statistics, an address's
//! remaining lifetimes, a neighbour's ages and probes, a route's expiry and cache counters):
//! the view keeps what the last message said, and ignores these fields when it compares
//! ([`ViewObject::stable`]).

mod tables;

use std::collections::BTreeMap;
use std::sync::{Arc, Condvar, Mutex, RwLock, RwLockReadGuard};
use std::thread::JoinHandle;

use crossbeam_channel::{Receiver, Sender, select};
use netlink_wire::Message;
use netlink_wire::rtnl::{AddressFamily, Group, Table};

pub use tables::{
    AddressKey, NeighbourKey, PathKey, Resync, RouteKey, RuleKey, TableKind, ViewEvent, ViewKey,
    ViewObject,
};
use tables::{DumpStats, Selection, Tables};

use crate::connection::Connection;
use crate::engine::notify::ReaderStopped;
use crate::error::{Error, Result};
use crate::ops::addr::Address;
use crate::ops::link::Link;
use crate::ops::neigh::Neighbour;
use crate::ops::nexthop::Nexthop;
use crate::ops::route::Route;
use crate::ops::rule::Rule;
use crate::options::ConnectionOptions;

settable! {
    /// What a [`LiveView`] keeps and how: [`ViewOptions::default`] keeps all six tables of
    /// every family, in the caller's namespace.
    ///
    /// ```
    /// use netlink::netlink_wire::rtnl::{AddressFamily, Table};
    /// use netlink::view::{TableKind, ViewOptions};
    /// use netlink::ConnectionOptions;
    ///
    /// let opts = ViewOptions::default()
    ///     .tables([TableKind::Route, TableKind::Link])
    ///     .family(AddressFamily::INET6)
    ///     .route_table(Table::MAIN)
    ///     .connection(ConnectionOptions::default().netns("/run/netns/demo"));
    /// # let _ = opts;
    /// ```
    #[derive(Debug, Clone)]
    pub struct ViewOptions {
        /// The tables kept and reported ([`ViewOptions::tables`]); all six by default.
        fixed tables: Vec<TableKind>,
        /// Only addresses, routes, neighbours, rules and nexthops of this family (nexthop
        /// groups, `AF_UNSPEC`, always); `None` for IPv4 and IPv6.
        family: Option<AddressFamily>,
        /// Only routes of these tables ([`ViewOptions::route_table`]); `None` for every table.
        fixed route_tables: Option<Vec<Table>>,
        /// The connection's options: the namespace ([`ConnectionOptions::netns`]), the
        /// notification socket's receive buffer. The view adds the groups it needs.
        connection: ConnectionOptions,
        /// How many notifications may wait between the connection's reader and the view's
        /// thread (1024 by default); beyond, they wait in the socket, then the kernel reports
        /// an overrun.
        backlog: usize,
        /// How many events may wait for each subscriber (4096 by default); beyond, the view
        /// waits for the subscriber.
        event_capacity: usize,
        /// How often a dump the kernel flagged as interrupted (`NLM_F_DUMP_INTR`) is restarted
        /// before the view takes it and reads the table again (8 by default).
        max_restarts: u32,
    }
}

impl Default for ViewOptions {
    fn default() -> Self {
        ViewOptions {
            tables: TableKind::ALL.to_vec(),
            family: None,
            route_tables: None,
            connection: ConnectionOptions::default(),
            backlog: 1024,
            event_capacity: 4096,
            max_restarts: 8,
        }
    }
}

impl ViewOptions {
    /// Keeps only these tables.
    #[must_use]
    pub fn tables(mut self, kinds: impl IntoIterator<Item = TableKind>) -> Self {
        self.tables = kinds.into_iter().collect();
        self.tables.sort_unstable();
        self.tables.dedup();
        self
    }

    /// Keeps the routes of `table` (call again for more tables); every table by default.
    #[must_use]
    pub fn route_table(mut self, table: Table) -> Self {
        self.route_tables.get_or_insert_with(Vec::new).push(table);
        self
    }

    fn selection(&self) -> Selection {
        Selection {
            watched: self.tables.clone(),
            family: self.family,
            route_tables: self.route_tables.clone(),
            max_restarts: self.max_restarts,
        }
    }

    /// The multicast groups the tables need: their own, and those whose notifications reveal
    /// changes made without one (links for routes, nexthops and rules; addresses and nexthops
    /// for routes).
    fn groups(&self, sel: &Selection) -> Vec<Group> {
        let v4 = self.family != Some(AddressFamily::INET6);
        let v6 = self.family != Some(AddressFamily::INET);
        let has = |k: TableKind| self.tables.contains(&k);
        let mut g = Vec::new();
        let mut add = |on: bool, group: Group| {
            if on && !g.contains(&group) {
                g.push(group);
            }
        };
        add(sel.kept().contains(&TableKind::Link), Group::LINK);
        let addr = has(TableKind::Address) || has(TableKind::Route);
        add(addr && v4, Group::IPV4_IFADDR);
        add(addr && v6, Group::IPV6_IFADDR);
        add(has(TableKind::Route) && v4, Group::IPV4_ROUTE);
        add(has(TableKind::Route) && v6, Group::IPV6_ROUTE);
        add(has(TableKind::Neighbour), Group::NEIGH);
        add(has(TableKind::Rule) && v4, Group::IPV4_RULE);
        add(has(TableKind::Rule) && v6, Group::IPV6_RULE);
        add(
            has(TableKind::Nexthop) || has(TableKind::Route),
            Group::NEXTHOP,
        );
        g
    }
}

/// The view's counters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ViewStats {
    /// Notifications the view read (overrun markers excepted).
    pub notifications: u64,
    /// Overrun markers: times the kernel dropped notifications.
    pub overruns: u64,
    /// Re-reads after an overrun.
    pub resyncs: u64,
    /// Re-reads of tables the kernel changed without a notification.
    pub unannounced_resyncs: u64,
    /// Dumps restarted because the kernel flagged them interrupted (`NLM_F_DUMP_INTR`), the
    /// view's own and those of [`LiveView::kernel_copy`] and [`LiveView::verify`].
    pub dump_restarts: u64,
    /// Dumps taken although interrupted every time (the view's are read again afterwards).
    pub interrupted_dumps_taken: u64,
    /// Notifications that did not decode; their table is read again.
    pub undecodable: u64,
    /// Events emitted (synthetic ones included).
    pub events: u64,
    /// Events emitted between [`ViewEvent::Resyncing`] and [`ViewEvent::Resynced`].
    pub synthetic_events: u64,
}

/// Where the view is.
#[derive(Debug, Clone)]
enum Phase {
    Syncing,
    Synced,
    Stopped(String),
}

/// What the view's thread and its readers share.
#[derive(Debug)]
struct State {
    tables: Tables,
    subscribers: Vec<Sender<ViewEvent>>,
    stats: ViewStats,
}

#[derive(Debug)]
struct Shared {
    state: RwLock<State>,
    phase: Mutex<Phase>,
    phase_changed: Condvar,
}

impl Shared {
    fn write(&self) -> std::sync::RwLockWriteGuard<'_, State> {
        self.state
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn read(&self) -> RwLockReadGuard<'_, State> {
        self.state
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn set_phase(&self, p: Phase) {
        *self
            .phase
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = p;
        self.phase_changed.notify_all();
    }
}

/// A live, self-repairing copy of the kernel's tables in one namespace; see the
/// [module documentation](self) for how it stays correct.
///
/// [`LiveView::start`] opens a connection, subscribes and starts the view's thread, which dumps
/// the tables and applies notifications from then on. Read the tables with
/// [`LiveView::read`]; follow their changes with [`LiveView::subscribe`]; dropping the view
/// stops its thread and closes its connection.
#[derive(Debug)]
pub struct LiveView {
    shared: Arc<Shared>,
    conn: Arc<Connection>,
    options: ViewOptions,
    stop: Option<Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

/// A subscriber's start: a copy of the view's tables and the events that change it from then
/// on, in order. Apply each event with [`ViewEvent::apply_to`] and the copy stays equal to
/// the view's tables.
#[derive(Debug)]
#[non_exhaustive]
pub struct Subscription {
    /// The view's tables when the subscription was made (empty before the first sync, whose
    /// objects then arrive as [`ViewEvent::Added`]).
    pub copy: BTreeMap<ViewKey, ViewObject>,
    /// The events after that copy. When the subscriber falls behind by
    /// [`ViewOptions::event_capacity`] events the view waits for it; dropping the receiver
    /// ends the subscription.
    pub events: Receiver<ViewEvent>,
}

/// A difference between two copies of the tables, as [`LiveView::verify`] reports them.
#[allow(clippy::large_enum_variant)] // As ViewObject.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Difference {
    /// The kernel has the object; the copy has not.
    Missing(ViewObject),
    /// The copy has the object; the kernel has not.
    Extra(ViewObject),
    /// Both have the key with different objects (compared by [`ViewObject::stable`]).
    Differs {
        /// The copy's object.
        copy: ViewObject,
        /// The kernel's.
        kernel: ViewObject,
    },
}

impl Difference {
    /// The differences between `copy` and `kernel`, key by key, ignoring the fields that
    /// change without a notification.
    #[must_use]
    pub fn between(
        copy: &BTreeMap<ViewKey, ViewObject>,
        kernel: &BTreeMap<ViewKey, ViewObject>,
    ) -> Vec<Difference> {
        let mut out = Vec::new();
        for (k, c) in copy {
            match kernel.get(k) {
                None => out.push(Difference::Extra(c.clone())),
                Some(n) if n.stable() != c.stable() => out.push(Difference::Differs {
                    copy: c.clone(),
                    kernel: n.clone(),
                }),
                Some(_) => {}
            }
        }
        for (k, n) in kernel {
            if !copy.contains_key(k) {
                out.push(Difference::Missing(n.clone()));
            }
        }
        out
    }
}

/// The view's tables, read-locked: the view's thread waits while this is held, so read and
/// drop it soon.
#[derive(Debug)]
pub struct ViewRead<'v> {
    state: RwLockReadGuard<'v, State>,
}

/// Declares [`ViewRead`]'s iterator over each table.
macro_rules! readers {
    ($( $name:ident: $T:ty, $field:ident; )*) => {
        impl ViewRead<'_> {
            $(
                #[doc = concat!("The ", stringify!($name), " of the view, in key order (empty when not kept).")]
                pub fn $name(&self) -> impl Iterator<Item = &$T> {
                    self.state.tables.maps.$field.values()
                }
            )*
        }
    };
}

readers! {
    links: Link, links;
    addresses: Address, addresses;
    routes: Route, routes;
    neighbours: Neighbour, neighbours;
    rules: Rule, rules;
    nexthops: Nexthop, nexthops;
}

impl ViewRead<'_> {
    /// The link of index `index`.
    #[must_use]
    pub fn link(&self, index: u32) -> Option<&Link> {
        self.state.tables.maps.links.get(&index)
    }

    /// How many objects the table of `kind` holds.
    #[must_use]
    pub fn len(&self, kind: TableKind) -> usize {
        self.state.tables.maps.len(kind)
    }

    /// Whether every table is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        TableKind::ALL.iter().all(|k| self.len(*k) == 0)
    }

    /// A copy of the tables the view reports, keyed.
    #[must_use]
    pub fn to_map(&self) -> BTreeMap<ViewKey, ViewObject> {
        to_map(&self.state.tables)
    }
}

fn to_map(tables: &Tables) -> BTreeMap<ViewKey, ViewObject> {
    tables
        .sel
        .watched
        .iter()
        .flat_map(|k| tables.maps.entries(*k))
        .collect()
}

impl LiveView {
    /// Opens a connection with `options.connection` and the groups of the tables, and starts
    /// the view's thread, which dumps the tables (see [`LiveView::wait_synced`]).
    ///
    /// # Errors
    /// When the connection cannot be opened or the thread started.
    pub fn start(options: ViewOptions) -> Result<LiveView> {
        let sel = options.selection();
        let mut copts = options.connection.clone();
        for g in options.groups(&sel) {
            copts = copts.membership(g);
        }
        let conn = Arc::new(Connection::with_options(copts)?);
        let (tx, rx) = crossbeam_channel::bounded(options.backlog.max(1));
        conn.notify(tx);
        let shared = Arc::new(Shared {
            state: RwLock::new(State {
                tables: Tables::new(sel),
                subscribers: Vec::new(),
                stats: ViewStats::default(),
            }),
            phase: Mutex::new(Phase::Syncing),
            phase_changed: Condvar::new(),
        });
        let (stop_tx, stop_rx) = crossbeam_channel::bounded(0);
        let driver = Driver {
            conn: Arc::clone(&conn),
            shared: Arc::clone(&shared),
            rx,
            stop: stop_rx,
        };
        let thread = std::thread::Builder::new()
            .name("netlink-view".into())
            .spawn(move || driver.run())
            .map_err(|source| Error::Spawn {
                thread: "netlink-view",
                source,
            })?;
        Ok(LiveView {
            shared,
            conn,
            options,
            stop: Some(stop_tx),
            thread: Some(thread),
        })
    }

    /// Waits until the first dump of every table and the notifications queued meanwhile are
    /// applied.
    ///
    /// # Errors
    /// [`Error::ViewStopped`] when the view stopped first (a dump failed, the reader stopped).
    pub fn wait_synced(&self) -> Result<()> {
        let mut phase = self
            .shared
            .phase
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        loop {
            match &*phase {
                Phase::Synced => return Ok(()),
                Phase::Stopped(why) => return Err(Error::ViewStopped(why.clone())),
                Phase::Syncing => {
                    phase = self
                        .shared
                        .phase_changed
                        .wait(phase)
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                }
            }
        }
    }

    /// Whether the first sync is done and the view has not stopped.
    #[must_use]
    pub fn is_synced(&self) -> bool {
        matches!(
            *self
                .shared
                .phase
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
            Phase::Synced
        )
    }

    /// The tables, read-locked.
    #[must_use]
    pub fn read(&self) -> ViewRead<'_> {
        ViewRead {
            state: self.shared.read(),
        }
    }

    /// A copy of the tables and the events after it; see [`Subscription`].
    #[must_use]
    pub fn subscribe(&self) -> Subscription {
        let (tx, rx) = crossbeam_channel::bounded(self.options.event_capacity.max(1));
        let mut st = self.shared.write();
        let copy = to_map(&st.tables);
        st.subscribers.push(tx);
        Subscription { copy, events: rx }
    }

    /// The view's counters.
    #[must_use]
    pub fn stats(&self) -> ViewStats {
        self.shared.read().stats
    }

    /// The view's connection: its counters ([`Connection::stats`]), or requests in the same
    /// namespace.
    #[must_use]
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// The options the view was started with.
    #[must_use]
    pub fn options(&self) -> &ViewOptions {
        &self.options
    }

    /// Dumps the view's tables afresh, keyed as the view keys them (what the view should
    /// hold when the tables are quiet).
    ///
    /// # Errors
    /// A dump's error.
    pub fn kernel_copy(&self) -> Result<BTreeMap<ViewKey, ViewObject>> {
        let sel = self.options.selection();
        let mut dstats = DumpStats::default();
        let (fresh, _) = Tables::dump(&self.conn, &sel, &sel.watched, &mut dstats)?;
        {
            let mut st = self.shared.write();
            st.stats.dump_restarts += dstats.restarts;
            st.stats.interrupted_dumps_taken += dstats.accepted_interrupted;
        }
        let mut t = Tables::new(sel);
        t.maps = fresh;
        Ok(to_map(&t))
    }

    /// Compares the view with a fresh dump: empty when they are equal. Meaningful when the
    /// tables are quiet (changes between the dump and the comparison are differences until
    /// the view applies them), for a soak test's check or after a burst.
    ///
    /// # Errors
    /// A dump's error.
    pub fn verify(&self) -> Result<Vec<Difference>> {
        let kernel = self.kernel_copy()?;
        Ok(Difference::between(&self.read().to_map(), &kernel))
    }
}

impl Drop for LiveView {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        self.conn.close();
    }
}

/// The view's tables without a thread or a connection of their own: the state machine of
/// [`LiveView`], for a program that reads notifications itself (an event loop, an async
/// runtime, `nlctl monitor`). Feed it every notification of [`ViewTables::groups`] in order
/// with [`ViewTables::apply`]; after an overrun marker, and when
/// [`ViewTables::needs_reread`] names tables, call [`ViewTables::reread`] with a connection
/// in the same namespace. Start with [`ViewTables::reread`] of [`ViewTables::kept`] after
/// joining the groups, as [`LiveView`] does.
#[derive(Debug, Clone)]
pub struct ViewTables {
    tables: Tables,
    groups: Vec<Group>,
}

impl ViewTables {
    /// Empty tables for `options` (its connection options are not used).
    #[must_use]
    pub fn new(options: &ViewOptions) -> ViewTables {
        let sel = options.selection();
        ViewTables {
            groups: options.groups(&sel),
            tables: Tables::new(sel),
        }
    }

    /// The multicast groups whose notifications the tables need.
    #[must_use]
    pub fn groups(&self) -> &[Group] {
        &self.groups
    }

    /// The tables kept: those chosen, and links when routes, nexthops or rules are (their
    /// changes change those tables unannounced); only the chosen ones are reported.
    #[must_use]
    pub fn kept(&self) -> Vec<TableKind> {
        self.tables.sel.kept()
    }

    /// Applies one notification and returns what changed in the reported tables. Other
    /// messages (an overrun marker included) change nothing: see [`ViewTables::reread`].
    ///
    /// # Errors
    /// When a notification of a kept table does not decode: nothing changed, and its table
    /// is marked for a re-read.
    pub fn apply(&mut self, m: &Message) -> Result<Vec<ViewEvent>> {
        let mut out = Vec::new();
        if let Err(e) = self.tables.apply(m, &mut out) {
            if let Some(kind) = TableKind::of_message(m.message_type()) {
                self.tables.mark_dirty(kind);
            }
            return Err(e);
        }
        Ok(out)
    }

    /// The tables the kernel changed without a notification, which a
    /// [`ViewTables::reread`] repairs.
    #[must_use]
    pub fn needs_reread(&self) -> &[TableKind] {
        &self.tables.dirty
    }

    /// Dumps the tables of `kinds` (restarting interrupted dumps) and replaces them, returning
    /// the differences with what the tables held: what changed while notifications were lost.
    ///
    /// # Errors
    /// A dump's error; the tables are unchanged then.
    pub fn reread(&mut self, conn: &Connection, kinds: &[TableKind]) -> Result<Vec<ViewEvent>> {
        let mut stats = DumpStats::default();
        let (fresh, again) = Tables::dump(conn, &self.tables.sel, kinds, &mut stats)?;
        let mut out = Vec::new();
        self.tables.replace(fresh, kinds, &mut out);
        for k in again {
            self.tables.mark_dirty(k);
        }
        Ok(out)
    }

    /// A copy of the reported tables, keyed.
    #[must_use]
    pub fn to_map(&self) -> BTreeMap<ViewKey, ViewObject> {
        to_map(&self.tables)
    }
}

/// The view's thread.
struct Driver {
    conn: Arc<Connection>,
    shared: Arc<Shared>,
    rx: Receiver<Message>,
    stop: Receiver<()>,
}

/// Why the thread ends.
enum End {
    /// The view was dropped.
    Dropped,
    /// Something failed; the text says what.
    Failed(String),
}

impl Driver {
    fn run(self) {
        let end = self.sync().and_then(|()| self.follow());
        if let Err(End::Failed(why)) = end {
            let subs = self.shared.read().subscribers.clone();
            let _ = self.send(&subs, vec![ViewEvent::Stopped(why.clone())]);
            self.shared.set_phase(Phase::Stopped(why));
        }
    }

    /// The first sync: every kept table dumped, then what was queued meanwhile applied.
    fn sync(&self) -> std::result::Result<(), End> {
        let kept = self.shared.read().tables.sel.kept();
        self.reread(&kept, None)?;
        while let Ok(m) = self.rx.try_recv() {
            self.handle(&m)?;
        }
        let subs = self.shared.read().subscribers.clone();
        self.send(&subs, vec![ViewEvent::Synced])?;
        self.shared.set_phase(Phase::Synced);
        Ok(())
    }

    /// Applies notifications until the view is dropped.
    fn follow(&self) -> std::result::Result<(), End> {
        loop {
            // Tables whose dump was taken although interrupted are read again now.
            let again = std::mem::take(&mut self.shared.write().tables.dirty);
            if !again.is_empty() {
                self.shared.write().stats.unannounced_resyncs += 1;
                self.reread(&again, Some(Resync::Unannounced(again.clone())))?;
                continue;
            }
            select! {
                recv(self.rx) -> m => match m {
                    Ok(m) => self.handle(&m)?,
                    Err(_) => return Err(End::Failed("the connection closed".into())),
                },
                recv(self.stop) -> _ => return Err(End::Dropped),
            }
        }
    }

    fn handle(&self, m: &Message) -> std::result::Result<(), End> {
        if m.is_overrun() {
            let kept = {
                let mut st = self.shared.write();
                st.stats.overruns += 1;
                st.stats.resyncs += 1;
                st.tables.sel.kept()
            };
            return self.reread(&kept, Some(Resync::Overrun));
        }
        if let Some(stopped) = ReaderStopped::from_message(m) {
            return Err(End::Failed(stopped.to_string()));
        }
        let Some(kind) = TableKind::of_message(m.message_type()) else {
            return Ok(());
        };
        let mut out = Vec::new();
        let (subs, dirty) = {
            let mut st = self.shared.write();
            st.stats.notifications += 1;
            if st.tables.apply(m, &mut out).is_err() {
                // A change the view could not read: read its table again.
                st.stats.undecodable += 1;
                st.tables.mark_dirty(kind);
            }
            let dirty = std::mem::take(&mut st.tables.dirty);
            if !dirty.is_empty() {
                st.stats.unannounced_resyncs += 1;
            }
            st.stats.events += out.len() as u64;
            (st.subscribers.clone(), dirty)
        };
        self.send(&subs, out)?;
        if dirty.is_empty() {
            Ok(())
        } else {
            self.reread(&dirty, Some(Resync::Unannounced(dirty.clone())))
        }
    }

    /// Dumps `kinds` and replaces them in the tables, emitting the differences (between
    /// `Resyncing` and `Resynced` when `why` is given).
    fn reread(&self, kinds: &[TableKind], why: Option<Resync>) -> std::result::Result<(), End> {
        let sel = self.shared.read().tables.sel.clone();
        let mut dstats = DumpStats::default();
        let (fresh, again) = Tables::dump(&self.conn, &sel, kinds, &mut dstats)
            .map_err(|e| End::Failed(format!("dump failed: {e}")))?;
        let mut out = Vec::new();
        if let Some(w) = &why {
            out.push(ViewEvent::Resyncing(w.clone()));
        }
        let subs = {
            let mut st = self.shared.write();
            st.tables.replace(fresh, kinds, &mut out);
            for k in &again {
                st.tables.mark_dirty(*k);
            }
            st.stats.dump_restarts += dstats.restarts;
            st.stats.interrupted_dumps_taken += dstats.accepted_interrupted;
            let changes = out.len().saturating_sub(usize::from(why.is_some())) as u64;
            st.stats.events += changes;
            if why.is_some() {
                st.stats.synthetic_events += changes;
            }
            st.subscribers.clone()
        };
        if let Some(w) = why {
            out.push(ViewEvent::Resynced(w));
        }
        self.send(&subs, out)
    }

    /// Sends `events` to every subscriber in order, waiting for room; forgets subscribers whose
    /// receiver is gone.
    fn send(
        &self,
        subs: &[Sender<ViewEvent>],
        events: Vec<ViewEvent>,
    ) -> std::result::Result<(), End> {
        if subs.is_empty() || events.is_empty() {
            return Ok(());
        }
        let mut gone = vec![false; subs.len()];
        for e in events {
            for (s, gone) in subs.iter().zip(gone.iter_mut()) {
                if *gone {
                    continue;
                }
                select! {
                    send(s, e.clone()) -> r => *gone = r.is_err(),
                    recv(self.stop) -> _ => return Err(End::Dropped),
                }
            }
        }
        if gone.iter().any(|g| *g) {
            let mut st = self.shared.write();
            st.subscribers
                .retain(|s| !subs.iter().zip(&gone).any(|(d, g)| *g && d.same_channel(s)));
        }
        Ok(())
    }
}
