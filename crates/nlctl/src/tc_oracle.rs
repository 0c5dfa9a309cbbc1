//! The oracle for objects this kernel cannot hold: `tc` 6.1 itself, made to receive a dump a
//! test built instead of the kernel's answer (`tests/tc_support/nlshim.c`, an `LD_PRELOAD`
//! shim compiled here into a temporary directory), prints it; `nlctl`'s printers
//! (`tc_show::replay`) print the same bytes; text is compared line by line, `-j` key by key.
//!
//! The messages are the captured requests of `netlink-wire/testdata/tc` made into what the
//! kernel's `*_dump()` answers: `RTM_NEWTFILTER`/`RTM_NEWACTION`, a handle and a priority
//! where the request left them to the kernel, `TCA_CHAIN` on filters and `TCA_ROOT_COUNT`
//! on action dumps.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use netlink_testns::TestNs;
use netlink_testns::serde_json::{self, Value};

use crate::names::LinkNames;
use crate::tc_show::replay::{self, Opts};

const SHIM: &str = include_str!("../tests/tc_support/nlshim.c");

/// RTM_NEWTFILTER, RTM_GETTFILTER, RTM_NEWACTION, RTM_GETACTION, RTM_NEWCHAIN, RTM_GETCHAIN.
const NEWTFILTER: u16 = 44;
const GETTFILTER: u16 = 46;
const NEWACTION: u16 = 48;
const GETACTION: u16 = 50;
const NEWCHAIN: u16 = 100;
const GETCHAIN: u16 = 102;

/// A namespace with the capture's veth pair (`v1` is ifindex 2, `v0` 3), a temporary
/// directory with the shim, both removed on drop.
pub(crate) struct Lab {
    pub(crate) ns: TestNs,
    dir: PathBuf,
    names: LinkNames,
}

