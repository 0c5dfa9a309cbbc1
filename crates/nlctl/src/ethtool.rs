//! `nlctl ethtool`: the `ethtool` tool's command line (6.1) after the word `ethtool`, on
//! ethtool's netlink family, printed as `ethtool` prints it.
//!
//! `ethtool` reads its options first and the device after: `nlctl ethtool [ --json ] [ -I ]
//! OPTION DEVNAME [ ARGS ]`, with `nlctl`'s own options (`-n NETNS`, `-j`) before `ethtool`.
//! `nlctl -j ethtool -k DEV` is `nlctl ethtool --json -k DEV`. The queries `ethtool` answers
//! through netlink are here: the settings page (`DEVNAME`), `-k`/`-K`, `-g`/`-G`, `-l`/`-L`,
//! `-c`/`-C`, `-T`, `-a`, `--show-eee`, `--show-priv-flags`, and `--json` where `ethtool` has
//! it (`-k`). `-i` and `-S` without groups use the `SIOCETHTOOL` ioctl in `ethtool`, which
//! this netlink tool does not make: they are refused as not supported yet.
//!
//! Errors are `ethtool`'s: a bad command line exits 1, the kernel's refusals exit with the
//! status `ethtool` gives each command (1 for the queries, `-L` and `-C`, 81 for `-G`, 92 for
//! `-K`, 75 for a settings page of which nothing could be read).

use std::io::{self, Write};

use netlink::ethtool_ioctl::{ETH_SS_STATS, EthtoolIoctl};
use netlink::genl::GenlConnection;
use netlink::genl::ethtool::{Channels, Coalesce, Features, LinkInfo, LinkModes, Rings};
use netlink::netlink_wire::genl::GenlMsg;
use netlink::netlink_wire::genl::ethtool::{
    self as wire, Bitset, EthtoolCmd, FeaturesView, HeaderFlags, MdiX, Port, StringSetId,
};
use netlink::{Errno, Error};

use crate::cli::Opts;
use crate::error::{CliError, Result};
use crate::honours::Honours;

/// `nlctl ethtool -h`.
pub(crate) const USAGE: &str = "\
Usage: nlctl [ -n NETNS ] [ -j ] ethtool [ --json ] [ -I ] OPTION DEVNAME [ ARGS ]
        ethtool DEVNAME                         Display standard information about device
        ethtool -k|--show-features|--show-offload DEVNAME
        ethtool -K|--features|--offload DEVNAME FEATURE on|off ...
        ethtool -g|--show-ring DEVNAME
        ethtool -G|--set-ring DEVNAME [ rx N ] [ rx-mini N ] [ rx-jumbo N ] [ tx N ]
                [ rx-buf-len N ] [ cqe-size N ] [ tx-push on|off ]
        ethtool -l|--show-channels DEVNAME
        ethtool -L|--set-channels DEVNAME [ rx N ] [ tx N ] [ other N ] [ combined N ]
        ethtool -c|--show-coalesce DEVNAME
        ethtool -C|--coalesce DEVNAME [ adaptive-rx on|off ] [ adaptive-tx on|off ]
                [ PARAMETER N ]...
        ethtool -T|--show-time-stamping DEVNAME
        ethtool -a|--show-pause DEVNAME
        ethtool --show-eee DEVNAME
        ethtool --show-priv-flags DEVNAME
        ethtool -i|--driver DEVNAME
        ethtool -S|--statistics DEVNAME
        ethtool -h|--help
--json (and nlctl's -j) with -k only, as ethtool 6.1. Not supported yet: the other options,
which nlctl does not read.";

/// What an `ethtool` command does.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Mode {
    /// `DEVNAME`: the settings page.
    Settings,
    /// `-k`.
    Features,
    /// `-K`: feature names and values, as given.
    SetFeatures(Vec<(String, bool)>),
    /// `-g`.
    Rings,
    /// `-G`.
    SetRings(Box<Rings>),
    /// `-l`.
    Channels,
    /// `-L`.
    SetChannels(Box<Channels>),
    /// `-c`.
    Coalesce,
    /// `-C`.
    SetCoalesce(Box<Coalesce>),
    /// `-T`.
    Timestamping,
    /// `-a`.
    Pause,
    /// `--show-eee`.
    Eee,
    /// `--show-priv-flags`.
    PrivFlags,
    /// `-i`: driver information, through the ioctl.
    DriverInfo,
    /// `-S`: NIC statistics, through the ioctl.
    Statistics,
}

/// A parsed `nlctl ethtool` command.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Ethtool {
    mode: Mode,
    dev: String,
    json: bool,
}

impl Ethtool {
    /// The global options the command honours: `-j` where `ethtool` has `--json`.
    pub(crate) fn honours(&self) -> Honours {
        Honours {
            json: self.mode == Mode::Features,
            family: false,
            stats: false,
            timestamp: false,
        }
    }
}

/// `ethtool`'s own options, with their long names, and the mode each selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Opt {
    Settings,
    Features,
    SetFeatures,
    Rings,
    SetRings,
    Channels,
    SetChannels,
    Coalesce,
    SetCoalesce,
    Timestamping,
    Pause,
    Eee,
    PrivFlags,
    DriverInfo,
    Statistics,
    Help,
    /// Options `ethtool` answers through its ioctl: refused by name.
    Ioctl,
}

