//! The command line as iproute2's `ip` 6.1 reads it: the global options, the objects and each
//! object's verbs, each a declarative table in `ip`'s own order. `tc` 6.1's objects and its
//! own options follow `ip`'s rows in its order (their verbs and words are in `tc.rs`).
//!
//! `ip` resolves a word against a table by walking it top to bottom and taking the first name
//! the word abbreviates (its `matches()`: any non-empty prefix), so the order decides what a
//! short word means: `ip m` is `maddress`, not `monitor`; `ip link s` is `set`, not `show`. A
//! few names must be spelled out (`chg`, `-4`). The tables below list the names in that order,
//! as measured with `ip` 6.1 itself (the tests in `tests/words.rs` run `ip` as the oracle for
//! every prefix of every name), so that every word resolves here as it does there, and a word
//! `nlctl` does not implement is refused by its name instead of being taken for another.

use std::path::PathBuf;

use crate::error::{CliError, Result};

/// Whether `word` stands for `name` under `ip`'s rule: a non-empty prefix of it.
pub(crate) fn abbreviates(word: &str, name: &str) -> bool {
    !word.is_empty() && name.starts_with(word)
}

/// How a table row accepts a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Spelling {
    /// Any non-empty prefix of the name.
    Prefix,
    /// The name itself only.
    Exact,
}

/// One row of a word table: a name, how it may be spelled, and what it stands for.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Row<T> {
    /// The name as `ip` spells it in full.
    pub(crate) name: &'static str,
    /// Whether a prefix is enough.
    pub(crate) spelling: Spelling,
    /// What the word means.
    pub(crate) value: T,
}

impl<T> Row<T> {
    /// Whether `word` selects this row.
    pub(crate) fn accepts(&self, word: &str) -> bool {
        match self.spelling {
            Spelling::Prefix => abbreviates(word, self.name),
            Spelling::Exact => word == self.name,
        }
    }
}

/// The first row of `table` that accepts `word`, as `ip` walks its tables.
pub(crate) fn resolve<T: Copy>(table: &[Row<T>], word: &str) -> Option<T> {
    table.iter().find(|r| r.accepts(word)).map(|r| r.value)
}

/// The full name of the row of `table` that accepts `word`.
pub(crate) fn full_name<T>(table: &[Row<T>], word: &str) -> Option<&'static str> {
    table.iter().find(|r| r.accepts(word)).map(|r| r.name)
}

/// A word table: `rows![Prefix "add" => Verb::Add, Exact "chg" => Verb::Change]`.
macro_rules! rows {
    ($($spelling:ident $name:literal => $value:expr),* $(,)?) => {
        &[$($crate::cli::Row {
            name: $name,
            spelling: $crate::cli::Spelling::$spelling,
            value: $value,
        }),*]
    };
}
pub(crate) use rows;

/// The objects `ip` 6.1 knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Object {
    /// `address`.
    Address,
    /// `addrlabel`.
    AddrLabel,
    /// `maddress`.
    MAddress,
    /// `route`.
    Route,
    /// `rule`.
    Rule,
    /// `neighbour` / `neighbor`.
    Neigh,
    /// `ntable` / `ntbl`.
    NTable,
    /// `link`.
    Link,
    /// `l2tp`.
    L2tp,
    /// `fou`.
    Fou,
    /// `ila`.
    Ila,
    /// `macsec`.
    Macsec,
    /// `tunnel` / `tunl`.
    Tunnel,
    /// `tuntap` / `tap`.
    Tuntap,
    /// `token`.
    Token,
    /// `tcpmetrics` / `tcp_metrics`.
    TcpMetrics,
    /// `monitor`.
    Monitor,
    /// `xfrm`.
    Xfrm,
    /// `mroute`.
    MRoute,
    /// `mrule`.
    MRule,
    /// `netns`.
    Netns,
    /// `netconf`.
    Netconf,
    /// `vrf`.
    Vrf,
    /// `sr`.
    Sr,
    /// `nexthop`.
    Nexthop,
    /// `mptcp`.
    Mptcp,
    /// `ioam`.
    Ioam,
    /// `stats`.
    Stats,
    /// `help`.
    Help,
    /// `tc qdisc`.
    Qdisc,
    /// `tc class`.
    Class,
    /// `tc filter`.
    Filter,
    /// `tc chain`.
    Chain,
    /// `tc actions` / `action`.
    Action,
    /// `tc exec`.
    Exec,
    /// `genl`: not an object of `ip`, the words of iproute2's `genl` tool.
    Genl,
    /// `ethtool`: not an object of `ip`, the command line of the `ethtool` tool.
    Ethtool,
    /// `bridge`: the objects of iproute2's `bridge` (`crate::bridge`), a word of `nlctl`'s
    /// own after `ip`'s.
    Bridge,
}

