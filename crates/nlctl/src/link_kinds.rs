//! The words of `link add ... type KIND ARGS` for the kinds whose data the facade takes as a
//! list of typed attributes (`netlink::KindAttrs`), in `ip`'s order.
//!
//! Each kind is one table of words. iproute2 writes some attributes the moment it reads their
//! word (command-line order, [`At::Now`]) and keeps others for after the last word, written in
//! a fixed order ([`At::End`], the order of the table); some kinds also send defaults. The
//! tables follow what `ip` 6.1 sent for the commands of `testdata/linkinfo.md`
//! (`crates/nlctl/tests/link_kinds.rs` compares the requests byte for byte).

use netlink::KindAttrs;
use netlink::netlink_wire::rtnl::linkinfo::{
    AmtAttr, AmtMode, BareudpAttr, BatadvAttr, CanAttr, CanBittiming, CanCtrlmode,
    CanCtrlmodeFlags, CanTdc, DsaAttr, GeneveAttr, GreAttr, GreFlags, GtpAttr, GtpRole, HsrAttr,
    IpoibAttr, IptunAttr, IptunFlags, IpvlanAttr, IpvlanFlags, IpvlanMode, MacsecAttr,
    MacsecCipher, MacsecOffload, MacsecValidation, RmnetAttr, TunnelEncapFlags, TunnelEncapType,
    VtiAttr, WwanAttr, XfrmAttr,
};

use crate::error::{CliError, Result};
use crate::words;

/// When `ip` writes a word's attributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum At {
    /// As soon as it reads the word.
    Now,
    /// After the last word, in the order of the table.
    End,
}

/// Resolves a device name to its index.
pub(crate) type Dev<'r> = &'r dyn Fn(&str) -> Result<u32>;

/// A default: the word it stands in for, and its attribute.
type Default<A> = (&'static str, fn() -> A);

/// One word of a kind: its name, when it is written, and its attributes from its value (`""`
/// for a word without one).
struct Word<A> {
    word: &'static str,
    at: At,
    takes_value: bool,
    make: fn(&str, Dev<'_>) -> Result<Vec<A>>,
}

/// A kind's words, with the attributes `ip` sends first whatever the words, and those it sends
/// after them.
struct Kind<A: 'static> {
    first: fn() -> Vec<A>,
    words: &'static [Word<A>],
    /// The defaults `ip` sends in their word's place among the `At::End` ones when the word is
    /// absent.
    defaults: &'static [Default<A>],
}

/// `word VALUE`, written when read.
macro_rules! now {
    ($word:literal, $make:expr) => {
        Word {
            word: $word,
            at: At::Now,
            takes_value: true,
            make: $make,
        }
    };
}

/// `word VALUE`, written after the last word.
macro_rules! end {
    ($word:literal, $make:expr) => {
        Word {
            word: $word,
            at: At::End,
            takes_value: true,
            make: $make,
        }
    };
}

fn num<T: TryFrom<u32>>(v: &str, what: &str) -> Result<T> {
    words::small(v, what)
}

fn hex16(v: &str) -> Result<u16> {
    let digits = v.strip_prefix("0x").unwrap_or(v);
    u16::from_str_radix(digits, 16).map_err(|_| CliError::Usage(format!("invalid hex {v:?}")))
}

fn on_off(v: &str, what: &str) -> Result<u8> {
    match v {
        "on" => Ok(1),
        "off" => Ok(0),
        _ => Err(CliError::Usage(format!(
            "{what} expects \"on\" or \"off\", not {v:?}"
        ))),
    }
}

fn named<T>(v: &str, what: &str, from: fn(&str) -> Option<T>) -> Result<T> {
    from(v)
        .or_else(|| from(&v.to_ascii_uppercase()))
        .ok_or_else(|| CliError::Usage(format!("invalid {what} {v:?}")))
}

fn ip(v: &str) -> Result<core::net::IpAddr> {
    words::addr(v)
}

static MACSEC: Kind<MacsecAttr<'static>> = Kind {
    first: Vec::new,
    words: &[
        now!("sci", |v, _| {
            let s = u64::from_str_radix(v, 16)
                .map_err(|_| CliError::Usage(format!("invalid sci {v:?}")))?;
            Ok(vec![MacsecAttr::Sci(s)])
        }),
        now!("port", |v, _| Ok(vec![MacsecAttr::Port(num(v, "port")?)])),
        now!("encrypt", |v, _| Ok(vec![MacsecAttr::Encrypt(on_off(
            v, "encrypt"
        )?)])),
        now!("send_sci", |v, _| Ok(vec![MacsecAttr::IncSci(on_off(
            v, "send_sci"
        )?)])),
        now!("end_station", |v, _| Ok(vec![MacsecAttr::Es(on_off(
            v,
            "end_station"
        )?)])),
        now!("scb", |v, _| Ok(vec![MacsecAttr::Scb(on_off(v, "scb")?)])),
        now!("protect", |v, _| Ok(vec![MacsecAttr::Protect(on_off(
            v, "protect"
        )?)])),
        now!("validate", |v, _| {
            let m = named(v, "validate", MacsecValidation::from_short_name)?;
            Ok(vec![MacsecAttr::Validation(m)])
        }),
        now!("offload", |v, _| {
            let m = named(v, "offload", MacsecOffload::from_short_name)?;
            Ok(vec![MacsecAttr::Offload(m)])
        }),
        end!("cipher", |v, _| {
            let c = named(v, "cipher", MacsecCipher::from_short_name)?;
            Ok(vec![MacsecAttr::CipherSuite(c)])
        }),
        end!("icvlen", |v, _| Ok(vec![MacsecAttr::IcvLen(num(
            v, "icvlen"
        )?)])),
        end!("window", |v, _| Ok(vec![MacsecAttr::Window(num(
            v, "window"
        )?)])),
        end!("replay", |v, _| Ok(vec![MacsecAttr::ReplayProtect(
            on_off(v, "replay")?
        )])),
        end!("encodingsa", |v, _| Ok(vec![MacsecAttr::EncodingSa(num(
            v,
            "encodingsa"
        )?)])),
    ],
    defaults: &[],
};

