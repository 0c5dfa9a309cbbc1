//! The buckets of resilient nexthop groups (`ip nexthop bucket show|get`): which member each
//! bucket sends to and how long it has been idle.

use netlink_wire::attr::NLA_F_NESTED;
use netlink_wire::rtnl::nexthop::{NexthopMsg, NhMsg, Nha, NhaResBucket, ResBucket};
use netlink_wire::rtnl::route::RtnhFlags;
use netlink_wire::rtnl::{
    AddressFamily, RTM_DELNEXTHOPBUCKET, RTM_GETNEXTHOPBUCKET, RTM_NEWNEXTHOPBUCKET,
};
use netlink_wire::{AttrWrite, Flags, MessageType, PutValue};

use crate::error::{Error, Result};
use crate::object::{Lookup, Object};
use crate::ops::invalid;

/// One bucket of a resilient group (`RTM_NEWNEXTHOPBUCKET`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct NexthopBucket {
    /// `NHA_ID`: the group.
    pub group: u32,
    /// `NHA_RES_BUCKET_INDEX`.
    pub index: u16,
    /// `NHA_RES_BUCKET_IDLE_TIME`: how long the bucket has carried no traffic, in clock
    /// ticks (`USER_HZ`, hundredths of a second).
    pub idle_time: u64,
    /// `NHA_RES_BUCKET_NH_ID`: the member the bucket sends to.
    pub nh_id: u32,
    /// `nh_flags`: `RTNH_F_OFFLOAD`, `RTNH_F_TRAP` for buckets in hardware.
    pub flags: RtnhFlags,
}

impl NexthopBucket {
    /// Decodes a bucket message.
    ///
    /// # Errors
    /// When an attribute is malformed, or the group id, index or member is missing.
    pub fn from_msg(m: &NexthopMsg<'_>) -> Result<NexthopBucket> {
        m.check_frame()?;
        let b = ResBucket::from(
            m.res_bucket()?
                .ok_or_else(|| invalid("a bucket message without NHA_RES_BUCKET"))?,
        );
        b.validate()?;
        Ok(NexthopBucket {
            group: m
                .id()?
                .ok_or_else(|| invalid("a bucket message without NHA_ID"))?,
            index: b
                .index()?
                .ok_or_else(|| invalid("a bucket without NHA_RES_BUCKET_INDEX"))?,
            idle_time: b.idle_time()?.unwrap_or(0),
            nh_id: b
                .nh_id()?
                .ok_or_else(|| invalid("a bucket without NHA_RES_BUCKET_NH_ID"))?,
            flags: m.rtnh_flags(),
        })
    }
}

settable! {
    /// Which buckets [`Connection::nexthop_buckets`](crate::Connection::nexthop_buckets) lists;
    /// every field goes to the kernel as a dump filter and is applied again here where the answer
    /// tells.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub struct NexthopBucketFilter {
        /// `NHA_ID`: only this group's buckets.
        group: Option<u32>,
        /// `NHA_RES_BUCKET_NH_ID`: only buckets that send to this member.
        nh_id: Option<u32>,
        /// `NHA_OIF`: only buckets whose member goes out of this interface.
        oif: Option<u32>,
        /// `NHA_MASTER`: only buckets whose member's device has this master.
        master: Option<u32>,
    }
}

impl Object for NexthopBucket {
    type View<'a> = NexthopMsg<'a>;
    type Filter = NexthopBucketFilter;
    const NEW: MessageType = RTM_NEWNEXTHOPBUCKET;
    const DEL: MessageType = RTM_DELNEXTHOPBUCKET;
    const GET: MessageType = RTM_GETNEXTHOPBUCKET;

    /// The dump request `ip nexthop bucket show` sends: `NHA_ID`, `NHA_OIF`, `NHA_MASTER`,
    /// then `NHA_RES_BUCKET` (with `NLA_F_NESTED`) holding the member.
    fn dump_request(f: &NexthopBucketFilter, buf: &mut Vec<u8>) -> netlink_wire::Result<usize> {
        let hdr = NhMsg::new(AddressFamily::UNSPEC);
        let mut b = NexthopMsg::builder(buf, RTM_GETNEXTHOPBUCKET, Flags::EMPTY, &hdr)?;
        b.put_some(Nha::ID, f.group);
        b.put_some(Nha::OIF, f.oif);
        b.put_some(Nha::MASTER, f.master);
        if let Some(nh) = f.nh_id {
            let mut n = b.nest(Nha::RES_BUCKET.0 | NLA_F_NESTED);
            n.put_u32(NhaResBucket::NH_ID, nh);
            n.end();
        }
        b.finish()
    }

