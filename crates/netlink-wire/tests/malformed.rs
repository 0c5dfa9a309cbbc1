//! Malformed bytes read from files give errors that say what was wrong and at which offset.

use netlink_wire::rtnl::link::LinkMsg;
use netlink_wire::{Error, ErrorMsg, Messages, Msg, check, decode_message};

fn file(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/testdata/malformed/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[test]
fn decode_message_names_the_fault_and_its_offset() {
    let cases: [(&str, Error); 5] = [
        (
            "short_header.bin",
            Error::Truncated {
                what: "nlmsghdr",
                offset: 0,
                needed: 16,
                available: 10,
            },
        ),
        (
            "zero_length.bin",
            Error::BadLength {
                what: "nlmsghdr",
                offset: 0,
                length: 0,
                available: 16,
            },
        ),
        (
            "length_past_end.bin",
            Error::BadLength {
                what: "nlmsghdr",
                offset: 0,
                length: 64,
                available: 32,
            },
        ),
        (
            "length_below_header.bin",
            Error::BadLength {
                what: "nlmsghdr",
                offset: 0,
                length: 8,
                available: 24,
            },
        ),
        (
            "trailing_bytes.bin",
            Error::TrailingBytes {
                offset: 20,
                extra: 3,
            },
        ),
    ];
    for (name, expected) in cases {
        let err = decode_message(&file(name)).unwrap_err();
        assert_eq!(err, expected, "{name}");
        assert!(err.to_string().contains("offset"), "{name}: {err}");
        // The iterator reports the same fault and stops.
        let bytes = file(name);
        let items: Vec<_> = Messages::new(&bytes).collect();
        assert!(items.iter().filter(|r| r.is_err()).count() <= 1, "{name}");
        assert!(
            check::walk(&bytes).errors >= usize::from(name != "trailing_bytes.bin"),
            "{name}"
        );
    }
}

#[test]
fn a_bad_attribute_is_reported_at_its_offset() {
    let bytes = file("bad_attr_length.bin");
    let m = decode_message(&bytes).unwrap();
    let link = LinkMsg::parse(m.as_msg()).unwrap();
    let err = link.attrs().next().unwrap().unwrap_err();
    assert_eq!(
        err,
        Error::BadLength {
            what: "nlattr",
            offset: 32,
            length: 200,
            available: 8
        }
    );
    assert_eq!(
        err.to_string(),
        "nlattr at offset 32 has invalid length 200 (8 bytes available)"
    );
    // An accessor after the broken frame answers its error, never "absent".
    assert_eq!(link.name(), Err(err));
}

#[test]
fn an_error_message_with_an_impossible_echo_is_rejected() {
    let bytes = file("error_echo_too_long.bin");
    let err = ErrorMsg::parse(Msg::parse(&bytes).unwrap()).unwrap_err();
    assert_eq!(
        err,
        Error::BadLength {
            what: "echoed request",
            offset: 20,
            length: 500,
            available: 16
        }
    );
}