static HSR: Kind<HsrAttr<'static>> = Kind {
    first: Vec::new,
    words: &[
        end!("slave1", |v, dev| Ok(vec![HsrAttr::Slave1(dev(v)?)])),
        end!("slave2", |v, dev| Ok(vec![HsrAttr::Slave2(dev(v)?)])),
        end!("supervision", |v, _| Ok(vec![HsrAttr::MulticastSpec(num(
            v,
            "supervision"
        )?)])),
        end!("version", |v, _| Ok(vec![HsrAttr::Version(num(
            v, "version"
        )?)])),
        end!("proto", |v, _| Ok(vec![HsrAttr::Protocol(num(
            v, "proto"
        )?)])),
    ],
    defaults: &[],
};

static BAREUDP: Kind<BareudpAttr<'static>> = Kind {
    first: Vec::new,
    words: &[
        end!("dstport", |v, _| Ok(vec![BareudpAttr::Port(num(
            v, "dstport"
        )?)])),
        end!("ethertype", |v, _| {
            let t = match v {
                "mpls_uc" => 0x8847,
                "mpls_mc" => 0x8848,
                "ipv4" => 0x0800,
                "ipv6" => 0x86dd,
                _ => hex16(v)?,
            };
            Ok(vec![BareudpAttr::Ethertype(t)])
        }),
        end!("srcportmin", |v, _| Ok(vec![BareudpAttr::SrcportMin(num(
            v,
            "srcportmin"
        )?)])),
        Word {
            word: "multiproto",
            at: At::End,
            takes_value: false,
            make: |_, _| Ok(vec![BareudpAttr::MultiprotoMode(())]),
        },
    ],
    defaults: &[],
};

static GTP: Kind<GtpAttr<'static>> = Kind {
    first: || vec![GtpAttr::CreateSockets(1)],
    words: &[
        end!("role", |v, _| Ok(vec![GtpAttr::Role(named(
            v,
            "role",
            GtpRole::from_short_name
        )?)])),
        end!("hsize", |v, _| Ok(vec![GtpAttr::PdpHashsize(num(
            v, "hsize"
        )?)])),
        end!("restart_count", |v, _| Ok(vec![GtpAttr::RestartCount(
            num(v, "restart_count")?
        )])),
    ],
    defaults: &[],
};

static XFRM: Kind<XfrmAttr<'static>> = Kind {
    first: Vec::new,
    words: &[
        end!("if_id", |v, _| Ok(vec![XfrmAttr::IfId(num(v, "if_id")?)])),
        end!("dev", |v, dev| Ok(vec![XfrmAttr::Link(dev(v)?)])),
    ],
    defaults: &[],
};

static VTI: Kind<VtiAttr<'static>> = Kind {
    first: Vec::new,
    words: &[
        end!("key", |v, _| {
            let k = num(v, "key")?;
            Ok(vec![VtiAttr::Ikey(k), VtiAttr::Okey(k)])
        }),
        end!("ikey", |v, _| Ok(vec![VtiAttr::Ikey(num(v, "ikey")?)])),
        end!("okey", |v, _| Ok(vec![VtiAttr::Okey(num(v, "okey")?)])),
        end!("local", |v, _| Ok(vec![VtiAttr::Local(ip(v)?)])),
        end!("remote", |v, _| Ok(vec![VtiAttr::Remote(ip(v)?)])),
        end!("fwmark", |v, _| Ok(vec![VtiAttr::Fwmark(num(
            v, "fwmark"
        )?)])),
        end!("dev", |v, dev| Ok(vec![VtiAttr::Link(dev(v)?)])),
    ],
    defaults: &[("fwmark", || VtiAttr::Fwmark(0))],
};

static AMT: Kind<AmtAttr<'static>> = Kind {
    first: Vec::new,
    words: &[
        now!("mode", |v, _| Ok(vec![AmtAttr::Mode(named(
            v,
            "mode",
            AmtMode::from_short_name
        )?)])),
        now!("local", |v, _| Ok(vec![AmtAttr::LocalIp(ip(v)?)])),
        now!("remote", |v, _| Ok(vec![AmtAttr::RemoteIp(ip(v)?)])),
        now!("discovery", |v, _| Ok(vec![AmtAttr::DiscoveryIp(ip(v)?)])),
        now!("dev", |v, dev| Ok(vec![AmtAttr::Link(dev(v)?)])),
        now!("relay_port", |v, _| Ok(vec![AmtAttr::RelayPort(num(
            v,
            "relay_port"
        )?)])),
        now!("gateway_port", |v, _| Ok(vec![AmtAttr::GatewayPort(num(
            v,
            "gateway_port"
        )?)])),
        now!("max_tunnels", |v, _| Ok(vec![AmtAttr::MaxTunnels(num(
            v,
            "max_tunnels"
        )?)])),
    ],
    defaults: &[],
};

static BATADV: Kind<BatadvAttr<'static>> = Kind {
    first: Vec::new,
    words: &[now!("ra", |v, _| {
        // The algorithms batman-adv has; the attribute borrows a static name.
        let name = ["BATMAN_IV", "BATMAN_V"]
            .into_iter()
            .find(|n| *n == v)
            .ok_or_else(|| CliError::Usage(format!("unknown routing algorithm {v:?}")))?;
        Ok(vec![BatadvAttr::AlgoName(name)])
    })],
    defaults: &[],
};

static RMNET: Kind<RmnetAttr<'static>> = Kind {
    first: Vec::new,
    words: &[now!("mux_id", |v, _| Ok(vec![RmnetAttr::MuxId(num(
        v, "mux_id"
    )?)]))],
    defaults: &[],
};

static IPOIB: Kind<IpoibAttr<'static>> = Kind {
    first: Vec::new,
    words: &[
        now!("pkey", |v, _| Ok(vec![IpoibAttr::Pkey(hex16(v)?)])),
        now!("mode", |v, _| {
            let m = match v {
                "datagram" => 0,
                "connected" => 1,
                _ => return Err(CliError::Usage(format!("invalid ipoib mode {v:?}"))),
            };
            Ok(vec![IpoibAttr::Mode(m)])
        }),
        now!("umcast", |v, _| Ok(vec![IpoibAttr::Umcast(num(
            v, "umcast"
        )?)])),
    ],
    defaults: &[],
};

static WWAN: Kind<WwanAttr<'static>> = Kind {
    first: Vec::new,
    words: &[now!("linkid", |v, _| Ok(vec![WwanAttr::LinkId(num(
        v, "linkid"
    )?)]))],
    defaults: &[],
};

