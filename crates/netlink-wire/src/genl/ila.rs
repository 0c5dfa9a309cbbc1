//! Identifier-Locator Addressing (`"ila"`): the ILA mappings of the translation hooks
//! (`ip ila add|del|list`). This project's kernel lacks the family; the declaration follows
//! the header and is tested by round trips.
//!
//! Source of truth: `include/uapi/linux/ila.h`.

/// `ILA_GENL_NAME`.
pub const NAME: &str = "ila";
/// `ILA_GENL_VERSION`.
pub const VERSION: u8 = 1;

genl_family!(NAME, VERSION, [], IlaCmd);

values! {
    /// `ILA_CSUM_*`: how the checksum is kept neutral, as `ip ila` names it.
    IlaCsumMode(u8);
    /// Adjust the transport checksum.
    ADJUST_TRANSPORT = 0, "ILA_CSUM_ADJUST_TRANSPORT", "adj-transport";
    /// Checksum-neutral mapping.
    NEUTRAL_MAP = 1, "ILA_CSUM_NEUTRAL_MAP", "neutral-map";
    /// Leave the checksum alone.
    NO_ACTION = 2, "ILA_CSUM_NO_ACTION", "no-action";
    /// Checksum-neutral mapping, chosen by the identifier.
    NEUTRAL_MAP_AUTO = 3, "ILA_CSUM_NEUTRAL_MAP_AUTO", "neutral-map-auto";
}

values! {
    /// `ILA_ATYPE_*`: the identifier type, as `ip ila` names those it sets.
    IlaIdentType(u8);
    /// Interface identifier.
    IID = 0, "ILA_ATYPE_IID", "iid";
    /// Locally unique identifier.
    LUID = 1, "ILA_ATYPE_LUID", "luid";
    /// Virtual IPv4 address.
    VIRT_V4 = 2, "ILA_ATYPE_VIRT_V4", "virt-v4";
    /// Virtual IPv6 unicast address.
    VIRT_UNI_V6 = 3, "ILA_ATYPE_VIRT_UNI_V6", "virt-uni-v6";
    /// Virtual IPv6 multicast address.
    VIRT_MULTI_V6 = 4, "ILA_ATYPE_VIRT_MULTI_V6", "virt-multi-v6";
    /// Non-local address.
    NONLOCAL_ADDR = 5, "ILA_ATYPE_NONLOCAL_ADDR", "nonlocal-addr";
    /// The type is in the identifier's type field.
    USE_FORMAT = 32, "ILA_ATYPE_USE_FORMAT", "use-format";
}

values! {
    /// `ILA_HOOK_*`: where the translation happens.
    IlaHookType(u8);
    /// On route output.
    ROUTE_OUTPUT = 0, "ILA_HOOK_ROUTE_OUTPUT", "output";
    /// On route input.
    ROUTE_INPUT = 1, "ILA_HOOK_ROUTE_INPUT", "input";
}

flags! {
    /// `ILA_DIR_*`: the directions a mapping applies to.
    IlaDir(u32);
    /// Incoming packets.
    IN = 0x1, "ILA_DIR_IN", "in";
    /// Outgoing packets.
    OUT = 0x2, "ILA_DIR_OUT", "out";
}

attributes! {
    /// An ILA mapping, or the key of a request.
    view IlaView;
    /// `ILA_ATTR_*`.
    numbers IlaA;
    /// A typed ILA attribute.
    enum IlaAttr<'a>;
    /// The locator to write.
    LOCATOR = 1, "ILA_ATTR_LOCATOR", Locator(u64), locator;
    /// The identifier.
    IDENTIFIER = 2, "ILA_ATTR_IDENTIFIER", Identifier(u64), identifier;
    /// The locator to match.
    LOCATOR_MATCH = 3, "ILA_ATTR_LOCATOR_MATCH", LocatorMatch(u64), locator_match;
    /// The interface.
    IFINDEX = 4, "ILA_ATTR_IFINDEX", IfIndex(i32), ifindex;
    /// The directions.
    DIR = 5, "ILA_ATTR_DIR", Dir(val IlaDir), dir;
    /// Padding for 64-bit alignment.
    PAD = 6, "ILA_ATTR_PAD", Pad(bytes);
    /// The checksum mode.
    CSUM_MODE = 7, "ILA_ATTR_CSUM_MODE", CsumMode(val IlaCsumMode), csum_mode;
    /// The identifier type.
    IDENT_TYPE = 8, "ILA_ATTR_IDENT_TYPE", IdentType(val IlaIdentType), ident_type;
    /// The hook.
    HOOK_TYPE = 9, "ILA_ATTR_HOOK_TYPE", HookType(val IlaHookType), hook_type;
}

genl_messages! {
    /// `ILA_CMD_*`; a dump's entries are `GET`.
    commands IlaCmd;
    /// An ILA request or reply, typed by command.
    enum IlaMessage<'a>;
    /// Adds a mapping.
    ADD = 1, "ILA_CMD_ADD", "add", Add(IlaView, IlaA);
    /// Deletes a mapping.
    DEL = 2, "ILA_CMD_DEL", "del", Del(IlaView, IlaA);
    /// Gets one mapping, or dumps them.
    GET = 3, "ILA_CMD_GET", "get", Get(IlaView, IlaA);
    /// Deletes every mapping.
    FLUSH = 4, "ILA_CMD_FLUSH", "flush", Flush(IlaView, IlaA);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::AttrWrite;
    use crate::genl::GenlMsg;
    use crate::genl::testing::{assert_exact, capture_ids};
    use crate::header::Flags;
    use crate::message::Messages;

    #[test]
    fn an_add_as_ip_ila_builds_it_round_trips() {
        // `ip ila add loc_match 2001:0:0:1 loc 2001:0:0:2 dev lo csum-mode neutral-map
        // ident-type luid`: locators are 64-bit values, written in host order.
        let mut buf = Vec::new();
        let mut b = GenlMsg::builder(&mut buf, 0x31, Flags::REQUEST, IlaCmd::ADD.0, VERSION);
        b.put_u64(IlaA::LOCATOR_MATCH, 0x2001_0000_0000_0001);
        b.put_u64(IlaA::LOCATOR, 0x2001_0000_0000_0002);
        b.put_i32(IlaA::IFINDEX, 1);
        b.put_u8(IlaA::CSUM_MODE, IlaCsumMode::NEUTRAL_MAP.0);
        b.put_u8(IlaA::IDENT_TYPE, IlaIdentType::LUID.0);
        b.finish().unwrap();
        let m = Messages::new(&buf).next().unwrap().unwrap();
        let IlaMessage::Add(v) = IlaMessage::parse(m).unwrap() else {
            panic!("not an add");
        };
        assert_eq!(v.locator_match().unwrap(), Some(0x2001_0000_0000_0001));
        assert_eq!(v.locator().unwrap(), Some(0x2001_0000_0000_0002));
        assert_eq!(v.csum_mode().unwrap(), Some(IlaCsumMode::NEUTRAL_MAP));
        assert_eq!(v.ident_type().unwrap(), Some(IlaIdentType::LUID));
        let mut ids = capture_ids();
        ids.insert(0x31, NAME).unwrap();
        assert_exact(&buf, &ids, 1);
    }
}
