//! The typed settings of filters: `matchall` and `bpf` (the classifiers of `clsact` hooks:
//! everything, or a program's verdict, then actions) here, the classifiers that match
//! contents (`u32`, `flower`, `basic`, `cgroup`, `fw`, `route`, `flow`) in `classifiers.rs`;
//! each written in the order `tc` 6.1 writes it and read back from dumps. Any other
//! classifier, or options a typed kind cannot hold (an old-style police), go as a
//! [`RawKind`].

use netlink_wire::rtnl::tc::{
    BasicOptions, BpfAttr, BpfFlags, BpfOptions, CgroupOptions, ClsFlags, FlowOptions,
    FlowerOptions, FwOptions, MatchallAttr, MatchallOptions, Options, RouteOptions, SockFilter,
    TcHandle, TcObjectMsg, Tca, TcaBpf, TcaMatchall, U32Options, put_struct_array,
};
use netlink_wire::{AttrWrite, MessageBuilder};

use crate::error::{Error, Result};
use crate::ops::tc::action::{TcAction, read_list};
use crate::ops::tc::classifiers::{
    Basic, Cgroup, Classifier, Flow, Flower, Fw, Route, U32, put_actions, read_basic, read_cgroup,
    read_flow, read_fw, read_route,
};
use crate::ops::tc::common::{RawKind, validate_kind};

/// A filter's classifier and its settings.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FilterKind {
    /// `matchall`.
    Matchall(Matchall),
    /// `bpf`.
    Bpf(Bpf),
    /// `u32`.
    U32(U32),
    /// `flower`.
    Flower(Flower),
    /// `basic`.
    Basic(Basic),
    /// `cgroup`.
    Cgroup(Cgroup),
    /// `fw`.
    Fw(Fw),
    /// `route`.
    Route(Route),
    /// `flow`.
    Flow(Flow),
    /// Any other classifier, its options as bytes.
    Raw(RawKind),
}

impl From<RawKind> for FilterKind {
    fn from(r: RawKind) -> Self {
        FilterKind::Raw(r)
    }
}

/// `From` each typed kind.
macro_rules! filter_kinds_from {
    ($($k:ident),*) => {$(
        impl From<$k> for FilterKind {
            fn from(k: $k) -> Self {
                FilterKind::$k(k)
            }
        }
    )*};
}

filter_kinds_from!(Matchall, Bpf, U32, Flower, Basic, Cgroup, Fw, Route, Flow);

settable! {
    /// `matchall [classid CLASSID] [skip_hw|skip_sw] [action ...]`: every packet.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct Matchall {
        /// `classid` (`flowid`).
        classid: Option<TcHandle>,
        /// The actions, run in order.
        actions: Vec<TcAction>,
        /// `skip_hw`, `skip_sw` (and, in dumps, `in_hw`, `not_in_hw`).
        flags: ClsFlags,
    }
}

/// The program of a `bpf` filter.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BpfProgram {
    /// `bytecode '...'`: classic BPF instructions.
    Classic(Vec<SockFilter>),
    /// An eBPF program loaded by the caller (`obj FILE`, `pinned PATH`): its descriptor in the
    /// sending process and the name `tc` would give it (`FILE:[SECTION]`).
    Fd {
        /// `TCA_BPF_FD`.
        fd: u32,
        /// `TCA_BPF_NAME`.
        name: String,
    },
    /// An eBPF program as a dump reports it.
    Loaded {
        /// `TCA_BPF_NAME`.
        name: Option<String>,
        /// `TCA_BPF_ID`.
        id: Option<u32>,
        /// `TCA_BPF_TAG`.
        tag: Option<Vec<u8>>,
    },
}

