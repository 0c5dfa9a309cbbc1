//! Project chores: `cargo xtask <verb>`.
fn main() {}
