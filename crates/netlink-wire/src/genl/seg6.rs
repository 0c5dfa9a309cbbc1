//! IPv6 Segment Routing (`"SEG6"`): the source address of SRv6 encapsulation (`ip sr tunsrc`)
//! and the HMAC keys that sign segment routing headers (`ip sr hmac`).
//!
//! Source of truth: `include/uapi/linux/seg6_genl.h` and `include/uapi/linux/seg6_hmac.h`.

/// `SEG6_GENL_NAME`.
pub const NAME: &str = "SEG6";
/// `SEG6_GENL_VERSION`.
pub const VERSION: u8 = 1;
/// `SEG6_HMAC_SECRET_LEN`: the longest HMAC secret the kernel keeps.
pub const HMAC_SECRET_LEN: usize = 64;

genl_family!(NAME, VERSION, [], Seg6Cmd);

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::genl::testing::{assert_exact, capture_ids, unhex};
    use crate::message::Messages;

    // This kernel's replies in a namespace after `ip sr hmac set 11 sha1` (secret "abc"),
    // `ip sr hmac set 10 sha256` ("s3cret") and `ip sr tunsrc set 2001:db8::1`: the
    // SEG6_CMD_DUMPHMAC dump (two keys and NLMSG_DONE), then the SEG6_CMD_GET_TUNSRC reply. SEG6
    // had id 0x1d.
    const DUMPHMAC: &str = "340000001d00020001000000c161000002010000080003000b00000005000500\
        0300000007000400616263000500060001000000380000001d00020001000000c161000002010000080003\
        000a00000005000500060000000a00040073336372657400000500060002000000140000000300020001000\
        000c161000000000000";
    const GET_TUNSRC: &str = "280000001d00000001000000c1610000040100001400010020010db8000000000\
        000000000000001";

    #[test]
    fn the_kernels_replies_decode_and_reencode() {
        let hmac = unhex(&DUMPHMAC.replace(' ', ""));
        let keys: Vec<_> = Messages::new(&hmac)
            .map(Result::unwrap)
            .filter(|m| !m.message_type().is_control())
            .map(|m| {
                let Seg6Message::DumpHmac(v) = Seg6Message::parse(m).unwrap() else {
                    panic!("not a DUMPHMAC reply");
                };
                (
                    v.hmac_key_id().unwrap(),
                    v.alg_id().unwrap(),
                    v.secret_len().unwrap(),
                    v.secret().unwrap().map(<[u8]>::to_vec),
                )
            })
            .collect();
        assert_eq!(
            keys,
            [
                (
                    Some(11),
                    Some(HmacAlgo::SHA1),
                    Some(3),
                    Some(b"abc".to_vec())
                ),
                (
                    Some(10),
                    Some(HmacAlgo::SHA256),
                    Some(6),
                    Some(b"s3cret".to_vec())
                ),
            ]
        );
        let tunsrc = unhex(GET_TUNSRC);
        let m = Messages::new(&tunsrc).next().unwrap().unwrap();
        let Seg6Message::GetTunsrc(v) = Seg6Message::parse(m).unwrap() else {
            panic!("not a GET_TUNSRC reply");
        };
        assert_eq!(v.dst().unwrap(), Some("2001:db8::1".parse().unwrap()));
        assert_eq!(
            FAMILY.command_name(&crate::genl::GenlMsg::parse(m).unwrap()),
            Some("SEG6_CMD_GET_TUNSRC")
        );
        let mut ids = capture_ids();
        ids.insert(0x1d, NAME).unwrap();
        assert_exact(&hmac, &ids, 1);
        assert_exact(&tunsrc, &ids, 1);
    }
}
