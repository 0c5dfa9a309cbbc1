//! Neighbour operations on the real kernel, checked against `ip -j neigh show`.

use netlink::Errno;
use std::collections::HashMap;
use std::net::IpAddr;

use netlink::netlink_wire::rtnl::AddressFamily;
use netlink::netlink_wire::rtnl::neigh::{NeighFlags, NeighState};
use netlink::ops::neigh::{NeighFilter, NeighRequest, Neighbour, parse_lladdr};
use netlink::{Connection, ConnectionOptions, Error};
use netlink_testns::TestNs;
use netlink_testns::serde_json::Value;

fn conn(ns: &TestNs) -> Connection {
    Connection::with_options(ConnectionOptions::default().netns(ns.path())).unwrap()
}

fn index(ns: &TestNs, name: &str) -> u32 {
    let v = ns.ip_value(&["link", "show", "dev", name]);
    v[0]["ifindex"].as_u64().unwrap() as u32
}

/// Interface index by name, from `ip -j link`.
fn link_names(ns: &TestNs) -> HashMap<String, u32> {
    ns.ip_value(&["link", "show"])
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["ifname"].as_str().unwrap().to_owned(),
                l["ifindex"].as_u64().unwrap() as u32,
            )
        })
        .collect()
}

/// A namespace with the veth pair `nb0`/`nb1` up, 192.0.2.1/24 and 2001:db8::1/64 on `nb0`,
/// and reachable entries kept reachable for an hour so that states do not move mid-test.
fn setup() -> (TestNs, Connection, u32) {
    let ns = TestNs::new();
    ns.ip_batch(
        "link add nb0 type veth peer name nb1\n\
         link set nb0 up\n\
         link set nb1 up\n\
         addr add 192.0.2.1/24 dev nb0\n\
         addr add 2001:db8::1/64 dev nb0 nodad\n\
         ntable change name arp_cache dev nb0 base_reachable 3600000\n\
         ntable change name ndisc_cache dev nb0 base_reachable 3600000\n",
    );
    let c = conn(&ns);
    let idx = index(&ns, "nb0");
    (ns, c, idx)
}

fn ip_addr(s: &str) -> IpAddr {
    s.parse().unwrap()
}

/// Runs `ip -j [global options] neigh show <rest>`: leading `-4`/`-6` go before `neigh`.
fn ip_neigh(ns: &TestNs, args: &[&str]) -> Vec<Value> {
    let split = args.iter().take_while(|a| a.starts_with('-')).count();
    let mut full: Vec<&str> = args[..split].to_vec();
    full.extend(["neigh", "show"]);
    full.extend_from_slice(&args[split..]);
    ns.ip_value(&full).as_array().unwrap().clone()
}

/// The (dst, ifindex) of every entry `ip` lists; `ip neigh show dev X` leaves the device out.
fn ip_keys(names: &HashMap<String, u32>, theirs: &[Value]) -> Vec<(IpAddr, Option<u32>)> {
    let mut keys: Vec<_> = theirs
        .iter()
        .map(|e| {
            (
                ip_addr(e["dst"].as_str().unwrap()),
                e["dev"].as_str().map(|d| names[d]),
            )
        })
        .collect();
    keys.sort();
    keys
}

fn our_keys(ours: &[Neighbour], with_dev: bool) -> Vec<(IpAddr, Option<u32>)> {
    let mut keys: Vec<_> = ours
        .iter()
        .map(|o| (o.destination.unwrap(), with_dev.then_some(o.index)))
        .collect();
    keys.sort();
    keys
}