/// `ip` 6.1's object table, in its order, then `tc` 6.1's objects that `ip` lacks, in
/// `tc`'s order (`tc`'s `monitor` and `help` are `ip`'s rows above them), then the other tools
/// `nlctl` speaks for, spelled out so that no prefix of `ip`'s or `tc`'s words changes its
/// meaning. Where both `ip` and `tc` read a short word, `ip`'s row comes first: `f` is `fou`,
/// `a` `address`.
pub(crate) const OBJECTS: &[Row<Object>] = rows![
    Prefix "address" => Object::Address,
    Prefix "addrlabel" => Object::AddrLabel,
    Prefix "maddress" => Object::MAddress,
    Prefix "route" => Object::Route,
    Prefix "rule" => Object::Rule,
    Prefix "neighbor" => Object::Neigh,
    Prefix "neighbour" => Object::Neigh,
    Prefix "ntable" => Object::NTable,
    Prefix "ntbl" => Object::NTable,
    Prefix "link" => Object::Link,
    Prefix "l2tp" => Object::L2tp,
    Prefix "fou" => Object::Fou,
    Prefix "ila" => Object::Ila,
    Prefix "macsec" => Object::Macsec,
    Prefix "tunnel" => Object::Tunnel,
    Prefix "tunl" => Object::Tunnel,
    Prefix "tuntap" => Object::Tuntap,
    Prefix "tap" => Object::Tuntap,
    Prefix "token" => Object::Token,
    Prefix "tcpmetrics" => Object::TcpMetrics,
    Prefix "tcp_metrics" => Object::TcpMetrics,
    Prefix "monitor" => Object::Monitor,
    Prefix "xfrm" => Object::Xfrm,
    Prefix "mroute" => Object::MRoute,
    Prefix "mrule" => Object::MRule,
    Prefix "netns" => Object::Netns,
    Prefix "netconf" => Object::Netconf,
    Prefix "vrf" => Object::Vrf,
    Prefix "sr" => Object::Sr,
    Prefix "nexthop" => Object::Nexthop,
    Prefix "mptcp" => Object::Mptcp,
    Prefix "ioam" => Object::Ioam,
    Prefix "stats" => Object::Stats,
    Prefix "help" => Object::Help,
    Prefix "qdisc" => Object::Qdisc,
    Prefix "class" => Object::Class,
    Prefix "filter" => Object::Filter,
    Prefix "chain" => Object::Chain,
    Prefix "actions" => Object::Action,
    Prefix "exec" => Object::Exec,
    Exact "genl" => Object::Genl,
    Exact "ethtool" => Object::Ethtool,
    Prefix "bridge" => Object::Bridge,
];

impl Object {
    /// The object's name as `ip` writes it in its own messages (`ip neigh help`).
    pub(crate) fn name(self) -> &'static str {
        match self {
            Object::Address => "address",
            Object::AddrLabel => "addrlabel",
            Object::MAddress => "maddress",
            Object::Route => "route",
            Object::Rule => "rule",
            Object::Neigh => "neigh",
            Object::NTable => "ntable",
            Object::Link => "link",
            Object::L2tp => "l2tp",
            Object::Fou => "fou",
            Object::Ila => "ila",
            Object::Macsec => "macsec",
            Object::Tunnel => "tunnel",
            Object::Tuntap => "tuntap",
            Object::Token => "token",
            Object::TcpMetrics => "tcp_metrics",
            Object::Monitor => "monitor",
            Object::Xfrm => "xfrm",
            Object::MRoute => "mroute",
            Object::MRule => "mrule",
            Object::Netns => "netns",
            Object::Netconf => "netconf",
            Object::Vrf => "vrf",
            Object::Sr => "sr",
            Object::Nexthop => "nexthop",
            Object::Mptcp => "mptcp",
            Object::Ioam => "ioam",
            Object::Stats => "stats",
            Object::Help => "help",
            Object::Qdisc => "qdisc",
            Object::Class => "class",
            Object::Filter => "filter",
            Object::Chain => "chain",
            Object::Action => "action",
            Object::Exec => "exec",
            Object::Genl => "genl",
            Object::Ethtool => "ethtool",
            Object::Bridge => "bridge",
        }
    }

    /// Whether this is one of `tc`'s objects.
    pub(crate) fn is_tc(self) -> bool {
        matches!(
            self,
            Object::Qdisc
                | Object::Class
                | Object::Filter
                | Object::Chain
                | Object::Action
                | Object::Exec
        )
    }

    /// This object's verbs in `ip`'s order, for the objects `nlctl` implements.
    pub(crate) fn verbs(self) -> Option<&'static [Row<Verb>]> {
        match self {
            Object::Address => Some(ADDRESS_VERBS),
            Object::Route => Some(ROUTE_VERBS),
            Object::Rule => Some(RULE_VERBS),
            Object::Neigh => Some(NEIGH_VERBS),
            Object::Link => Some(LINK_VERBS),
            Object::Nexthop => Some(NEXTHOP_VERBS),
            _ => None,
        }
    }
}

