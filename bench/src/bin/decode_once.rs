//! Runs one decoder over a capture a number of times, for profiling under
//! `valgrind --tool=callgrind`: `decode_once ours|iter|owned|theirs|untyped PATH.bin [ITERATIONS]`.

use std::path::Path;
use std::process::ExitCode;

use netlink_bench::{
    Capture, walk_ours, walk_ours_iter, walk_ours_untyped, walk_owned, walk_theirs,
};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(which), Some(path)) = (args.first(), args.get(1)) else {
        eprintln!("usage: decode_once ours|iter|owned|theirs|untyped PATH.bin [ITERATIONS]");
        return ExitCode::from(2);
    };
    let n: u32 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let cap = match Capture::load(Path::new(path)) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let walk = match which.as_str() {
        "ours" => walk_ours,
        "iter" => walk_ours_iter,
        "theirs" => walk_theirs,
        "untyped" => walk_ours_untyped,
        "owned" => walk_owned,
        _ => {
            eprintln!("ours, iter, owned, theirs or untyped");
            return ExitCode::from(2);
        }
    };
    let mut t = walk(&cap);
    for _ in 1..n {
        t = walk(&cap);
    }
    println!("{t:?}");
    ExitCode::SUCCESS
}
