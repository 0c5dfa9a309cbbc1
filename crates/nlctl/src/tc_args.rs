//! The words every `tc` command shares: handles and class ids as `tc` reads them, the device
//! hooks and blocks of filters and chains, estimators, protocols, devices, `help` and `tc`'s
//! errors for these.

use netlink::netlink_wire::rtnl::tc::TcHandle;
use netlink::ops::tc::{Attach, Estimator};

use crate::Ctx;
use crate::cli::{Object, Row, resolve, rows};
use crate::error::{CliError, Result};
use crate::tc_units;
use crate::words::Words;

/// A device hook or a block, as filters and chains name them.
#[derive(Debug, Clone, Default)]
pub(crate) struct Hook {
    /// `dev`.
    pub(crate) dev: Option<String>,
    /// `parent`, `root`, `ingress`, `egress`.
    pub(crate) parent: Option<TcHandle>,
    /// `block`.
    pub(crate) block: Option<u32>,
}

impl Hook {
    /// The library's attachment, the device looked up.
    pub(crate) fn attach(&self, ctx: &Ctx<'_>) -> Result<Option<Attach>> {
        Ok(match (&self.dev, self.block) {
            (Some(d), _) => Some(Attach::Device {
                index: device_index(ctx, d)?,
                parent: self.parent.unwrap_or(TcHandle::UNSPEC),
            }),
            (None, Some(b)) => Some(Attach::Block(b)),
            (None, None) => None,
        })
    }
}

/// The words of filters and chains before their kind, shared by their shows and changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HookWord {
    Dev,
    Root,
    Ingress,
    Egress,
    Parent,
    Handle,
    Estimator,
    Pref,
    Protocol,
    Chain,
    Block,
    Help,
}

pub(crate) const HOOK_WORDS: &[Row<HookWord>] = rows![
    Exact "dev" => HookWord::Dev,
    Exact "root" => HookWord::Root,
    Exact "ingress" => HookWord::Ingress,
    Exact "egress" => HookWord::Egress,
    Exact "parent" => HookWord::Parent,
    Exact "handle" => HookWord::Handle,
    Prefix "estimator" => HookWord::Estimator,
    Prefix "pref" => HookWord::Pref,
    Prefix "priority" => HookWord::Pref,
    Prefix "protocol" => HookWord::Protocol,
    Prefix "chain" => HookWord::Chain,
    Prefix "block" => HookWord::Block,
    Prefix "help" => HookWord::Help,
];

/// What the hook words set.
#[derive(Debug, Default)]
pub(crate) struct HookWords {
    /// The device hook or block.
    pub(crate) hook: Hook,
    /// `handle`, when it is a number.
    pub(crate) handle: Option<u32>,
    /// `handle` as written: a filter's is in its kind's notation (`2:7:1` for u32).
    pub(crate) handle_word: Option<String>,
    /// `pref`, `priority`.
    pub(crate) pref: Option<u16>,
    /// `protocol`.
    pub(crate) protocol: Option<u16>,
    /// `chain`.
    pub(crate) chain: Option<u32>,
    /// `estimator`.
    pub(crate) estimator: Option<Estimator>,
}