/// The verbs of every object `ip` 6.1 knows; each object's table says which it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verb {
    /// `add`: `NLM_F_CREATE | NLM_F_EXCL`.
    Add,
    /// `change`: `NLM_F_REPLACE` alone (for links, the same as `set`).
    Change,
    /// `replace`: `NLM_F_CREATE | NLM_F_REPLACE`.
    Replace,
    /// `prepend` (routes): `NLM_F_CREATE`.
    Prepend,
    /// `append` (routes): `NLM_F_CREATE | NLM_F_APPEND`.
    Append,
    /// `test` (routes): `NLM_F_EXCL`.
    Test,
    /// `delete`.
    Delete,
    /// `set` (links).
    Set,
    /// `show`, `list`, `lst`.
    Show,
    /// `get`.
    Get,
    /// `flush`.
    Flush,
    /// `save`.
    Save,
    /// `restore`.
    Restore,
    /// `showdump`.
    Showdump,
    /// `xstats` (links).
    Xstats,
    /// `afstats` (links).
    Afstats,
    /// `property` (links).
    Property,
    /// `bucket` (nexthops).
    Bucket,
    /// `link` (tc's qdiscs): `NLM_F_REPLACE`.
    Link,
    /// `help`.
    Help,
}

impl Verb {
    /// The verb's name in messages.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Verb::Add => "add",
            Verb::Change => "change",
            Verb::Replace => "replace",
            Verb::Prepend => "prepend",
            Verb::Append => "append",
            Verb::Test => "test",
            Verb::Delete => "delete",
            Verb::Set => "set",
            Verb::Show => "show",
            Verb::Get => "get",
            Verb::Flush => "flush",
            Verb::Save => "save",
            Verb::Restore => "restore",
            Verb::Showdump => "showdump",
            Verb::Xstats => "xstats",
            Verb::Afstats => "afstats",
            Verb::Property => "property",
            Verb::Bucket => "bucket",
            Verb::Link => "link",
            Verb::Help => "help",
        }
    }
}

/// `ip address`'s verbs.
pub(crate) const ADDRESS_VERBS: &[Row<Verb>] = rows![
    Prefix "add" => Verb::Add,
    Prefix "change" => Verb::Change,
    Exact "chg" => Verb::Change,
    Prefix "replace" => Verb::Replace,
    Prefix "delete" => Verb::Delete,
    Prefix "list" => Verb::Show,
    Prefix "show" => Verb::Show,
    Prefix "lst" => Verb::Show,
    Prefix "flush" => Verb::Flush,
    Prefix "save" => Verb::Save,
    Prefix "showdump" => Verb::Showdump,
    Prefix "restore" => Verb::Restore,
    Prefix "help" => Verb::Help,
];

/// `ip route`'s verbs.
pub(crate) const ROUTE_VERBS: &[Row<Verb>] = rows![
    Prefix "add" => Verb::Add,
    Prefix "change" => Verb::Change,
    Exact "chg" => Verb::Change,
    Prefix "replace" => Verb::Replace,
    Prefix "prepend" => Verb::Prepend,
    Prefix "append" => Verb::Append,
    Prefix "test" => Verb::Test,
    Prefix "delete" => Verb::Delete,
    Prefix "list" => Verb::Show,
    Prefix "show" => Verb::Show,
    Prefix "lst" => Verb::Show,
    Prefix "get" => Verb::Get,
    Prefix "flush" => Verb::Flush,
    Prefix "save" => Verb::Save,
    Prefix "restore" => Verb::Restore,
    Prefix "showdump" => Verb::Showdump,
    Prefix "help" => Verb::Help,
];

/// `ip rule`'s verbs.
pub(crate) const RULE_VERBS: &[Row<Verb>] = rows![
    Prefix "list" => Verb::Show,
    Prefix "lst" => Verb::Show,
    Prefix "show" => Verb::Show,
    Prefix "save" => Verb::Save,
    Prefix "restore" => Verb::Restore,
    Prefix "add" => Verb::Add,
    Prefix "delete" => Verb::Delete,
    Prefix "flush" => Verb::Flush,
    Prefix "help" => Verb::Help,
];