settable! {
    /// `bpf (bytecode ... | obj FILE | pinned PATH) [classid CLASSID] [da] [skip_hw|skip_sw]
    /// [action ...]`.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Bpf {
        /// The program.
        fixed program: BpfProgram,
        /// `classid`.
        classid: Option<TcHandle>,
        /// The actions, run in order unless `direct_action`.
        actions: Vec<TcAction>,
        /// `da`, `direct-action`: the program's return value is the verdict.
        direct_action: bool,
        /// `skip_hw`, `skip_sw` (`TCA_BPF_FLAGS_GEN`).
        flags: ClsFlags,
    }
}

impl Bpf {
    /// A filter running `program`, nothing else set.
    #[must_use]
    pub fn new(program: BpfProgram) -> Self {
        Bpf {
            program,
            classid: None,
            actions: Vec::new(),
            direct_action: false,
            flags: ClsFlags::default(),
        }
    }
}

impl FilterKind {
    /// `TCA_KIND`.
    #[must_use]
    pub fn name(&self) -> &str {
        match self {
            FilterKind::Matchall(_) => "matchall",
            FilterKind::Bpf(_) => "bpf",
            FilterKind::U32(_) => "u32",
            FilterKind::Flower(_) => "flower",
            FilterKind::Basic(_) => "basic",
            FilterKind::Cgroup(_) => "cgroup",
            FilterKind::Fw(_) => "fw",
            FilterKind::Route(_) => "route",
            FilterKind::Flow(_) => "flow",
            FilterKind::Raw(r) => &r.kind,
        }
    }

