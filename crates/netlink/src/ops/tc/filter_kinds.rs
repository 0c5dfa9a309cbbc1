//! The typed settings of filters: `matchall` and `bpf` (the classifiers of `clsact` hooks:
//! everything, or a program's verdict, then actions), written in the order `tc` 6.1 writes
//! them and read back from dumps; every other classifier goes as a [`RawKind`].

use netlink_wire::rtnl::tc::{
    BpfAttr, BpfFlags, BpfOptions, ClsFlags, MatchallAttr, MatchallOptions, Options, SockFilter,
    TcHandle, TcObjectMsg, Tca, TcaBpf, TcaMatchall, put_struct_array,
};
use netlink_wire::{AttrWrite, MessageBuilder};

use crate::error::{Error, Result};
use crate::ops::tc::action::{TcAction, read_list, write_list};
use crate::ops::tc::common::{RawKind, validate_kind};

/// A filter's classifier and its settings.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FilterKind {
    /// `matchall`.
    Matchall(Matchall),
    /// `bpf`.
    Bpf(Bpf),
    /// Any other classifier, its options as bytes.
    Raw(RawKind),
}

impl From<RawKind> for FilterKind {
    fn from(r: RawKind) -> Self {
        FilterKind::Raw(r)
    }
}

impl From<Matchall> for FilterKind {
    fn from(m: Matchall) -> Self {
        FilterKind::Matchall(m)
    }
}

impl From<Bpf> for FilterKind {
    fn from(b: Bpf) -> Self {
        FilterKind::Bpf(b)
    }
}

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

/// Writes `actions` as the list `list` of a filter's options, if there are any.
fn put_actions<W: AttrWrite>(o: &mut W, list: u16, actions: &[TcAction]) {
    if !actions.is_empty() {
        write_list(&mut o.nest(list), actions);
    }
}

impl FilterKind {
    /// `TCA_KIND`.
    #[must_use]
    pub fn name(&self) -> &str {
        match self {
            FilterKind::Matchall(_) => "matchall",
            FilterKind::Bpf(_) => "bpf",
            FilterKind::Raw(r) => &r.kind,
        }
    }

    /// Checks what the kernel would refuse, before sending.
    pub(crate) fn validate(&self) -> Result<()> {
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
        };
        actions.iter().try_for_each(TcAction::validate)
    }

    /// Appends `TCA_KIND` and `TCA_OPTIONS` as `tc` writes them.
    pub(crate) fn write(&self, b: &mut MessageBuilder<'_>) {
        b.put_str(Tca::KIND, self.name());
        match self {
            FilterKind::Raw(r) => r.write_options(b),
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
        }
    }

    /// Reads the kind and settings of `m`: typed for `matchall` and `bpf`, raw otherwise.
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
            _ => FilterKind::Raw(raw),
        }))
    }
}