/// The options, spelled as `ethtool` spells them (it compares them whole).
const OPTIONS: &[(&[&str], Opt)] = &[
    (&["-k", "--show-features", "--show-offload"], Opt::Features),
    (&["-K", "--features", "--offload"], Opt::SetFeatures),
    (&["-g", "--show-ring"], Opt::Rings),
    (&["-G", "--set-ring"], Opt::SetRings),
    (&["-l", "--show-channels"], Opt::Channels),
    (&["-L", "--set-channels"], Opt::SetChannels),
    (&["-c", "--show-coalesce"], Opt::Coalesce),
    (&["-C", "--coalesce"], Opt::SetCoalesce),
    (&["-T", "--show-time-stamping"], Opt::Timestamping),
    (&["-a", "--show-pause"], Opt::Pause),
    (&["--show-eee"], Opt::Eee),
    (&["--show-priv-flags"], Opt::PrivFlags),
    (&["-h", "--help"], Opt::Help),
    (&["-i", "--driver"], Opt::DriverInfo),
    (&["-S", "--statistics"], Opt::Statistics),
    (
        &[
            "-s",
            "--change",
            "-A",
            "--pause",
            "-e",
            "--eeprom-dump",
            "-E",
            "--change-eeprom",
            "-r",
            "--negotiate",
            "-p",
            "--identify",
            "-t",
            "--test",
            "-d",
            "--register-dump",
            "-n",
            "-u",
            "--show-nfc",
            "--show-ntuple",
            "-N",
            "-U",
            "--config-nfc",
            "--config-ntuple",
            "-x",
            "--show-rxfh-indir",
            "--show-rxfh",
            "-X",
            "--set-rxfh-indir",
            "--rxfh",
            "-f",
            "--flash",
            "-P",
            "--show-permaddr",
            "-w",
            "--get-dump",
            "-W",
            "--set-dump",
            "-m",
            "--dump-module-eeprom",
            "--module-info",
            "--set-eee",
            "--set-phy-tunable",
            "--get-phy-tunable",
            "--get-tunable",
            "--set-tunable",
            "--reset",
            "--show-fec",
            "--set-fec",
            "--set-priv-flags",
            "-Q",
            "--per-queue",
            "--cable-test",
            "--cable-test-tdr",
            "--show-tunnels",
            "--monitor",
            "--show-module",
            "--set-module",
            "--version",
        ],
        Opt::Ioctl,
    ),
];

/// `ethtool`'s answer to a command line it cannot read: exit 1.
fn bad_line() -> CliError {
    CliError::Coded {
        message: "ethtool: bad command line argument(s); see \"nlctl ethtool -h\"".into(),
        code: 1,
    }
}

/// An error of `ethtool`'s argument parser (`ethtool (-G): unknown parameter 'foo'`): exit 1.
fn param_error(opt: &str, what: impl std::fmt::Display) -> CliError {
    CliError::Coded {
        message: format!("ethtool ({opt}): {what}"),
        code: 1,
    }
}

/// One settable parameter of `-G`, `-L` or `-C`: its name, and how its value is stored.
struct Param<T> {
    name: &'static str,
    /// Whether it takes `on`/`off` instead of a number.
    boolean: bool,
    set: fn(&mut T, u32),
}

/// A table of parameters: `param!(Rings; "rx" => rx, ...)`.
macro_rules! params {
    ($T:ty; $($name:literal => $field:ident $(as $conv:ty)? $(, $bool:ident)?;)*) => {
        &[$(Param::<$T> {
            name: $name,
            boolean: params!(@bool $($bool)?),
            set: |t, v| t.$field = Some(params!(@conv v $(, $conv)?)),
        }),*]
    };
    (@bool) => { false };
    (@bool boolean) => { true };
    (@conv $v:ident) => { $v };
    (@conv $v:ident, $conv:ty) => { <$conv>::try_from($v).unwrap_or(<$conv>::MAX) };
}

const RING_PARAMS: &[Param<Rings>] = params!(Rings;
    "rx" => rx;
    "rx-mini" => rx_mini;
    "rx-jumbo" => rx_jumbo;
    "tx" => tx;
    "rx-buf-len" => rx_buf_len;
    "cqe-size" => cqe_size;
    "tx-push" => tx_push as u8, boolean;
);

const CHANNEL_PARAMS: &[Param<Channels>] = params!(Channels;
    "rx" => rx_count;
    "tx" => tx_count;
    "other" => other_count;
    "combined" => combined_count;
);

const COALESCE_PARAMS: &[Param<Coalesce>] = params!(Coalesce;
    "adaptive-rx" => use_adaptive_rx as u8, boolean;
    "adaptive-tx" => use_adaptive_tx as u8, boolean;
    "sample-interval" => rate_sample_interval;
    "stats-block-usecs" => stats_block_usecs;
    "pkt-rate-low" => pkt_rate_low;
    "pkt-rate-high" => pkt_rate_high;
    "rx-usecs" => rx_usecs;
    "rx-frames" => rx_max_frames;
    "rx-usecs-irq" => rx_usecs_irq;
    "rx-frames-irq" => rx_max_frames_irq;
    "tx-usecs" => tx_usecs;
    "tx-frames" => tx_max_frames;
    "tx-usecs-irq" => tx_usecs_irq;
    "tx-frames-irq" => tx_max_frames_irq;
    "rx-usecs-low" => rx_usecs_low;
    "rx-frames-low" => rx_max_frames_low;
    "tx-usecs-low" => tx_usecs_low;
    "tx-frames-low" => tx_max_frames_low;
    "rx-usecs-high" => rx_usecs_high;
    "rx-frames-high" => rx_max_frames_high;
    "tx-usecs-high" => tx_usecs_high;
    "tx-frames-high" => tx_max_frames_high;
    "cqe-mode-rx" => use_cqe_mode_rx as u8, boolean;
    "cqe-mode-tx" => use_cqe_mode_tx as u8, boolean;
);

