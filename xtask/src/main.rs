//! Project chores, identical locally and in CI: `cargo xtask <verb>`.
//!
//! - `cargo xtask ci`: formatting, the fuzz corpus against `fuzz/seeds.py`, clippy with
//!   `-D warnings` and every feature (its `incompatible_msrv` lint checks the declared
//!   rust-version), every test (the real-kernel ones included, which need root), docs with
//!   warnings denied, and a build of the fuzz targets.
//! - `cargo xtask fuzz [TARGET|--all] [--time SECS]`: runs cargo-fuzz targets.
//! - `cargo xtask bench capture|decode|dump|storm|profile`: benchmarks (docs/benchmarks.md).
//! - `cargo xtask soak [--minutes N]`: the soak of `crates/netlink/tests/soak.rs` for N minutes
//!   (2), with `nlctl` built first (docs/reliability.md).
//! - `cargo xtask concurrency [--minutes N]`: the 16-thread test of
//!   `crates/netlink/tests/concurrency.rs` for N minutes instead of its 30 seconds.

mod bench;

use std::env;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("ci") => ci(),
        Some("fuzz") => fuzz(args.get(1..).unwrap_or_default()),
        Some("bench") => bench::run(args.get(1..).unwrap_or_default()),
        Some("soak") => minutes(args.get(1..).unwrap_or_default(), 2.0).and_then(soak),
        Some("concurrency") => {
            minutes(args.get(1..).unwrap_or_default(), 0.5).and_then(concurrency)
        }
        _ => {
            eprintln!(
                "usage: cargo xtask ci | fuzz [TARGET|--all] [--time SECS] | bench capture|decode|dump|storm|profile \
                 | soak [--minutes N] | concurrency [--minutes N]"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

fn run(cmd: &mut Command) -> Result<(), String> {
    eprintln!("$ {cmd:?}");
    let status = cmd
        .current_dir(root())
        .status()
        .map_err(|e| format!("{cmd:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{cmd:?} failed: {status}"))
    }
}

fn cargo() -> Command {
    Command::new(env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

fn ci() -> Result<(), String> {
    run(cargo().args(["fmt", "--all", "--check"]))?;
    // bench/ and fuzz/ are workspaces of their own, which the line above does not reach.
    for manifest in ["bench/Cargo.toml", "fuzz/Cargo.toml"] {
        run(cargo().args(["fmt", "--manifest-path", manifest, "--all", "--check"]))?;
    }
    // The named seeds of fuzz/corpus are what seeds.py writes: a change to a target's type
    // list or to the captures that left the corpus behind fails here (in a second), not as
    // seeds that quietly decode as another message type.
    run(Command::new("python3").args(["fuzz/seeds.py", "--check"]))?;
    // Every feature on (serde, the `tokio` adapter): one build covers the features' code and
    // everything else; the workspace lints include clippy's `incompatible_msrv`, which holds the
    // code to the declared rust-version.
    run(cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--all-features",
        "--",
        "-D",
        "warnings",
    ]))?;
    sync_core_has_no_runtime()?;
    run(cargo().args(["test", "--workspace", "--all-targets", "--all-features"]))?;
    run(cargo().args(["test", "--workspace", "--doc", "--all-features"]))?;
    run(cargo()
        .args(["doc", "--workspace", "--no-deps", "--all-features"])
        .env("RUSTDOCFLAGS", "-D warnings"))?;
    soak(2.0)?;
    fuzz_build()
}

/// The `netlink` crate without features depends on no async runtime: the `tokio` adapter is
/// opt-in, and the readiness API works with any reactor.
fn sync_core_has_no_runtime() -> Result<(), String> {
    let out = cargo()
        .args([
            "tree",
            "-p",
            "netlink-client",
            "-e",
            "normal",
            "--prefix",
            "none",
        ])
        .current_dir(root())
        .output()
        .map_err(|e| format!("cargo tree: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "cargo tree failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let tree = String::from_utf8_lossy(&out.stdout);
    let runtime: Vec<&str> = tree
        .lines()
        .filter(|l| {
            ["tokio ", "futures", "mio ", "async-"]
                .iter()
                .any(|p| l.starts_with(p))
        })
        .collect();
    if runtime.is_empty() {
        Ok(())
    } else {
        Err(format!("netlink without features depends on {runtime:?}"))
    }
}

/// `--minutes N` among `args`, else `default`.
fn minutes(args: &[String], default: f64) -> Result<f64, String> {
    match args {
        [] => Ok(default),
        [flag, n] if flag == "--minutes" => n
            .parse()
            .ok()
            .filter(|m: &f64| *m > 0.0)
            .ok_or_else(|| format!("--minutes needs a positive number, not {n}")),
        other => Err(format!("expected --minutes N, got {other:?}")),
    }
}

/// The soak test, which `cargo test` skips (it is `#[ignore]`d), for `minutes`, with the
/// `nlctl` it runs as `nlctl monitor` built first.
fn soak(minutes: f64) -> Result<(), String> {
    run(cargo().args(["build", "-p", "nlctl"]))?;
    let nlctl = root().join("target/debug/nlctl");
    let mut cmd = long_test("soak", &["--ignored"]);
    run(cmd
        .env("NETLINK_SOAK_MINUTES", minutes.to_string())
        .env("NETLINK_SOAK_NLCTL", nlctl))
}

/// The concurrency test for `minutes` instead of its default 30 seconds.
fn concurrency(minutes: f64) -> Result<(), String> {
    let secs = (minutes * 60.0).round() as u64;
    run(long_test("concurrency", &[]).env("NETLINK_CONCURRENCY_SECS", secs.to_string()))
}

/// `cargo test -p netlink-client --test NAME -- ARGS --nocapture`: a long test that prints its figures.
fn long_test(name: &str, args: &[&str]) -> Command {
    let mut cmd = cargo();
    cmd.args(["test", "-p", "netlink-client", "--test", name, "--"])
        .args(args)
        .arg("--nocapture");
    cmd
}

/// A cargo-fuzz command. cargo-fuzz passes `-Z` flags that a stable rustc rejects; the root
/// `.cargo/config.toml` names `xtask/bin/rustc` as the compiler, which allows them for
/// cargo-fuzz builds only, so this works with whatever toolchain `cargo` resolves to. It is
/// the `cargo` on `PATH` (the rustup proxy), not `$CARGO`, so that a `+toolchain` or
/// `rust-toolchain` choice made by the caller still applies.
fn fuzz_cmd(sub: &str) -> Command {
    let mut cmd = Command::new("cargo");
    cmd.args(["fuzz", sub]);
    cmd
}

fn fuzz_build() -> Result<(), String> {
    run(fuzz_cmd("build").args(["--dev"]))?;
    // The differential target's corpus needs netlink-packet-route, which only the fuzz
    // workspace has, so `cargo test` cannot replay it as it replays the others: each input
    // runs once here, through the binary just built.
    run(fuzz_cmd("run").args([
        "--dev",
        "differential",
        "fuzz/corpus/differential",
        "--",
        "-runs=0",
    ]))
}

fn fuzz_targets() -> Result<Vec<String>, String> {
    let dir = root().join("fuzz/fuzz_targets");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let p = e.path();
            (p.extension()? == "rs").then(|| p.file_stem()?.to_str().map(str::to_owned))?
        })
        .collect();
    names.sort();
    Ok(names)
}

fn fuzz(args: &[String]) -> Result<(), String> {
    let mut targets = Vec::new();
    let mut secs = 60u64;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--all" => targets = fuzz_targets()?,
            "--time" | "--secs" => {
                secs = it
                    .next()
                    .and_then(|s| s.parse().ok())
                    .ok_or("--time needs a number of seconds")?;
            }
            t => targets.push(t.to_owned()),
        }
    }
    if targets.is_empty() {
        targets.push("decode".into());
    }
    for t in targets {
        let corpus = format!("fuzz/corpus/{t}");
        run(fuzz_cmd("run").args([
            t.as_str(),
            corpus.as_str(),
            "--",
            &format!("-max_total_time={secs}"),
            "-print_final_stats=1",
        ]))?;
    }
    Ok(())
}