static DSA: Kind<DsaAttr<'static>> = Kind {
    first: Vec::new,
    words: &[
        now!("conduit", |v, dev| Ok(vec![DsaAttr::Conduit(dev(v)?)])),
        now!("master", |v, dev| Ok(vec![DsaAttr::Conduit(dev(v)?)])),
    ],
    defaults: &[],
};

/// Whether `kind` is one of these tables' kinds.
pub(crate) fn knows(kind: &str) -> bool {
    kind_attrs(kind, &[], &|_| Ok(1)).is_some()
}

/// The data of `kind` from the words `args` (those after `type KIND`); `None` for a kind
/// without a table here.
pub(crate) fn kind_attrs(kind: &str, args: &[String], dev: Dev<'_>) -> Option<Result<KindAttrs>> {
    Some(match kind {
        "macsec" => parse(&MACSEC, args, dev).map(KindAttrs::Macsec),
        "hsr" => parse(&HSR, args, dev).map(KindAttrs::Hsr),
        "bareudp" => parse(&BAREUDP, args, dev).map(KindAttrs::Bareudp),
        "gtp" => parse(&GTP, args, dev).map(KindAttrs::Gtp),
        "xfrm" => parse(&XFRM, args, dev).map(KindAttrs::Xfrm),
        "vti" => parse(&VTI, args, dev).map(KindAttrs::Vti),
        "vti6" => parse(&VTI, args, dev).map(KindAttrs::Vti6),
        "amt" => parse(&AMT, args, dev).map(KindAttrs::Amt),
        "batadv" => parse(&BATADV, args, dev).map(KindAttrs::Batadv),
        "rmnet" => parse(&RMNET, args, dev).map(KindAttrs::Rmnet),
        "ipoib" => parse(&IPOIB, args, dev).map(KindAttrs::Ipoib),
        "wwan" => parse(&WWAN, args, dev).map(KindAttrs::Wwan),
        "dsa" => parse(&DSA, args, dev).map(KindAttrs::Dsa),
        "ipvlan" => ipvlan(args).map(KindAttrs::Ipvlan),
        "ipvtap" => ipvlan(args).map(KindAttrs::Ipvtap),
        "ip6gre" => gre(args, dev, true).map(KindAttrs::Ip6gre),
        "ip6gretap" => gre(args, dev, true).map(KindAttrs::Ip6gretap),
        "ip6erspan" => gre(args, dev, true).map(KindAttrs::Ip6erspan),
        "erspan" => gre(args, dev, false).map(KindAttrs::Erspan),
        "ip6tnl" => ip6tnl(args, dev).map(KindAttrs::Ip6tnl),
        "geneve" => geneve(args).map(KindAttrs::Geneve),
        "can" => can(args).map(KindAttrs::Can),
        _ => return None,
    })
}

/// The attributes of `args` by `kind`'s table, in `ip`'s order.
fn parse<A: Clone>(kind: &Kind<A>, args: &[String], dev: Dev<'_>) -> Result<Vec<A>> {
    let mut out = (kind.first)();
    // The `At::End` words' attributes, by the word's place in the table.
    let mut late: Vec<(usize, Vec<A>)> = Vec::new();
    let mut given: Vec<&str> = Vec::new();
    let mut it = args.iter();
    while let Some(word) = it.next() {
        let (i, w) = kind
            .words
            .iter()
            .enumerate()
            .find(|(_, w)| w.word == word)
            .ok_or_else(|| CliError::Usage(format!("unknown argument {word:?}")))?;
        let value = if w.takes_value {
            it.next()
                .ok_or_else(|| CliError::Usage(format!("{word} needs a value")))?
                .as_str()
        } else {
            ""
        };
        let attrs = (w.make)(value, dev)?;
        given.push(w.word);
        match w.at {
            At::Now => out.extend(attrs),
            At::End => late.push((i, attrs)),
        }
    }
    for (word, make) in kind.defaults {
        if let Some(i) = kind.words.iter().position(|w| w.word == *word)
            && !given.contains(word)
        {
            late.push((i, vec![make()]));
        }
    }
    late.sort_by_key(|(i, _)| *i);
    for (_, attrs) in late {
        out.extend(attrs);
    }
    Ok(out)
}

/// `ipvlan`/`ipvtap [ mode l2|l3|l3s ] [ bridge|private|vepa ]`, as `ip` 6.1's
/// `ipvlan_parse_opt`: the mode when given, then the flags whenever a word was (one flag word
/// at most; a second is an unknown option).
fn ipvlan(args: &[String]) -> Result<Vec<IpvlanAttr<'static>>> {
    let (mut mode, mut flags) = (None, None);
    let mut it = args.iter().map(String::as_str);
    while let Some(word) = it.next() {
        let flag = match word {
            "mode" => {
                let v = it.next().unwrap_or_default();
                mode = Some(IpvlanMode::from_short_name(v).ok_or_else(|| {
                    CliError::failed(
                        "Error: argument of \"mode\" must be either \"l2\", \"l3\" or \"l3s\"",
                    )
                })?);
                continue;
            }
            "bridge" => IpvlanFlags::EMPTY,
            "private" => IpvlanFlags::PRIVATE,
            "vepa" => IpvlanFlags::VEPA,
            _ => {
                return Err(CliError::failed(format!(
                    "ipvlan: unknown option \"{word}\"?"
                )));
            }
        };
        if flags.is_some() {
            return Err(CliError::failed(format!(
                "ipvlan: unknown option \"{word}\"?"
            )));
        }
        flags = Some(flag);
    }
    let mut out: Vec<IpvlanAttr<'static>> = mode.into_iter().map(IpvlanAttr::Mode).collect();
    if !args.is_empty() {
        out.push(IpvlanAttr::Flags(flags.unwrap_or(IpvlanFlags::EMPTY)));
    }
    Ok(out)
}