/// Reads hook words until the first word that is none of them (the kind), which is returned.
pub(crate) fn parse_hook_words<'a>(
    w: &mut Words<'a>,
    object: Object,
    show: bool,
) -> Result<(HookWords, Option<&'a str>)> {
    let mut h = HookWords::default();
    while let Some(word) = w.next() {
        let Some(what) = resolve(HOOK_WORDS, word) else {
            if show {
                return Err(CliError::usage(format!(
                    "What is \"{word}\"? Try \"nlctl {} help\"",
                    object.name()
                )));
            }
            return Ok((h, Some(word)));
        };
        match what {
            HookWord::Dev => {
                let v = w.value("dev")?.to_owned();
                set_once(&mut h.hook.dev, v, "dev", w)?;
            }
            HookWord::Root => set_parent(&mut h.hook.parent, TcHandle::ROOT, w)?,
            HookWord::Ingress => set_parent(&mut h.hook.parent, TcHandle::CLSACT_INGRESS, w)?,
            HookWord::Egress => set_parent(&mut h.hook.parent, TcHandle::CLSACT_EGRESS, w)?,
            HookWord::Parent => {
                let v = w.value("parent")?;
                set_parent(&mut h.hook.parent, classid(v, "invalid parent ID")?, w)?;
            }
            HookWord::Handle => {
                let v = w.value("handle")?;
                h.handle = crate::cli::c_unsigned(v);
                // A filter change reads its handle with its kind.
                if h.handle.is_none() && (show || object != Object::Filter) {
                    return Err(invarg(v, "invalid handle"));
                }
                h.handle_word = Some(v.to_owned());
            }
            HookWord::Estimator => h.estimator = Some(parse_estimator(w)?),
            HookWord::Pref => {
                let v = w.value("pref")?;
                h.pref = Some(
                    crate::cli::c_unsigned(v)
                        .and_then(|p| u16::try_from(p).ok())
                        .ok_or_else(|| invarg(v, "invalid preference"))?,
                );
            }
            HookWord::Protocol => {
                let v = w.value("protocol")?;
                h.protocol = Some(protocol_number(v).ok_or_else(|| invarg(v, "invalid protocol"))?);
            }
            HookWord::Chain => {
                let v = w.value("chain")?;
                h.chain = Some(
                    crate::cli::c_unsigned(v)
                        .ok_or_else(|| invarg(v, "invalid chain index value"))?,
                );
            }
            HookWord::Block => {
                let v = w.value("block")?;
                h.hook.block = Some(
                    crate::cli::c_unsigned(v)
                        .filter(|b| *b != 0)
                        .ok_or_else(|| invarg(v, "invalid block index value"))?,
                );
            }
            HookWord::Help => return Err(help(object)),
        }
        if h.hook.dev.is_some() && h.hook.block.is_some() {
            return Err(w.error("\"block\" cannot be used in the same time as \"dev\""));
        }
    }
    Ok((h, None))
}

/// `estimator INTERVAL TIME_CONSTANT`.
pub(crate) fn parse_estimator(w: &mut Words<'_>) -> Result<Estimator> {
    let a = w.value("estimator")?;
    let b = w.value("estimator")?;
    let (Some(interval), Some(tc)) = (tc_units::time(a), tc_units::time(b)) else {
        return Err(CliError::failed(format!(
            "Error: estimator parameters \"{a} {b}\" are invalid"
        )));
    };
    Ok(Estimator::from_times(interval, tc)?)
}

/// A qdisc handle (`1:`, `1`, `none`): the major number in hexadecimal. `tc` ignores what
/// follows the colon; `nlctl` refuses it, so that `1:2:3` is never taken for `1:`.
pub(crate) fn qdisc_handle(v: &str) -> Result<TcHandle> {
    if v == "none" {
        return Ok(TcHandle::UNSPEC);
    }
    let major = v.strip_suffix(':').unwrap_or(v);
    u16::from_str_radix(major, 16)
        .ok()
        .filter(|_| !major.is_empty() && major.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(|m| TcHandle::new(m, 0))
        .ok_or_else(|| invarg(v, "invalid qdisc ID"))
}

/// A class id or parent (`1:10`, `:10`, `root`, `none`, a bare 32-bit hexadecimal number), as
/// `tc`'s `get_tc_classid` reads it.
pub(crate) fn classid(v: &str, what: &str) -> Result<TcHandle> {
    match v {
        "root" => return Ok(TcHandle::ROOT),
        "none" => return Ok(TcHandle::UNSPEC),
        _ => {}
    }
    let hex = |s: &str, max: u32| {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| u32::from_str_radix(s, 16).ok())
            .flatten()
            .filter(|n| *n <= max)
    };
    let h = match v.split_once(':') {
        Some((maj, min)) => {
            let maj = if maj.is_empty() {
                Some(0)
            } else {
                hex(maj, 0xffff)
            };
            let min = if min.is_empty() {
                Some(0)
            } else {
                hex(min, 0xffff)
            };
            maj.zip(min).map(|(a, b)| (a << 16) | b)
        }
        None => hex(v, u32::MAX),
    };
    h.map(TcHandle).ok_or_else(|| invarg(v, what))
}

