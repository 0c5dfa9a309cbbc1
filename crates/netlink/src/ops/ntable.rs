//! Neighbour tables (`arp_cache`, `ndisc_cache`): their thresholds, configuration, counters
//! and the parameters of each device (`ip ntable show`), and changing them
//! (`ip ntable change`).
//!
//! A dump has one message per table (its name, thresholds, configuration, counters and
//! default parameters) and one per table and device (the device's parameters). The kernel
//! applies thresholds and the garbage collector's interval only in the initial network
//! namespace; elsewhere it takes them without error and changes nothing.

use netlink_wire::rtnl::neigh::{
    NdtConfig, NdtMsg, NdtStats, Ndta, Ndtpa, NeighTableMsg, NeighTableParamAttr, NeighTableParms,
};
use netlink_wire::rtnl::{AddressFamily, RTM_GETNEIGHTBL, RTM_NEWNEIGHTBL, RTM_SETNEIGHTBL};
use netlink_wire::{AttrWrite, Flags, MessageType, PutValue};

use crate::error::Result;
use crate::object::{Object, Request};
use crate::ops::invalid;

/// Declares [`NeighTableParams`] from one line per `NDTPA_*` attribute: the field, its type,
/// the typed variant and whether `ip ntable change` can set it. Times are in milliseconds.
macro_rules! params {
    ($( $(#[$doc:meta])* $field:ident: $T:ty = $Variant:ident $(, $set:ident)?; )*) => {
        /// A neighbour table's parameters (`NDTA_PARMS`): its defaults, or one device's.
        /// Times are in milliseconds; a field is `None` when the message left it out.
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct NeighTableParams {
            $( $(#[$doc])* pub $field: Option<$T>, )*
        }

        impl NeighTableParams {
            fn decode(p: NeighTableParms<'_>) -> Result<Self> {
                p.validate()?;
                let mut out = NeighTableParams::default();
                for a in p.typed_attrs() {
                    match a? {
                        $( NeighTableParamAttr::$Variant(v) => out.$field = Some(v), )*
                        _ => {}
                    }
                }
                Ok(out)
            }

            /// Writes the fields `ip ntable change` can set that are `Some`, in attribute
            /// order, after `NDTPA_IFINDEX`.
            fn write_settable(&self, w: &mut impl AttrWrite) {
                $( params!(@write self, w, $Variant, $field $(, $set)?); )*
            }

            /// Whether any settable field is `Some`.
            fn any_settable(&self) -> bool {
                false $( || params!(@some self, $field $(, $set)?) )*
            }
        }
    };
    (@write $s:ident, $w:ident, $Variant:ident, $field:ident, settable) => {
        if let Some(v) = $s.$field {
            NeighTableParamAttr::$Variant(v).write_to($w);
        }
    };
    (@write $s:ident, $w:ident, $Variant:ident, $field:ident) => {};
    (@some $s:ident, $field:ident, settable) => { $s.$field.is_some() };
    (@some $s:ident, $field:ident) => { false };
}

params! {
    /// `NDTPA_IFINDEX`: the device; `None` for the table's defaults.
    index: u32 = Ifindex;
    /// `NDTPA_REFCNT` (read-only).
    refcnt: u32 = Refcnt;
    /// `NDTPA_REACHABLE_TIME`: the current, randomized reachable time (read-only).
    reachable_time: u64 = ReachableTime;
    /// `NDTPA_BASE_REACHABLE_TIME` (`base_reachable`).
    base_reachable_time: u64 = BaseReachableTime, settable;
    /// `NDTPA_RETRANS_TIME` (`retrans`).
    retrans_time: u64 = RetransTime, settable;
    /// `NDTPA_GC_STALETIME` (`gc_stale`).
    gc_staletime: u64 = GcStaletime, settable;
    /// `NDTPA_DELAY_PROBE_TIME` (`delay_probe`).
    delay_probe_time: u64 = DelayProbeTime, settable;
    /// `NDTPA_QUEUE_LEN` (`queue`): packets queued per unresolved entry.
    queue_len: u32 = QueueLen, settable;
    /// `NDTPA_APP_PROBES` (`app_probes`).
    app_probes: u32 = AppProbes, settable;
    /// `NDTPA_UCAST_PROBES` (`ucast_probes`).
    ucast_probes: u32 = UcastProbes, settable;
    /// `NDTPA_MCAST_PROBES` (`mcast_probes`).
    mcast_probes: u32 = McastProbes, settable;
    /// `NDTPA_ANYCAST_DELAY` (`anycast_delay`).
    anycast_delay: u64 = AnycastDelay, settable;
    /// `NDTPA_PROXY_DELAY` (`proxy_delay`).
    proxy_delay: u64 = ProxyDelay, settable;
    /// `NDTPA_PROXY_QLEN` (`proxy_queue`).
    proxy_qlen: u32 = ProxyQlen, settable;
    /// `NDTPA_LOCKTIME` (`locktime`).
    locktime: u64 = Locktime, settable;
    /// `NDTPA_QUEUE_LENBYTES`: bytes queued per unresolved entry.
    queue_lenbytes: u32 = QueueLenbytes, settable;
    /// `NDTPA_MCAST_REPROBES`.
    mcast_reprobes: u32 = McastReprobes, settable;
    /// `NDTPA_INTERVAL_PROBE_TIME_MS`: the probe interval of managed entries.
    interval_probe_time_ms: u64 = IntervalProbeTimeMs, settable;
}

/// One message of a neighbour table dump (`RTM_NEWNEIGHTBL`): a table, or one device's
/// parameters in it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct NeighTable {
    /// `ndtm_family`: `AF_INET` (`arp_cache`) or `AF_INET6` (`ndisc_cache`).
    pub family: AddressFamily,
    /// `NDTA_NAME`.
    pub name: String,
    /// `NDTA_THRESH1`: the garbage collector does nothing below it (the table's message
    /// only).
    pub thresh1: Option<u32>,
    /// `NDTA_THRESH2`: the soft limit.
    pub thresh2: Option<u32>,
    /// `NDTA_THRESH3`: the hard limit.
    pub thresh3: Option<u32>,
    /// `NDTA_GC_INTERVAL`, in milliseconds.
    pub gc_interval: Option<u64>,
    /// `NDTA_CONFIG`.
    pub config: Option<NdtConfig>,
    /// `NDTA_STATS`.
    pub stats: Option<NdtStats>,
    /// `NDTA_PARMS`.
    pub parms: Option<NeighTableParams>,
}

impl NeighTable {
    /// Decodes a neighbour table message.
    ///
    /// # Errors
    /// When an attribute is malformed.
    pub fn from_msg(m: &NeighTableMsg<'_>) -> Result<NeighTable> {
        m.check_frame()?;
        Ok(NeighTable {
            family: m.family(),
            name: m.name()?.unwrap_or_default().to_owned(),
            thresh1: m.thresh1()?,
            thresh2: m.thresh2()?,
            thresh3: m.thresh3()?,
            gc_interval: m.gc_interval()?,
            config: m.config()?.map(|c| c.get()),
            stats: m.stats()?.map(|s| s.get()),
            parms: m
                .parms()?
                .map(|p| NeighTableParams::decode(NeighTableParms::from(p)))
                .transpose()?,
        })
    }

    /// The device these parameters are for; `None` for the table's own message.
    #[must_use]
    pub fn device(&self) -> Option<u32> {
        self.parms.and_then(|p| p.index)
    }
}

settable! {
    /// Which messages [`Connection::neigh_tables`](crate::Connection::neigh_tables) lists.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct NeighTableFilter {
        /// Only this family (sent to the kernel, which dumps one family or all).
        family: Option<AddressFamily>,
        /// Only the table of this name.
        name: Option<String>,
        /// Only this device's parameters (`Some(None)`: only the tables' own messages, `dev
        /// none`).
        device: Option<Option<u32>>,
    }
}

impl Object for NeighTable {
    type View<'a> = NeighTableMsg<'a>;
    type Filter = NeighTableFilter;
    const NEW: MessageType = RTM_NEWNEIGHTBL;
    /// Tables are never deleted: this is [`Object::NEW`], and no request deletes.
    const DEL: MessageType = RTM_NEWNEIGHTBL;
    const GET: MessageType = RTM_GETNEIGHTBL;

    fn dump_request(f: &NeighTableFilter, buf: &mut Vec<u8>) -> netlink_wire::Result<usize> {
        let hdr = NdtMsg {
            ndtm_family: f.family.unwrap_or(AddressFamily::UNSPEC).0,
            ..NdtMsg::default()
        };
        NeighTableMsg::builder(buf, RTM_GETNEIGHTBL, Flags::EMPTY, &hdr)?.finish()
    }

    fn matches(f: &NeighTableFilter, v: &NeighTableMsg<'_>) -> Result<bool> {
        if f.family.is_some_and(|x| x != v.family()) {
            return Ok(false);
        }
        if let Some(n) = &f.name
            && v.name()? != Some(n.as_str())
        {
            return Ok(false);
        }
        if let Some(d) = f.device {
            // As `ip ntable show dev`: a message without parameters passes; a table's own
            // (parameters without a device) passes only `Some(None)`.
            if let Some(p) = v.parms()? {
                let index = NeighTableParms::from(p).index()?;
                if index != d {
                    return Ok(false);
                }
            }
        }
        Ok(true)
    }

    fn from_view(v: &NeighTableMsg<'_>) -> Result<NeighTable> {
        NeighTable::from_msg(v)
    }
}

settable! {
    /// A change of a neighbour table (`ip ntable change name NAME [dev DEV] ...`): the fields that
    /// are `Some` are set, on the table's defaults or on one device's parameters.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct NeighTableChange {
        /// `ndtm_family`: `AF_UNSPEC` lets the kernel find the table by name alone.
        family: AddressFamily,
        /// `NDTA_NAME`: the table.
        fixed name: String,
        /// `NDTA_THRESH1`.
        thresh1: Option<u32>,
        /// `NDTA_THRESH2`.
        thresh2: Option<u32>,
        /// `NDTA_THRESH3`.
        thresh3: Option<u32>,
        /// `NDTA_GC_INTERVAL`, in milliseconds.
        gc_interval: Option<u64>,
        /// `NDTPA_IFINDEX`: change this device's parameters instead of the defaults.
        device: Option<u32>,
        /// The parameters to set (only the settable ones are sent; `index` is `device`).
        parms: NeighTableParams,
    }
}

impl NeighTableChange {
    /// A change of table `name` that sets nothing yet.
    #[must_use]
    pub fn new(name: &str) -> Self {
        NeighTableChange {
            name: name.to_owned(),
            ..NeighTableChange::default()
        }
    }
}

impl Request for NeighTableChange {
    type Object = NeighTable;

    fn validate(&self, t: MessageType, _flags: Flags) -> Result<()> {
        if t != RTM_SETNEIGHTBL {
            return Err(invalid("neighbour tables are only changed"));
        }
        if self.name.is_empty() || self.name.contains('\0') {
            return Err(invalid("a neighbour table change names its table"));
        }
        let tops = [self.thresh1, self.thresh2, self.thresh3]
            .iter()
            .any(Option::is_some)
            || self.gc_interval.is_some();
        // A device alone is accepted, as `ip` sends it (the kernel changes nothing).
        if !tops && !self.parms.any_settable() && self.device.is_none() {
            return Err(invalid("a neighbour table change changes something"));
        }
        Ok(())
    }

    /// Writes the change as `ip ntable change` does for arguments given in this order: the
    /// name, thresholds and interval, then `NDTA_PARMS` with the device first.
    fn build(
        &self,
        buf: &mut Vec<u8>,
        t: MessageType,
        flags: Flags,
    ) -> netlink_wire::Result<usize> {
        let hdr = NdtMsg {
            ndtm_family: self.family.0,
            ..NdtMsg::default()
        };
        let mut b = NeighTableMsg::builder(buf, t, flags, &hdr)?;
        b.put_str(Ndta::NAME, &self.name);
        b.put_some(Ndta::THRESH1, self.thresh1);
        b.put_some(Ndta::THRESH2, self.thresh2);
        b.put_some(Ndta::THRESH3, self.thresh3);
        b.put_some(Ndta::GC_INTERVAL, self.gc_interval);
        if self.device.is_some() || self.parms.any_settable() {
            let mut p = b.nest(Ndta::PARMS.0);
            p.put_some(Ndtpa::IFINDEX, self.device);
            self.parms.write_settable(&mut p);
            p.end();
        }
        b.finish()
    }
}

named_ops! { NeighTable, NeighTableChange;
    list neigh_tables "Every neighbour table and device parameter set matching `filter` (`ip ntable show`).";
    for_each for_each_neigh_table "Every neighbour table message matching `filter`, streamed through `f` as borrowed views.";
}

impl crate::Connection {
    /// Changes a neighbour table (`ip ntable change`), with `NLM_F_REPLACE` as `ip` sends it.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) for a change that names no
    /// table or changes nothing; the kernel's error otherwise (`ENOENT` for an unknown table
    /// or a device it has no parameters for).
    pub fn change_neigh_table(&self, change: &NeighTableChange) -> Result<()> {
        self.send(change, RTM_SETNEIGHTBL, Flags::REPLACE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(c: &NeighTableChange) -> Vec<u8> {
        c.validate(RTM_SETNEIGHTBL, Flags::REPLACE).unwrap();
        let mut buf = Vec::new();
        c.build(&mut buf, RTM_SETNEIGHTBL, Flags::REPLACE).unwrap();
        buf[16..].to_vec()
    }

    #[test]
    fn changes_are_what_ip_sends() {
        // ip ntable change name arp_cache dev veth0 queue 8 app_probes 1 (veth0 at index 2)
        let mut c = NeighTableChange::new("arp_cache").device(2);
        c.parms.queue_len = Some(8);
        c.parms.app_probes = Some(1);
        assert_eq!(
            bytes(&c),
            [
                0, 0, 0, 0, 14, 0, 1, 0, b'a', b'r', b'p', b'_', b'c', b'a', b'c', b'h', b'e', 0,
                0, 0, 28, 0, 6, 0, 8, 0, 1, 0, 2, 0, 0, 0, 8, 0, 8, 0, 8, 0, 0, 0, 8, 0, 9, 0, 1,
                0, 0, 0
            ]
        );
        // ip ntable change name ndisc_cache thresh1 64 gc_int 20000
        let c = NeighTableChange::new("ndisc_cache")
            .thresh1(64)
            .gc_interval(20000);
        assert_eq!(
            bytes(&c),
            [
                0, 0, 0, 0, 16, 0, 1, 0, b'n', b'd', b'i', b's', b'c', b'_', b'c', b'a', b'c',
                b'h', b'e', 0, 8, 0, 2, 0, 64, 0, 0, 0, 12, 0, 8, 0, 0x20, 0x4e, 0, 0, 0, 0, 0, 0
            ]
        );
        // ip ntable change name arp_cache dev veth0 queue 9 thresh1 64 gc_int 30000: the
        // parameters go last whatever the order of the words.
        let mut c = NeighTableChange::new("arp_cache")
            .device(2)
            .thresh1(64)
            .gc_interval(30000);
        c.parms.queue_len = Some(9);
        assert_eq!(
            bytes(&c),
            [
                0, 0, 0, 0, 14, 0, 1, 0, b'a', b'r', b'p', b'_', b'c', b'a', b'c', b'h', b'e', 0,
                0, 0, 8, 0, 2, 0, 64, 0, 0, 0, 12, 0, 8, 0, 0x30, 0x75, 0, 0, 0, 0, 0, 0, 20, 0, 6,
                0, 8, 0, 1, 0, 2, 0, 0, 0, 8, 0, 8, 0, 9, 0, 0, 0
            ]
        );
    }

    #[test]
    fn an_ipv6_change_of_every_parameter() {
        // ip -6 ntable change name ndisc_cache dev veth0 base_reachable 20000 retrans 500
        // gc_stale 30000 delay_probe 3000 ucast_probes 4 mcast_probes 2 anycast_delay 900
        // proxy_delay 700 proxy_queue 32 locktime 900
        let expected: [u8; 140] = [
            10, 0, 0, 0, 16, 0, 1, 0, 110, 100, 105, 115, 99, 95, 99, 97, 99, 104, 101, 0, 120, 0,
            6, 0, 8, 0, 1, 0, 2, 0, 0, 0, 12, 0, 4, 0, 32, 78, 0, 0, 0, 0, 0, 0, 12, 0, 5, 0, 244,
            1, 0, 0, 0, 0, 0, 0, 12, 0, 6, 0, 48, 117, 0, 0, 0, 0, 0, 0, 12, 0, 7, 0, 184, 11, 0,
            0, 0, 0, 0, 0, 8, 0, 10, 0, 4, 0, 0, 0, 8, 0, 11, 0, 2, 0, 0, 0, 12, 0, 12, 0, 132, 3,
            0, 0, 0, 0, 0, 0, 12, 0, 13, 0, 188, 2, 0, 0, 0, 0, 0, 0, 8, 0, 14, 0, 32, 0, 0, 0, 12,
            0, 15, 0, 132, 3, 0, 0, 0, 0, 0, 0,
        ];
        let mut c = NeighTableChange::new("ndisc_cache")
            .family(AddressFamily::INET6)
            .device(2);
        let p = &mut c.parms;
        p.base_reachable_time = Some(20000);
        p.retrans_time = Some(500);
        p.gc_staletime = Some(30000);
        p.delay_probe_time = Some(3000);
        p.ucast_probes = Some(4);
        p.mcast_probes = Some(2);
        p.anycast_delay = Some(900);
        p.proxy_delay = Some(700);
        p.proxy_qlen = Some(32);
        p.locktime = Some(900);
        assert_eq!(bytes(&c), expected);
    }

    #[test]
    fn empty_changes_are_refused() {
        let c = NeighTableChange::new("arp_cache");
        assert!(c.validate(RTM_SETNEIGHTBL, Flags::REPLACE).is_err());
        let c = NeighTableChange::new("arp_cache").device(2);
        assert!(c.validate(RTM_SETNEIGHTBL, Flags::REPLACE).is_ok());
        let mut c = NeighTableChange::new("");
        c.thresh1 = Some(1);
        assert!(c.validate(RTM_SETNEIGHTBL, Flags::REPLACE).is_err());
        let mut c = NeighTableChange::new("arp_cache");
        c.parms.refcnt = Some(3);
        assert!(
            c.validate(RTM_SETNEIGHTBL, Flags::REPLACE).is_err(),
            "refcnt is read-only"
        );
    }
}
