//! The MPTCP path manager on the real kernel, against `ip mptcp` (iproute2 6.1): endpoints,
//! limits and events, in a fresh namespace each.

mod genl_support;

use netlink::Errno;
use std::io::Read;
use std::process::{Command, Stdio};
use std::time::Duration;

use genl_support::{genl, run, tool, veth_ns};
use netlink::genl::mptcp::{MptcpEndpoint, MptcpEventData, MptcpLimits};
use netlink::netlink_wire::genl::GenlMsg;
use netlink::netlink_wire::genl::mptcp::{EndpointFlags, MptcpEvent};
use netlink_testns::TestNs;

/// Our endpoints printed as `ip mptcp endpoint show` prints them, names filled in from `ip`.
fn ours_as_ip(ns: &TestNs, eps: &mut [MptcpEndpoint]) -> String {
    for ep in eps.iter_mut() {
        if let Some(i) = ep.ifindex {
            let links = ns.ip_value(&["link", "show"]);
            let name = links
                .as_array()
                .unwrap()
                .iter()
                .find(|l| l["ifindex"].as_u64() == Some(u64::from(i)))
                .map(|l| l["ifname"].as_str().unwrap().to_owned());
            ep.ifname = name;
        }
    }
    eps.iter().map(|e| format!("{e}\n")).collect()
}

#[test]
fn endpoints_match_ip_mptcp_endpoint_show() {
    let ns = veth_ns();
    let g = genl(&ns);
    // Two added by ip, two by us.
    ns.ip(&[
        "mptcp",
        "endpoint",
        "add",
        "192.0.2.1",
        "dev",
        "veth0",
        "signal",
        "id",
        "5",
    ]);
    ns.ip(&[
        "mptcp",
        "endpoint",
        "add",
        "2001:db8::1",
        "port",
        "8080",
        "signal",
        "backup",
    ]);
    let veth0 = ns.ip_value(&["link", "show", "dev", "veth0"])[0]["ifindex"]
        .as_u64()
        .unwrap() as u32;
    g.add_mptcp_endpoint(
        &MptcpEndpoint::new("192.0.2.7".parse().unwrap())
            .flags(EndpointFlags::SUBFLOW | EndpointFlags::FULLMESH),
    )
    .unwrap();
    g.add_mptcp_endpoint(
        &MptcpEndpoint::new("198.51.100.9".parse().unwrap())
            .id(42)
            .flags(EndpointFlags::SIGNAL)
            .ifindex(veth0),
    )
    .unwrap();
    let mut ours = g.mptcp_endpoints().unwrap();
    assert_eq!(ours.len(), 4);
    assert_eq!(
        ours_as_ip(&ns, &mut ours),
        ns.ip(&["mptcp", "endpoint", "show"])
    );
    // Key by key against ip -j.
    let theirs = ns.ip_value(&["mptcp", "endpoint", "show"]);
    for (o, t) in ours.iter().zip(theirs.as_array().unwrap()) {
        assert_eq!(o.addr.to_string(), t["address"].as_str().unwrap());
        assert_eq!(u64::from(o.id), t["id"].as_u64().unwrap());
        assert_eq!(
            o.port.filter(|p| *p != 0).map(u64::from),
            t["port"].as_u64()
        );
        for flag in ["signal", "subflow", "backup", "fullmesh"] {
            let set = o.flags.short_names().any(|n| n == flag);
            assert_eq!(set, t[flag] == true, "{flag} of {o}");
        }
        assert_eq!(o.ifname.as_deref(), t["dev"].as_str());
    }
    // One by id; a missing id is None.
    let five = g.mptcp_endpoint(5).unwrap().unwrap();
    assert_eq!(five.addr.to_string(), "192.0.2.1");
    assert_eq!(five.ifindex, Some(veth0));
    assert_eq!(g.mptcp_endpoint(99).unwrap(), None);
    // Flags change; delete; flush: ip sees each.
    g.set_mptcp_endpoint_flags(
        &MptcpEndpoint::new("192.0.2.1".parse().unwrap())
            .id(5)
            .flags(EndpointFlags::BACKUP),
    )
    .unwrap();
    assert!(
        ns.ip(&["mptcp", "endpoint", "show", "id", "5"])
            .contains("backup")
    );
    g.delete_mptcp_endpoint(42).unwrap();
    assert!(
        !ns.ip(&["mptcp", "endpoint", "show"])
            .contains("198.51.100.9")
    );
    assert!(g.delete_mptcp_endpoint(42).is_err());
    g.flush_mptcp_endpoints().unwrap();
    assert_eq!(ns.ip(&["mptcp", "endpoint", "show"]), "");
    assert!(g.mptcp_endpoints().unwrap().is_empty());
}

