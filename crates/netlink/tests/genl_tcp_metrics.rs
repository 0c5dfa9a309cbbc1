//! The TCP metrics cache on the real kernel, against `ip tcp_metrics` (iproute2 6.1), in a
//! fresh namespace.

mod genl_support;

use genl_support::{genl, tool, veth_ns};
use netlink_testns::TestNs;

/// Makes one local TCP connection to `addr` inside `ns`, so that the kernel keeps metrics.
fn connect(ns: &TestNs, addr: &str, port: u16) {
    let family = if addr.contains(':') {
        "AF_INET6"
    } else {
        "AF_INET"
    };
    let script = format!(
        "import socket,threading\n\
         s=socket.socket(socket.{family}); s.bind(('{addr}',{port})); s.listen()\n\
         def srv():\n    c,_=s.accept(); c.recv(10); c.close()\n\
         t=threading.Thread(target=srv); t.start()\n\
         c=socket.socket(socket.{family}); c.connect(('{addr}',{port})); c.send(b'hi'); c.close(); t.join()\n"
    );
    tool(ns, "python3", &["-c", &script]);
}

/// A line of `ip tcp_metrics show` without its age, which moves between two reads.
fn without_age(line: &str) -> String {
    let mut words: Vec<&str> = line.split_whitespace().collect();
    if let Some(i) = words.iter().position(|w| *w == "age") {
        words.drain(i..i + 2);
    }
    words.join(" ")
}

#[test]
fn entries_match_ip_tcp_metrics_and_go_away() {
    let ns = veth_ns();
    let g = genl(&ns);
    connect(&ns, "192.0.2.1", 9000);
    connect(&ns, "2001:db8::1", 9001);
    let ours = g.tcp_metrics().unwrap();
    assert_eq!(ours.len(), 2, "{ours:?}");
    let theirs = ns.ip(&["tcp_metrics", "show"]);
    let mut a: Vec<String> = ours.iter().map(|m| without_age(&m.to_string())).collect();
    let mut b: Vec<String> = theirs.lines().map(without_age).collect();
    a.sort();
    b.sort();
    assert_eq!(a, b);
    // Key by key against ip -j (RTT in seconds there).
    let json = ns.ip_value(&["tcp_metrics", "show"]);
    for t in json.as_array().unwrap() {
        let m = ours
            .iter()
            .find(|m| m.addr.to_string() == t["dst"].as_str().unwrap())
            .unwrap();
        assert_eq!(
            m.saddr.map(|s| s.to_string()).as_deref(),
            t["source"].as_str()
        );
        assert_eq!(m.cwnd.map(u64::from), t["cwnd"].as_u64());
        let rtt = t["rtt"].as_f64().unwrap();
        assert!(
            (m.rtt_us().unwrap() as f64 / 1e6 - rtt).abs() < 1e-9,
            "{rtt}"
        );
    }
    // One by address; a missing one is None.
    let one = g
        .tcp_metrics_get("192.0.2.1".parse().unwrap(), None)
        .unwrap()
        .unwrap();
    assert_eq!(one.addr.to_string(), "192.0.2.1");
    assert_eq!(
        g.tcp_metrics_get("198.51.100.1".parse().unwrap(), None)
            .unwrap(),
        None
    );
    // Delete one, then flush the rest: ip sees it.
    g.delete_tcp_metrics("192.0.2.1".parse().unwrap(), None)
        .unwrap();
    assert!(!ns.ip(&["tcp_metrics", "show"]).contains("192.0.2.1 "));
    g.flush_tcp_metrics().unwrap();
    assert_eq!(ns.ip(&["tcp_metrics", "show"]), "");
    assert!(g.tcp_metrics().unwrap().is_empty());
}