/// `ip neigh`'s verbs.
pub(crate) const NEIGH_VERBS: &[Row<Verb>] = rows![
    Prefix "add" => Verb::Add,
    Prefix "change" => Verb::Change,
    Exact "chg" => Verb::Change,
    Prefix "replace" => Verb::Replace,
    Prefix "delete" => Verb::Delete,
    Prefix "get" => Verb::Get,
    Prefix "show" => Verb::Show,
    Prefix "lst" => Verb::Show,
    Prefix "list" => Verb::Show,
    Prefix "flush" => Verb::Flush,
    Prefix "help" => Verb::Help,
];

/// `ip link`'s verbs.
pub(crate) const LINK_VERBS: &[Row<Verb>] = rows![
    Prefix "add" => Verb::Add,
    Prefix "set" => Verb::Set,
    Prefix "change" => Verb::Change,
    Prefix "replace" => Verb::Replace,
    Prefix "delete" => Verb::Delete,
    Prefix "show" => Verb::Show,
    Prefix "lst" => Verb::Show,
    Prefix "list" => Verb::Show,
    Prefix "xstats" => Verb::Xstats,
    Prefix "afstats" => Verb::Afstats,
    Prefix "property" => Verb::Property,
    Prefix "help" => Verb::Help,
];

/// `ip nexthop`'s verbs.
pub(crate) const NEXTHOP_VERBS: &[Row<Verb>] = rows![
    Prefix "add" => Verb::Add,
    Prefix "replace" => Verb::Replace,
    Prefix "delete" => Verb::Delete,
    Prefix "list" => Verb::Show,
    Prefix "show" => Verb::Show,
    Prefix "lst" => Verb::Show,
    Prefix "get" => Verb::Get,
    Prefix "bucket" => Verb::Bucket,
    Prefix "flush" => Verb::Flush,
    Prefix "help" => Verb::Help,
];

/// The words of `ip monitor`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MonitorWord {
    /// `file FILE`.
    File,
    /// `label`: tag each event with its object.
    Label,
    /// `link`.
    Link,
    /// `address`.
    Address,
    /// `route`.
    Route,
    /// `mroute`.
    MRoute,
    /// `prefix`.
    Prefix,
    /// `neigh`.
    Neigh,
    /// `netconf`.
    Netconf,
    /// `rule`.
    Rule,
    /// `nsid`.
    Nsid,
    /// `nexthop`.
    Nexthop,
    /// `stats`.
    Stats,
    /// `all`: every object, tagged.
    All,
    /// `all-nsid`.
    AllNsid,
    /// `help`.
    Help,
    /// `dev DEV`.
    Dev,
    /// `qdisc` (nlctl's: `tc monitor`'s qdisc events).
    Qdisc,
    /// `class` (nlctl's: `tc monitor`'s class events).
    Class,
    /// `filter` (nlctl's: `tc monitor`'s filter events).
    Filter,
    /// `chain` (nlctl's: `tc monitor`'s chain events).
    Chain,
    /// `action` or `actions` (nlctl's: `tc monitor`'s standalone action events).
    Action,
    /// `tc` (nlctl's: every event `tc monitor` prints).
    Tc,
}

/// `ip monitor`'s words, in its order, then nlctl's for `tc monitor`'s objects (whole words
/// only, so that none of ip's abbreviations changes).
pub(crate) const MONITOR_WORDS: &[Row<MonitorWord>] = rows![
    Prefix "file" => MonitorWord::File,
    Prefix "label" => MonitorWord::Label,
    Prefix "link" => MonitorWord::Link,
    Prefix "address" => MonitorWord::Address,
    Prefix "route" => MonitorWord::Route,
    Prefix "mroute" => MonitorWord::MRoute,
    Prefix "prefix" => MonitorWord::Prefix,
    Prefix "neigh" => MonitorWord::Neigh,
    Prefix "netconf" => MonitorWord::Netconf,
    Prefix "rule" => MonitorWord::Rule,
    Prefix "nsid" => MonitorWord::Nsid,
    Prefix "nexthop" => MonitorWord::Nexthop,
    Exact "stats" => MonitorWord::Stats,
    Exact "all" => MonitorWord::All,
    Prefix "all-nsid" => MonitorWord::AllNsid,
    Prefix "help" => MonitorWord::Help,
    Exact "dev" => MonitorWord::Dev,
    Exact "qdisc" => MonitorWord::Qdisc,
    Exact "class" => MonitorWord::Class,
    Exact "filter" => MonitorWord::Filter,
    Exact "chain" => MonitorWord::Chain,
    Exact "action" => MonitorWord::Action,
    Exact "actions" => MonitorWord::Action,
    Exact "tc" => MonitorWord::Tc,
];