/// `IP6_TNL_F_*` (`ip6_tunnel.h`): the flags of the IPv6 tunnels (`IFLA_GRE_FLAGS`,
/// `IFLA_IPTUN_FLAGS`).
const IP6_TNL_F_IGN_ENCAP_LIMIT: u32 = 0x1;
const IP6_TNL_F_USE_ORIG_TCLASS: u32 = 0x2;
const IP6_TNL_F_USE_ORIG_FLOWLABEL: u32 = 0x4;
const IP6_TNL_F_RCV_DSCP_COPY: u32 = 0x10;
const IP6_TNL_F_USE_ORIG_FWMARK: u32 = 0x20;
const IP6_TNL_F_ALLOW_LOCAL_REMOTE: u32 = 0x40;

/// The words `ip` 6.1's GRE (`link_gre.c`, `link_gre6.c`) and ip6tnl (`link_ip6tnl.c`) parsers
/// share: the outer encapsulation (`encap`, `encap-sport`, `[no]encap-csum`,
/// `[no]encap-udp6-csum`, `[no]encap-remcsum`; their help says `encap-csum6`, which they
/// refuse), `external`, and for IPv6 the traffic class, flow label, DSCP copy, fwmark and
/// encapsulation-limit inheritance and `[no]allow-localremote` (`IP6_TNL_F_*`).
struct TunnelWords {
    encap_type: u16,
    encap_flags: TunnelEncapFlags,
    sport: u16,
    dport: u16,
    external: bool,
    /// `flowinfo` as a host value of the big-endian field: traffic class in bits 20 to 27,
    /// flow label in 0 to 19.
    flowinfo: u32,
    flags: u32,
    fwmark: u32,
    encap_limit: u8,
}

impl TunnelWords {
    /// ip's defaults: no encapsulation, `TUNNEL_ENCAP_FLAG_CSUM6` for IPv6, limit 4.
    fn new(v6: bool) -> Self {
        TunnelWords {
            encap_type: 0,
            encap_flags: if v6 {
                TunnelEncapFlags::CSUM6
            } else {
                TunnelEncapFlags::EMPTY
            },
            sport: 0,
            dport: 0,
            external: false,
            flowinfo: 0,
            flags: 0,
            fwmark: 0,
            encap_limit: 4,
        }
    }

    /// Reads `word` and its value when it is one of these words; `false` when it is not.
    fn read(&mut self, word: &str, it: &mut Words<'_>, v6: bool) -> Result<bool> {
        let invarg = |what: &str, v: &str| {
            CliError::usage(format!("Error: argument \"{v}\" is wrong: {what}"))
        };
        let hex = |v: &str| u32::from_str_radix(v.strip_prefix("0x").unwrap_or(v), 16).ok();
        let encap_bit = |word: &str| match word.trim_start_matches("no") {
            "encap-csum" => Some(TunnelEncapFlags::CSUM),
            "encap-udp6-csum" => Some(TunnelEncapFlags::CSUM6),
            "encap-remcsum" => Some(TunnelEncapFlags::REMCSUM),
            _ => None,
        };
        match word {
            "noencap" => self.encap_type = 0,
            "encap" => {
                self.encap_type = match it.incomplete()? {
                    "fou" => 1,
                    "gue" => 2,
                    "none" => 0,
                    v => return Err(invarg("Invalid encap type.", v)),
                }
            }
            "encap-sport" => {
                let v = it.incomplete()?;
                self.sport = if v == "auto" {
                    0
                } else {
                    crate::cli::c_unsigned(v)
                        .and_then(|p| u16::try_from(p).ok())
                        .ok_or_else(|| invarg("Invalid source port.", v))?
                };
            }
            "encap-dport" => {
                let v = it.incomplete()?;
                self.dport = crate::cli::c_unsigned(v)
                    .and_then(|p| u16::try_from(p).ok())
                    .ok_or_else(|| invarg("Invalid destination port.", v))?;
            }
            "external" => self.external = true,
            w if encap_bit(w).is_some() => {
                let bit = encap_bit(w).unwrap_or(TunnelEncapFlags::EMPTY);
                if w.starts_with("no") {
                    self.encap_flags = TunnelEncapFlags(self.encap_flags.0 & !bit.0);
                } else {
                    self.encap_flags |= bit;
                }
            }
            "tclass" | "tos" | "dsfield" | "tc" if v6 => {
                let v = it.incomplete()?;
                self.flowinfo &= !0x0ff0_0000;
                if v == "inherit" {
                    self.flags |= IP6_TNL_F_USE_ORIG_TCLASS;
                } else {
                    let class = hex(v)
                        .filter(|c| *c <= 0xff)
                        .ok_or_else(|| invarg("invalid TClass", v))?;
                    self.flowinfo |= class << 20;
                    self.flags &= !IP6_TNL_F_USE_ORIG_TCLASS;
                }
            }
            "flowlabel" | "fl" if v6 => {
                let v = it.incomplete()?;
                self.flowinfo &= !0x000f_ffff;
                if v == "inherit" {
                    self.flags |= IP6_TNL_F_USE_ORIG_FLOWLABEL;
                } else {
                    let label = hex(v)
                        .filter(|l| *l <= 0xf_ffff)
                        .ok_or_else(|| invarg("invalid Flowlabel", v))?;
                    self.flowinfo |= label;
                    self.flags &= !IP6_TNL_F_USE_ORIG_FLOWLABEL;
                }
            }
            "dscp" if v6 => {
                let v = it.incomplete()?;
                if v != "inherit" {
                    return Err(invarg("not inherit", v));
                }
                self.flags |= IP6_TNL_F_RCV_DSCP_COPY;
            }
            "allow-localremote" if v6 => self.flags |= IP6_TNL_F_ALLOW_LOCAL_REMOTE,
            "noallow-localremote" if v6 => self.flags &= !IP6_TNL_F_ALLOW_LOCAL_REMOTE,
            "fwmark" => {
                let v = it.incomplete()?;
                if v6 && v == "inherit" {
                    self.flags |= IP6_TNL_F_USE_ORIG_FWMARK;
                    self.fwmark = 0;
                } else {
                    self.fwmark =
                        crate::cli::c_unsigned(v).ok_or_else(|| invarg("invalid fwmark", v))?;
                    self.flags &= !IP6_TNL_F_USE_ORIG_FWMARK;
                }
            }
            "encaplimit" if v6 => {
                let v = it.incomplete()?;
                if v == "none" {
                    self.flags |= IP6_TNL_F_IGN_ENCAP_LIMIT;
                } else {
                    self.encap_limit = num(v, "encaplimit")?;
                    self.flags &= !IP6_TNL_F_IGN_ENCAP_LIMIT;
                }
            }
            _ => return Ok(false),
        }
        Ok(true)
    }
}