/// Reads `NAME VALUE` pairs of `table` into a `T`, as `ethtool`'s parameter parser does.
fn parse_params<T: Default>(opt: &str, table: &[Param<T>], args: &[String]) -> Result<T> {
    let mut t = T::default();
    let mut seen: Vec<&str> = Vec::new();
    let mut it = args.iter();
    while let Some(name) = it.next() {
        let p = table
            .iter()
            .find(|p| p.name == name)
            .ok_or_else(|| param_error(opt, format_args!("unknown parameter '{name}'")))?;
        if seen.contains(&p.name) {
            return Err(param_error(
                opt,
                format_args!("duplicate parameter '{name}'"),
            ));
        }
        seen.push(p.name);
        let v = it
            .next()
            .ok_or_else(|| param_error(opt, format_args!("no value for parameter '{name}'")))?;
        let invalid = || {
            param_error(
                opt,
                format_args!("invalid value '{v}' for parameter '{name}'"),
            )
        };
        let n = if p.boolean {
            match v.as_str() {
                "on" => 1,
                "off" => 0,
                _ => return Err(invalid()),
            }
        } else {
            crate::cli::c_unsigned(v).ok_or_else(invalid)?
        };
        (p.set)(&mut t, n);
    }
    Ok(t)
}

/// Reads `FEATURE on|off` pairs, up to an optional `--`.
fn parse_features(args: &[String]) -> Result<Vec<(String, bool)>> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(name) = args.get(i) {
        if name == "--" {
            if let Some(extra) = args.get(i + 1) {
                return Err(unexpected(extra));
            }
            break;
        }
        let value = match args.get(i + 1).map(String::as_str) {
            Some("on") => true,
            Some("off") => false,
            other => {
                return Err(param_error(
                    "-K",
                    format_args!(
                        "flag '{}' for parameter '{name}' is not followed by 'on' or 'off'",
                        other.unwrap_or("(null)")
                    ),
                ));
            }
        };
        out.push((name.clone(), value));
        i += 2;
    }
    Ok(out)
}

fn unexpected(word: &str) -> CliError {
    CliError::Coded {
        message: format!("ethtool: unexpected parameter '{word}'"),
        code: 1,
    }
}

/// Reads the words after `ethtool`.
///
/// # Errors
/// `ethtool`'s errors for a bad command line (exit 1), its usage for `-h`, and the options
/// answered through the ioctl, refused by name.
pub(crate) fn parse(words: &[String], opts: &Opts) -> Result<(Ethtool, String)> {
    let mut json = opts.json;
    let mut i = 0;
    // ethtool's flags come first: --json, -I (--include-statistics), --debug N.
    while let Some(w) = words.get(i) {
        match w.as_str() {
            "--json" => json = true,
            "-I" | "--include-statistics" => {}
            "--debug" => {
                i += 1;
                words.get(i).ok_or_else(bad_line)?;
            }
            _ => break,
        }
        i += 1;
    }
    let first = words.get(i).ok_or_else(bad_line)?;
    let opt = if first.starts_with('-') {
        let opt = OPTIONS
            .iter()
            .find(|(names, _)| names.contains(&first.as_str()))
            .map(|(_, o)| *o)
            .ok_or_else(bad_line)?;
        i += 1;
        opt
    } else {
        Opt::Settings
    };
    let ctx = if opt == Opt::Settings {
        "ethtool".to_owned()
    } else {
        format!("ethtool {first}")
    };
    match opt {
        Opt::Help => return Err(CliError::Help(USAGE.to_owned())),
        Opt::Ioctl => return Err(CliError::unsupported(format!("\"ethtool {first}\""))),
        _ => {}
    }
    let dev = words.get(i).ok_or_else(bad_line)?.clone();
    let args = words.get(i + 1..).unwrap_or_default();
    let none = |mode: Mode| match args.first() {
        Some(extra) => Err(unexpected(extra)),
        None => Ok(mode),
    };
    let mode = match opt {
        Opt::Settings => none(Mode::Settings)?,
        Opt::Features => none(Mode::Features)?,
        Opt::SetFeatures => Mode::SetFeatures(parse_features(args)?),
        Opt::Rings => none(Mode::Rings)?,
        Opt::SetRings => Mode::SetRings(Box::new(parse_params("-G", RING_PARAMS, args)?)),
        Opt::Channels => none(Mode::Channels)?,
        Opt::SetChannels => Mode::SetChannels(Box::new(parse_params("-L", CHANNEL_PARAMS, args)?)),
        Opt::Coalesce => none(Mode::Coalesce)?,
        Opt::SetCoalesce => Mode::SetCoalesce(Box::new(parse_params("-C", COALESCE_PARAMS, args)?)),
        Opt::Timestamping => none(Mode::Timestamping)?,
        Opt::Pause => none(Mode::Pause)?,
        Opt::Eee => none(Mode::Eee)?,
        Opt::PrivFlags => none(Mode::PrivFlags)?,
        Opt::DriverInfo => match args.first() {
            Some(_) => return Err(bad_line()),
            None => Mode::DriverInfo,
        },
        Opt::Statistics => match args.first().map(String::as_str) {
            // ethtool asks the netlink family for the statistics groups.
            Some(w @ ("--all-groups" | "--groups" | "--src")) => {
                return Err(CliError::unsupported(format!("\"ethtool -S DEVNAME {w}\"")));
            }
            Some(w) => return Err(param_error("-S", format_args!("unknown parameter '{w}'"))),
            None => Mode::Statistics,
        },
        Opt::Help | Opt::Ioctl => return Err(bad_line()),
    };
    // ethtool 6.1 has --json for -k (and -a, -S with groups, which nlctl does not print
    // in JSON yet) only.
    if json && mode != Mode::Features {
        return Err(bad_line());
    }
    Ok((Ethtool { mode, dev, json }, ctx))
}

/// The ioctl's socket, in the namespace of `-netns`.
fn ioctl(opts: &Opts) -> Result<EthtoolIoctl> {
    Ok(EthtoolIoctl::in_netns(opts.netns.as_deref())?)
}

/// `ethtool`'s `perror(what)` and its exit status for a failed ioctl.
fn ioctl_failed(what: &str, e: &Error, code: u8) -> CliError {
    let text = e.errno().map_or_else(
        || e.to_string(),
        |errno| netlink::errno::text(errno.raw_os_error()).to_string(),
    );
    CliError::Coded {
        message: format!("{what}: {text}"),
        code,
    }
}

