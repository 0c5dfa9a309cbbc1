//! `nlctl sr hmac set` against `ip sr hmac set` (iproute2 6.1) in fresh namespaces: both read
//! the secret from standard input when there is no terminal, a blank one deletes the key, and
//! the keys print alike in text and JSON. The rest of `sr` and `ioam` is in the differential
//! suite (`tests/differential/genl_objects.txt`).

mod common;

use std::io::Write;
use std::process::{Command, Output, Stdio};

use common::{NLCTL, Tool, stdout_of};
use netlink_testns::TestNs;

/// `PROGRAM -n NS sr hmac set ID ALGO` with `input` on standard input.
fn hmac_set(program: &str, ns: &TestNs, id: &str, algo: &str, input: &str) -> Output {
    let mut child = Command::new(program)
        .args(["-n", ns.name(), "sr", "hmac", "set", id, algo])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn hmac_set_reads_the_secret_as_ip_does() {
    let ours = TestNs::new();
    let theirs = TestNs::new();
    for (id, algo, secret) in [("10", "sha256", "s3cret\n"), ("11", "sha1", "abc\n")] {
        let a = hmac_set(NLCTL, &ours, id, algo, secret);
        let b = hmac_set("ip", &theirs, id, algo, secret);
        assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
        assert!(b.status.success(), "{}", String::from_utf8_lossy(&b.stderr));
        // The prompt, on standard error, is ip's.
        assert!(
            String::from_utf8_lossy(&a.stderr)
                .starts_with("Enter secret for HMAC key ID (blank to delete): ")
        );
    }
    // Keys come in the kernel's hash order, which differs between namespaces: compare sorted.
    for args in [&["sr", "hmac", "show"][..], &["-j", "sr", "hmac", "show"]] {
        let sorted = |s: String| {
            let mut v: Vec<String> = if args[0] == "-j" {
                let v: netlink_testns::serde_json::Value =
                    netlink_testns::serde_json::from_str(&s).unwrap();
                v.as_array()
                    .unwrap()
                    .iter()
                    .map(|e| e.to_string())
                    .collect()
            } else {
                s.lines().map(str::to_owned).collect()
            };
            v.sort();
            v
        };
        assert_eq!(
            sorted(stdout_of(Tool::Nlctl, &ours, args)),
            sorted(stdout_of(Tool::Ip, &theirs, args)),
            "{args:?}"
        );
    }
    // A blank secret deletes; again, the key is gone: both fail with exit 1.
    for input in ["\n", "\n"] {
        let a = hmac_set(NLCTL, &ours, "10", "sha256", input);
        let b = hmac_set("ip", &theirs, "10", "sha256", input);
        assert_eq!(a.status.code(), b.status.code());
    }
    assert_eq!(
        stdout_of(Tool::Nlctl, &ours, &["sr", "hmac", "show"]),
        "hmac 11 algo sha1 secret \"abc\"\n"
    );
    let again = hmac_set(NLCTL, &ours, "10", "sha256", "\n");
    assert_eq!(again.status.code(), Some(1));
}