/// The global options of `ip` 6.1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Opt {
    /// `-loops N`: rounds of an address flush.
    Loops,
    /// `-family F`.
    Family,
    /// `-4`.
    Inet,
    /// `-6`.
    Inet6,
    /// `-0`.
    Packet,
    /// `-M`.
    Mpls,
    /// `-B`.
    Bridge,
    /// `-human` / `-human-readable`.
    Human,
    /// `-iec`.
    Iec,
    /// `-stats` / `-statistics`.
    Stats,
    /// `-details`.
    Details,
    /// `-resolve`.
    Resolve,
    /// `-oneline`.
    Oneline,
    /// `-timestamp`.
    Timestamp,
    /// `-tshort`.
    Tshort,
    /// `-Version`.
    Version,
    /// `-force`.
    Force,
    /// `-batch FILE`.
    Batch,
    /// `-brief`.
    Brief,
    /// `-json`.
    Json,
    /// `-pretty`.
    Pretty,
    /// `-rcvbuf SIZE`.
    Rcvbuf,
    /// `-color[=always|auto|never]`.
    Color,
    /// `-help`.
    Help,
    /// `-netns NAME`.
    Netns,
    /// `-Numeric`.
    Numeric,
    /// `-all`.
    All,
    /// `-raw` (`tc`).
    Raw,
    /// `-graph` (`tc`).
    Graph,
    /// `-names` / `-nm` (`tc`).
    Names,
    /// `-conf FILE` / `-cf FILE` (`tc`).
    Conf,
}

/// `ip` 6.1's options in the order its option loop tries them, then the options of `tc` 6.1
/// that `ip` lacks (options come before the object, so `ip`'s reading of a short word wins:
/// `-r` is `-resolve`, not `tc`'s `-raw`). `-color` takes an optional `=always|auto|never`
/// after its prefix; a `-c=` with any other value falls through to the rows after it, as in
/// `ip`.
pub(crate) const OPTIONS: &[Row<Opt>] = rows![
    Prefix "-loops" => Opt::Loops,
    Prefix "-family" => Opt::Family,
    Exact "-4" => Opt::Inet,
    Exact "-6" => Opt::Inet6,
    Exact "-0" => Opt::Packet,
    Exact "-M" => Opt::Mpls,
    Exact "-B" => Opt::Bridge,
    Prefix "-human" => Opt::Human,
    Prefix "-human-readable" => Opt::Human,
    Prefix "-iec" => Opt::Iec,
    Prefix "-stats" => Opt::Stats,
    Prefix "-statistics" => Opt::Stats,
    Prefix "-details" => Opt::Details,
    Prefix "-resolve" => Opt::Resolve,
    Prefix "-oneline" => Opt::Oneline,
    Prefix "-timestamp" => Opt::Timestamp,
    Prefix "-tshort" => Opt::Tshort,
    Prefix "-Version" => Opt::Version,
    Prefix "-force" => Opt::Force,
    Prefix "-batch" => Opt::Batch,
    Prefix "-brief" => Opt::Brief,
    Prefix "-json" => Opt::Json,
    Prefix "-pretty" => Opt::Pretty,
    Prefix "-rcvbuf" => Opt::Rcvbuf,
    Prefix "-color" => Opt::Color,
    Prefix "-help" => Opt::Help,
    Prefix "-netns" => Opt::Netns,
    Prefix "-Numeric" => Opt::Numeric,
    Prefix "-all" => Opt::All,
    Prefix "-raw" => Opt::Raw,
    Prefix "-graph" => Opt::Graph,
    Prefix "-names" => Opt::Names,
    Prefix "-nm" => Opt::Names,
    Prefix "-cf" => Opt::Conf,
    Prefix "-conf" => Opt::Conf,
];

impl Opt {
    /// The option's full name, as errors name it.
    pub(crate) fn name(self) -> &'static str {
        OPTIONS
            .iter()
            .find(|r| r.value == self)
            .map_or("?", |r| r.name)
    }
}

/// The option `word` (already stripped of a second leading dash) stands for, and for `-color`
/// the value after `=`.
pub(crate) fn option(word: &str) -> Option<(Opt, Option<Color>)> {
    for row in OPTIONS {
        if row.value == Opt::Color {
            let (name, value) = match word.split_once('=') {
                Some((n, v)) => (n, Some(v)),
                None => (word, None),
            };
            if !abbreviates(name, row.name) {
                continue;
            }
            let color = match value {
                None | Some("always") => Color::Always,
                Some("auto") => Color::Auto,
                Some("never") => Color::Never,
                // `ip` tries the rows after this one, which take no `=`.
                Some(_) => continue,
            };
            return Some((Opt::Color, Some(color)));
        }
        if row.accepts(word) {
            return Some((row.value, None));
        }
    }
    None
}

