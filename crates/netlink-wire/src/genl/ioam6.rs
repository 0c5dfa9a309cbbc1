//! IPv6 In-situ OAM (`"IOAM6"`): the IOAM namespaces and schemas of a network namespace
//! (`ip ioam namespace|schema`), and the traces of the `ioam6_events` group.
//!
//! Requests and replies use one attribute space ([`Ioam6A`]); events another
//! ([`Ioam6EventA`]), numbered by event type, which overlaps the command numbers. As for
//! MPTCP, an event is a message from the kernel with sequence number 0 that is not part of a
//! dump.
//!
//! Source of truth: `include/uapi/linux/ioam6_genl.h` (the commands and attributes of Linux
//! 5.15; the event group and its attributes came with Linux 6.9 and are absent from the 6.1
//! headers, so their numbers follow the newer header) and `include/uapi/linux/ioam6.h`.

pub use crate::genl::is_event;

/// `IOAM6_GENL_NAME`.
pub const NAME: &str = "IOAM6";
/// `IOAM6_GENL_VERSION`.
pub const VERSION: u8 = 1;
/// `IOAM6_GENL_EV_GRP_NAME`: the group of the trace events.
pub const MCGRP_EVENTS: &str = "ioam6_events";
/// `IOAM6_MAX_SCHEMA_DATA_LEN`: the longest schema data.
pub const MAX_SCHEMA_DATA_LEN: usize = 255 * 4;
/// `IOAM6_U32_UNAVAILABLE`: the data of a namespace that has none, never reported.
pub const U32_UNAVAILABLE: u32 = u32::MAX;
/// `IOAM6_U64_UNAVAILABLE`: the wide data of a namespace that has none, never reported.
pub const U64_UNAVAILABLE: u64 = u64::MAX;

genl_family!(NAME, VERSION, [MCGRP_EVENTS], Ioam6Cmd, events Ioam6Event);

attributes! {
    /// An IOAM namespace or schema, or the key of a request.
    view Ioam6View;
    /// `IOAM6_ATTR_*`.
    numbers Ioam6A;
    /// A typed IOAM attribute.
    enum Ioam6Attr<'a>;
    /// The namespace id.
    NS_ID = 1, "IOAM6_ATTR_NS_ID", NsId(u16), ns_id;
    /// The namespace's data.
    NS_DATA = 2, "IOAM6_ATTR_NS_DATA", NsData(u32), ns_data;
    /// The namespace's wide data.
    NS_DATA_WIDE = 3, "IOAM6_ATTR_NS_DATA_WIDE", NsDataWide(u64), ns_data_wide;
    /// The schema id.
    SC_ID = 4, "IOAM6_ATTR_SC_ID", ScId(u32), sc_id;
    /// The schema's data (at most [`MAX_SCHEMA_DATA_LEN`] bytes).
    SC_DATA = 5, "IOAM6_ATTR_SC_DATA", ScData(bytes), sc_data;
    /// Detaches the namespace's schema (`NS_SET_SCHEMA`).
    SC_NONE = 6, "IOAM6_ATTR_SC_NONE", ScNone(flag), sc_none;
    /// Padding for 64-bit alignment.
    PAD = 7, "IOAM6_ATTR_PAD", Pad(bytes);
}

attributes! {
    /// A trace event of the `ioam6_events` group.
    view Ioam6TraceView;
    /// `IOAM6_EVENT_ATTR_*`.
    numbers Ioam6EventA;
    /// A typed event attribute.
    enum Ioam6EventAttr<'a>;
    /// The trace's namespace id.
    TRACE_NAMESPACE = 1, "IOAM6_EVENT_ATTR_TRACE_NAMESPACE", TraceNamespace(u16), trace_namespace;
    /// The length of one node's data, in 4-octet units.
    TRACE_NODELEN = 2, "IOAM6_EVENT_ATTR_TRACE_NODELEN", TraceNodeLen(u8), trace_node_len;
    /// The trace type bits.
    TRACE_TYPE = 3, "IOAM6_EVENT_ATTR_TRACE_TYPE", TraceType(u32), trace_type;
    /// The trace data.
    TRACE_DATA = 4, "IOAM6_EVENT_ATTR_TRACE_DATA", TraceData(bytes), trace_data;
}

genl_messages! {
    /// `IOAM6_CMD_*`; a dump's entries carry the dump's command.
    commands Ioam6Cmd;
    /// An IOAM request or reply, typed by command.
    enum Ioam6Message<'a>;
    /// Adds a namespace.
    ADD_NAMESPACE = 1, "IOAM6_CMD_ADD_NAMESPACE", "add_namespace", AddNamespace(Ioam6View, Ioam6A);
    /// Deletes a namespace.
    DEL_NAMESPACE = 2, "IOAM6_CMD_DEL_NAMESPACE", "del_namespace", DelNamespace(Ioam6View, Ioam6A);
    /// Dumps the namespaces.
    DUMP_NAMESPACES = 3, "IOAM6_CMD_DUMP_NAMESPACES", "dump_namespaces", DumpNamespaces(Ioam6View, Ioam6A);
    /// Adds a schema.
    ADD_SCHEMA = 4, "IOAM6_CMD_ADD_SCHEMA", "add_schema", AddSchema(Ioam6View, Ioam6A);
    /// Deletes a schema.
    DEL_SCHEMA = 5, "IOAM6_CMD_DEL_SCHEMA", "del_schema", DelSchema(Ioam6View, Ioam6A);
    /// Dumps the schemas.
    DUMP_SCHEMAS = 6, "IOAM6_CMD_DUMP_SCHEMAS", "dump_schemas", DumpSchemas(Ioam6View, Ioam6A);
    /// Attaches a schema to a namespace, or detaches it.
    NS_SET_SCHEMA = 7, "IOAM6_CMD_NS_SET_SCHEMA", "ns_set_schema", NsSetSchema(Ioam6View, Ioam6A);
}