    fn matches(f: &NexthopBucketFilter, m: &NexthopMsg<'_>) -> Result<bool> {
        if f.group.is_some() && m.id()? != f.group {
            return Ok(false);
        }
        if let Some(nh) = f.nh_id {
            let member = match m.res_bucket()? {
                Some(b) => ResBucket::from(b).nh_id()?,
                None => None,
            };
            if member != Some(nh) {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn from_view(m: &NexthopMsg<'_>) -> Result<NexthopBucket> {
        NexthopBucket::from_msg(m)
    }
}

/// The group and the bucket's index.
impl Lookup<(u32, u16)> for NexthopBucket {
    /// `ip nexthop bucket get id ID index INDEX`.
    fn get_request(key: &(u32, u16), buf: &mut Vec<u8>) -> Result<()> {
        let hdr = NhMsg::new(AddressFamily::UNSPEC);
        let mut b = NexthopMsg::builder(buf, RTM_GETNEXTHOPBUCKET, Flags::EMPTY, &hdr)?;
        b.put_u32(Nha::ID, key.0);
        let mut n = b.nest(Nha::RES_BUCKET.0 | NLA_F_NESTED);
        n.put_u16(NhaResBucket::INDEX, key.1);
        n.end();
        b.finish().map_err(Error::Encode)?;
        Ok(())
    }
}

named_ops! { NexthopBucket, ();
    list nexthop_buckets "Every bucket of the resilient groups matching `filter` (`ip nexthop bucket show`), group by group, by index.";
    for_each for_each_nexthop_bucket "Every bucket matching `filter`, streamed through `f` as borrowed views.";
}

impl crate::Connection {
    /// Bucket `index` of resilient group `group` (`ip nexthop bucket get`), or `None` when
    /// there is none.
    ///
    /// # Errors
    /// A kernel error other than "not found" (`EINVAL` for a group that is not resilient); a
    /// decode error.
    pub fn nexthop_bucket(&self, group: u32, index: u16) -> Result<Option<NexthopBucket>> {
        self.get::<NexthopBucket, _>(&(group, index))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(f: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
        let mut buf = Vec::new();
        f(&mut buf);
        assert_eq!(&buf[4..6], &118u16.to_ne_bytes());
        buf[16..].to_vec()
    }

    #[test]
    fn requests_are_what_ip_sends() {
        // ip nexthop bucket show
        let b = body(|buf| {
            NexthopBucket::dump_request(&NexthopBucketFilter::default(), buf).unwrap();
        });
        assert_eq!(b, [0, 0, 0, 0, 0, 0, 0, 0]);
        // ip nexthop bucket show id 10 nhid 1
        let f = NexthopBucketFilter::default().group(10).nh_id(1);
        let b = body(|buf| {
            NexthopBucket::dump_request(&f, buf).unwrap();
        });
        assert_eq!(
            b,
            [
                0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 1, 0, 10, 0, 0, 0, 12, 0, 13, 0x80, 8, 0, 3, 0, 1, 0,
                0, 0
            ]
        );
        // ip nexthop bucket show dev veth0 (index 2)
        let f = NexthopBucketFilter::default().oif(2);
        let b = body(|buf| {
            NexthopBucket::dump_request(&f, buf).unwrap();
        });
        assert_eq!(b, [0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 5, 0, 2, 0, 0, 0]);
        // ip nexthop bucket get id 10 index 3
        let b = body(|buf| {
            NexthopBucket::get_request(&(10, 3), buf).unwrap();
        });
        assert_eq!(
            b,
            [
                0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 1, 0, 10, 0, 0, 0, 12, 0, 13, 0x80, 6, 0, 1, 0, 3, 0,
                0, 0
            ]
        );
    }

    #[test]
    fn the_captured_buckets_decode() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../netlink-wire/testdata/nexthop_bucket_dump.bin"
        );
        let bytes = std::fs::read(path).unwrap();
        let b: Vec<NexthopBucket> = netlink_wire::Messages::new(&bytes)
            .map(Result::unwrap)
            .filter(|m| m.message_type() == RTM_NEWNEXTHOPBUCKET)
            .map(|m| NexthopBucket::from_msg(&NexthopMsg::parse(m).unwrap()).unwrap())
            .collect();
        assert_eq!(b.len(), 8);
        assert!(b.iter().all(|x| x.group == 10));
        let indexes: Vec<u16> = b.iter().map(|x| x.index).collect();
        assert_eq!(indexes, (0..8).collect::<Vec<_>>());
    }
}