/// The values of `-color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Color {
    /// `-color` or `-color=always`: colours even into a pipe.
    Always,
    /// `-color=auto`: colours when standard output is a terminal.
    Auto,
    /// `-color=never`.
    Never,
}

/// The families of `-family` and its short forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    /// `inet`, `-4`.
    Inet,
    /// `inet6`, `-6`.
    Inet6,
    /// `link`, `-0`.
    Packet,
    /// `mpls`, `-M`.
    Mpls,
    /// `bridge`, `-B`.
    Bridge,
}

impl Family {
    /// The family's name as `-family` takes it.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Family::Inet => "inet",
            Family::Inet6 => "inet6",
            Family::Packet => "link",
            Family::Mpls => "mpls",
            Family::Bridge => "bridge",
        }
    }

    /// The names `-family` accepts, spelled out (`ip` compares them whole).
    const NAMES: [Family; 5] = [
        Family::Inet,
        Family::Inet6,
        Family::Packet,
        Family::Mpls,
        Family::Bridge,
    ];
}

/// The global options as given, before the object.
#[derive(Debug, Clone, Default)]
pub(crate) struct Opts {
    /// `-4`, `-6`, `-0`, `-M`, `-B`, `-family`: the last one given.
    pub(crate) family: Option<Family>,
    /// `-stats`, counted.
    pub(crate) stats: u32,
    /// `-details`, counted.
    pub(crate) details: u32,
    /// `-human`.
    pub(crate) human: bool,
    /// `-iec`.
    pub(crate) iec: bool,
    /// `-resolve`.
    pub(crate) resolve: bool,
    /// `-oneline`.
    pub(crate) oneline: bool,
    /// `-timestamp` or `-tshort`.
    pub(crate) timestamp: bool,
    /// `-tshort`.
    pub(crate) tshort: bool,
    /// `-force`.
    pub(crate) force: bool,
    /// `-batch FILE`.
    pub(crate) batch: Option<String>,
    /// `-brief`.
    pub(crate) brief: bool,
    /// `-json`.
    pub(crate) json: bool,
    /// `-pretty`.
    pub(crate) pretty: bool,
    /// `-rcvbuf SIZE`.
    pub(crate) rcvbuf: Option<u32>,
    /// `-color`, the last one given.
    pub(crate) color: Option<Color>,
    /// `-netns NAME`: the namespace's path, checked to exist.
    pub(crate) netns: Option<PathBuf>,
    /// `-Numeric`.
    pub(crate) numeric: bool,
    /// `-all`.
    pub(crate) all: bool,
    /// `-loops N`: how many rounds an address flush may take (0: no limit); 10 by default.
    pub(crate) loops: Option<i64>,
    /// `tc`'s `-raw`, `-graph`, `-names` and `-conf`, as given: `nlctl` refuses them where
    /// they would change what it prints.
    pub(crate) tc_only: Vec<Opt>,
}

impl Opts {
    /// The rounds an address or neighbour flush may take; 0 means no limit.
    pub(crate) fn max_rounds(&self) -> i64 {
        self.loops.unwrap_or(10)
    }
}

/// What the options ask for.
#[derive(Debug)]
pub(crate) enum Start {
    /// Run the command that starts at this index of the arguments (or a batch, or print the
    /// usage when there is none).
    Run(Opts, usize),
    /// `-Version`: print the version and stop.
    Version,
    /// `-help`, `-family help`: print the usage and stop.
    Help,
}