#[test]
fn limits_match_ip_mptcp_limits() {
    let ns = TestNs::new();
    let g = genl(&ns);
    assert_eq!(
        format!("{}\n", g.mptcp_limits().unwrap()),
        ns.ip(&["mptcp", "limits"])
    );
    g.set_mptcp_limits(&MptcpLimits::default().subflows(3).add_addr_accepted(4))
        .unwrap();
    assert_eq!(
        ns.ip(&["mptcp", "limits"]),
        "add_addr_accepted 4 subflows 3 \n"
    );
    ns.ip(&["mptcp", "limits", "set", "subflow", "2"]);
    let l = g.mptcp_limits().unwrap();
    assert_eq!((l.subflows, l.add_addr_accepted), (Some(2), Some(4)));
    assert_eq!(format!("{l}\n"), ns.ip(&["mptcp", "limits"]));
    // Above the kernel's maximum: refused, as ip is.
    let e = g
        .set_mptcp_limits(&MptcpLimits::default().subflows(100))
        .unwrap_err();
    let theirs = run(&ns, "ip", &["mptcp", "limits", "set", "subflow", "100"]);
    assert!(!theirs.ok);
    assert_eq!(e.errno(), Some(Errno::INVAL), "{e:?}");
}

#[test]
fn events_print_as_ip_mptcp_monitor() {
    let ns = veth_ns();
    let g = genl(&ns);
    g.subscribe("mptcp_pm", "mptcp_pm_events").unwrap();
    let (tx, rx) = crossbeam_channel::unbounded();
    g.notify(tx);
    let mut monitor = Command::new("ip")
        .args(["netns", "exec", ns.name(), "ip", "mptcp", "monitor"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    tool(
        &ns,
        "python3",
        &[
            "-c",
            "import socket,threading\n\
             s=socket.socket(socket.AF_INET,socket.SOCK_STREAM,262)\n\
             s.bind(('192.0.2.1',9001)); s.listen()\n\
             def srv():\n    c,_=s.accept(); c.recv(10); c.close()\n\
             t=threading.Thread(target=srv); t.start()\n\
             c=socket.socket(socket.AF_INET,socket.SOCK_STREAM,262)\n\
             c.connect(('192.0.2.1',9001)); c.send(b'hi'); c.close(); t.join(); s.close()\n",
        ],
    );
    std::thread::sleep(Duration::from_millis(700));
    monitor.kill().unwrap();
    let mut theirs = String::new();
    monitor
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut theirs)
        .unwrap();
    monitor.wait().unwrap();
    let mut ours = Vec::new();
    let mut kinds = Vec::new();
    while let Ok(m) = rx.recv_timeout(Duration::from_millis(300)) {
        let e = MptcpEventData::from_genl(&GenlMsg::parse(m.as_msg()).unwrap()).unwrap();
        kinds.push(e.kind);
        ours.push(e.to_string());
    }
    for want in [
        MptcpEvent::CREATED,
        MptcpEvent::ESTABLISHED,
        MptcpEvent::CLOSED,
    ] {
        assert!(kinds.contains(&want), "{want:?} not in {kinds:?}");
    }
    // ip 6.1 does not name the listener events (it prints `[UNKNOWN 15]`): leave them out.
    let mut theirs: Vec<&str> = theirs
        .lines()
        .filter(|l| !l.starts_with("[UNKNOWN"))
        .collect();
    let mut ours: Vec<&str> = ours
        .iter()
        .map(String::as_str)
        .filter(|l| !l.contains("LISTENER_"))
        .collect();
    theirs.sort_unstable();
    ours.sort_unstable();
    assert_eq!(ours, theirs);
}