genl_messages! {
    /// `IOAM6_EVENT_*`: the events of the `ioam6_events` group.
    commands Ioam6Event;
    /// An IOAM event, typed by event type.
    enum Ioam6EventMessage<'a>;
    /// A pre-allocated trace was received.
    TRACE = 1, "IOAM6_EVENT_TRACE", "trace", Trace(Ioam6TraceView, Ioam6EventA);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::genl::testing::{assert_exact, capture_ids, unhex};
    use crate::message::Messages;

    // This kernel's IOAM6_CMD_DUMP_NAMESPACES and IOAM6_CMD_DUMP_SCHEMAS dumps in a namespace
    // after `ip ioam namespace add 1 data 0xabcd`, `... add 3 data 0`, `... add 2 wide
    // 0x1234567890`, `ip ioam schema add 7 abcd` and `ip ioam namespace set 1 schema 7`. IOAM6
    // had id 0x1e.
    const NAMESPACES: &str = "2c0000001e00020001000000c161000003010000060001000100000008000200\
        cdab00000800040007000000240000001e00020001000000c16100000301000006000100030000000800020\
        000000000280000001e00020001000000c16100000301000006000100020000000c00030090785634120000\
        00140000000300020001000000c161000000000000";
    const SCHEMAS: &str = "2c0000001e00020001000000c161000006010000080004000700000008000500616\
        263640600010001000000140000000300020001000000c161000000000000";

    fn dump(hex: &str) -> Vec<u8> {
        unhex(&hex.replace(' ', ""))
    }

    #[test]
    fn the_kernels_dumps_decode_and_reencode() {
        let bytes = dump(NAMESPACES);
        let namespaces: Vec<_> = Messages::new(&bytes)
            .map(Result::unwrap)
            .filter(|m| !m.message_type().is_control())
            .map(|m| {
                assert!(!is_event(&m));
                let Ioam6Message::DumpNamespaces(v) = Ioam6Message::parse(m).unwrap() else {
                    panic!("not a namespace");
                };
                (
                    v.ns_id().unwrap(),
                    v.ns_data().unwrap(),
                    v.ns_data_wide().unwrap(),
                    v.sc_id().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            namespaces,
            [
                (Some(1), Some(0xabcd), None, Some(7)),
                (Some(3), Some(0), None, None),
                (Some(2), None, Some(0x12_3456_7890), None),
            ]
        );
        let schemas = dump(SCHEMAS);
        let m = Messages::new(&schemas).next().unwrap().unwrap();
        let Ioam6Message::DumpSchemas(v) = Ioam6Message::parse(m).unwrap() else {
            panic!("not a schema");
        };
        assert_eq!(v.sc_id().unwrap(), Some(7));
        assert_eq!(v.sc_data().unwrap(), Some(&b"abcd"[..]));
        assert_eq!(v.ns_id().unwrap(), Some(1));
        let mut ids = capture_ids();
        ids.insert(0x1e, NAME).unwrap();
        assert_exact(&bytes, &ids, 1);
        assert_exact(&schemas, &ids, 1);
    }

    #[test]
    fn an_event_is_walked_in_the_event_space() {
        // A trace event as the kernel multicasts it: no flags, sequence number 0.
        let mut buf = Vec::new();
        let mut b = crate::genl::GenlMsg::builder(
            &mut buf,
            0x1e,
            crate::header::Flags::EMPTY,
            Ioam6Event::TRACE.0,
            VERSION,
        );
        use crate::AttrWrite;
        b.put_u16(Ioam6EventA::TRACE_NAMESPACE, 123);
        b.put_u8(Ioam6EventA::TRACE_NODELEN, 2);
        b.put_u32(Ioam6EventA::TRACE_TYPE, 0x80_0000);
        b.put(Ioam6EventA::TRACE_DATA, &[1, 2, 3, 4, 5, 6, 7, 8]);
        b.finish().unwrap();
        let m = Messages::new(&buf).next().unwrap().unwrap();
        assert!(is_event(&m));
        let Ioam6EventMessage::Trace(t) = Ioam6EventMessage::parse(m).unwrap() else {
            panic!("not a trace");
        };
        assert_eq!(t.trace_namespace().unwrap(), Some(123));
        assert_eq!(t.trace_data().unwrap(), Some(&[1, 2, 3, 4, 5, 6, 7, 8][..]));
        let g = crate::genl::GenlMsg::parse(m).unwrap();
        assert_eq!(FAMILY.command_name(&g), Some("IOAM6_CMD_ADD_NAMESPACE"));
        let mut ids = capture_ids();
        ids.insert(0x1e, NAME).unwrap();
        assert_exact(&buf, &ids, 1);
    }
}
