//! How `ip`'s generic netlink objects (`sr`, `ioam`, `l2tp`, `fou`, `ila`, `macsec`) report
//! errors: `ip`'s usage errors (`invarg`, `incomplete_command`, exit 255) and the kernel's
//! refusals with the exit status 1 these objects give them.

use crate::error::CliError;

/// `ip`'s `invarg`: `Error: argument "WORD" is wrong: WHAT` (exit 255).
pub(crate) fn wrong(word: &str, what: &str) -> CliError {
    CliError::usage(format!("Error: argument \"{word}\" is wrong: {what}"))
}

/// `ip`'s `incomplete_command` (exit 255).
pub(crate) fn incomplete() -> CliError {
    CliError::Incomplete
}

/// A library error as `ip sr`, `ip ioam` and the other generic netlink objects of `ip` report
/// it: the kernel's refusal after `RTNETLINK answers:`, and a family the kernel lacks as
/// `ip`'s resolution says it; all exit 1 (their `return -1`), not the 2 of `ip`'s other
/// objects.
pub(crate) fn ip_kernel_error(e: netlink::Error) -> CliError {
    let message = match &e {
        netlink::Error::UnknownFamily { .. } | netlink::Error::FamilyGone { .. } => {
            "RTNETLINK answers: No such file or directory\nError talking to the kernel".to_owned()
        }
        netlink::Error::Kernel(k) => format!(
            "RTNETLINK answers: {}",
            netlink::errno::text(k.errno.raw_os_error())
        ),
        _ => return e.into(),
    };
    CliError::Coded { message, code: 1 }
}