impl Lab {
    pub(crate) fn new() -> Lab {
        let ns = TestNs::new();
        ns.ip(&["link", "add", "v0", "type", "veth", "peer", "v1"]);
        let dir = std::env::temp_dir().join(format!(
            "nlctl-tc-oracle-{}-{}",
            std::process::id(),
            ns.name()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let src = dir.join("nlshim.c");
        std::fs::write(&src, SHIM).unwrap();
        let out = Command::new("gcc")
            .args(["-shared", "-fPIC", "-O1", "-Wall", "-Werror", "-o"])
            .arg(dir.join("nlshim.so"))
            .arg(&src)
            .arg("-ldl")
            .output()
            .expect("gcc, to build the tc shim");
        assert!(
            out.status.success(),
            "gcc: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut names = LinkNames::default();
        for (i, n) in [(1, "lo"), (2, "v1"), (3, "v0")] {
            names.insert(i, n);
        }
        let link = ns.ip(&["-o", "link", "show", "v0"]);
        assert!(link.starts_with("3: v0"), "{link}");
        Lab { ns, dir, names }
    }

    /// What `tc -n NS ARGS` prints when the answer to its request of type `request` is
    /// `msgs`; panics unless it succeeds.
    fn tc(&self, args: &[&str], request: u16, msgs: &[u8]) -> String {
        let file = self.dir.join("answer.bin");
        std::fs::write(&file, msgs).unwrap();
        let o = Command::new("tc")
            .args(["-n", self.ns.name()])
            .args(args)
            .env("LD_PRELOAD", self.dir.join("nlshim.so"))
            .env("NLSHIM_FILE", &file)
            .env("NLSHIM_TYPE", request.to_string())
            .stdin(Stdio::null())
            .output()
            .expect("tc");
        assert!(
            o.status.success(),
            "tc {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).unwrap()
    }
}

impl Drop for Lab {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A captured request of `testdata/tc`.
pub(crate) fn request(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../netlink-wire/testdata/tc/req-{name}.bin",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_ne_bytes(b[at..at + 4].try_into().unwrap())
}

/// `msg` with the attribute `(ty, u32 v)` appended at its top level.
fn with_u32(mut msg: Vec<u8>, ty: u16, v: u32) -> Vec<u8> {
    msg.extend_from_slice(&8u16.to_ne_bytes());
    msg.extend_from_slice(&ty.to_ne_bytes());
    msg.extend_from_slice(&v.to_ne_bytes());
    let len = msg.len() as u32;
    msg[..4].copy_from_slice(&len.to_ne_bytes());
    msg
}

/// Whether the top level of `msg` (after a header of `hdr` bytes) has attribute `ty`.
fn has_attr(msg: &[u8], hdr: usize, ty: u16) -> bool {
    let mut at = 16 + hdr;
    while at + 4 <= msg.len() {
        let len = u16::from_ne_bytes([msg[at], msg[at + 1]]) as usize;
        if u16::from_ne_bytes([msg[at + 2], msg[at + 3]]) & 0x3fff == ty {
            return true;
        }
        if len < 4 {
            break;
        }
        at += (len + 3) & !3;
    }
    false
}

/// The filter the kernel would dump for the captured request `req`: RTM_NEWTFILTER, the
/// handle 1 and priority 49152 when the request left them to the kernel, `TCA_CHAIN`.
pub(crate) fn filter_dump(req: &[u8]) -> Vec<u8> {
    let mut m = req[..u32_at(req, 0) as usize].to_vec();
    m[4..6].copy_from_slice(&NEWTFILTER.to_ne_bytes());
    m[6..16].fill(0);
    if u32_at(&m, 24) == 0 {
        m[24..28].copy_from_slice(&1u32.to_ne_bytes());
    }
    let info = u32_at(&m, 32);
    if info >> 16 == 0 {
        m[32..36].copy_from_slice(&(info | 49152 << 16).to_ne_bytes());
    }
    if has_attr(&m, 20, 11) {
        m
    } else {
        with_u32(m, 11, 0)
    }
}

/// The chain the kernel would dump (`tc_chain_fill_node`) with the template of the captured
/// filter request `req`: RTM_NEWCHAIN, no handle, no `tcm_info`, `TCA_CHAIN` `chain`, then the
/// request's `TCA_KIND` and `TCA_OPTIONS`.
pub(crate) fn chain_dump(req: &[u8], chain: u32) -> Vec<u8> {
    let req = &req[..u32_at(req, 0) as usize];
    let mut m = req[..36].to_vec();
    m[4..6].copy_from_slice(&NEWCHAIN.to_ne_bytes());
    m[6..16].fill(0);
    m[24..28].fill(0);
    m[32..36].fill(0);
    let mut m = with_u32(m, 11, chain);
    let mut at = 36;
    while at + 4 <= req.len() {
        let len = u16::from_ne_bytes([req[at], req[at + 1]]) as usize;
        let ty = u16::from_ne_bytes([req[at + 2], req[at + 3]]) & 0x3fff;
        let end = (at + ((len + 3) & !3)).min(req.len());
        if ty == 1 || ty == 2 {
            m.extend_from_slice(&req[at..end]);
        }
        if len < 4 {
            break;
        }
        at = end;
    }
    let len = m.len() as u32;
    m[..4].copy_from_slice(&len.to_ne_bytes());
    m
}

/// Compares what `tc FLAGS chain show dev v0` and `nlctl` print for `dump`.
pub(crate) fn same_chain_show(lab: &Lab, flags: &[&str], dump: &[u8]) -> String {
    same_hook_show(lab, flags, "chain", dump)
}

/// The action dump for the captured `actions add` request `req`: RTM_NEWACTION with
/// `TCA_ROOT_COUNT` 1.
pub(crate) fn action_dump(req: &[u8]) -> Vec<u8> {
    let mut m = req[..u32_at(req, 0) as usize].to_vec();
    m[4..6].copy_from_slice(&NEWACTION.to_ne_bytes());
    m[6..16].fill(0);
    with_u32(m, 3, 1)
}

/// The show options a command line's flags mean.
fn opts(flags: &[&str]) -> Opts {
    Opts {
        json: flags.contains(&"-j"),
        pretty: flags.contains(&"-p"),
        oneline: flags.contains(&"-o"),
        stats: flags.contains(&"-s"),
        details: flags.contains(&"-d"),
        parent: None,
    }
}

/// Compares what `tc FLAGS filter show dev v0` and `nlctl` print for `dump`: JSON as
/// values, text line by line. Returns what tc printed.
pub(crate) fn same_filter_show(lab: &Lab, flags: &[&str], dump: &[u8]) -> String {
    same_hook_show(lab, flags, "filter", dump)
}

/// Compares what `tc FLAGS OBJECT show dev v0` and `nlctl` print for `dump`, of filters or
/// chains; returns what `tc` printed.
fn same_hook_show(lab: &Lab, flags: &[&str], object: &str, dump: &[u8]) -> String {
    let mut args = flags.to_vec();
    args.extend([object, "show", "dev", "v0"]);
    let chains = object == "chain";
    let request = if chains { GETCHAIN } else { GETTFILTER };
    let t = lab.tc(&args, request, dump);
    let printed = if chains {
        replay::chains(dump, &lab.names, opts(flags))
    } else {
        replay::filters(dump, &lab.names, opts(flags))
    };
    let n = printed.unwrap_or_else(|e| panic!("nlctl {args:?}: {e}\ntc printed:\n{t}"));
    compare(&args, &t, &n);
    t
}

/// Compares what `tc FLAGS actions ls action KIND` and `nlctl` print for `dump`.
pub(crate) fn same_actions_ls(lab: &Lab, flags: &[&str], kind: &str, dump: &[u8]) -> String {
    let mut args = flags.to_vec();
    args.extend(["actions", "ls", "action", kind]);
    let t = lab.tc(&args, GETACTION, dump);
    let n = replay::actions(dump, &lab.names, opts(flags))
        .unwrap_or_else(|e| panic!("nlctl {args:?}: {e}\ntc printed:\n{t}"));
    compare(&args, &t, &n);
    t
}

fn compare(args: &[&str], t: &str, n: &str) {
    if args.contains(&"-j") {
        let tv: Value = serde_json::from_str(t).unwrap_or_else(|e| panic!("tc {args:?}: {e}\n{t}"));
        let nv: Value =
            serde_json::from_str(n).unwrap_or_else(|e| panic!("nlctl {args:?}: {e}\n{n}"));
        assert_eq!(nv, tv, "{args:?}\n tc: {t}\nnlctl: {n}");
    } else {
        for (i, (tl, nl)) in t.lines().zip(n.lines()).enumerate() {
            assert_eq!(nl, tl, "{args:?} line {i}\n tc:\n{t}\nnlctl:\n{n}");
        }
        assert_eq!(
            n.lines().count(),
            t.lines().count(),
            "{args:?}\n tc:\n{t}\nnlctl:\n{n}"
        );
    }
}

/// An attribute: its header, `payload`, padding.
pub(crate) fn attr(ty: u16, payload: &[u8]) -> Vec<u8> {
    let len = 4 + payload.len();
    let mut a = Vec::with_capacity(len + 3);
    a.extend_from_slice(&(len as u16).to_ne_bytes());
    a.extend_from_slice(&ty.to_ne_bytes());
    a.extend_from_slice(payload);
    a.resize((len + 3) & !3, 0);
    a
}

/// A filter of `kind` on v0's ingress hook as a dump carries it: `handle`, priority 1,
/// protocol `proto` (network order), chain 0, `options` the payload of `TCA_OPTIONS`.
pub(crate) fn built_filter(kind: &str, handle: u32, proto: u16, options: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    body.extend_from_slice(&[0, 0, 0, 0]);
    body.extend_from_slice(&3i32.to_ne_bytes());
    body.extend_from_slice(&handle.to_ne_bytes());
    body.extend_from_slice(&0xffff_fff2u32.to_ne_bytes());
    let info = (1u32 << 16) | u32::from(proto.to_be());
    body.extend_from_slice(&info.to_ne_bytes());
    let mut k = kind.as_bytes().to_vec();
    k.push(0);
    body.extend(attr(1, &k));
    body.extend(attr(11, &0u32.to_ne_bytes()));
    body.extend(attr(2, options));
    let mut m = Vec::new();
    m.extend_from_slice(&(16 + body.len() as u32).to_ne_bytes());
    m.extend_from_slice(&NEWTFILTER.to_ne_bytes());
    m.extend_from_slice(&[0; 10]);
    m.extend(body);
    m
}

/// The first attribute of type `ty` among those in `b[start..end]`: its offset and length.
fn find_attr(b: &[u8], start: usize, end: usize, ty: u16) -> Option<(usize, usize)> {
    let mut at = start;
    while at + 4 <= end {
        let len = usize::from(u16::from_ne_bytes([b[at], b[at + 1]]));
        if len < 4 {
            return None;
        }
        if u16::from_ne_bytes([b[at + 2], b[at + 3]]) & 0x3fff == ty {
            return Some((at, len));
        }
        at += (len + 3) & !3;
    }
    None
}

/// `dump` (one action message of `action_dump`) with a `tcf_t` (installed 2 s, used 1 s and
/// first used 0.5 s ago, in 100 Hz ticks) appended to its first action's options as attribute
/// `tm_type`, the kind's `TCA_*_TM`.
pub(crate) fn with_times(dump: &[u8], tm_type: u16) -> Vec<u8> {
    with_option(dump, &tm(tm_type))
}

/// `dump` (one action message) with the attributes `extra` appended to its first action's
/// options.
pub(crate) fn with_option(dump: &[u8], extra: &[u8]) -> Vec<u8> {
    let mut m = dump.to_vec();
    let end = u32_at(&m, 0) as usize;
    let (tab, _) = find_attr(&m, 20, end, 1).expect("TCA_ACT_TAB");
    let (act, act_len) = find_attr(&m, tab + 4, end, 1).expect("the first action");
    let (opts, opts_len) = find_attr(&m, act + 4, act + act_len, 2).expect("TCA_ACT_OPTIONS");
    let at = opts + ((opts_len + 3) & !3);
    m.splice(at..at, extra.iter().copied());
    let grow = |m: &mut Vec<u8>, off: usize| {
        let len = u16::from_ne_bytes([m[off], m[off + 1]]) + extra.len() as u16;
        m[off..off + 2].copy_from_slice(&len.to_ne_bytes());
    };
    grow(&mut m, opts);
    grow(&mut m, act);
    grow(&mut m, tab);
    let len = u32_at(&m, 0) + extra.len() as u32;
    m[..4].copy_from_slice(&len.to_ne_bytes());
    m
}

/// An action dump as `tcf_action_dump` writes it: RTM_NEWACTION, one action of `kind` at
/// order 1 whose `TCA_ACT_OPTIONS` payload is `options`, `TCA_ROOT_COUNT` 1.
pub(crate) fn built_action(kind: &str, options: &[u8]) -> Vec<u8> {
    let mut k = kind.as_bytes().to_vec();
    k.push(0);
    let act = attr(1, &[attr(1, &k), attr(2, options)].concat());
    let mut body = vec![0u8; 4];
    body.extend(attr(1, &act));
    body.extend(attr(3, &1u32.to_ne_bytes()));
    let mut m = Vec::new();
    m.extend_from_slice(&(16 + body.len() as u32).to_ne_bytes());
    m.extend_from_slice(&NEWACTION.to_ne_bytes());
    m.extend_from_slice(&[0; 10]);
    m.extend(body);
    m
}

/// The generic action parameters (`struct tc_gen`): `index`, `action`, refcnt 1, bindcnt 0.
pub(crate) fn tc_gen(index: u32, action: i32) -> Vec<u8> {
    [
        index.to_ne_bytes(),
        0u32.to_ne_bytes(),
        action.to_ne_bytes(),
        1i32.to_ne_bytes(),
        0i32.to_ne_bytes(),
    ]
    .concat()
}

/// A `tcf_t` (installed 2 s, used 1 s and first used 0.5 s ago, in 100 Hz ticks) as the
/// attribute `ty`, a kind's `TCA_*_TM`.
pub(crate) fn tm(ty: u16) -> Vec<u8> {
    let t: Vec<u8> = [200u64, 100, 0, 50]
        .iter()
        .flat_map(|t| t.to_ne_bytes())
        .collect();
    attr(ty, &t)
}

/// A `struct tc_u32_key`'s or `struct tc_pedit_key`'s first fields: `mask` and `val` in
/// network order, `off`, then `zeros` more zero `u32`s.
pub(crate) fn key_bytes(mask: u32, val: u32, off: i32, zeros: usize) -> Vec<u8> {
    let mut k = [mask.to_be_bytes(), val.to_be_bytes(), off.to_ne_bytes()].concat();
    k.resize(12 + 4 * zeros, 0);
    k
}

/// Panics unless `text` holds every one of `parts`.
pub(crate) fn shows_all(text: &str, parts: &[&str]) {
    for part in parts {
        assert!(text.contains(part), "{part:?} in\n{text}");
    }
}
