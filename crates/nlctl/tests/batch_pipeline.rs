//! `-force -batch` sends runs of route changes pipelined: against `ip -force -batch` in a twin
//! namespace, the same exit status, output, failed lines (`Command failed FILE:LINE`) and
//! kernel state, for a file that mixes routes that fail with other commands.

mod common;

use common::{Tool, run_in, state};
use netlink_testns::TestNs;

/// A namespace with v0/v1 up and 192.0.2.1/24 on v0.
fn prepared() -> TestNs {
    let ns = TestNs::new();
    ns.ip_batch(
        "link add v0 address 02:00:00:00:00:01 type veth peer name v1 address 02:00:00:00:00:02\nlink set v0 up\nlink set v1 up\n\
         addr add 192.0.2.1/24 dev v0\n",
    );
    ns.settle();
    ns
}

/// The `Command failed FILE:LINE` lines of a run's standard error, with the tool's name
/// stripped.
fn failed_lines(stderr: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(stderr)
        .lines()
        .filter_map(|l| l.split_once("Command failed ").map(|(_, at)| at.to_owned()))
        .collect()
}

#[test]
fn force_batch_of_routes_reports_the_lines_ip_reports_and_leaves_the_same_state() {
    let dir = std::env::temp_dir().join(format!("nlctl-pipeline-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("routes.batch");
    let mut text = String::new();
    // 3,000 routes (more than fit one sendmsg), every 100th a duplicate, a bad device and a
    // show in the middle, then deletions of half of them with a missing one.
    for i in 0..3000u32 {
        let j = if i % 100 == 99 { i - 1 } else { i };
        text.push_str(&format!(
            "route add 2001:db8:{:x}:{:x}::/64 dev v0\n",
            j >> 8,
            j & 0xff
        ));
        if i == 1500 {
            text.push_str("route add 198.51.100.0/24 dev nosuchdev\n");
            text.push_str("addr add 192.0.2.9/24 dev v1\n");
            text.push_str("route show 2001:db8:5:dc::/64\n");
        }
    }
    for i in (0..3000u32).step_by(2) {
        text.push_str(&format!(
            "route del 2001:db8:{:x}:{:x}::/64\n",
            i >> 8,
            i & 0xff
        ));
    }
    text.push_str("route del 2001:db8:ffff::/64\n");
    std::fs::write(&file, &text).unwrap();
    let path = file.to_str().unwrap();

    let (theirs, ours) = (prepared(), prepared());
    let ip = run_in(Tool::Ip, &theirs, &["-force", "-batch", path]);
    let nl = run_in(Tool::Nlctl, &ours, &["-force", "-batch", path]);
    assert_eq!(nl.status.code(), ip.status.code());
    assert_eq!(ip.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&nl.stdout),
        String::from_utf8_lossy(&ip.stdout)
    );
    let (a, b) = (failed_lines(&ip.stderr), failed_lines(&nl.stderr));
    assert_eq!(a.len(), 30 + 1 + 1, "ip: {a:?}");
    assert_eq!(b, a, "the same lines failed, in the same order");
    let (a, b) = (state(&theirs), state(&ours));
    let entries = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .into_iter()
            .flatten()
            .flat_map(|d| d.as_array().cloned().unwrap_or_default())
            .map(|e| e.to_string())
            .collect()
    };
    let (ea, eb) = (entries(&a), entries(&b));
    let only_ip: Vec<&String> = ea.iter().filter(|e| !eb.contains(e)).collect();
    let only_nl: Vec<&String> = eb.iter().filter(|e| !ea.contains(e)).collect();
    assert!(
        only_ip.is_empty() && only_nl.is_empty(),
        "ip only: {only_ip:#?}\nnlctl only: {only_nl:#?}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
