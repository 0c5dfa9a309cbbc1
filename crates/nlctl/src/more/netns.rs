//! `netns list-id`, `netns set NAME ID` and `netns [list]`: namespace ids, and the namespaces
//! of `/run/netns` with the id each has in the connection's namespace.

use std::collections::BTreeMap;
use std::path::Path;

use netlink::netlink_socket::NetNs;
use netlink::{Nsid, NsidFilter, NsidKey, NsidPeer, NsidRequest};

use crate::Ctx;
use crate::error::{CliError, Result};
use crate::out::Out;
use crate::sink::{Fields, Sink, Txt};
use crate::words::{self, Words};

/// Where `ip netns` keeps its names.
const RUN_DIR: &str = "/run/netns";

/// A parsed `netns` command.
#[derive(Debug)]
pub(crate) enum Netns {
    /// `list`.
    List,
    /// `list-id [ target-nsid N ] [ nsid N ]`.
    ListId {
        target: Option<i32>,
        nsid: Option<i32>,
    },
    /// `set NAME ID|auto`.
    Set { name: String, nsid: Option<i32> },
}

impl Netns {
    /// Whether it prints.
    pub(crate) fn prints(&self) -> bool {
        !matches!(self, Netns::Set { .. })
    }
}

/// A positive number, as `ip` takes an id.
fn positive(w: &Words<'_>, s: &str, what: &str) -> Result<i32> {
    let n = words::number(s, what)?;
    i32::try_from(n).map_err(|_| w.error(format!("invalid \"{what}\" value {s:?}")))
}

/// The positive number after `word`.
fn positive_after(w: &mut Words<'_>, word: &str) -> Result<i32> {
    let v = w.value(word)?;
    positive(w, v, word)
}

/// Reads `list` (no words).
pub(crate) fn parse_list(w: &mut Words<'_>) -> Result<Netns> {
    match w.next() {
        Some(word) => Err(w.unknown(word)),
        None => Ok(Netns::List),
    }
}

/// Reads `list-id [ target-nsid N ] [ nsid N ]`.
pub(crate) fn parse_list_id(w: &mut Words<'_>) -> Result<Netns> {
    let (mut target, mut nsid) = (None, None);
    while let Some(word) = w.next() {
        match word {
            "target-nsid" => target = Some(positive_after(w, word)?),
            "nsid" => nsid = Some(positive_after(w, word)?),
            _ => return Err(w.unknown(word)),
        }
    }
    Ok(Netns::ListId { target, nsid })
}

/// Reads `set NAME ID|auto`.
pub(crate) fn parse_set(w: &mut Words<'_>) -> Result<Netns> {
    let name = w
        .next()
        .ok_or_else(|| CliError::usage("No netns name specified"))?
        .to_owned();
    let id = w
        .next()
        .ok_or_else(|| CliError::usage("No nsid specified"))?;
    let nsid = if id == "auto" {
        None
    } else {
        Some(positive(w, id, "nsid")?)
    };
    if let Some(word) = w.next() {
        return Err(w.unknown(word));
    }
    Ok(Netns::Set { name, nsid })
}

/// The names of `/run/netns`, in directory order (as `ip` reads them).
fn names() -> Result<Vec<String>> {
    let dir = match std::fs::read_dir(RUN_DIR) {
        Ok(d) => d,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(CliError::failed(format!("cannot read {RUN_DIR}: {e}"))),
    };
    let mut out = Vec::new();
    for e in dir {
        let e = e.map_err(|e| CliError::failed(format!("cannot read {RUN_DIR}: {e}")))?;
        out.push(e.file_name().to_string_lossy().into_owned());
    }
    Ok(out)
}

/// The id each name of `/run/netns` has in the connection's namespace, by name; a file that
/// cannot be opened or has no id is left out, as `ip` leaves it.
fn ids(ctx: &Ctx<'_>, names: &[String]) -> BTreeMap<String, i32> {
    names
        .iter()
        .filter_map(|n| {
            let ns = NetNs::open(Path::new(RUN_DIR).join(n)).ok()?;
            let id = ctx.conn.nsid_of(&ns).ok()??;
            Some((n.clone(), id))
        })
        .collect()
}