    /// The kinds of `classifiers.rs`.
    fn classifier(&self) -> Option<Classifier<'_>> {
        Some(match self {
            FilterKind::U32(k) => Classifier::U32(k),
            FilterKind::Flower(k) => Classifier::Flower(k),
            FilterKind::Basic(k) => Classifier::Basic(k),
            FilterKind::Cgroup(k) => Classifier::Cgroup(k),
            FilterKind::Fw(k) => Classifier::Fw(k),
            FilterKind::Route(k) => Classifier::Route(k),
            FilterKind::Flow(k) => Classifier::Flow(k),
            FilterKind::Matchall(_) | FilterKind::Bpf(_) | FilterKind::Raw(_) => return None,
        })
    }

    /// Checks what the kernel would refuse, before sending.
    pub(crate) fn validate(&self) -> Result<()> {
        if let Some(c) = self.classifier() {
            return c.actions().iter().try_for_each(TcAction::validate);
        }
        let actions = match self {
            FilterKind::Raw(r) => return validate_kind(&r.kind),
            FilterKind::Matchall(m) => &m.actions,
            FilterKind::Bpf(b) => {
                match &b.program {
                    BpfProgram::Classic(code) if code.is_empty() || code.len() > 4096 => {
                        return Err(Error::InvalidArgument(
                            "a classic BPF program has 1 to 4096 instructions".into(),
                        ));
                    }
                    BpfProgram::Loaded { .. } => {
                        return Err(Error::InvalidArgument(
                            "a bpf filter is added with its program's code or descriptor".into(),
                        ));
                    }
                    _ => {}
                }
                &b.actions
            }
            _ => return Ok(()),
        };
        actions.iter().try_for_each(TcAction::validate)
    }

    /// Appends `TCA_KIND` and `TCA_OPTIONS` as `tc` writes them for a filter of `protocol`.
    pub(crate) fn write(&self, b: &mut MessageBuilder<'_>, protocol: u16) {
        b.put_str(Tca::KIND, self.name());
        if let Some(c) = self.classifier() {
            c.write(&mut b.nest(Tca::OPTIONS), protocol);
            return;
        }
        match self {
            FilterKind::Raw(r) => r.write_options(b),
            // tc writes no options for a bare `matchall` (no word after the kind).
            FilterKind::Matchall(m)
                if m.classid.is_none()
                    && m.actions.is_empty()
                    && m.flags == ClsFlags::default() => {}
            FilterKind::Matchall(m) => {
                let mut o = b.nest(Tca::OPTIONS);
                if let Some(c) = m.classid {
                    MatchallAttr::Classid(c).write_to(&mut o);
                }
                put_actions(&mut o, TcaMatchall::ACT.0, &m.actions);
                if m.flags != ClsFlags::default() {
                    MatchallAttr::Flags(m.flags).write_to(&mut o);
                }
            }
            FilterKind::Bpf(f) => {
                // tc's order: the class and the actions as read, then the program, then the
                // generic flags and bpf's own.
                let mut o = b.nest(Tca::OPTIONS);
                if let Some(c) = f.classid {
                    BpfAttr::Classid(c).write_to(&mut o);
                }
                put_actions(&mut o, TcaBpf::ACT.0, &f.actions);
                match &f.program {
                    BpfProgram::Classic(code) => {
                        let n = u16::try_from(code.len()).unwrap_or(u16::MAX);
                        BpfAttr::OpsLen(n).write_to(&mut o);
                        put_struct_array(&mut o, TcaBpf::OPS, &(), code);
                    }
                    BpfProgram::Fd { fd, name } => {
                        BpfAttr::Fd(*fd).write_to(&mut o);
                        BpfAttr::Name(name).write_to(&mut o);
                    }
                    BpfProgram::Loaded { .. } => {}
                }
                if f.flags != ClsFlags::default() {
                    BpfAttr::FlagsGen(f.flags).write_to(&mut o);
                }
                if f.direct_action {
                    BpfAttr::Flags(BpfFlags::ACT_DIRECT).write_to(&mut o);
                }
            }
            _ => {}
        }
    }

    /// Reads the kind and settings of `m`: typed for the kinds of [`FilterKind`] (unless their
    /// options hold what the type does not), raw otherwise.
    pub(crate) fn of(m: &TcObjectMsg<'_>) -> Result<Option<FilterKind>> {
        let Some(raw) = RawKind::of(m)? else {
            return Ok(None);
        };
        Ok(Some(match m.options()? {
            Some(Options::Matchall(n)) => {
                let o = MatchallOptions::from(n);
                FilterKind::Matchall(Matchall {
                    classid: o.classid()?,
                    actions: read_list(o.actions()?)?,
                    flags: o.flags()?.unwrap_or_default(),
                })
            }
            Some(Options::Bpf(n)) => {
                let o = BpfOptions::from(n);
                let program = match o.ops()? {
                    Some(ops) => BpfProgram::Classic(ops.entries().collect()),
                    None => BpfProgram::Loaded {
                        name: o.name()?.map(str::to_owned),
                        id: o.id()?,
                        tag: o.tag()?.map(<[u8]>::to_vec),
                    },
                };
                FilterKind::Bpf(Bpf {
                    program,
                    classid: o.classid()?,
                    actions: read_list(o.actions()?)?,
                    direct_action: o.flags()?.is_some_and(|f| f.contains(BpfFlags::ACT_DIRECT)),
                    flags: o.flags_gen()?.unwrap_or_default(),
                })
            }
            Some(Options::U32(n)) => typed(U32::read(&U32Options::from(n))?, raw),
            Some(Options::Flower(n)) => typed(Flower::read(&FlowerOptions::from(n))?, raw),
            Some(Options::Basic(n)) => typed(read_basic(&BasicOptions::from(n))?, raw),
            Some(Options::Cgroup(n)) => typed(read_cgroup(&CgroupOptions::from(n))?, raw),
            Some(Options::Fw(n)) => typed(read_fw(&FwOptions::from(n))?, raw),
            Some(Options::Route(n)) => typed(read_route(&RouteOptions::from(n))?, raw),
            Some(Options::Flow(n)) => typed(read_flow(&FlowOptions::from(n))?, raw),
            _ => FilterKind::Raw(raw),
        }))
    }
}

/// The typed kind if its options were read whole, the raw one otherwise.
fn typed<K: Into<FilterKind>>(k: Option<K>, raw: RawKind) -> FilterKind {
    k.map_or(FilterKind::Raw(raw), Into::into)
}