/// A GRE key: a number or a dotted quad, as `ip`'s `tnl_parse_key`.
fn gre_key(v: &str) -> Result<u32> {
    if v.contains('.') {
        let a: core::net::Ipv4Addr = v
            .parse()
            .map_err(|_| CliError::usage(format!("invalid value for \"key\": \"{v}\"")))?;
        return Ok(u32::from(a));
    }
    words::number(v, "key")
}

/// `erspan`, `ip6gre`, `ip6gretap`, `ip6erspan`: `ip` writes every attribute after the last
/// word, in one order, with its defaults (keys and flags 0, hop limit 64 and encapsulation
/// limit 4 for IPv6, path MTU discovery on for IPv4, ERSPAN version 1, the IPv6 kinds'
/// `TUNNEL_ENCAP_FLAG_CSUM6`); the local and remote addresses, the device and `[no]ignore-df`
/// only when given; `external` alone sends only the metadata switch. The words shared with
/// ip6tnl are [`TunnelWords`]'; `no[i|o]key` forgets the key, `no[i|o]seq` and `no[i|o]csum`
/// clear their bit.
fn gre(args: &[String], dev: Dev<'_>, v6: bool) -> Result<Vec<GreAttr<'static>>> {
    let (mut ikey, mut okey, mut iflags, mut oflags) = (0, 0, GreFlags::EMPTY, GreFlags::EMPTY);
    let (mut local, mut remote, mut link) = (None, None, None);
    let (mut ttl, mut tos) = (if v6 { 64 } else { 0 }, 0);
    let (mut pmtudisc, mut ignore_df) = (1, None);
    let (mut ver, mut index, mut dir, mut hwid) = (1, 0, 0, 0);
    let mut t = TunnelWords::new(v6);
    let mut it = Words::new(args);
    while let Some(word) = it.next_word() {
        if t.read(word, &mut it, v6)? {
            continue;
        }
        match word {
            "remote" => remote = Some(ip(it.value(word)?)?),
            "local" => local = Some(ip(it.value(word)?)?),
            "key" | "ikey" | "okey" => {
                let k = gre_key(it.value(word)?)?;
                if word != "okey" {
                    (ikey, iflags) = (k, iflags | GreFlags::KEY);
                }
                if word != "ikey" {
                    (okey, oflags) = (k, oflags | GreFlags::KEY);
                }
            }
            "seq" | "iseq" | "oseq" | "csum" | "icsum" | "ocsum" => {
                let bit = if word.ends_with("seq") {
                    GreFlags::SEQ
                } else {
                    GreFlags::CSUM
                };
                if !word.starts_with('o') {
                    iflags |= bit;
                }
                if !word.starts_with('i') {
                    oflags |= bit;
                }
            }
            // `no[i|o]key` also forgets the key; `no[i|o]seq`, `no[i|o]csum` clear the bit.
            "nokey" | "noikey" | "nookey" | "noseq" | "noiseq" | "nooseq" | "nocsum"
            | "noicsum" | "noocsum" => {
                let which = word.trim_start_matches("no");
                let bit = match which.trim_start_matches(['i', 'o']) {
                    "key" => GreFlags::KEY,
                    "seq" => GreFlags::SEQ,
                    _ => GreFlags::CSUM,
                };
                let clear = |f: &mut GreFlags| *f = GreFlags(f.0 & !bit.0);
                if !which.starts_with('o') {
                    clear(&mut iflags);
                    if bit == GreFlags::KEY {
                        ikey = 0;
                    }
                }
                if !which.starts_with('i') {
                    clear(&mut oflags);
                    if bit == GreFlags::KEY {
                        okey = 0;
                    }
                }
            }
            "pmtudisc" | "nopmtudisc" if !v6 => pmtudisc = u8::from(word == "pmtudisc"),
            "ignore-df" | "noignore-df" if !v6 => ignore_df = Some(u8::from(word == "ignore-df")),
            "ttl" | "hoplimit" | "hlim" => ttl = num(it.value(word)?, word)?,
            "tos" if !v6 => {
                let v = it.value(word)?;
                tos = u8::from_str_radix(v.trim_start_matches("0x"), 16)
                    .map_err(|_| CliError::usage(format!("invalid TOS value {v:?}")))?;
            }
            "dev" => link = Some(dev(it.value(word)?)?),
            "erspan_ver" => ver = num(it.value(word)?, word)?,
            "erspan" => index = num(it.value(word)?, word)?,
            "erspan_dir" => {
                dir = match it.value(word)? {
                    "ingress" => 0,
                    "egress" => 1,
                    v => return Err(CliError::usage(format!("invalid erspan direction {v:?}"))),
                }
            }
            "erspan_hwid" => hwid = num(it.value(word)?, word)?,
            _ => return Err(CliError::usage(format!("unknown argument {word:?}"))),
        }
    }
    if t.external {
        // `external` sends the metadata switch alone.
        return Ok(vec![GreAttr::CollectMetadata(())]);
    }
    let mut out = vec![
        GreAttr::Ikey(ikey),
        GreAttr::Okey(okey),
        GreAttr::Iflags(iflags.0),
        GreAttr::Oflags(oflags.0),
    ];
    out.extend(local.map(GreAttr::Local));
    out.extend(remote.map(GreAttr::Remote));
    if v6 {
        out.extend(link.map(GreAttr::Link));
        out.extend([
            GreAttr::Ttl(ttl),
            GreAttr::EncapLimit(t.encap_limit),
            GreAttr::Flowinfo(t.flowinfo),
            GreAttr::Flags(t.flags),
        ]);
    } else {
        out.push(GreAttr::Pmtudisc(pmtudisc));
        out.extend(ignore_df.map(GreAttr::IgnoreDf));
        out.push(GreAttr::Tos(tos));
        out.extend(link.map(GreAttr::Link));
        out.push(GreAttr::Ttl(ttl));
    }
    out.extend([GreAttr::Fwmark(t.fwmark), GreAttr::ErspanVer(ver)]);
    if ver == 1 && index != 0 {
        out.push(GreAttr::ErspanIndex(index));
    } else if ver == 2 {
        out.extend([GreAttr::ErspanDir(dir), GreAttr::ErspanHwid(hwid)]);
    }
    out.extend([
        GreAttr::EncapType(TunnelEncapType(t.encap_type)),
        GreAttr::EncapFlags(t.encap_flags),
        GreAttr::EncapSport(t.sport),
        GreAttr::EncapDport(t.dport),
    ]);
    Ok(out)
}

/// `ip6tnl [ mode ip6ip6|ipip6|any ] [ remote A ] [ local A ] [ hoplimit N ] [ dev DEV ]` and
/// the words of [`TunnelWords`], as `ip` 6.1's `ip6tunnel_parse_opt` writes them: the protocol
/// first, every attribute after the last word with its default (hop limit 64, encapsulation
/// limit 4, `TUNNEL_ENCAP_FLAG_CSUM6`), the addresses only when given; `external` sends the
/// protocol and the metadata switch alone.
fn ip6tnl(args: &[String], dev: Dev<'_>) -> Result<Vec<IptunAttr<'static>>> {
    let (mut proto, mut local, mut remote, mut ttl, mut link) = (0, None, None, 64, 0);
    let mut t = TunnelWords::new(true);
    let mut it = Words::new(args);
    while let Some(word) = it.next_word() {
        if t.read(word, &mut it, true)? {
            continue;
        }
        match word {
            "mode" => {
                proto = match it.value(word)? {
                    "ip6ip6" | "ipv6/ipv6" => 41,
                    "ipip6" | "ip4ip6" | "ipv4/ipv6" | "ip/ipv6" => 4,
                    "any" | "any/ipv6" => 0,
                    v => {
                        return Err(CliError::usage(format!(
                            "Error: argument \"{v}\" is wrong: Cannot guess tunnel mode."
                        )));
                    }
                }
            }
            "remote" => remote = Some(ip(it.value(word)?)?),
            "local" => local = Some(ip(it.value(word)?)?),
            "hoplimit" | "ttl" | "hlim" => ttl = num(it.value(word)?, word)?,
            "dev" => link = dev(it.value(word)?)?,
            _ => return Err(CliError::usage(format!("unknown argument {word:?}"))),
        }
    }
    if args.is_empty() {
        return Ok(Vec::new());
    }
    let mut out = vec![IptunAttr::Proto(proto)];
    if t.external {
        // `external` sends the protocol and the metadata switch alone.
        out.push(IptunAttr::CollectMetadata(()));
        return Ok(out);
    }
    out.extend(local.map(IptunAttr::Local));
    out.extend(remote.map(IptunAttr::Remote));
    out.extend([
        IptunAttr::Ttl(ttl),
        IptunAttr::EncapLimit(t.encap_limit),
        IptunAttr::Flowinfo(t.flowinfo),
        IptunAttr::Flags(IptunFlags::U32(t.flags)),
        IptunAttr::Link(link),
        IptunAttr::Fwmark(t.fwmark),
        IptunAttr::EncapType(TunnelEncapType(t.encap_type)),
        IptunAttr::EncapFlags(t.encap_flags),
        IptunAttr::EncapSport(t.sport),
        IptunAttr::EncapDport(t.dport),
    ]);
    Ok(out)
}

/// `geneve` in `ip` 6.1's words (`geneve_parse_opt`): `df` and `ttl inherit` are written when
/// read; the rest after the last word, in one order: the VNI, the remote address (IPv4 or
/// IPv6), the flow label, TTL and TOS (0 unless given), then the port, `external`,
/// `innerprotoinherit` and the checksum switches only when given.
fn geneve(args: &[String]) -> Result<Vec<GeneveAttr<'static>>> {
    let mut out = Vec::new();
    let (mut id, mut remote, mut label, mut ttl, mut tos) = (None, None, 0, 0, 0);
    let (mut port, mut external, mut inner) = (None, false, false);
    let mut csums: [Option<u8>; 3] = [None; 3];
    let mut it = Words::new(args);
    while let Some(word) = it.next_word() {
        match word {
            "id" | "vni" => id = Some(num(it.value(word)?, "id")?),
            "remote" => remote = Some(ip(it.value(word)?)?),
            "ttl" | "hoplimit" => match it.value(word)? {
                "inherit" => out.push(GeneveAttr::TtlInherit(1)),
                "auto" => ttl = 0,
                v => ttl = num(v, "ttl")?,
            },
            "tos" | "dsfield" => {
                let v = it.value(word)?;
                tos = if v == "inherit" {
                    1
                } else {
                    u8::from_str_radix(v.trim_start_matches("0x"), 16)
                        .map_err(|_| CliError::usage(format!("invalid TOS value {v:?}")))?
                };
            }
            "df" => {
                let df = match it.value(word)? {
                    "unset" => 0,
                    "set" => 1,
                    "inherit" => 2,
                    v => return Err(CliError::usage(format!("invalid df value {v:?}"))),
                };
                out.push(GeneveAttr::Df(df));
            }
            "flowlabel" => {
                let v = it.value(word)?;
                label = u32::from_str_radix(v.trim_start_matches("0x"), 16)
                    .ok()
                    .filter(|l| *l <= 0xfffff)
                    .ok_or_else(|| CliError::usage(format!("invalid flowlabel {v:?}")))?;
            }
            "dstport" => port = Some(num(it.value(word)?, "dstport")?),
            "external" => external = true,
            "noexternal" => external = false,
            "innerprotoinherit" => inner = true,
            "udpcsum" | "noudpcsum" => csums[0] = Some(u8::from(word == "udpcsum")),
            "udp6zerocsumtx" | "noudp6zerocsumtx" => {
                csums[1] = Some(u8::from(word == "udp6zerocsumtx"));
            }
            "udp6zerocsumrx" | "noudp6zerocsumrx" => {
                csums[2] = Some(u8::from(word == "udp6zerocsumrx"));
            }
            _ => return Err(CliError::usage(format!("unknown argument {word:?}"))),
        }
    }
    if external && id.is_some() {
        return Err(CliError::failed(
            "geneve: both 'external' and vni cannot be specified",
        ));
    }
    if !external && id.is_none() {
        return Err(CliError::failed(
            "geneve: missing virtual network identifier",
        ));
    }
    if !external && remote.is_none() {
        return Err(CliError::failed(
            "geneve: remote link partner not specified",
        ));
    }
    out.push(GeneveAttr::Id(id.unwrap_or(0)));
    out.extend(remote.map(|r| match r {
        core::net::IpAddr::V4(_) => GeneveAttr::Remote(r),
        core::net::IpAddr::V6(_) => GeneveAttr::Remote6(r),
    }));
    out.extend([
        GeneveAttr::Label(label),
        GeneveAttr::Ttl(ttl),
        GeneveAttr::Tos(tos),
    ]);
    out.extend(port.map(GeneveAttr::Port));
    if external {
        out.push(GeneveAttr::CollectMetadata(()));
    }
    if inner {
        out.push(GeneveAttr::InnerProtoInherit(()));
    }
    let [csum, tx, rx] = csums;
    out.extend(csum.map(GeneveAttr::UdpCsum));
    out.extend(tx.map(GeneveAttr::UdpZeroCsum6Tx));
    out.extend(rx.map(GeneveAttr::UdpZeroCsum6Rx));
    Ok(out)
}

/// What a word of `can` sets.
#[derive(Debug, Clone, Copy)]
enum CanWord {
    /// A field of the nominal (`false`) or data-phase (`true`) bit timing, by its place in
    /// `struct can_bittiming`: 0 `bitrate`, 1 `sample_point`, 2 `tq`, 3 `prop_seg`,
    /// 4 `phase_seg1`, 5 `phase_seg2`, 6 `sjw`.
    Timing(bool, usize),
    /// `tdcv`, `tdco`, `tdcf`: 0, 1, 2.
    Tdc(usize),
    /// A `CAN_CTRLMODE_*` bit, `on` or `off`.
    Mode(CanCtrlmodeFlags),
    TdcMode,
    Restart,
    RestartMs,
    Termination,
    Help,
}

/// `can`'s words in `ip` 6.1's order (`can_parse_opt`), each taken by any prefix: the first
/// that a word abbreviates wins (`t` is `tq`, `r` is `restart`).
const CAN_WORDS: &[crate::cli::Row<CanWord>] = crate::cli::rows![
    Prefix "bitrate" => CanWord::Timing(false, 0),
    Prefix "sample-point" => CanWord::Timing(false, 1),
    Prefix "tq" => CanWord::Timing(false, 2),
    Prefix "prop-seg" => CanWord::Timing(false, 3),
    Prefix "phase-seg1" => CanWord::Timing(false, 4),
    Prefix "phase-seg2" => CanWord::Timing(false, 5),
    Prefix "sjw" => CanWord::Timing(false, 6),
    Prefix "dbitrate" => CanWord::Timing(true, 0),
    Prefix "dsample-point" => CanWord::Timing(true, 1),
    Prefix "dtq" => CanWord::Timing(true, 2),
    Prefix "dprop-seg" => CanWord::Timing(true, 3),
    Prefix "dphase-seg1" => CanWord::Timing(true, 4),
    Prefix "dphase-seg2" => CanWord::Timing(true, 5),
    Prefix "dsjw" => CanWord::Timing(true, 6),
    Prefix "tdcv" => CanWord::Tdc(0),
    Prefix "tdco" => CanWord::Tdc(1),
    Prefix "tdcf" => CanWord::Tdc(2),
    Prefix "loopback" => CanWord::Mode(CanCtrlmodeFlags::LOOPBACK),
    Prefix "listen-only" => CanWord::Mode(CanCtrlmodeFlags::LISTENONLY),
    Prefix "triple-sampling" => CanWord::Mode(CanCtrlmodeFlags::THREE_SAMPLES),
    Prefix "one-shot" => CanWord::Mode(CanCtrlmodeFlags::ONE_SHOT),
    Prefix "berr-reporting" => CanWord::Mode(CanCtrlmodeFlags::BERR_REPORTING),
    Prefix "fd" => CanWord::Mode(CanCtrlmodeFlags::FD),
    Prefix "fd-non-iso" => CanWord::Mode(CanCtrlmodeFlags::FD_NON_ISO),
    Prefix "presume-ack" => CanWord::Mode(CanCtrlmodeFlags::PRESUME_ACK),
    Prefix "cc-len8-dlc" => CanWord::Mode(CanCtrlmodeFlags::CC_LEN8_DLC),
    Prefix "tdc-mode" => CanWord::TdcMode,
    Prefix "restart" => CanWord::Restart,
    Prefix "restart-ms" => CanWord::RestartMs,
    Prefix "termination" => CanWord::Termination,
    Prefix "help" => CanWord::Help,
];

/// `ip link help can`, as `ip` 6.1 prints it.
const CAN_USAGE: &str = "Usage: ip link set DEVICE type can
\t[ bitrate BITRATE [ sample-point SAMPLE-POINT] ] |
\t[ tq TQ prop-seg PROP_SEG phase-seg1 PHASE-SEG1
 \t  phase-seg2 PHASE-SEG2 [ sjw SJW ] ]

\t[ dbitrate BITRATE [ dsample-point SAMPLE-POINT] ] |
\t[ dtq TQ dprop-seg PROP_SEG dphase-seg1 PHASE-SEG1
 \t  dphase-seg2 PHASE-SEG2 [ dsjw SJW ] ]
\t[ tdcv TDCV tdco TDCO tdcf TDCF ]

\t[ loopback { on | off } ]
\t[ listen-only { on | off } ]
\t[ triple-sampling { on | off } ]
\t[ one-shot { on | off } ]
\t[ berr-reporting { on | off } ]
\t[ fd { on | off } ]
\t[ fd-non-iso { on | off } ]
\t[ presume-ack { on | off } ]
\t[ cc-len8-dlc { on | off } ]
\t[ tdc-mode { auto | manual | off } ]

\t[ restart-ms TIME-MS ]
\t[ restart ]

\t[ termination { 0..65535 } ]

\tWhere: BITRATE\t:= { NUMBER in bps }
\t\t  SAMPLE-POINT\t:= { 0.000..0.999 }
\t\t  TQ\t\t:= { NUMBER in ns }
\t\t  PROP-SEG\t:= { NUMBER in tq }
\t\t  PHASE-SEG1\t:= { NUMBER in tq }
\t\t  PHASE-SEG2\t:= { NUMBER in tq }
\t\t  SJW\t\t:= { NUMBER in tq }
\t\t  TDCV\t\t:= { NUMBER in tc }
\t\t  TDCO\t\t:= { NUMBER in tc }
\t\t  TDCF\t\t:= { NUMBER in tc }
\t\t  RESTART-MS\t:= { 0 | NUMBER in ms }";

/// `ip`'s `invarg`: `Error: argument "V" is wrong: invalid "WORD" value`, exit 255.
fn can_invalid(v: &str, word: &str) -> CliError {
    CliError::usage(format!(
        "Error: argument \"{v}\" is wrong: invalid \"{word}\" value"
    ))
}

/// A sample point as `ip` reads it: `strtof`, then `(__u32)(sp * 1000)` in single precision
/// (0.7 is 700, -0.5 wraps to 4294966796).
fn sample_point(v: &str, word: &str) -> Result<u32> {
    let sp: f32 = v.parse().map_err(|_| can_invalid(v, word))?;
    // C converts through a 64-bit integer; the cast to u32 keeps its low 32 bits, as C's does.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    Ok((sp * 1000.0) as i64 as u32)
}

/// `can` in `ip` 6.1's words (`can_parse_opt`): `restart`, `restart-ms` and `termination` are
/// written when read; the nominal bit timing (when its rate or time quantum is not 0), the
/// data-phase bit timing (likewise), the control modes (when a mode word was given) and the
/// `IFLA_CAN_TDC` nest (when a `tdc*` value was; `u32::MAX` counts as not given, as in `ip`)
/// after the last word. `off` after `on` leaves a mode on, as in `ip`.
fn can(args: &[String]) -> Result<Vec<CanAttr<'static>>> {
    let mut out = Vec::new();
    let mut timing = [[0u32; 7]; 2];
    let mut tdc = [u32::MAX; 3];
    let (mut mask, mut flags) = (CanCtrlmodeFlags::EMPTY, CanCtrlmodeFlags::EMPTY);
    let mut it = Words::new(args);
    while let Some(word) = it.next_word() {
        let Some(what) = crate::cli::resolve(CAN_WORDS, word) else {
            return Err(CliError::failed(format!(
                "can: unknown option \"{word}\"\n{CAN_USAGE}"
            )));
        };
        let name = crate::cli::full_name(CAN_WORDS, word).unwrap_or(word);
        match what {
            CanWord::Timing(data, 1) => {
                timing[usize::from(data)][1] = sample_point(it.incomplete()?, name)?;
            }
            CanWord::Timing(data, field) => {
                let v = it.incomplete()?;
                timing[usize::from(data)][field] =
                    crate::cli::c_unsigned(v).ok_or_else(|| can_invalid(v, name))?;
            }
            CanWord::Tdc(i) => {
                let v = it.incomplete()?;
                tdc[i] = crate::cli::c_unsigned(v).ok_or_else(|| can_invalid(v, name))?;
            }
            CanWord::Mode(bit) => {
                match it.incomplete()? {
                    "on" => flags |= bit,
                    "off" => {}
                    v => {
                        return Err(CliError::usage(format!(
                            "Error: argument of \"{name}\" must be \"on\" or \"off\", not \"{v}\""
                        )));
                    }
                }
                mask |= bit;
            }
            CanWord::TdcMode => {
                let (auto, manual) = (CanCtrlmodeFlags::TDC_AUTO, CanCtrlmodeFlags::TDC_MANUAL);
                match it.incomplete()? {
                    "auto" => (mask, flags) = (mask | auto, flags | auto),
                    "manual" => (mask, flags) = (mask | manual, flags | manual),
                    "off" => (mask, flags) = (mask | auto | manual, flags & !(auto | manual)),
                    v => {
                        return Err(CliError::usage(format!(
                            "Error: argument of \"tdc-mode\" must be \"auto\", \"manual\" or \"off\", not \"{v}\""
                        )));
                    }
                }
            }
            CanWord::Restart => out.push(CanAttr::Restart(1)),
            CanWord::RestartMs => {
                let v = it.incomplete()?;
                let ms = crate::cli::c_unsigned(v).ok_or_else(|| can_invalid(v, name))?;
                out.push(CanAttr::RestartMs(ms));
            }
            CanWord::Termination => {
                let v = it.incomplete()?;
                let ohms = crate::cli::c_unsigned(v)
                    .and_then(|t| u16::try_from(t).ok())
                    .ok_or_else(|| can_invalid(v, name))?;
                out.push(CanAttr::Termination(ohms));
            }
            CanWord::Help => return Err(CliError::Help(CAN_USAGE.to_owned())),
        }
    }
    for (data, [bitrate, sample, tq, prop, seg1, seg2, sjw]) in
        [(false, timing[0]), (true, timing[1])]
    {
        if bitrate != 0 || tq != 0 {
            let mut bt = CanBittiming::from_segments(tq, prop, seg1, seg2, sjw);
            bt.bitrate.set(bitrate);
            bt.sample_point.set(sample);
            out.push(if data {
                CanAttr::DataBittiming(bt)
            } else {
                CanAttr::Bittiming(bt)
            });
        }
    }
    if !mask.is_empty() {
        out.push(CanAttr::Ctrlmode(CanCtrlmode::new(mask, flags)));
    }
    let given = |v: u32| (v != u32::MAX).then_some(v);
    let tdc = CanTdc::request(given(tdc[0]), given(tdc[1]), given(tdc[2]));
    if !tdc.is_empty() {
        out.push(CanAttr::Tdc(tdc));
    }
    Ok(out)
}

/// The words after `type KIND` for the kinds parsed into one state, read one at a time.
struct Words<'a>(std::slice::Iter<'a, String>);

impl<'a> Words<'a> {
    fn new(args: &'a [String]) -> Self {
        Words(args.iter())
    }

    /// The next word.
    fn next_word(&mut self) -> Option<&'a str> {
        self.0.next().map(String::as_str)
    }

    /// The next word, which must be there: `ip`'s `NEXT_ARG` (exit 255).
    fn incomplete(&mut self) -> Result<&'a str> {
        self.next_word()
            .ok_or_else(|| CliError::usage("Command line is not complete. Try option \"help\""))
    }

    /// The value after `word`.
    fn value(&mut self, word: &str) -> Result<&'a str> {
        self.next_word()
            .ok_or_else(|| CliError::usage(format!("{word} needs a value")))
    }
}
