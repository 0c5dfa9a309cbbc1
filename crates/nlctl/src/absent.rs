//! `nlctl l2tp`, `fou`, `ila` and `macsec`: the generic netlink objects of `ip` whose
//! families (`l2tp`, `fou`, `ILA`, `macsec`) this project's kernel does not have.
//!
//! `ip` (iproute2 6.1) prints its usage for no word or `help`, and otherwise resolves the
//! family before it reads another word; without the family it says so and exits 1, whatever
//! the command. `nlctl` does the same. Where the family exists, `nlctl` refuses the command by
//! name: its words are not implemented, so nothing is sent.

use netlink::genl::GenlConnection;

use crate::cli::Object;
use crate::error::{CliError, Result};

/// One of the objects, its family's name and its usage text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Absent {
    /// The object's name (`"l2tp"`).
    object: &'static str,
    /// The generic netlink family it speaks to.
    family: &'static str,
}

/// Each object, its family and `ip`'s usage for it.
const OBJECTS: &[(Object, Absent, &str)] = &[
    (
        Object::L2tp,
        Absent {
            object: "l2tp",
            family: "l2tp",
        },
        "\
Usage: nlctl l2tp add tunnel
          remote ADDR local ADDR
          tunnel_id ID peer_tunnel_id ID
          [ encap { ip | udp } ]
          [ udp_sport PORT ] [ udp_dport PORT ]
          [ udp_csum { on | off } ]
          [ udp6_csum_tx { on | off } ]
          [ udp6_csum_rx { on | off } ]
Usage: nlctl l2tp add session [ name NAME ]
          tunnel_id ID
          session_id ID peer_session_id ID
          [ cookie HEXSTR ] [ peer_cookie HEXSTR ]
          [ seq { none | send | recv | both } ]
          [ l2spec_type L2SPEC ]
       nlctl l2tp del tunnel tunnel_id ID
       nlctl l2tp del session tunnel_id ID session_id ID
       nlctl l2tp show tunnel [ tunnel_id ID ]
       nlctl l2tp show session [ tunnel_id ID ] [ session_id ID ]

Where: NAME   := STRING
       ADDR   := { IP_ADDRESS | any }
       PORT   := { 0..65535 }
       ID     := { 1..4294967295 }
       HEXSTR := { 8 or 16 hex digits (4 / 8 bytes) }
       L2SPEC := { none | default }",
    ),
    (
        Object::Fou,
        Absent {
            object: "fou",
            family: "fou",
        },
        "\
Usage: nlctl fou add port PORT { ipproto PROTO  | gue }
		   [ local IFADDR ] [ peer IFADDR ]
		   [ peer_port PORT ] [ dev IFNAME ]
       nlctl fou del port PORT [ local IFADDR ]
		   [ peer IFADDR ] [ peer_port PORT ]
		   [ dev IFNAME ]
       nlctl fou show

Where: PROTO { ipproto-name | 1..255 }
       PORT { 1..65535 }
       IFADDR { addr }",
    ),
    (
        Object::Ila,
        Absent {
            object: "ila",
            family: "ila",
        },
        "\
Usage: nlctl ila add loc_match LOCATOR_MATCH loc LOCATOR [ dev DEV ] OPTIONS
       nlctl ila del loc_match LOCATOR_MATCH [ loc LOCATOR ] [ dev DEV ]
       nlctl ila list
OPTIONS := [ csum-mode { adj-transport | neutral-map |
                         neutral-map-auto | no-action } ]
           [ ident-type { luid | use-format } ]",
    ),
    (
        Object::Macsec,
        Absent {
            object: "macsec",
            family: "macsec",
        },
        "\
Usage: nlctl macsec add DEV tx sa { 0..3 } [ OPTS ] key ID KEY
       nlctl macsec set DEV tx sa { 0..3 } [ OPTS ]
       nlctl macsec del DEV tx sa { 0..3 }
       nlctl macsec add DEV rx SCI [ on | off ]
       nlctl macsec set DEV rx SCI [ on | off ]
       nlctl macsec del DEV rx SCI
       nlctl macsec add DEV rx SCI sa { 0..3 } [ OPTS ] key ID KEY
       nlctl macsec set DEV rx SCI sa { 0..3 } [ OPTS ]
       nlctl macsec del DEV rx SCI sa { 0..3 }
       nlctl macsec show
       nlctl macsec show DEV
       nlctl macsec offload DEV [ off | phy | mac ]
where  OPTS := [ pn <u32> | xpn <u64> ] [ salt SALT ] [ ssci <u32> ] [ on | off ]
       ID   := 128-bit hex string
       KEY  := 128-bit or 256-bit hex string
       SCI  := { sci <u64> | port { 1..2^16-1 } address <lladdr> }
       SALT := 96-bit hex string",
    ),
];

/// Reads the words after one of these objects; `None` for any other object.
///
/// # Errors
/// The usage text for no word or `help` (255).
pub(crate) fn parse(object: Object, words: &[String]) -> Result<Option<(Absent, String)>> {
    let Some((_, a, usage)) = OBJECTS.iter().find(|(o, _, _)| *o == object) else {
        return Ok(None);
    };
    match words.first() {
        None => Err(CliError::Help((*usage).to_owned())),
        Some(w) if crate::cli::abbreviates(w, "help") => Err(CliError::Help((*usage).to_owned())),
        Some(_) => Ok(Some((*a, a.object.to_owned()))),
    }
}

/// Runs the command: resolves the family first, as `ip` does.
///
/// # Errors
/// `ip`'s error for a missing family (exit 1); where the family exists, the command refused by
/// name.
pub(crate) fn run(a: Absent, genl: &GenlConnection) -> Result<()> {
    genl.family(a.family)
        .map_err(crate::ip_errors::ip_kernel_error)?;
    Err(CliError::unsupported(format!(
        "object \"{}\" where the kernel has the {:?} family",
        a.object, a.family
    )))
}
