//! Records a route dump and a link dump of a namespace, datagram by datagram, exactly as the
//! kernel sent them: `capture --netns /run/netns/NAME --out DIR` writes `DIR/routes.{bin,lens}`
//! and `DIR/links.{bin,lens}`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use netlink_bench::{Capture, DumpKind, arg, dump_request, ends_dump, open_socket};
use netlink_socket::RecvBuf;

fn record(netns: &Path, kind: DumpKind) -> Result<Capture, String> {
    let socket = open_socket(netns, 0).map_err(|e| e.to_string())?;
    socket
        .send(&dump_request(kind, 1).map_err(|e| e.to_string())?)
        .map_err(|e| e.to_string())?;
    let mut buf = RecvBuf::new();
    let mut cap = Capture::default();
    loop {
        socket.recv(&mut buf).map_err(|e| e.to_string())?;
        cap.push(buf.data());
        if ends_dump(buf.data()) {
            return Ok(cap);
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(netns), Some(out)) = (arg(&args, "--netns"), arg(&args, "--out")) else {
        eprintln!("usage: capture --netns PATH --out DIR");
        return ExitCode::from(2);
    };
    let out = PathBuf::from(out);
    for (kind, name) in [(DumpKind::Routes, "routes"), (DumpKind::Links, "links")] {
        let cap = match record(Path::new(&netns), kind) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("capture {name}: {e}");
                return ExitCode::FAILURE;
            }
        };
        let path = out.join(format!("{name}.bin"));
        if let Err(e) = cap.save(&path) {
            eprintln!("{}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        println!(
            "{}: {} datagrams, {} messages, {} bytes",
            path.display(),
            cap.lens.len(),
            cap.message_count(),
            cap.bytes.len()
        );
    }
    ExitCode::SUCCESS
}