/// `ethtool -i DEV`: `ETHTOOL_GDRVINFO`, printed as `ethtool` 6.1 prints it.
fn driver_info(ioctl: &EthtoolIoctl, dev: &str, out: &mut impl Write) -> Result<()> {
    let d = ioctl
        .driver_info(dev)
        .map_err(|e| ioctl_failed("Cannot get driver information", &e, 71))?;
    let yes = |n: u32| if n != 0 { "yes" } else { "no" };
    writeln!(out, "driver: {}", d.driver)?;
    writeln!(out, "version: {}", d.version)?;
    writeln!(out, "firmware-version: {}", d.fw_version)?;
    writeln!(out, "expansion-rom-version: {}", d.erom_version)?;
    writeln!(out, "bus-info: {}", d.bus_info)?;
    writeln!(out, "supports-statistics: {}", yes(d.n_stats))?;
    writeln!(out, "supports-test: {}", yes(d.testinfo_len))?;
    writeln!(out, "supports-eeprom-access: {}", yes(d.eedump_len))?;
    writeln!(out, "supports-register-dump: {}", yes(d.regdump_len))?;
    writeln!(out, "supports-priv-flags: {}", yes(d.n_priv_flags))?;
    Ok(())
}

/// `ethtool -S DEV`: the names of `ETH_SS_STATS`, then `ETHTOOL_GSTATS`, with `ethtool`'s
/// messages and exit statuses (96 without the names, 94 when there are none, 97 without the
/// values).
fn statistics(ioctl: &EthtoolIoctl, dev: &str, out: &mut impl Write) -> Result<()> {
    let names = ioctl
        .strings(dev, ETH_SS_STATS)
        .map_err(|e| ioctl_failed("Cannot get stats strings information", &e, 96))?;
    if names.is_empty() {
        return Err(CliError::Coded {
            message: "no stats available".into(),
            code: 94,
        });
    }
    let stats = ioctl
        .statistics(dev)
        .map_err(|e| ioctl_failed("Cannot get stats information", &e, 97))?;
    writeln!(out, "NIC statistics:")?;
    for (name, value) in stats {
        writeln!(out, "     {name}: {value}")?;
    }
    Ok(())
}

/// A kernel error with the exit status `ethtool` gives it for this command.
fn coded(e: Error, code: u8) -> CliError {
    match e {
        Error::Kernel(_) => CliError::Coded {
            message: e.to_string(),
            code,
        },
        e => e.into(),
    }
}

/// A query's answer, or the kernel's refusal with the status `ethtool` gives a query (1).
fn query<T>(r: std::result::Result<T, Error>) -> Result<T> {
    r.map_err(|x| coded(x, 1))
}

/// `ethtool`'s way of printing an optional number: the number or `n/a`.
fn or_na(v: Option<u32>) -> String {
    v.map_or_else(|| "n/a".to_owned(), |v| v.to_string())
}

/// Runs an `ethtool` command.
///
/// # Errors
/// The kernel's refusals, with `ethtool`'s exit status for the command.
pub(crate) fn run(e: &Ethtool, opts: &Opts, genl: &GenlConnection) -> Result<()> {
    let dev = e.dev.as_str();
    let mut out = io::stdout().lock();
    match &e.mode {
        Mode::Settings => settings(genl, dev, &mut out)?,
        Mode::Features => {
            let f = genl.ethtool_features(dev).map_err(|x| {
                if e.json {
                    // ethtool opens its JSON array before it asks.
                    let _ = writeln!(out, "[ ]");
                }
                coded(x, 1)
            })?;
            if e.json {
                features_json(&f, opts.pretty || e.json, &mut out)?;
            } else {
                features_text(&f, &mut out)?;
            }
        }
        Mode::SetFeatures(changes) => set_features(genl, dev, changes, &mut out)?,
        Mode::Rings => {
            let r = query(genl.ethtool_rings(dev))?;
            rings_text(&r, &mut out)?;
        }
        Mode::SetRings(r) => genl.set_ethtool_rings(dev, r).map_err(|x| coded(x, 81))?,
        Mode::Channels => write!(out, "{}", query(genl.ethtool_channels(dev))?)?,
        // ethtool reads the settings before it changes them: a device without them fails
        // there, with the query's status.
        Mode::SetChannels(c) => {
            query(genl.ethtool_channels(dev))?;
            query(genl.set_ethtool_channels(dev, c))?;
        }
        Mode::Coalesce => write!(out, "{}", query(genl.ethtool_coalesce(dev))?)?,
        Mode::SetCoalesce(c) => {
            query(genl.ethtool_coalesce(dev))?;
            query(genl.set_ethtool_coalesce(dev, c))?;
        }
        Mode::Timestamping => write!(out, "{}", query(genl.ethtool_timestamping(dev))?)?,
        Mode::Pause => {
            let p = query(genl.ethtool_pause(dev))?;
            writeln!(out, "Pause parameters for {}:", p.dev.name)?;
            for (name, v) in [
                ("Autonegotiate:\t", p.autoneg),
                ("RX:\t\t", p.rx),
                ("TX:\t\t", p.tx),
            ] {
                let v = match v {
                    Some(0) => "off",
                    Some(_) => "on",
                    None => "n/a",
                };
                writeln!(out, "{name}{v}")?;
            }
        }
        Mode::Eee => {
            let x = query(genl.ethtool_eee(dev))?;
            let onoff = |v: Option<u8>| {
                if v.unwrap_or(0) != 0 {
                    "enabled"
                } else {
                    "disabled"
                }
            };
            writeln!(out, "EEE settings for {}:", x.dev.name)?;
            writeln!(out, "\tEEE status: {}", onoff(x.enabled))?;
            writeln!(out, "\tTx LPI: {} (us)", or_na(x.tx_lpi_timer))?;
        }
        Mode::PrivFlags => {
            let p = query(genl.ethtool_private_flags(dev))?;
            writeln!(out, "Private flags for {}:", p.dev.name)?;
            for b in &p.flags.bits {
                let name = b.name.clone().unwrap_or_else(|| format!("bit{}", b.index));
                writeln!(out, "{name}: {}", if b.value { "on" } else { "off" })?;
            }
        }
        Mode::DriverInfo => driver_info(&ioctl(opts)?, dev, &mut out)?,
        Mode::Statistics => statistics(&ioctl(opts)?, dev, &mut out)?,
    }
    out.flush()?;
    Ok(())
}