/// Every entry `ip -j neigh show <args>` lists must be in what `fetch` returns and the other
/// way round, and every field both show must agree: dst, dev, lladdr, state, router, proxy.
///
/// IPv6 multicast entries (`NOARP`) appear on their own whenever the kernel first sends MLD or
/// router solicitations, so the two listings are retaken until they hold the same entries.
/// Returns our listing.
fn compare_with_ip(
    ns: &TestNs,
    args: &[&str],
    fetch: impl Fn() -> Vec<Neighbour>,
) -> Vec<Neighbour> {
    let names = link_names(ns);
    let mut attempt = 0;
    let (ours, theirs) = loop {
        let ours = fetch();
        let theirs = ip_neigh(ns, args);
        let with_dev = theirs.iter().all(|e| e.get("dev").is_some());
        if our_keys(&ours, with_dev) == ip_keys(&names, &theirs) || attempt == 50 {
            break (ours, theirs);
        }
        attempt += 1;
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    assert_eq!(
        ours.len(),
        theirs.len(),
        "ip {args:?}: ours {ours:#?}\nip: {theirs:#?}"
    );
    for e in &theirs {
        let dst = ip_addr(e["dst"].as_str().unwrap());
        let dev = e["dev"].as_str();
        let o = ours
            .iter()
            .find(|o| {
                o.destination == Some(dst) && dev.is_none_or(|d| names.get(d) == Some(&o.index))
            })
            .unwrap_or_else(|| panic!("{dst} on {dev:?} missing from {ours:#?}"));
        assert_eq!(
            o.family,
            if dst.is_ipv4() {
                AddressFamily::INET
            } else {
                AddressFamily::INET6
            }
        );
        assert_eq!(
            o.lladdr_string().as_deref(),
            e["lladdr"].as_str(),
            "lladdr of {dst}"
        );
        let states: Vec<&str> = e["state"]
            .as_array()
            .map(|a| a.iter().map(|s| s.as_str().unwrap()).collect())
            .unwrap_or_default();
        let ours_states: Vec<&str> = o.state.short_names().collect();
        assert_eq!(ours_states, states, "state of {dst}");
        // ip prints `"router": null` and `"proxy": null` for the flags it sees.
        assert_eq!(
            o.is_router(),
            e.get("router").is_some(),
            "router flag of {dst}"
        );
        assert_eq!(
            o.is_proxy(),
            e.get("proxy").is_some(),
            "proxy flag of {dst}"
        );
    }
    ours
}

/// ip's default `nud` filter: every state but `NOARP` (and never `NONE`).
const IP_DEFAULT_STATES: NeighState = NeighState(0xff & !NeighState::NOARP.0);

#[test]
fn add_list_replace_delete_compared_with_ip() {
    let (ns, c, idx) = setup();
    let mac = |s: &str| parse_lladdr(s).unwrap();

    let v4 = NeighRequest::with_lladdr(idx, ip_addr("192.0.2.9"), &mac("02:00:00:00:00:09"));
    c.add_neighbour(&v4).unwrap();
    let v6 = NeighRequest::with_lladdr(idx, ip_addr("2001:db8::9"), &mac("02:00:00:00:00:0a"));
    c.add_neighbour(&v6).unwrap();
    let mut reachable =
        NeighRequest::with_lladdr(idx, ip_addr("192.0.2.11"), &mac("02:00:00:00:00:0b"));
    reachable.state = NeighState::REACHABLE;
    c.add_neighbour(&reachable).unwrap();
    let mut stale =
        NeighRequest::with_lladdr(idx, ip_addr("192.0.2.12"), &mac("02:00:00:00:00:0c"));
    stale.state = NeighState::STALE;
    c.add_neighbour(&stale).unwrap();
    let mut router =
        NeighRequest::with_lladdr(idx, ip_addr("2001:db8::11"), &mac("02:00:00:00:00:11"));
    router.flags = NeighFlags::ROUTER;
    c.add_neighbour(&router).unwrap();
    let proxy4 = NeighRequest::proxy(idx, ip_addr("192.0.2.10"));
    c.add_neighbour(&proxy4).unwrap();
    let proxy6 = NeighRequest::proxy(idx, ip_addr("2001:db8::10"));
    c.add_neighbour(&proxy6).unwrap();

    // Everything, in every state (with the NOARP multicast entries, once the kernel made them).
    let all = compare_with_ip(&ns, &["nud", "all"], || {
        c.neighbours(NeighFilter::default()).unwrap()
    });
    let get = |list: &[Neighbour], dst: &str| {
        list.iter()
            .find(|n| n.destination == Some(ip_addr(dst)))
            .cloned()
            .unwrap_or_else(|| panic!("{dst} missing from {list:#?}"))
    };
    let n = get(&all, "192.0.2.9");
    assert_eq!(n.state, NeighState::PERMANENT);
    assert_eq!(n.lladdr.as_deref(), Some(&[2u8, 0, 0, 0, 0, 9][..]));
    assert_eq!(n.index, idx);
    assert!(n.cache_info.is_some());
    assert_eq!(get(&all, "192.0.2.11").state, NeighState::REACHABLE);
    assert_eq!(get(&all, "192.0.2.12").state, NeighState::STALE);
    assert!(get(&all, "2001:db8::11").is_router());
    assert!(!get(&all, "2001:db8::9").is_router());
    // Proxy entries are only in proxy dumps.
    assert!(!all.iter().any(Neighbour::is_proxy));

    // ip's default view per family: every state but NOARP.
    let v6only = compare_with_ip(&ns, &["-6"], || {
        c.neighbours(
            NeighFilter::default()
                .family(AddressFamily::INET6)
                .state(IP_DEFAULT_STATES),
        )
        .unwrap()
    });
    assert_eq!(v6only.len(), 2);
    let v4only = compare_with_ip(&ns, &["-4"], || {
        c.neighbours(
            NeighFilter::default()
                .family(AddressFamily::INET)
                .state(IP_DEFAULT_STATES),
        )
        .unwrap()
    });
    assert_eq!(v4only.len(), 3);
    let on_nb0 = compare_with_ip(&ns, &["dev", "nb0", "nud", "all"], || {
        c.neighbours(NeighFilter::default().index(idx)).unwrap()
    });
    assert!(on_nb0.iter().all(|n| n.index == idx));
    let stale_only = compare_with_ip(&ns, &["nud", "stale"], || {
        c.neighbours(NeighFilter::default().state(NeighState::STALE))
            .unwrap()
    });
    assert_eq!(stale_only.len(), 1);

    // Proxy entries, both families, and one family at a time.
    let proxies = compare_with_ip(&ns, &["proxy"], || {
        c.neighbours(NeighFilter::default().proxy(true)).unwrap()
    });
    assert_eq!(proxies.len(), 2);
    assert!(
        proxies
            .iter()
            .all(|p| p.is_proxy() && p.lladdr.is_none() && p.index == idx)
    );
    let proxies6 = compare_with_ip(&ns, &["-6", "proxy"], || {
        c.neighbours(
            NeighFilter::default()
                .family(AddressFamily::INET6)
                .proxy(true),
        )
        .unwrap()
    });
    assert_eq!(proxies6.len(), 1);

    // Adding again fails with EEXIST; replacing changes the link-layer address.
    assert!(matches!(c.add_neighbour(&v4), Err(Error::Kernel(k)) if k.errno == Errno::EXIST));
    let moved = NeighRequest::with_lladdr(idx, v4.destination, &mac("02:00:00:00:00:99"));
    c.replace_neighbour(&moved).unwrap();
    let mut now_router = router.clone();
    now_router.flags = NeighFlags::EMPTY;
    now_router.lladdr = Some(mac("02:00:00:00:01:11"));
    c.replace_neighbour(&now_router).unwrap();
    let after = compare_with_ip(&ns, &["nud", "all"], || {
        c.neighbours(NeighFilter::default()).unwrap()
    });
    assert_eq!(
        get(&after, "192.0.2.9").lladdr_string().as_deref(),
        Some("02:00:00:00:00:99")
    );
    let r = get(&after, "2001:db8::11");
    assert_eq!(r.lladdr_string().as_deref(), Some("02:00:00:00:01:11"));
    assert!(!r.is_router(), "replace without NTF_ROUTER clears it");
    // Replacing something absent creates it.
    let fresh = NeighRequest::with_lladdr(idx, ip_addr("192.0.2.13"), &mac("02:00:00:00:00:0d"));
    c.replace_neighbour(&fresh).unwrap();
    assert_eq!(
        ns.ip_value(&["neigh", "show", "192.0.2.13"])
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // Delete, then check with ip; deleting again is ENOENT.
    c.delete_neighbour(&NeighRequest::new(idx, v4.destination))
        .unwrap();
    c.delete_neighbour(&NeighRequest::new(idx, v6.destination))
        .unwrap();
    c.delete_neighbour(&proxy4).unwrap();
    let left = compare_with_ip(&ns, &["nud", "all"], || {
        c.neighbours(NeighFilter::default()).unwrap()
    });
    assert!(
        !left
            .iter()
            .any(|n| n.destination == Some(v4.destination)
                || n.destination == Some(v6.destination))
    );
    let left_proxies = compare_with_ip(&ns, &["proxy"], || {
        c.neighbours(NeighFilter::default().proxy(true)).unwrap()
    });
    assert_eq!(left_proxies.len(), 1);
    assert_eq!(left_proxies[0].destination, Some(proxy6.destination));
    assert!(
        matches!(c.delete_neighbour(&NeighRequest::new(idx, v4.destination)), Err(Error::Kernel(k)) if k.errno == Errno::NOENT)
    );
    assert!(
        matches!(c.delete_neighbour(&proxy4), Err(Error::Kernel(k)) if k.errno == Errno::NOENT)
    );
}

#[test]
fn errors_are_the_kernels_or_caught_before_sending() {
    let (ns, c, idx) = setup();
    let dst = ip_addr("192.0.2.20");

    // An interface that does not exist: ENODEV from the kernel, with or without an lladdr.
    let missing = NeighRequest::new(999, dst);
    let err = c.add_neighbour(&missing).unwrap_err();
    assert!(
        matches!(&err, Error::Kernel(k) if k.errno == Errno::NODEV),
        "{err}"
    );
    let missing = NeighRequest::with_lladdr(999, dst, &[2, 0, 0, 0, 0, 1]);
    assert!(matches!(c.add_neighbour(&missing), Err(Error::Kernel(k)) if k.errno == Errno::NODEV));

    // A 5-byte and a 7-byte address on Ethernet. The kernel refuses the first with EINVAL and
    // would take the second, dropping its last byte; both are refused before being sent.
    for len in [5, 7] {
        let bad = NeighRequest::with_lladdr(idx, dst, &vec![2; len]);
        let err = c.add_neighbour(&bad).unwrap_err();
        assert!(matches!(err, Error::InvalidArgument(_)), "{err}");
        assert_eq!(
            err.to_string(),
            format!(
                "invalid argument: link-layer address {} has {len} bytes; interface {idx} uses 6",
                vec!["02"; len].join(":")
            )
        );
        assert!(matches!(
            c.replace_neighbour(&bad),
            Err(Error::InvalidArgument(_))
        ));
    }
    // Nothing reached the kernel.
    assert_eq!(
        ns.ip_value(&["neigh", "show", "nud", "all", "192.0.2.20"])
            .as_array()
            .unwrap()
            .len(),
        0
    );

    // Proxy entries carry no link-layer address.
    let mut proxy = NeighRequest::proxy(idx, dst);
    proxy.lladdr = Some(vec![2, 0, 0, 0, 0, 1]);
    assert!(matches!(
        c.add_neighbour(&proxy),
        Err(Error::InvalidArgument(_))
    ));
    // A cache entry needs an interface; the unspecified address is no neighbour.
    assert!(matches!(
        c.add_neighbour(&NeighRequest::with_lladdr(0, dst, &[2, 0, 0, 0, 0, 1])),
        Err(Error::InvalidArgument(_))
    ));
    assert!(matches!(
        c.add_neighbour(&NeighRequest::new(idx, ip_addr("::"))),
        Err(Error::InvalidArgument(_))
    ));
    assert_eq!(
        ns.ip_value(&["neigh", "show", "proxy"])
            .as_array()
            .unwrap()
            .len(),
        0
    );

    // A dump filtered on an interface that does not exist is empty, not an error.
    let none = c.neighbours(NeighFilter::default().index(999)).unwrap();
    assert!(none.is_empty());
}

#[test]
fn bridge_master_filter_and_streaming_views() {
    let (ns, c, idx) = setup();
    ns.ip_batch(
        "link add nbr0 type bridge\n\
         link set nb1 master nbr0\n\
         link set nbr0 up\n\
         addr add 198.51.100.1/24 dev nbr0\n\
         neigh add 198.51.100.7 lladdr 02:00:00:00:00:77 dev nbr0 nud permanent\n\
         neigh add 203.0.113.5 lladdr 02:00:00:00:00:55 dev nb1 nud permanent\n",
    );
    let br = index(&ns, "nbr0");
    c.add_neighbour(&NeighRequest::with_lladdr(
        idx,
        ip_addr("192.0.2.9"),
        &[2, 0, 0, 0, 0, 9],
    ))
    .unwrap();

    // NDA_MASTER: entries on ports of nbr0, that is on nb1. The entries carry no NDA_MASTER,
    // so only the kernel can have left out those on nb0 and nbr0.
    let on_bridge = compare_with_ip(&ns, &["master", "nbr0", "nud", "all"], || {
        c.neighbours(NeighFilter::default().master(br)).unwrap()
    });
    let nb1 = index(&ns, "nb1");
    assert!(on_bridge.iter().all(|n| n.index == nb1), "{on_bridge:#?}");
    assert!(
        on_bridge
            .iter()
            .any(|n| n.destination == Some(ip_addr("203.0.113.5")))
    );

    // The streaming views see what the owned list holds.
    let mut seen = Vec::new();
    c.for_each_neighbour(NeighFilter::default(), |n| {
        seen.push((n.index(), n.destination()?, n.state()));
        Ok(())
    })
    .unwrap();
    let owned: Vec<_> = c
        .neighbours(NeighFilter::default())
        .unwrap()
        .iter()
        .map(|n| (n.index, n.destination, n.state))
        .collect();
    assert_eq!(seen, owned);
    assert!(seen.contains(&(br, Some(ip_addr("198.51.100.7")), NeighState::PERMANENT)));
    assert!(seen.contains(&(idx, Some(ip_addr("192.0.2.9")), NeighState::PERMANENT)));
}

#[test]
fn a_dump_across_many_datagrams_is_complete() {
    let (ns, c, idx) = setup();
    // IPv6 neighbours: what is tested is a dump across datagrams, not a family, and 900
    // distinct neighbours do not fit in the 768 IPv4 documentation addresses. Each is about 88
    // bytes: more than 64 KiB, so at least three datagrams.
    let mut batch = String::new();
    for i in 0..900u32 {
        batch.push_str(&format!(
            "neigh add 2001:db8::1:{:x} lladdr 02:00:00:00:{:02x}:{:02x} dev nb0 nud permanent\n",
            i + 1,
            i / 256,
            i % 256
        ));
    }
    ns.ip_batch(&batch);
    let all = compare_with_ip(&ns, &["-6", "dev", "nb0", "nud", "all"], || {
        c.neighbours(
            NeighFilter::default()
                .family(AddressFamily::INET6)
                .index(idx),
        )
        .unwrap()
    });
    // The kernel may add entries of its own (multicast, NOARP); ours are the permanent ones.
    let ours = all
        .iter()
        .filter(|n| n.state == NeighState::PERMANENT)
        .count();
    assert_eq!(ours, 900);
}

/// Runs `bridge -n NAME ARGS...` and parses its JSON output.
fn bridge_value(ns: &TestNs, args: &[&str]) -> Value {
    let out = std::process::Command::new("bridge")
        .args(["-n", ns.name(), "-j"])
        .args(args)
        .output()
        .expect("bridge (iproute2) runs");
    assert!(
        out.status.success(),
        "bridge {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    if text.trim().is_empty() {
        return Value::Array(Vec::new());
    }
    netlink_testns::serde_json::from_str(&text).unwrap()
}

fn bridge(ns: &TestNs, args: &[&str]) {
    let out = std::process::Command::new("bridge")
        .args(["-n", ns.name()])
        .args(args)
        .output()
        .expect("bridge (iproute2) runs");
    assert!(
        out.status.success(),
        "bridge {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The forwarding database (`AF_BRIDGE`): bridge port entries with a master (this kernel has
/// no bridge VLAN filtering, so `NDA_VLAN` is only decoded in unit tests), and
/// VXLAN entries with a remote, port, VNI and outgoing interface, compared with
/// `bridge -j fdb show` field by field.
#[test]
fn forwarding_database_compared_with_bridge_fdb() {
    let (ns, c, _) = setup();
    ns.ip_batch(
        "link add nbr0 type bridge\n\
         link set nb1 master nbr0\n\
         link set nbr0 up\n\
         link add nvx0 type vxlan id 42 dstport 4789 local 192.0.2.1 dev nb0\n\
         link set nvx0 up\n",
    );
    bridge(
        &ns,
        &[
            "fdb",
            "add",
            "02:00:00:00:00:42",
            "dev",
            "nb1",
            "master",
            "static",
        ],
    );
    bridge(
        &ns,
        &[
            "fdb",
            "append",
            "00:00:00:00:00:00",
            "dev",
            "nvx0",
            "dst",
            "192.0.2.50",
            "port",
            "4790",
            "self",
            "permanent",
        ],
    );
    bridge(
        &ns,
        &[
            "fdb",
            "add",
            "02:00:00:00:00:43",
            "dev",
            "nvx0",
            "dst",
            "192.0.2.51",
            "vni",
            "43",
            "self",
            "permanent",
            "via",
            "nb0",
        ],
    );
    let names = link_names(&ns);
    let fetch = || {
        c.neighbours(NeighFilter::default().family(AddressFamily::BRIDGE))
            .unwrap()
    };
    // Learned entries come and go with the traffic the links make; retake until both agree.
    let key = |ifindex: u32, mac: &str| (ifindex, mac.to_owned());
    let mut attempt = 0;
    let (ours, theirs) = loop {
        let ours = fetch();
        let theirs = bridge_value(&ns, &["fdb", "show"]);
        let theirs = theirs.as_array().unwrap().clone();
        let mut a: Vec<_> = ours
            .iter()
            .map(|n| key(n.index, &n.lladdr_string().unwrap()))
            .collect();
        let mut b: Vec<_> = theirs
            .iter()
            .map(|e| {
                key(
                    names[e["ifname"].as_str().unwrap()],
                    e["mac"].as_str().unwrap(),
                )
            })
            .collect();
        a.sort();
        b.sort();
        if a == b || attempt == 50 {
            break (ours, theirs);
        }
        attempt += 1;
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    assert_eq!(
        ours.len(),
        theirs.len(),
        "ours {ours:#?}\nbridge: {theirs:#?}"
    );
    let mut checked = 0;
    for e in &theirs {
        let ifindex = names[e["ifname"].as_str().unwrap()];
        let mac = e["mac"].as_str().unwrap();
        let dst = e["dst"].as_str().map(ip_addr);
        // The same MAC can have several remotes on a VXLAN device: match on the remote too.
        let o = ours
            .iter()
            .find(|o| {
                o.index == ifindex
                    && o.lladdr_string().as_deref() == Some(mac)
                    && o.destination == dst
                    && o.vlan == e["vlan"].as_u64().map(|v| v as u16)
            })
            .unwrap_or_else(|| panic!("{mac} on {ifindex} missing from {ours:#?}"));
        assert_eq!(o.family, AddressFamily::BRIDGE);
        assert_eq!(o.master, e["master"].as_str().map(|m| names[m]), "{mac}");
        assert_eq!(o.port, e["port"].as_u64().map(|p| p as u16), "{mac}");
        assert_eq!(o.vni, e["vni"].as_u64().map(|v| v as u32), "{mac}");
        assert_eq!(
            o.remote_ifindex,
            e["viaIf"].as_str().map(|m| names[m]),
            "{mac}"
        );
        // bridge prints one word for the state: the first of permanent, static, stale.
        let state = if o.state.contains(NeighState::PERMANENT) {
            "permanent"
        } else if o.state.contains(NeighState::NOARP) {
            "static"
        } else if o.state.contains(NeighState::STALE) {
            "stale"
        } else {
            ""
        };
        assert_eq!(Some(state), e["state"].as_str(), "{mac}");
        let flags: Vec<&str> = e["flags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap())
            .collect();
        for (flag, word) in [
            (NeighFlags::SELF, "self"),
            (NeighFlags::EXT_LEARNED, "extern_learn"),
            (NeighFlags::OFFLOADED, "offload"),
            (NeighFlags::STICKY, "sticky"),
            (NeighFlags::ROUTER, "router"),
        ] {
            assert_eq!(
                o.flags.contains(flag),
                flags.contains(&word),
                "{word} of {mac}"
            );
        }
        checked += 1;
    }
    assert_eq!(checked, ours.len());
    // The entries made above, decoded field by field.
    let nb1 = names["nb1"];
    let nvx0 = names["nvx0"];
    let port_entry = ours
        .iter()
        .find(|n| n.lladdr_string().as_deref() == Some("02:00:00:00:00:42"))
        .unwrap();
    assert_eq!(
        (port_entry.index, port_entry.vlan, port_entry.master),
        (nb1, None, Some(names["nbr0"]))
    );
    assert_eq!(port_entry.state, NeighState::NOARP);
    let remote = ours
        .iter()
        .find(|n| n.destination == Some(ip_addr("192.0.2.51")))
        .unwrap();
    assert_eq!(
        (remote.index, remote.vni, remote.remote_ifindex),
        (nvx0, Some(43), Some(names["nb0"]))
    );
    let flood = ours
        .iter()
        .find(|n| n.destination == Some(ip_addr("192.0.2.50")))
        .unwrap();
    assert_eq!(flood.port, Some(4790));
    assert_eq!(flood.lladdr.as_deref(), Some(&[0u8; 6][..]));

    // Every attribute the kernel sent for the forwarding database decodes typed, untyped none.
    let mut w = netlink::netlink_wire::check::Walker::new();
    c.for_each_neighbour(NeighFilter::default().family(AddressFamily::BRIDGE), |n| {
        netlink::netlink_wire::check::walk_message(n.msg(), &mut w);
        Ok(())
    })
    .unwrap();
    let s = w.summary;
    assert_eq!((s.errors, s.typed_errors), (0, 0), "{s:?}");
    // Each carries at least NDA_LLADDR (a device's own addresses carry nothing else).
    assert!(s.typed >= ours.len(), "{s:?}");
}
