//! The `events` target: the facade's decoders on arbitrary message bodies.
//!
//! `netlink::Event::from_message` decodes a notification into the typed objects of the
//! facade (`Link`, `Address`, `Route`, `Neighbour`, `Rule`, `Nexthop`, each through its
//! `from_msg`; the bridge's `Mdb`, `BridgeVlan` and `Vnis`; and the kinds of the rest of
//! RTNETLINK), the code a monitoring daemon runs on every message the kernel sends. The first
//! byte picks one of the 34 RTNETLINK notification types; the rest is the message body.
//! Decoding must return `Ok` or `Err`, never panic, and an event must be of the kind its type
//! says.
//!
//! Not part of `src/lib.rs`: that file is also compiled into netlink-wire's tests, which cannot
//! see the facade. `fuzz_targets/events.rs` and `crates/netlink/tests/corpus.rs` include this
//! file with `#[path]`.

use netlink::{Event, Flags, Message, MessageType};

/// `RTM_NEW*`/`RTM_DEL*` of links, addresses, routes, neighbours, rules and nexthops; then of
/// the multicast database, bridge VLANs and VNI filters; then of namespace ids, netconf,
/// address labels, multicast and anycast addresses and nexthop buckets, and the announcements
/// of prefixes, ND user options, cache reports and statistics.
pub const TYPES: [u16; 34] = [
    16, 17, 20, 21, 24, 25, 28, 29, 32, 33, 104, 105, 84, 85, 112, 113, 120, 121, 88, 89, 80, 81,
    72, 73, 56, 57, 60, 61, 116, 117, 52, 68, 96, 92,
];

/// Decodes `data[1..]` as the body of the notification type `TYPES[data[0] % 34]`.
pub fn events(data: &[u8]) {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let t = TYPES[usize::from(pick) % TYPES.len()];
    let m = Message::new(MessageType(t), Flags::EMPTY, body.to_vec());
    let Ok(e) = Event::from_message(&m) else {
        return;
    };
    // Every RTM_NEW* type is even and its RTM_DEL* the next odd number.
    assert_eq!(e.is_delete(), t % 2 == 1, "type {t} decoded as {e:?}");
    let kind_ok = matches!(
        (t, &e),
        (16 | 17, Event::NewLink(_) | Event::DelLink(_))
            | (20 | 21, Event::NewAddress(_) | Event::DelAddress(_))
            | (24 | 25, Event::NewRoute(_) | Event::DelRoute(_))
            | (28 | 29, Event::NewNeighbour(_) | Event::DelNeighbour(_))
            | (32 | 33, Event::NewRule(_) | Event::DelRule(_))
            | (104 | 105, Event::NewNexthop(_) | Event::DelNexthop(_))
            | (84 | 85, Event::NewMdb(_) | Event::DelMdb(_))
            | (112 | 113, Event::NewBridgeVlan(_) | Event::DelBridgeVlan(_))
            | (120 | 121, Event::NewVnis(_) | Event::DelVnis(_))
            | (88 | 89, Event::NewNsid(_) | Event::DelNsid(_))
            | (80 | 81, Event::NewNetconf(_) | Event::DelNetconf(_))
            | (72 | 73, Event::NewAddrLabel(_) | Event::DelAddrLabel(_))
            | (56 | 57, Event::NewMulticast(_) | Event::DelMulticast(_))
            | (60 | 61, Event::NewAnycast(_) | Event::DelAnycast(_))
            | (
                116 | 117,
                Event::NewNexthopBucket(_) | Event::DelNexthopBucket(_)
            )
            | (52, Event::Prefix(_))
            | (68, Event::NdUserOption(_))
            | (96, Event::CacheReport(_))
            | (92, Event::Stats(_))
    );
    assert!(kind_ok, "type {t} decoded as {e:?}");
    // The Debug output walks every field.
    assert!(!format!("{e:?}").is_empty());
}
