//! Monitors under test: a program's standard output read line by line, and the lines up to
//! an expected one.

use std::process::{Command, Stdio};

/// Starts `PROGRAM ARGS` with its standard output read line by line on a thread.
pub(crate) fn spawn_lines(
    mut cmd: Command,
) -> (std::process::Child, std::sync::mpsc::Receiver<String>) {
    use std::io::{BufRead, BufReader};
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the monitor");
    let out = child.stdout.take().expect("its standard output");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for l in BufReader::new(out).lines() {
            let Ok(l) = l else { break };
            if tx.send(l).is_err() {
                break;
            }
        }
    });
    (child, rx)
}

/// The lines until one contains `needle` (which is kept), or a panic after 5 s.
pub(crate) fn lines_until(rx: &std::sync::mpsc::Receiver<String>, needle: &str) -> Vec<String> {
    let end = std::time::Instant::now() + std::time::Duration::from_secs(5);
    let mut seen = Vec::new();
    loop {
        let left = end.saturating_duration_since(std::time::Instant::now());
        let l = rx
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("{needle:?} never showed; saw {seen:#?}"));
        let hit = l.contains(needle);
        seen.push(l);
        if hit {
            return seen;
        }
    }
}

/// Repeats `probe` until both monitors have printed a line for it, so that both listen; then
/// drops what the probes printed. Panics after 50 rounds, naming `what`.
pub(crate) fn until_both_listen(
    a: &std::sync::mpsc::Receiver<String>,
    b: &std::sync::mpsc::Receiver<String>,
    mut probe: impl FnMut(),
    what: &str,
) {
    use std::time::Duration;
    let mut ready = false;
    for _ in 0..50 {
        probe();
        let got_a = a.recv_timeout(Duration::from_millis(200)).is_ok();
        let got_b = b.recv_timeout(Duration::from_millis(200)).is_ok();
        if got_a && got_b {
            ready = true;
            break;
        }
    }
    assert!(ready, "{what}: the monitors never reported");
    std::thread::sleep(Duration::from_millis(300));
    while a.try_recv().is_ok() {}
    while b.try_recv().is_ok() {}
}

/// A monitor that is killed and reaped when dropped, a failed assertion included.
pub(crate) struct Monitor(pub(crate) std::process::Child);

impl Drop for Monitor {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
