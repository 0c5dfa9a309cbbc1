//! What a generic netlink command does with `nlctl`'s global options that change output: each
//! command says, and [`crate::families::check_options`] refuses the others.

/// The global options a command honours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Honours {
    /// `-json` (and `-pretty`).
    pub(crate) json: bool,
    /// `-4`, `-6`, `-family inet|inet6`.
    pub(crate) family: bool,
    /// `-stats` (flush reports).
    pub(crate) stats: bool,
    /// `-timestamp`, `-tshort`.
    pub(crate) timestamp: bool,
}
