//! Every prefix of every name in `ip` 6.1's tables (its objects, each object's verbs, monitor's
//! words, the global options) resolves in `nlctl` as it does in `ip`, or is refused by `nlctl`
//! as not supported yet under the name `ip` gives it. `ip` itself is the oracle: for each
//! prefix both tools run the same command line in twin namespaces, and what they do (exit
//! status, output, kernel state) must agree; when `nlctl` refuses a word, `ip` must do with the
//! prefix exactly what it does with the full name `nlctl` gave. The tests fail, never skip,
//! without root or iproute2.

mod common;

use common::{Outcome, Scenario, Tool, first_err_line, fresh, play, prefixes, run, run_in};
use netlink_testns::serde_json::Value;

/// ip 6.1's object names, in its table's order.
const OBJECTS: [&str; 34] = [
    "address",
    "addrlabel",
    "maddress",
    "route",
    "rule",
    "neighbor",
    "neighbour",
    "ntable",
    "ntbl",
    "link",
    "l2tp",
    "fou",
    "ila",
    "macsec",
    "tunnel",
    "tunl",
    "tuntap",
    "tap",
    "token",
    "tcpmetrics",
    "tcp_metrics",
    "monitor",
    "xfrm",
    "mroute",
    "mrule",
    "netns",
    "netconf",
    "vrf",
    "sr",
    "nexthop",
    "mptcp",
    "ioam",
    "stats",
    "help",
];

/// The object `ip WORD help` printed the usage of, by its usage's first line; `None` for an
/// unknown object.
fn ip_object(ns: &netlink_testns::TestNs, word: &str) -> Option<String> {
    let o = run_in(Tool::Ip, ns, &[word, "help"]);
    let line = first_err_line(&o);
    if line.contains("is unknown") {
        assert_eq!(o.status.code(), Some(1), "ip {word}: {line}");
        return None;
    }
    let name = line.split_whitespace().nth(2).unwrap_or_default();
    Some(
        match name {
            "maddr" => "maddress",
            "tcp_metrics/tcpmetrics" => "tcp_metrics",
            "[" => "help",
            // `ip mrule help` prints the rule usage.
            "rule" if word.starts_with('m') => "mrule",
            n => n,
        }
        .to_owned(),
    )
}

/// The object `nlctl WORD help` resolved `WORD` to: the usage it printed, or the object it
/// refused by name; `None` for an unknown object.
fn nlctl_object(ns: &netlink_testns::TestNs, word: &str) -> Option<String> {
    let o = run_in(Tool::Nlctl, ns, &[word, "help"]);
    let line = first_err_line(&o);
    if line.contains("is unknown") {
        assert_eq!(o.status.code(), Some(1), "nlctl {word}: {line}");
        return None;
    }
    assert_eq!(o.status.code(), Some(255), "nlctl {word} help: {line}");
    if let Some(rest) = line.strip_prefix("nlctl: object \"") {
        assert!(line.ends_with("is not supported yet"), "{line}");
        return rest.split('"').next().map(str::to_owned);
    }
    let name = line.split_whitespace().nth(2).unwrap_or_default();
    Some(if name == "[" { "help" } else { name }.to_owned())
}

#[test]
fn every_prefix_of_every_object_resolves_as_in_ip() {
    let ns = fresh("");
    let mut words = prefixes(&OBJECTS);
    words.extend(["nh", "addresses", "x"]);
    for w in words {
        let theirs = ip_object(&ns, w);
        let ours = nlctl_object(&ns, w);
        // ip's names for the object `nlctl` names `neigh`.
        let theirs = theirs.map(|t| {
            if t.starts_with("neigh") {
                "neigh".to_owned()
            } else {
                t
            }
        });
        assert_eq!(ours, theirs, "object word {w:?}");
    }
}

