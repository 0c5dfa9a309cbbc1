//! Consistency under change: a dump taken while another thread changes the table is either
//! consistent or reported (`NLM_F_DUMP_INTR`), and `dump_all` with restarts yields a consistent
//! result.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::Duration;

use netlink::{
    AddrFilter, AddressRequest, Connection, ConnectionOptions, Error, Flags, Message, MessageType,
};
use netlink_testns::{DOC_IPV4, TestNs, doc_ipv4};

const RTM_NEWADDR: MessageType = MessageType(20);
const RTM_GETADDR: MessageType = MessageType(22);

fn conn(ns: &TestNs) -> Connection {
    Connection::with_options(ConnectionOptions::default().netns(ns.path())).unwrap()
}

fn addr_dump() -> Message {
    // ifaddrmsg for AF_INET, no filter.
    Message::new(RTM_GETADDR, Flags::EMPTY, vec![2, 0, 0, 0, 0, 0, 0, 0])
}

/// 2,000 IPv4 addresses, so that the dump spans many datagrams. The 768 IPv4 documentation
/// addresses hold only so many per link, so they go on a veth pair and `lo` (the last 464:
/// 192.0.2.0 to 198.51.100.207, clear of the churned 203.0.113.7); the dump is of every
/// link's IPv4 addresses, so it is as long as with all 2,000 on `lo`.
fn populate(ns: &TestNs) {
    let links = ["nlr0", "nlr1", "lo"];
    let addrs: String = (0..2000u32)
        .map(|i| {
            let link = links[(i / DOC_IPV4) as usize];
            format!("addr add {}/32 dev {link}\n", doc_ipv4(i))
        })
        .collect();
    ns.ip_batch(&format!("link add nlr0 type veth peer name nlr1\n{addrs}"));
}

#[test]
fn dump_during_changes_is_consistent_or_reported_and_restarts_converge() {
    let ns = TestNs::new();
    populate(&ns);
    let c = conn(&ns);
    // Every other dump on one thread: the dump is long enough for the default connection to
    // read it ahead on a helper thread, and both paths must report interruptions.
    let plain = Connection::with_options(
        ConnectionOptions::default()
            .netns(ns.path())
            .dump_read_ahead(false),
    )
    .unwrap();
    let stop = AtomicBool::new(false);
    // Once the restarting dump starts, the churn goes on for this many more changes and then
    // stops, so that dump_all sees interrupted attempts first and then converges.
    let budget = AtomicU32::new(u32::MAX);
    let (mut interrupted, mut clean) = (0, 0);
    std::thread::scope(|s| {
        // Stop the churn however this scope ends, so that a failed assertion cannot hang it.
        struct Stop<'a>(&'a AtomicBool);
        impl Drop for Stop<'_> {
            fn drop(&mut self) {
                self.0.store(true, Ordering::Relaxed);
            }
        }
        let _stop = Stop(&stop);
        // Another thread keeps adding and removing one address.
        s.spawn(|| {
            let writer = conn(&ns);
            let a = AddressRequest::new(1, "203.0.113.7".parse().unwrap(), 32);
            while !stop.load(Ordering::Relaxed) && budget.fetch_sub(1, Ordering::Relaxed) > 0 {
                writer.add_address(&a).unwrap();
                writer.delete_address(&a).unwrap();
            }
        });
        for i in 0..20 {
            let on = if i % 2 == 0 { &c } else { &plain };
            let mut dump = on.dump(&addr_dump()).unwrap();
            let mut n = 0;
            let mut intr = false;
            while let Some(m) = dump.next_msg() {
                match m {
                    Ok(m) => {
                        assert_eq!(m.message_type(), RTM_NEWADDR);
                        n += 1;
                        if n % 200 == 0 {
                            // Read slowly so that the table changes between datagrams.
                            std::thread::sleep(Duration::from_millis(2));
                        }
                    }
                    Err(Error::DumpInterrupted) => intr = true,
                    Err(e) => panic!("{e}"),
                }
            }
            if intr {
                interrupted += 1;
            } else {
                clean += 1;
                // A dump not flagged interrupted holds every stable address exactly once.
                assert!((2001..=2002).contains(&n), "{n} addresses in a clean dump");
            }
        }
        // With restarts, the collected result is consistent.
        budget.store(200, Ordering::Relaxed);
        let all = c.dump_all(&addr_dump(), 1000).unwrap();
        assert!(
            (2001..=2002).contains(&all.len()),
            "{} addresses",
            all.len()
        );
    });
    eprintln!("dumps: {interrupted} interrupted, {clean} clean");
    assert!(
        interrupted > 0,
        "no dump was ever flagged NLM_F_DUMP_INTR: the test proves nothing"
    );
    // And once quiet, the typed list agrees with the raw count.
    assert_eq!(
        c.addresses(AddrFilter::default())
            .unwrap()
            .iter()
            .filter(|a| a.family.0 == 2)
            .count(),
        2001
    );
}