/// `ethtool -g`'s page.
fn rings_text(r: &Rings, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "Ring parameters for {}:", r.dev.name)?;
    writeln!(out, "Pre-set maximums:")?;
    for (label, v) in [
        ("RX:\t\t", r.rx_max),
        ("RX Mini:\t", r.rx_mini_max),
        ("RX Jumbo:\t", r.rx_jumbo_max),
        ("TX:\t\t", r.tx_max),
    ] {
        writeln!(out, "{label}{}", or_na(v))?;
    }
    writeln!(out, "Current hardware settings:")?;
    for (label, v) in [
        ("RX:\t\t", r.rx),
        ("RX Mini:\t", r.rx_mini),
        ("RX Jumbo:\t", r.rx_jumbo),
        ("TX:\t\t", r.tx),
        ("RX Buf Len:\t\t", r.rx_buf_len),
        ("CQE Size:\t\t", r.cqe_size),
    ] {
        writeln!(out, "{label}{}", or_na(v))?;
    }
    let push = match r.tx_push {
        Some(0) => "off",
        Some(_) => "on",
        None => "n/a",
    };
    writeln!(out, "TX Push:\t\t{push}")?;
    Ok(())
}

/// The legacy flags `ethtool -k` shows before the features: short name, long name, and the
/// pattern of the kernel's feature names each stands for (one `*` at most). UFO, which no
/// kernel with the netlink interface has, is left out as `ethtool` leaves it out.
const LEGACY_FLAGS: [(&str, &str, &str); 11] = [
    ("rx", "rx-checksumming", "rx-checksum"),
    ("tx", "tx-checksumming", "tx-checksum-*"),
    ("sg", "scatter-gather", "tx-scatter-gather*"),
    ("tso", "tcp-segmentation-offload", "tx-tcp*-segmentation"),
    (
        "gso",
        "generic-segmentation-offload",
        "tx-generic-segmentation",
    ),
    ("gro", "generic-receive-offload", "rx-gro"),
    ("lro", "large-receive-offload", "rx-lro"),
    ("rxvlan", "rx-vlan-offload", "rx-vlan-hw-parse"),
    ("txvlan", "tx-vlan-offload", "tx-vlan-hw-insert"),
    ("ntuple", "ntuple-filters", "rx-ntuple-filter"),
    ("rxhash", "receive-hashing", "rx-hashing"),
];

/// Whether feature `name` matches `pattern` (at most one `*`, any run of characters).
fn pattern_match(name: &str, pattern: &str) -> bool {
    match pattern.split_once('*') {
        None => name == pattern,
        Some((head, tail)) => {
            name.len() >= head.len() + tail.len() && name.starts_with(head) && name.ends_with(tail)
        }
    }
}

/// The legacy flag each feature falls under, by position in `f.features`.
fn legacy_of(f: &Features) -> Vec<Option<usize>> {
    f.features
        .iter()
        .map(|feat| {
            if feat.name.is_empty() {
                return None;
            }
            LEGACY_FLAGS
                .iter()
                .position(|(_, _, pat)| pattern_match(&feat.name, pat))
        })
        .collect()
}

/// One entry of `ethtool -k`: a legacy flag standing for several features (no feature of
/// its own), or one feature under its own name or its legacy flag's.
struct FeatureEntry<'a> {
    /// Indented under its legacy flag.
    nested: bool,
    name: &'a str,
    active: bool,
    /// The feature, for `[fixed]` and `[requested ...]`; `None` for an aggregate.
    feature: Option<&'a netlink::genl::ethtool::Feature>,
}

/// The entries of `ethtool -k`, in its order: each legacy flag (with its features nested when
/// it stands for several), then the other features.
fn feature_entries(f: &Features) -> Vec<FeatureEntry<'_>> {
    let legacy = legacy_of(f);
    let mut out = Vec::new();
    for (i, (_, long, _)) in LEGACY_FLAGS.iter().enumerate() {
        let members: Vec<_> = f
            .features
            .iter()
            .zip(&legacy)
            .filter(|(_, l)| **l == Some(i))
            .map(|(feat, _)| feat)
            .collect();
        if let [m] = members.as_slice() {
            out.push(FeatureEntry {
                nested: false,
                name: long,
                active: m.active,
                feature: Some(m),
            });
            continue;
        }
        out.push(FeatureEntry {
            nested: false,
            name: long,
            active: members.iter().any(|m| m.active),
            feature: None,
        });
        out.extend(members.into_iter().map(|m| FeatureEntry {
            nested: true,
            name: &m.name,
            active: m.active,
            feature: Some(m),
        }));
    }
    for (feat, l) in f.features.iter().zip(&legacy) {
        if l.is_none() && !feat.name.is_empty() {
            out.push(FeatureEntry {
                nested: false,
                name: &feat.name,
                active: feat.active,
                feature: Some(feat),
            });
        }
    }
    out
}

/// The page of `ethtool -k`.
fn features_text(f: &Features, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "Features for {}:", f.dev.name)?;
    for e in feature_entries(f) {
        let prefix = if e.nested { "\t" } else { "" };
        let on = if e.active { "on" } else { "off" };
        let suffix = match e.feature {
            Some(x) if x.is_fixed() => " [fixed]",
            Some(x) if x.active != x.wanted && x.wanted => " [requested on]",
            Some(x) if x.active != x.wanted => " [requested off]",
            _ => "",
        };
        writeln!(out, "{prefix}{}: {on}{suffix}", e.name)?;
    }
    Ok(())
}