/// The canonical verb named in an `nlctl` error about `object` (`"address save" is not
/// supported yet`, `route flush: the word ...`).
fn named_verb(err: &str, object: &str) -> Option<String> {
    let at = err.find(&format!("{object} "))?;
    let rest = err.get(at + object.len() + 1..)?;
    let verb: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    (!verb.is_empty()).then_some(verb)
}

/// The outcomes without standard error.
fn outcomes(runs: &[(Outcome, String, Value)]) -> Vec<Outcome> {
    runs.iter().map(|(o, _, _)| o.clone()).collect()
}

/// For each prefix of each of `object`'s verb names in ip, the same command in twin
/// namespaces per scenario: each run of nlctl does what ip's does, or refuses (exit 255, state
/// untouched) a verb or a word of the verb; then ip must do with the prefix exactly what it
/// does with the verb's full name that nlctl gave.
fn verbs_resolve_as_in_ip(object: &str, verbs: &[&'static str], scenarios: &[Scenario]) {
    let mut full: std::collections::HashMap<String, Vec<Outcome>> = Default::default();
    for p in prefixes(verbs) {
        let theirs = play(Tool::Ip, object, p, scenarios);
        let ours = play(Tool::Nlctl, object, p, scenarios);
        let mut refused_as = None;
        for (i, ((o, e, before), (t, _, _))) in ours.iter().zip(&theirs).enumerate() {
            if e.contains("is not supported yet") {
                let v = named_verb(e, object)
                    .unwrap_or_else(|| panic!("{object} {p}: no verb named in {e:?}"));
                assert_eq!(o.code, Some(255), "{object} {p} run {i}: {e}");
                assert_eq!(
                    &o.state, before,
                    "{object} {p} run {i}: a refusal changed the state"
                );
                refused_as = Some(v);
            } else {
                assert!(
                    o == t,
                    "{object} {p}: nlctl and ip differ\n{}",
                    common::explain(&ours, &theirs)
                );
            }
        }
        if let Some(v) = refused_as {
            let ip_full = full
                .entry(v.clone())
                .or_insert_with(|| outcomes(&play(Tool::Ip, object, &v, scenarios)));
            assert!(
                &outcomes(&theirs) == ip_full,
                "{object} {p}: nlctl refused it as {v:?}, which ip does not take it for: \
                 ip {p} exits {:?}, ip {v} {:?}",
                outcomes(&theirs).iter().map(|o| o.code).collect::<Vec<_>>(),
                ip_full.iter().map(|o| o.code).collect::<Vec<_>>()
            );
        }
    }
}

#[test]
fn address_verbs_resolve_as_in_ip() {
    verbs_resolve_as_in_ip(
        "address",
        &[
            "add", "change", "chg", "replace", "delete", "list", "show", "lst", "flush", "save",
            "showdump", "restore", "help",
        ],
        &[
            Scenario {
                setup: "",
                args: &["192.0.2.200/24", "dev", "v0"],
                runs: 2,
            },
            Scenario {
                setup: "addr add 198.51.100.1/24 dev v0",
                args: &["to", "198.51.100.1/24", "dev", "v0"],
                runs: 1,
            },
        ],
    );
}

#[test]
fn route_verbs_resolve_as_in_ip() {
    let args: &[&str] = &["198.51.100.0/24", "dev", "v0"];
    verbs_resolve_as_in_ip(
        "route",
        &[
            "add", "change", "chg", "replace", "prepend", "append", "test", "delete", "list",
            "show", "lst", "get", "flush", "save", "restore", "showdump", "help",
        ],
        &[
            Scenario {
                setup: "",
                args,
                runs: 2,
            },
            Scenario {
                setup: "route add 198.51.100.0/24 dev v0",
                args,
                runs: 1,
            },
            // Another route to the same prefix: add and test refuse, append and prepend add
            // theirs after or before it, change and replace replace it.
            Scenario {
                setup: "route add 198.51.100.0/24 via 192.0.2.2",
                args,
                runs: 1,
            },
        ],
    );
}

#[test]
fn rule_verbs_resolve_as_in_ip() {
    let args: &[&str] = &["table", "100", "priority", "777"];
    verbs_resolve_as_in_ip(
        "rule",
        &[
            "list", "lst", "show", "save", "restore", "add", "delete", "flush", "help",
        ],
        &[
            Scenario {
                setup: "",
                args,
                runs: 2,
            },
            Scenario {
                setup: "rule add table 100 priority 777",
                args,
                runs: 1,
            },
        ],
    );
}

#[test]
fn neigh_verbs_resolve_as_in_ip() {
    verbs_resolve_as_in_ip(
        "neigh",
        &[
            "add", "change", "chg", "replace", "delete", "get", "show", "lst", "list", "flush",
            "help",
        ],
        &[
            Scenario {
                setup: "",
                args: &["192.0.2.77", "lladdr", "02:00:00:00:00:77", "dev", "v0"],
                runs: 2,
            },
            Scenario {
                setup: "neigh add 192.0.2.77 lladdr 02:00:00:00:00:77 dev v0 nud stale",
                args: &["dev", "v0"],
                runs: 1,
            },
        ],
    );
}

#[test]
fn link_verbs_resolve_as_in_ip() {
    verbs_resolve_as_in_ip(
        "link",
        &[
            "add", "set", "change", "replace", "delete", "show", "lst", "list", "xstats",
            "afstats", "property", "help",
        ],
        &[
            Scenario {
                setup: "",
                args: &["v1", "mtu", "1400"],
                runs: 1,
            },
            Scenario {
                setup: "",
                args: &["v1"],
                runs: 1,
            },
        ],
    );
}

#[test]
fn nexthop_verbs_resolve_as_in_ip() {
    verbs_resolve_as_in_ip(
        "nexthop",
        &[
            "add", "replace", "delete", "list", "show", "lst", "get", "bucket", "flush", "help",
        ],
        &[
            Scenario {
                setup: "",
                args: &["id", "77", "dev", "v0"],
                runs: 2,
            },
            Scenario {
                setup: "nexthop add id 77 dev v0",
                args: &["id", "77"],
                runs: 1,
            },
        ],
    );
}

/// What `TOOL monitor WORD help` says: a usage (the word was taken and `help` read after it),
/// an unknown argument, a refusal naming the word's full name, or another error (the word
/// took `help` as its value).
#[derive(Debug, PartialEq, Eq)]
enum Said {
    Usage,
    Unknown,
    Refused(String),
    Other,
}

fn monitor_says(tool: Tool, ns: &netlink_testns::TestNs, word: &str) -> Said {
    let o = run_in(tool, ns, &["monitor", word, "help"]);
    let line = first_err_line(&o);
    assert_eq!(
        o.status.code(),
        Some(255),
        "{tool:?} monitor {word} help: {line}"
    );
    if line.starts_with("Usage:") {
        Said::Usage
    } else if line.contains("is unknown") {
        Said::Unknown
    } else if line.contains("is not supported yet") {
        let name = line
            .rsplit_once('(')
            .and_then(|(_, n)| n.split(')').next())
            .map_or(word.to_owned(), str::to_owned);
        Said::Refused(name)
    } else {
        Said::Other
    }
}

#[test]
fn every_prefix_of_every_monitor_word_resolves_as_in_ip() {
    let ns = fresh("");
    let names = [
        "file", "label", "link", "address", "route", "mroute", "prefix", "neigh", "netconf",
        "rule", "nsid", "nexthop", "stats", "all", "all-nsid", "help", "dev",
    ];
    let mut words = prefixes(&names);
    words.extend(["nh", "addr", "neighbour", "bogus"]);
    for w in words {
        let theirs = monitor_says(Tool::Ip, &ns, w);
        match monitor_says(Tool::Nlctl, &ns, w) {
            Said::Refused(full) => {
                assert_ne!(theirs, Said::Unknown, "monitor {w}: ip knows no such word");
                assert_eq!(
                    theirs,
                    monitor_says(Tool::Ip, &ns, &full),
                    "monitor {w}: refused as {full:?}, which ip does not take it for"
                );
            }
            // A word nlctl applies: ip takes it too, and reads `help` after it.
            Said::Usage => assert_eq!(theirs, Said::Usage, "monitor {w}"),
            ours => assert_eq!(ours, theirs, "monitor {w}"),
        }
    }
}

/// What `TOOL OPTION -V` does: prints a version (a flag option), or fails in the way that
/// tells the option that took `-V` as its value.
fn option_takes(tool: Tool, word: &str) -> String {
    let o = run(tool, &[word, "-V"]);
    let out = String::from_utf8_lossy(&o.stdout);
    let err = first_err_line(&o);
    let class = if out.contains("iproute2") || out.starts_with("nlctl ") {
        "version"
    } else if err.starts_with("Usage:") {
        "usage"
    } else if err.contains("invalid protocol family") {
        "family"
    } else if err.contains("Cannot open file") {
        "batch"
    } else if err.contains("rcvbuf") {
        "rcvbuf"
    } else if err.contains("Cannot open network namespace") {
        "netns"
    } else if err.contains("is unknown") {
        "unknown"
    } else {
        "other"
    };
    format!("{class} {:?}", o.status.code())
}

/// What `TOOL OPTION -n NS link show dev lo` prints, as the class of option that shows in it.
fn option_shows(tool: Tool, ns: &netlink_testns::TestNs, word: &str) -> String {
    let o = run(tool, &[word, "-n", ns.name(), "link", "show", "dev", "lo"]);
    let out = String::from_utf8_lossy(&o.stdout);
    let err = first_err_line(&o);
    if let Some(rest) = err.strip_prefix("nlctl: option ")
        && err.ends_with("is not supported yet")
    {
        return format!(
            "refused {}",
            rest.split_whitespace().next().unwrap_or_default()
        );
    }
    let class = if out.contains("iproute2") || out.starts_with("nlctl ") {
        "version"
    } else if !o.status.success() {
        "fails"
    } else if out.starts_with('[') {
        "json"
    } else if out.contains("RX:") {
        "stats"
    } else if out.contains("promiscuity") {
        "details"
    } else if out.contains('\x1b') {
        "color"
    } else if out.contains('\\') {
        "oneline"
    } else if out.lines().count() == 1 {
        "brief"
    } else {
        "plain"
    };
    class.to_owned()
}

#[test]
fn every_prefix_of_every_option_resolves_as_in_ip() {
    let ns = fresh("");
    let names = [
        "-loops",
        "-family",
        "-4",
        "-6",
        "-0",
        "-M",
        "-B",
        "-human",
        "-human-readable",
        "-iec",
        "-stats",
        "-statistics",
        "-details",
        "-resolve",
        "-oneline",
        "-timestamp",
        "-tshort",
        "-Version",
        "-force",
        "-batch",
        "-brief",
        "-json",
        "-pretty",
        "-rcvbuf",
        "-color",
        "-help",
        "-netns",
        "-Numeric",
        "-all",
    ];
    let mut words = prefixes(&names);
    // Two dashes read as one; an unknown option; colour values.
    words.extend([
        "--json", "--stats", "-x", "-I", "-D", "-v", "---j", "-c=never", "-c=auto", "-c=bad",
    ]);
    for w in words {
        assert_eq!(
            option_takes(Tool::Nlctl, w).split(' ').next(),
            option_takes(Tool::Ip, w).split(' ').next(),
            "option {w:?} with -V after it"
        );
        let theirs = option_shows(Tool::Ip, &ns, w);
        match option_shows(Tool::Nlctl, &ns, w) {
            refused if refused.starts_with("refused ") => {
                let full = refused.trim_start_matches("refused ");
                assert_eq!(
                    theirs,
                    option_shows(Tool::Ip, &ns, full),
                    "option {w:?}: refused as {full}, which ip does not take it for"
                );
            }
            ours => assert_eq!(ours, theirs, "option {w:?} with link show"),
        }
    }
}