/// The names of `/run/netns` by the id each has in the connection's namespace.
pub(crate) fn names_by_id(ctx: &Ctx<'_>) -> Result<BTreeMap<i32, String>> {
    Ok(ids(ctx, &names()?)
        .into_iter()
        .map(|(n, i)| (i, n))
        .collect())
}

/// A name of `/run/netns` as `ip netns list` prints it.
struct NameFields<'a> {
    name: &'a str,
    id: Option<i32>,
}

impl Fields for NameFields<'_> {
    fn fields<S: Sink>(&self, s: &mut S) -> std::io::Result<()> {
        s.string("name", Some(Txt("", "")), self.name)?;
        if let Some(id) = self.id {
            s.number("id", Some(Txt(" (id: ", ")")), id)?;
        }
        Ok(())
    }
}

/// An id as `ip netns list-id` and `ip monitor nsid` print it.
pub(crate) struct IdFields<'a> {
    /// The id.
    pub(crate) n: &'a Nsid,
    /// The name in `/run/netns` of the namespace it names.
    pub(crate) name: Option<&'a str>,
}

impl Fields for IdFields<'_> {
    fn fields<S: Sink>(&self, s: &mut S) -> std::io::Result<()> {
        let n = self.n;
        if let Some(id) = n.nsid {
            s.number("nsid", Some(Txt("nsid ", " ")), id)?;
        }
        match n.current_nsid {
            Some(Some(c)) => s.number("current-nsid", Some(Txt("current-nsid ", " ")), c)?,
            Some(None) => s.text("current-nsid unassigned ")?,
            None => {}
        }
        if let Some(name) = self.name {
            s.string("name", Some(Txt("(iproute2 netns name: ", ")")), name)?;
        }
        Ok(())
    }
}

/// Runs a `netns` command.
pub(crate) fn run(ctx: &Ctx<'_>, c: &Netns) -> Result<()> {
    match c {
        Netns::Set { name, nsid } => {
            let path = Path::new(RUN_DIR).join(name);
            let ns = NetNs::open(&path).map_err(|e| {
                CliError::failed(format!("Cannot open network namespace \"{name}\": {e}"))
            })?;
            ctx.conn
                .set_nsid(&NsidRequest::new(NsidPeer::fd(&ns)?, *nsid))?;
            Ok(())
        }
        Netns::List => {
            let all = names()?;
            let ids = ids(ctx, &all);
            let mut out = Out::new(ctx)?;
            for n in &all {
                out.item(&NameFields {
                    name: n,
                    id: ids.get(n).copied(),
                })?;
            }
            out.finish()
        }
        Netns::ListId { target, nsid } => {
            let by_id = names_by_id(ctx)?;
            let list: Vec<Nsid> = match nsid {
                Some(id) => {
                    let mut key = NsidKey::new(NsidPeer::Nsid(*id));
                    key.target = *target;
                    // The library answers the kernel's "not found" with `None`; `ip` reports
                    // the kernel's error, and so does this.
                    vec![
                        ctx.conn
                            .get::<Nsid, _>(&key)?
                            .ok_or(netlink::Error::Kernel(
                                netlink::KernelError::new(netlink::Errno::NOENT)
                                    .with_message("Peer netns reference is invalid"),
                            ))?,
                    ]
                }
                None => {
                    let mut f = NsidFilter::default();
                    f.target = *target;
                    ctx.conn.nsids(f)?
                }
            };
            let mut out = Out::new(ctx)?;
            for n in &list {
                // The name of a peer is known by its id in the connection's namespace: the
                // answer's own id, or, when answering as another namespace, its current id.
                let here = match n.current_nsid {
                    Some(c) => c,
                    None => n.nsid,
                };
                out.item(&IdFields {
                    n,
                    name: here.and_then(|i| by_id.get(&i)).map(String::as_str),
                })?;
            }
            out.finish()
        }
    }
}