/// `ethtool --json -k`: one object per device with the same entries as the text, in its
/// order; a legacy flag of several features has `null` for `fixed` and `requested`.
fn features_json(f: &Features, pretty: bool, out: &mut impl Write) -> Result<()> {
    use crate::sink::{JsonSink, JsonState, Lit, Sink};
    let mut s = JsonSink::resume(&mut *out, JsonState::new(pretty));
    s.open_array("")?;
    s.open_object("")?;
    s.string("ifname", None, &f.dev.name)?;
    for e in feature_entries(f) {
        s.open_object(e.name)?;
        s.literal("active", Lit::bool(e.active), "")?;
        let (fixed, requested) = e.feature.map_or((Lit::Null, Lit::Null), |x| {
            (Lit::bool(x.is_fixed()), Lit::bool(x.wanted))
        });
        s.literal("fixed", fixed, "")?;
        s.literal("requested", requested, "")?;
        s.close_object()?;
    }
    s.close_object()?;
    s.close_array()?;
    out.write_all(b"\n")?;
    Ok(())
}

/// `ethtool -K`: the features named (a legacy name stands for every feature of its pattern),
/// set in one request; then, as `ethtool`, what the kernel did otherwise than asked.
fn set_features(
    genl: &GenlConnection,
    dev: &str,
    changes: &[(String, bool)],
    out: &mut impl Write,
) -> Result<()> {
    let names = genl
        .ethtool_strings(None, &[StringSetId::FEATURES])
        .map_err(|x| coded(x, 92))?
        .into_iter()
        .next()
        .map(|s| s.strings)
        .unwrap_or_default();
    let mut bits: Vec<(&str, bool)> = Vec::new();
    let mut requested: Vec<usize> = Vec::new();
    for (name, value) in changes {
        let legacy = LEGACY_FLAGS
            .iter()
            .find(|(short, long, _)| short == name || long == name);
        match legacy {
            Some((_, _, pattern)) => {
                for (i, n) in names.iter().enumerate() {
                    if pattern_match(n, pattern) {
                        bits.push((n, *value));
                        requested.push(i);
                    }
                }
            }
            None => {
                bits.push((name, *value));
                if let Some(i) = names.iter().position(|n| n == name) {
                    requested.push(i);
                }
            }
        }
    }
    let body = netlink::genl::attrs(|w| {
        wire::put_header(w, 1, None, Some(dev), HeaderFlags::COMPACT_BITSETS);
        Bitset::write_named(w, 3, &bits, false);
    })?;
    let replies = genl
        .execute(&wire::FAMILY, EthtoolCmd::FEATURES_SET.0, &body)
        .map_err(|x| coded(x, 92))?;
    // The reply holds what differs from the request (`WANTED`) and what changed (`ACTIVE`).
    let mut wanted: Vec<(u32, bool)> = Vec::new();
    let mut active: Vec<(u32, bool)> = Vec::new();
    for r in &replies {
        let g = GenlMsg::parse(r.as_msg()).map_err(Error::from)?;
        let v = FeaturesView::new(g.attrs());
        for (set, into) in [(v.wanted(), &mut wanted), (v.active(), &mut active)] {
            if let Some(b) = set.map_err(Error::from)? {
                for bit in b.bits() {
                    let bit = bit.map_err(Error::from)?;
                    into.push((bit.index, bit.value));
                }
            }
        }
    }
    // Only a result other than the request is shown: a requested value that did not take,
    // or a feature that changed without being asked for.
    let unrequested = active.iter().any(|(b, _)| {
        !requested
            .iter()
            .any(|i| u32::try_from(*i).unwrap_or(u32::MAX) == *b)
    });
    if !wanted.is_empty() || unrequested {
        writeln!(out, "Actual changes:")?;
        for (i, name) in names.iter().enumerate() {
            let idx = u32::try_from(i).unwrap_or(u32::MAX);
            let w = wanted.iter().find(|(b, _)| *b == idx);
            let a = active.iter().find(|(b, _)| *b == idx);
            let onoff = |v: bool| if v { "on" } else { "off" };
            match (w, a) {
                (None, None) => continue,
                (Some((_, v)), _) => {
                    writeln!(out, "{name}: {} [requested {}]", onoff(!v), onoff(*v))?;
                }
                (None, Some((_, v))) if !requested.contains(&i) => {
                    writeln!(out, "{name}: {} [not requested]", onoff(*v))?;
                }
                (None, Some((_, v))) => writeln!(out, "{name}: {}", onoff(*v))?,
            }
        }
    }
    // Nothing asked for took: ethtool says so and fails.
    let took = requested.iter().any(|i| {
        let idx = u32::try_from(*i).unwrap_or(u32::MAX);
        !wanted.iter().any(|(b, _)| *b == idx)
    });
    if !took {
        out.flush()?;
        return Err(CliError::Coded {
            message: "Could not change any device features".into(),
            code: 1,
        });
    }
    Ok(())
}