/// `tc`'s `invarg`: `Error: argument "V" is wrong: WHAT`, exit 255.
pub(crate) fn invarg(v: &str, what: &str) -> CliError {
    CliError::usage(format!("Error: argument \"{v}\" is wrong: {what}"))
}

/// `tc`'s `duparg`.
pub(crate) fn duparg(key: &str, v: &str) -> CliError {
    CliError::usage(format!(
        "Error: duplicate \"{key}\": \"{v}\" is the second value."
    ))
}

/// Sets the parent once; a second one is an error, as in `tc`.
pub(crate) fn set_parent(slot: &mut Option<TcHandle>, p: TcHandle, w: &Words<'_>) -> Result<()> {
    if slot.is_some() {
        return Err(w.error("Duplicate parent ID"));
    }
    *slot = Some(p);
    Ok(())
}

/// Sets `slot` once; a second value is `tc`'s `duparg`.
pub(crate) fn set_once<T>(slot: &mut Option<T>, v: T, key: &str, w: &Words<'_>) -> Result<()> {
    if slot.is_some() {
        return Err(duparg(key, w.peek().unwrap_or(key)));
    }
    *slot = Some(v);
    Ok(())
}

/// A `help` word inside a command: `tc` prints the object's usage and stops with success.
pub(crate) fn help(object: Object) -> CliError {
    crate::say!("{}", usage(object));
    CliError::Reported(0)
}

/// The usage `help` prints for a `tc` object.
pub(crate) fn usage(object: Object) -> &'static str {
    match object {
        Object::Qdisc => QDISC_USAGE,
        Object::Class => CLASS_USAGE,
        Object::Filter => FILTER_USAGE,
        Object::Chain => CHAIN_USAGE,
        _ => ACTION_USAGE,
    }
}

const QDISC_USAGE: &str = "\
Usage: nlctl qdisc [ add | del | replace | change | link | show ] dev STRING
       [ handle QHANDLE ] [ root | ingress | clsact | parent CLASSID ]
       [ estimator INTERVAL TIME_CONSTANT ]
       [ stab [ help | STAB_OPTIONS] ]
       [ ingress_block BLOCK_INDEX ] [ egress_block BLOCK_INDEX ]
       [ QDISC_KIND [ help | OPTIONS ] ]

       nlctl qdisc { show | list } [ dev STRING ] [ QDISC_ID ] [ invisible ]
Where:
QDISC_KIND := { pfifo | bfifo | pfifo_head_drop | pfifo_fast | noqueue | mq | prio |
                htb | tbf | codel | fq_codel | drr | qfq | ingress | clsact }
OPTIONS := ... try nlctl qdisc add <desired QDISC_KIND> help
STAB_OPTIONS := ... try nlctl qdisc add stab help
QDISC_ID := { root | ingress | handle QHANDLE | parent CLASSID | clsact }";

const CLASS_USAGE: &str = "\
Usage: nlctl class [ add | del | change | replace | show ] dev STRING
       [ classid CLASSID ] [ root | parent CLASSID ]
       [ [ QDISC_KIND ] [ help | OPTIONS ] ]

       nlctl class show [ dev STRING ] [ root | parent CLASSID ] [ classid CLASSID ]
Where:
QDISC_KIND := { htb | drr | qfq }
OPTIONS := ... try nlctl class add <desired QDISC_KIND> help";

const FILTER_USAGE: &str = "\
Usage: nlctl filter del [ dev STRING ] [ root | ingress | egress | parent CLASSID ]
       [ pref PRIO ] [ protocol PROTO ] [ chain CHAIN_INDEX ] [ handle FILTERID ]
       nlctl filter show [ dev STRING ] [ root | ingress | egress | parent CLASSID ]
       nlctl filter show [ block BLOCK_INDEX ]
       nlctl filter [ add | change | replace ] [ dev STRING ] [ block BLOCK_INDEX ]
       [ root | ingress | egress | parent CLASSID ] [ pref PRIO ] [ protocol PROTO ]
       [ chain CHAIN_INDEX ] [ handle FILTERID ] matchall [ classid CLASSID ]
       [ skip_hw | skip_sw ] [ action ACTIONSPEC ]