/// Reads the global options at the start of `args`, one at a time and in order, as `ip` does:
/// `-Version` and `-help` act as soon as they are read, an error stops at the word that caused
/// it, `--` ends the options, and `--x` is read as `-x`.
///
/// # Errors
/// An unknown option, a missing or bad value, or a namespace that does not exist.
pub(crate) fn options(args: &[String]) -> Result<Start> {
    let mut o = Opts::default();
    let mut i = 0usize;
    while let Some(arg) = args.get(i) {
        if arg == "--" {
            i = i.saturating_add(1);
            break;
        }
        if !arg.starts_with('-') {
            break;
        }
        let word = if arg.starts_with("--") {
            arg.get(1..).unwrap_or_default()
        } else {
            arg.as_str()
        };
        let (opt, color) = option(word).ok_or_else(|| {
            CliError::usage(format!(
                "Option \"{word}\" is unknown, try \"nlctl -help\"."
            ))
        })?;
        let mut value = || -> Result<&String> {
            i = i.saturating_add(1);
            args.get(i)
                .ok_or_else(|| CliError::usage(format!("option {} needs a value", opt.name())))
        };
        match opt {
            Opt::Loops => o.loops = Some(atoi(value()?)),
            Opt::Family => {
                let v = value()?;
                if v == "help" {
                    return Ok(Start::Help);
                }
                o.family = Some(
                    Family::NAMES
                        .into_iter()
                        .find(|f| f.name() == v)
                        .ok_or_else(|| {
                            CliError::usage(format!(
                                "option -family: invalid protocol family {v:?}"
                            ))
                        })?,
                );
            }
            Opt::Inet => o.family = Some(Family::Inet),
            Opt::Inet6 => o.family = Some(Family::Inet6),
            Opt::Packet => o.family = Some(Family::Packet),
            Opt::Mpls => o.family = Some(Family::Mpls),
            Opt::Bridge => o.family = Some(Family::Bridge),
            Opt::Human => o.human = true,
            Opt::Iec => o.iec = true,
            Opt::Stats => o.stats = o.stats.saturating_add(1),
            Opt::Details => o.details = o.details.saturating_add(1),
            Opt::Resolve => o.resolve = true,
            Opt::Oneline => o.oneline = true,
            Opt::Timestamp => o.timestamp = true,
            Opt::Tshort => {
                o.timestamp = true;
                o.tshort = true;
            }
            Opt::Version => return Ok(Start::Version),
            Opt::Force => o.force = true,
            Opt::Batch => o.batch = Some(value()?.clone()),
            Opt::Brief => o.brief = true,
            Opt::Json => o.json = true,
            Opt::Pretty => o.pretty = true,
            Opt::Rcvbuf => {
                let v = value()?;
                o.rcvbuf = Some(c_unsigned(v).ok_or_else(|| {
                    CliError::usage(format!("option -rcvbuf: invalid size {v:?}"))
                })?);
            }
            Opt::Color => o.color = color,
            Opt::Help => return Ok(Start::Help),
            Opt::Netns => {
                let v = value()?;
                // As `ip`, the namespace is opened when the option is read, so a missing one
                // stops the command line there.
                let path = PathBuf::from("/run/netns").join(v);
                if v.is_empty() || !path.exists() {
                    return Err(CliError::usage(format!(
                        "Cannot open network namespace {v:?}: {} does not exist",
                        path.display()
                    )));
                }
                o.netns = Some(path);
            }
            Opt::Numeric => o.numeric = true,
            Opt::All => o.all = true,
            Opt::Conf => {
                value()?;
                o.tc_only.push(opt);
            }
            Opt::Raw | Opt::Graph | Opt::Names => o.tc_only.push(opt),
        }
        i = i.saturating_add(1);
    }
    Ok(Start::Run(o, i))
}

/// C's `atoi`: leading blanks, an optional sign, the digits up to the first other character;
/// 0 when there are none (`ip -loops` reads its value so).
pub(crate) fn atoi(s: &str) -> i64 {
    let t = s.trim_start_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
    let (neg, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, t.get(1..).unwrap_or_default()),
        Some(b'+') => (false, t.get(1..).unwrap_or_default()),
        _ => (false, t),
    };
    let mut n: i64 = 0;
    for d in digits.bytes().take_while(u8::is_ascii_digit) {
        n = n.saturating_mul(10).saturating_add(i64::from(d - b'0'));
    }
    if neg { n.saturating_neg() } else { n }
}

/// An unsigned 32-bit number in C's notation (`strtoul` with base 0: decimal, `0x` hex, or
/// octal after a leading `0`), the whole word.
pub(crate) fn c_unsigned(s: &str) -> Option<u32> {
    c_strtoul(s).and_then(|v| u32::try_from(v).ok())
}