/// The settings page of `ethtool DEVNAME`: link modes, link information, Wake-on-LAN, the
/// message level and the link state, each left out when the device does not report it.
fn settings(genl: &GenlConnection, dev: &str, out: &mut impl Write) -> Result<()> {
    let mut page: Vec<u8> = Vec::new();
    let mut any = false;
    let mut first_error = None;
    let mut note = |r: std::result::Result<(), Error>, any: &mut bool| match r {
        Ok(()) => *any = true,
        Err(e) => {
            if first_error.is_none() && e.errno() != Some(Errno::OPNOTSUPP) {
                first_error = Some(e);
            }
        }
    };
    let modes = genl
        .ethtool_link_modes(dev)
        .map(|m| link_modes(&m, &mut page));
    note(
        modes.and_then(|r| r.map_err(|e| Error::InvalidArgument(e.to_string()))),
        &mut any,
    );
    let info = genl
        .ethtool_link_info(dev)
        .map(|i| link_info(&i, &mut page));
    note(
        info.and_then(|r| r.map_err(|e| Error::InvalidArgument(e.to_string()))),
        &mut any,
    );
    let wol = genl.ethtool_wol(dev).map(|w| {
        let names = |m: netlink::netlink_wire::genl::ethtool::WolModes| wol_letters(m.bits());
        writeln!(page, "\tSupports Wake-on: {}", names(w.supported()))?;
        writeln!(page, "\tWake-on: {}", names(w.enabled()))
    });
    note(
        wol.and_then(|r| r.map_err(|e| Error::InvalidArgument(e.to_string()))),
        &mut any,
    );
    let level = genl.ethtool_msg_level(dev).map(|l| {
        let mask = l.classes.to_u32();
        writeln!(page, "        Current message level: 0x{mask:08x} ({mask})")?;
        write!(page, "                              ")?;
        for n in l.classes.names_set() {
            write!(page, " {n}")?;
        }
        writeln!(page)
    });
    note(
        level.and_then(|r| r.map_err(|e| Error::InvalidArgument(e.to_string()))),
        &mut any,
    );
    let state = genl.ethtool_link_state(dev).map(|s| match s.link {
        Some(l) => writeln!(page, "\tLink detected: {}", if l { "yes" } else { "no" }),
        None => Ok(()),
    });
    note(
        state.and_then(|r| r.map_err(|e| Error::InvalidArgument(e.to_string()))),
        &mut any,
    );
    if !any {
        writeln!(out, "No data available")?;
        out.flush()?;
        let message = first_error.map_or_else(|| "No data available".to_owned(), |e| e.to_string());
        return Err(CliError::Coded { message, code: 75 });
    }
    writeln!(out, "Settings for {dev}:")?;
    out.write_all(&page)?;
    Ok(())
}

/// Wake-on-LAN modes as `ethtool` letters them (`pumbg`), or `d` for none.
fn wol_letters(bits: u32) -> String {
    const LETTERS: [(u32, char); 8] = [
        (1 << 0, 'p'),
        (1 << 1, 'u'),
        (1 << 2, 'm'),
        (1 << 3, 'b'),
        (1 << 4, 'a'),
        (1 << 5, 'g'),
        (1 << 6, 's'),
        (1 << 7, 'f'),
    ];
    let s: String = LETTERS
        .iter()
        .filter(|(b, _)| bits & b != 0)
        .map(|(_, c)| *c)
        .collect();
    if s.is_empty() { "d".into() } else { s }
}

/// The link mode bits that are ports, pause and autonegotiation, and FEC, not speeds: named
/// by the kernel's `ETH_SS_LINK_MODES` strings.
const PORT_MODES: [(&str, &str); 6] = [
    ("TP", "TP"),
    ("AUI", "AUI"),
    ("BNC", "BNC"),
    ("MII", "MII"),
    ("FIBRE", "FIBRE"),
    ("Backplane", "Backplane"),
];

/// The part of the settings page that link modes give.
fn link_modes(m: &LinkModes, page: &mut Vec<u8>) -> io::Result<()> {
    let empty = netlink::genl::ethtool::BitSet::default();
    let ours = m.ours.as_ref().unwrap_or(&empty);
    let supported = |n: &str| ours.bits.iter().any(|b| b.name.as_deref() == Some(n));
    let advertised = |n: &str| {
        ours.bits
            .iter()
            .any(|b| b.value && b.name.as_deref() == Some(n))
    };
    let special = |n: &str| {
        PORT_MODES.iter().any(|(p, _)| *p == n)
            || matches!(n, "Autoneg" | "Pause" | "Asym_Pause")
            || n.starts_with("FEC_")
    };
    write!(page, "\tSupported ports: [ ")?;
    for (bit, name) in PORT_MODES {
        if supported(bit) {
            write!(page, "{name} ")?;
        }
    }
    writeln!(page, " ]")?;
    let list = |page: &mut Vec<u8>, label: &str, pick: &dyn Fn(&str) -> bool| -> io::Result<()> {
        let modes: Vec<&str> = ours
            .bits
            .iter()
            .filter_map(|b| b.name.as_deref())
            .filter(|n| !special(n) && pick(n))
            .collect();
        if modes.is_empty() {
            writeln!(page, "\t{label}Not reported")
        } else {
            writeln!(page, "\t{label}{}", modes.join(" "))
        }
    };
    let pause = |s: &dyn Fn(&str) -> bool| match (s("Pause"), s("Asym_Pause")) {
        (false, false) => "No",
        (true, false) => "Symmetric",
        (false, true) => "Transmit-only",
        (true, true) => "Symmetric Receive-only",
    };
    let fec = |page: &mut Vec<u8>, label: &str, pick: &dyn Fn(&str) -> bool| -> io::Result<()> {
        let modes: Vec<&str> = ours
            .bits
            .iter()
            .filter_map(|b| b.name.as_deref())
            .filter(|n| n.starts_with("FEC_") && pick(n))
            .map(|n| n.trim_start_matches("FEC_"))
            .collect();
        if modes.is_empty() {
            writeln!(page, "\t{label}Not reported")
        } else {
            writeln!(page, "\t{label}{}", modes.join(" "))
        }
    };
    let yes = |b: bool| if b { "Yes" } else { "No" };
    list(page, "Supported link modes:   ", &supported)?;
    writeln!(page, "\tSupported pause frame use: {}", pause(&supported))?;
    writeln!(
        page,
        "\tSupports auto-negotiation: {}",
        yes(supported("Autoneg"))
    )?;
    fec(page, "Supported FEC modes: ", &supported)?;
    list(page, "Advertised link modes:  ", &advertised)?;
    writeln!(page, "\tAdvertised pause frame use: {}", pause(&advertised))?;
    writeln!(
        page,
        "\tAdvertised auto-negotiation: {}",
        yes(advertised("Autoneg"))
    )?;
    fec(page, "Advertised FEC modes: ", &advertised)?;
    match m.speed {
        Some(s) => writeln!(page, "\tSpeed: {s}Mb/s")?,
        None => writeln!(page, "\tSpeed: Unknown!")?,
    }
    if let Some(l) = m.lanes {
        writeln!(page, "\tLanes: {l}")?;
    }
    match m.duplex {
        Some(d) if d.0 <= 1 => writeln!(page, "\tDuplex: {}", d.short_name().unwrap_or("?"))?,
        Some(d) => writeln!(page, "\tDuplex: Unknown! ({})", d.0)?,
        None => {}
    }
    if let Some(a) = m.autoneg {
        writeln!(page, "\tAuto-negotiation: {}", if a { "on" } else { "off" })?;
    }
    Ok(())
}

