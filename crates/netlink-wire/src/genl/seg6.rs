//! IPv6 Segment Routing (`"SEG6"`): the source address of SRv6 encapsulation (`ip sr tunsrc`)
//! and the HMAC keys that sign segment routing headers (`ip sr hmac`).
//!
//! Source of truth: `include/uapi/linux/seg6_genl.h` and `include/uapi/linux/seg6_hmac.h`.

use crate::genl::{GenlFamily, family_info, walk_genl};
use crate::message::Msg;
use crate::typed::Walker;

/// `SEG6_GENL_NAME`.
pub const NAME: &str = "SEG6";
/// `SEG6_GENL_VERSION`.
pub const VERSION: u8 = 1;
/// `SEG6_HMAC_SECRET_LEN`: the longest HMAC secret the kernel keeps.
pub const HMAC_SECRET_LEN: usize = 64;

/// The family's line in the [`REGISTRY`](crate::genl::REGISTRY).
pub const FAMILY: GenlFamily = GenlFamily {
    name: NAME,
    version: VERSION,
    groups: &[],
    info: family_info(NAME, walk),
    command: |cmd, _| Seg6Cmd(cmd).name(),
};

fn walk(m: Msg<'_>, w: &mut Walker) {
    walk_genl(m, w, |g, w| {
        let _ = Seg6Cmd(g.cmd()).walk_attrs(g.attrs(), w);
    });
}

values! {
    /// `SEG6_HMAC_ALGO_*`: the hash of an HMAC key, as `ip sr hmac` names it.
    HmacAlgo(u8);
    /// HMAC-SHA1.
    SHA1 = 1, "SEG6_HMAC_ALGO_SHA1", "sha1";
    /// HMAC-SHA256.
    SHA256 = 2, "SEG6_HMAC_ALGO_SHA256", "sha256";
}

attributes! {
    /// A SEG6 request or reply: a tunnel source, or an HMAC key.
    view Seg6View;
    /// `SEG6_ATTR_*`.
    numbers Seg6A;
    /// A typed SEG6 attribute.
    enum Seg6Attr<'a>;
    /// The tunnel source address (an IPv6 address).
    DST = 1, "SEG6_ATTR_DST", Dst(ip), dst;
    /// The prefix length of `DST` (unused by the kernel's commands).
    DSTLEN = 2, "SEG6_ATTR_DSTLEN", DstLen(i32), dst_len;
    /// The HMAC key id.
    HMACKEYID = 3, "SEG6_ATTR_HMACKEYID", HmacKeyId(u32), hmac_key_id;
    /// The HMAC secret.
    SECRET = 4, "SEG6_ATTR_SECRET", Secret(bytes), secret;
    /// The secret's length; 0 in a `SETHMAC` deletes the key.
    SECRETLEN = 5, "SEG6_ATTR_SECRETLEN", SecretLen(u8), secret_len;
    /// The hash algorithm.
    ALGID = 6, "SEG6_ATTR_ALGID", AlgId(val HmacAlgo), alg_id;
    /// HMAC information (unused by the kernel's commands).
    HMACINFO = 7, "SEG6_ATTR_HMACINFO", HmacInfo(bytes), hmac_info;
}

genl_messages! {
    /// `SEG6_CMD_*`; replies carry the command they answer.
    commands Seg6Cmd;
    /// A SEG6 request or reply, typed by command.
    enum Seg6Message<'a>;
    /// Adds, replaces or (with an empty secret) deletes an HMAC key.
    SETHMAC = 1, "SEG6_CMD_SETHMAC", "sethmac", SetHmac(Seg6View, Seg6A);
    /// Dumps the HMAC keys; each reply is one key.
    DUMPHMAC = 2, "SEG6_CMD_DUMPHMAC", "dumphmac", DumpHmac(Seg6View, Seg6A);
    /// Sets the tunnel source.
    SET_TUNSRC = 3, "SEG6_CMD_SET_TUNSRC", "set_tunsrc", SetTunsrc(Seg6View, Seg6A);
    /// Gets the tunnel source.
    GET_TUNSRC = 4, "SEG6_CMD_GET_TUNSRC", "get_tunsrc", GetTunsrc(Seg6View, Seg6A);
}