/// An unsigned number in C's notation (`strtoul` with base 0), the whole word, up to 64 bits.
pub(crate) fn c_strtoul(s: &str) -> Option<u64> {
    netlink::netlink_wire::parse::number(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| (*s).to_owned()).collect()
    }

    fn run(a: &[&str]) -> (Opts, usize) {
        match options(&args(a)).unwrap() {
            Start::Run(o, i) => (o, i),
            other => panic!("{a:?}: {other:?}"),
        }
    }

    #[test]
    fn order_decides_short_words() {
        assert_eq!(resolve(OBJECTS, "m"), Some(Object::MAddress));
        assert_eq!(resolve(OBJECTS, "mo"), Some(Object::Monitor));
        assert_eq!(resolve(OBJECTS, "nh"), None);
        assert_eq!(resolve(OBJECTS, "n"), Some(Object::Neigh));
        assert_eq!(resolve(OBJECTS, "net"), Some(Object::Netns));
        assert_eq!(resolve(OBJECTS, "nex"), Some(Object::Nexthop));
        assert_eq!(resolve(OBJECTS, "r"), Some(Object::Route));
        assert_eq!(resolve(OBJECTS, "ru"), Some(Object::Rule));
        assert_eq!(resolve(OBJECTS, "a"), Some(Object::Address));
        assert_eq!(resolve(OBJECTS, "addrl"), Some(Object::AddrLabel));
        assert_eq!(resolve(OBJECTS, ""), None);
        assert_eq!(resolve(OBJECTS, "addresses"), None);
        assert_eq!(resolve(LINK_VERBS, "s"), Some(Verb::Set));
        assert_eq!(resolve(LINK_VERBS, "sh"), Some(Verb::Show));
        assert_eq!(resolve(ADDRESS_VERBS, "chg"), Some(Verb::Change));
        assert_eq!(resolve(ADDRESS_VERBS, "ch"), Some(Verb::Change));
        assert_eq!(resolve(ADDRESS_VERBS, "sa"), Some(Verb::Save));
        assert_eq!(resolve(ADDRESS_VERBS, "showd"), Some(Verb::Showdump));
        assert_eq!(resolve(ADDRESS_VERBS, "shwo"), None);
        assert_eq!(resolve(RULE_VERBS, "showdump"), None);
        assert_eq!(resolve(ROUTE_VERBS, "ap"), Some(Verb::Append));
        assert_eq!(resolve(ROUTE_VERBS, "a"), Some(Verb::Add));
        assert_eq!(resolve(MONITOR_WORDS, "al"), Some(MonitorWord::AllNsid));
        assert_eq!(resolve(MONITOR_WORDS, "all"), Some(MonitorWord::All));
        assert_eq!(resolve(MONITOR_WORDS, "s"), None);
    }

    #[test]
    fn options_resolve_as_ip_reads_them() {
        for (word, opt) in [
            ("-b", Opt::Batch),
            ("-br", Opt::Brief),
            ("-t", Opt::Timestamp),
            ("-ts", Opt::Tshort),
            ("-n", Opt::Netns),
            ("-N", Opt::Numeric),
            ("-h", Opt::Human),
            ("-he", Opt::Help),
            ("-s", Opt::Stats),
            ("-stati", Opt::Stats),
            ("-r", Opt::Resolve),
            ("-rc", Opt::Rcvbuf),
            ("-f", Opt::Family),
            ("-fo", Opt::Force),
            ("-", Opt::Loops),
            ("-c", Opt::Color),
            ("-a", Opt::All),
            ("-V", Opt::Version),
        ] {
            assert_eq!(option(word).map(|o| o.0), Some(opt), "{word}");
        }
        assert_eq!(option("-c=never"), Some((Opt::Color, Some(Color::Never))));
        assert_eq!(option("-col=auto"), Some((Opt::Color, Some(Color::Auto))));
        assert_eq!(option("-c=bad"), None);
        assert_eq!(option("-v"), None);
        assert_eq!(option("-I"), None);
    }

    #[test]
    fn options_read_in_order() {
        let (o, i) = run(&["-s", "--stats", "-j", "-p", "-4", "route", "-6"]);
        assert_eq!(
            (o.stats, o.json, o.pretty, o.family, i),
            (2, true, true, Some(Family::Inet), 5)
        );
        let (_, i) = run(&["--", "-j"]);
        assert_eq!(i, 1);
        assert!(matches!(
            options(&args(&["-V", "-bogus"])),
            Ok(Start::Version)
        ));
        assert!(options(&args(&["-bogus", "-V"])).is_err());
        assert!(matches!(options(&args(&["-f", "help"])), Ok(Start::Help)));
        assert!(options(&args(&["-f", "ipx"])).is_err());
        assert!(options(&args(&["-f"])).is_err());
        assert_eq!(options(&args(&["-x"])).unwrap_err().exit_code(), 255);
        let (o, _) = run(&["-l", "3x", "-rc", "0x100", "-c=never"]);
        assert_eq!(
            (o.loops, o.rcvbuf, o.color),
            (Some(3), Some(256), Some(Color::Never))
        );
        assert!(options(&args(&["-rc", "big"])).is_err());
        assert!(options(&args(&["-n", "no-such-namespace-here"])).is_err());
    }

    #[test]
    fn c_numbers() {
        assert_eq!(atoi("  -12abc"), -12);
        assert_eq!(atoi("x"), 0);
        assert_eq!(c_unsigned("010"), Some(8));
        assert_eq!(c_unsigned("0"), Some(0));
        assert_eq!(c_unsigned("08"), None);
        assert_eq!(c_unsigned(""), None);
    }
}