/// The part of the settings page that link information gives.
fn link_info(i: &LinkInfo, page: &mut Vec<u8>) -> io::Result<()> {
    if let Some(p) = i.port {
        match p.short_name() {
            Some(n) => writeln!(page, "\tPort: {n}")?,
            None => writeln!(page, "\tPort: Unknown! ({})", p.0)?,
        }
    }
    if let Some(a) = i.phyaddr {
        writeln!(page, "\tPHYAD: {a}")?;
    }
    if let Some(t) = i.transceiver {
        match t.short_name() {
            Some(n) => writeln!(page, "\tTransceiver: {n}")?,
            None => writeln!(page, "\tTransceiver: Unknown!")?,
        }
    }
    if i.port == Some(Port::TP) {
        let status = match i.tp_mdix {
            Some(MdiX::MDI) => "off",
            Some(MdiX::MDI_X) => "on",
            _ => "Unknown",
        };
        let ctrl = match i.tp_mdix_ctrl {
            Some(MdiX::AUTO) => " (auto)",
            Some(MdiX::MDI | MdiX::MDI_X) => " (forced)",
            _ => "",
        };
        writeln!(page, "\tMDI-X: {status}{ctrl}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(w: &[&str]) -> Vec<String> {
        w.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn command_lines_as_ethtool_reads_them() {
        let o = Opts::default();
        let (e, ctx) = parse(&words(&["--json", "-k", "v0"]), &o).unwrap();
        assert_eq!(
            (e.mode, e.json, ctx.as_str()),
            (Mode::Features, true, "ethtool -k")
        );
        let (e, _) = parse(&words(&["-G", "v0", "rx", "0x10", "tx-push", "on"]), &o).unwrap();
        let Mode::SetRings(r) = e.mode else { panic!() };
        assert_eq!((r.rx, r.tx_push, r.tx), (Some(16), Some(1), None));
        let (e, _) = parse(
            &words(&["-K", "v0", "gro", "on", "rx-lro", "off", "--"]),
            &o,
        )
        .unwrap();
        assert_eq!(
            e.mode,
            Mode::SetFeatures(vec![("gro".into(), true), ("rx-lro".into(), false)])
        );
        for (bad, msg) in [
            (
                &["-k"][..],
                "ethtool: bad command line argument(s); see \"nlctl ethtool -h\"",
            ),
            (
                &["-q", "v0"],
                "ethtool: bad command line argument(s); see \"nlctl ethtool -h\"",
            ),
            (
                &["--json", "-g", "v0"],
                "ethtool: bad command line argument(s); see \"nlctl ethtool -h\"",
            ),
            (&["-k", "v0", "x"], "ethtool: unexpected parameter 'x'"),
            (&["v0", "x"], "ethtool: unexpected parameter 'x'"),
            (
                &["-G", "v0", "foo", "1"],
                "ethtool (-G): unknown parameter 'foo'",
            ),
            (
                &["-G", "v0", "rx", "1", "rx", "2"],
                "ethtool (-G): duplicate parameter 'rx'",
            ),
            (
                &["-L", "v0", "rx"],
                "ethtool (-L): no value for parameter 'rx'",
            ),
            (
                &["-C", "v0", "rx-frames", "-1"],
                "ethtool (-C): invalid value '-1' for parameter 'rx-frames'",
            ),
            (
                &["-K", "v0", "gro", "maybe"],
                "ethtool (-K): flag 'maybe' for parameter 'gro' is not followed by 'on' or 'off'",
            ),
        ] {
            let e = parse(&words(bad), &o).unwrap_err();
            assert_eq!((e.to_string().as_str(), e.exit_code()), (msg, 1), "{bad:?}");
        }
        assert!(matches!(
            parse(&words(&["-e", "v0"]), &o),
            Err(CliError::Unsupported(_))
        ));
        assert_eq!(
            parse(&words(&["-i", "v0"]), &o).unwrap().0.mode,
            Mode::DriverInfo
        );
        assert!(matches!(
            parse(&words(&["-S", "v0", "--all-groups"]), &o),
            Err(CliError::Unsupported(_))
        ));
        assert!(matches!(parse(&words(&["-h"]), &o), Err(CliError::Help(_))));
    }

    #[test]
    fn legacy_patterns() {
        assert!(pattern_match(
            "tx-tcp6-segmentation",
            "tx-tcp*-segmentation"
        ));
        assert!(pattern_match("tx-tcp-segmentation", "tx-tcp*-segmentation"));
        assert!(!pattern_match(
            "tx-udp-segmentation",
            "tx-tcp*-segmentation"
        ));
        assert!(pattern_match("tx-scatter-gather", "tx-scatter-gather*"));
        assert!(pattern_match("rx-gro", "rx-gro"));
        assert!(!pattern_match("rx-gro-list", "rx-gro"));
        assert_eq!(wol_letters(0), "d");
        assert_eq!(wol_letters(0x22), "ug");
    }
}