Other filter kinds are refused by name.";

const ACTION_USAGE: &str = "\
Usage: nlctl actions add ACTIONSPEC
       nlctl actions del action KIND index INDEX
       nlctl actions ls action KIND
Where:
ACTIONSPEC := [ action ] ACTION [ cookie HEX ] [ ACTIONSPEC ]
ACTION := { gact CONTROL | CONTROL } [ index INDEX ]
        | mirred { egress | ingress } { mirror | redirect } dev DEV [ CONTROL ] [ index INDEX ]
CONTROL := { pass | ok | drop | shot | continue | reclassify | pipe | trap |
             goto chain CHAIN_INDEX | jump COUNT }
Other action kinds, and get, change, replace and flush, are refused by name;
ls prints mirred actions.";

const CHAIN_USAGE: &str = "\
Usage: nlctl chain [ add | del | get | show ] [ dev STRING ] [ block BLOCK_INDEX ]
       [ root | ingress | egress | parent CLASSID ] [ chain CHAIN_INDEX ]
       [ protocol PROTO ] [ KIND [ KIND_WORDS ] ]
A KIND and its words, as a filter's, make the chain's template.";

/// The row of a show's `table` for `word`, or `tc`'s error for a word it does not know.
pub(crate) fn show_word<T: Copy>(table: &[Row<T>], word: &str, object: Object) -> Result<T> {
    resolve(table, word).ok_or_else(|| {
        CliError::usage(format!(
            "What is \"{word}\"? Try \"nlctl {} help\".",
            object.name()
        ))
    })
}

/// The index of device `name`, with `tc`'s message when there is none.
pub(crate) fn device_index(ctx: &Ctx<'_>, name: &str) -> Result<u32> {
    ctx.conn
        .link_index(name)
        .map_err(|_| CliError::failed(format!("Cannot find device \"{name}\"")))
}

/// EtherTypes `tc` names (iproute2's `ll_proto` table, the common part).
pub(crate) const PROTOCOLS: &[(u16, &str)] = &[
    (0x0003, "all"),
    (0x0800, "ip"),
    (0x86dd, "ipv6"),
    (0x0806, "arp"),
    (0x8035, "rarp"),
    (0x8100, "802.1Q"),
    (0x88a8, "802.1ad"),
    (0x8847, "mpls_uc"),
    (0x8848, "mpls_mc"),
    (0x88cc, "lldp"),
    (0x8863, "ppp_disc"),
    (0x8864, "ppp_ses"),
    (0x8137, "ipx"),
    (0x0004, "802.2"),
    (0x0001, "802.3"),
];

/// A protocol's name, or its number in brackets.
pub(crate) struct ProtocolName(pub(crate) u16);

impl std::fmt::Display for ProtocolName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match PROTOCOLS.iter().find(|(n, _)| *n == self.0) {
            Some((_, name)) => f.write_str(name),
            None => write!(f, "[{:04x}]", self.0),
        }
    }
}

/// The EtherType of a protocol name (case-insensitive) or number (C notation).
pub(crate) fn protocol_number(s: &str) -> Option<u16> {
    named_number(PROTOCOLS, s)
}

/// The number of a name in `table` (case-insensitive, as iproute2's `proto_a2n`), or a number
/// in C notation.
pub(crate) fn named_number(table: &[(u16, &str)], s: &str) -> Option<u16> {
    table
        .iter()
        .find(|(_, name)| name.eq_ignore_ascii_case(s))
        .map(|(n, _)| *n)
        .or_else(|| crate::cli::c_unsigned(s).and_then(|n| u16::try_from(n).ok()))
}

/// The refusal of an eBPF program word (`obj`, `pinned`, `fd`...): `tc` opens or loads the
/// program itself through libbpf, and `nlctl` has no eBPF loader.
pub(crate) fn no_ebpf_loader(w: &Words<'_>, word: &str) -> CliError {
    CliError::unsupported(format!(
        "{}: the word {word:?} (an eBPF object or pinned program: nlctl has no eBPF loader)",
        w.context()
    ))
}
