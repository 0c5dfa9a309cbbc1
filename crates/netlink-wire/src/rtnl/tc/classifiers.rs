//! The smaller classifiers: `matchall`, `basic` (extended matches, kept raw), `bpf` (a classic
//! program, or an eBPF one by descriptor, name, tag and id), `fw` (the packet mark), `route`
//! (the routing realm), `cgroup` and `flow` (a class from packet keys); and the flags every
//! classifier shares (`TCA_CLS_FLAGS_*`). u32 and flower have modules of their own.
//!
//! Every classifier's actions are an [`ActionList`] (`TCA_*_ACT`), and its old-style police
//! (`TCA_*_POLICE`) the police attributes themselves.
//!
//! Source of truth: `include/uapi/linux/pkt_cls.h`.

use zerocopy::byteorder::native_endian::U64;

use crate::rtnl::tc::{ActionList, BpfOps, TcHandle, TcaPolice};
use crate::typed::Untyped;

flags! {
    /// `TCA_CLS_FLAGS_*`: where a filter runs, and where the kernel put it (dumps).
    ClsFlags(u32);
    /// Do not offload the filter to hardware.
    SKIP_HW = 0x1, "TCA_CLS_FLAGS_SKIP_HW", "skip_hw";
    /// Run the filter in hardware only.
    SKIP_SW = 0x2, "TCA_CLS_FLAGS_SKIP_SW", "skip_sw";
    /// The filter is offloaded (dumps).
    IN_HW = 0x4, "TCA_CLS_FLAGS_IN_HW", "in_hw";
    /// The filter is not offloaded (dumps).
    NOT_IN_HW = 0x8, "TCA_CLS_FLAGS_NOT_IN_HW", "not_in_hw";
    /// Report why an offload failed.
    VERBOSE = 0x10, "TCA_CLS_FLAGS_VERBOSE", "verbose";
}

kernel_struct! {
    /// `struct tc_matchall_pcnt`: packets matched (`TCA_MATCHALL_PCNT`).
    TcMatchallPcnt = "tc_matchall_pcnt", 8 {
        /// `rhit`: packets matched.
        pub rhit: U64,
    }
}

attributes! {
    /// The options of a matchall filter.
    view MatchallOptions;
    /// `TCA_MATCHALL_*`: the matchall classifier's attributes.
    numbers TcaMatchall;
    /// A typed matchall attribute.
    enum MatchallAttr<'a>;
    /// The class packets go to.
    CLASSID = 1, "TCA_MATCHALL_CLASSID", Classid(val TcHandle), classid;
    /// The actions.
    ACT = 2, "TCA_MATCHALL_ACT", Act(val ActionList<'a>), actions;
    /// [`ClsFlags`].
    FLAGS = 3, "TCA_MATCHALL_FLAGS", Flags(val ClsFlags), flags;
    /// Packets matched (dumps).
    PCNT = 4, "TCA_MATCHALL_PCNT", Pcnt({TcMatchallPcnt}), pcnt;
    /// Padding for 64-bit alignment.
    PAD = 5, "TCA_MATCHALL_PAD", Pad(bytes);
}

kernel_struct! {
    /// `struct tc_basic_pcnt`: packets seen and matched (`TCA_BASIC_PCNT`).
    TcBasicPcnt = "tc_basic_pcnt", 16 {
        /// `rcnt`: packets seen.
        pub rcnt: U64,
        /// `rhit`: packets matched.
        pub rhit: U64,
    }
}

attributes! {
    /// The options of a basic filter.
    view BasicOptions;
    /// `TCA_BASIC_*`: the basic classifier's attributes.
    numbers TcaBasic;
    /// A typed basic attribute.
    enum BasicAttr<'a>;
    /// The class packets go to.
    CLASSID = 1, "TCA_BASIC_CLASSID", Classid(val TcHandle), classid;
    /// The extended matches (`TCA_EMATCH_TREE_*`), kept raw.
    EMATCHES = 2, "TCA_BASIC_EMATCHES", Ematches(nest Untyped), ematches;
    /// The actions.
    ACT = 3, "TCA_BASIC_ACT", Act(val ActionList<'a>), actions;
    /// The old-style police.
    POLICE = 4, "TCA_BASIC_POLICE", Police(nest TcaPolice), police;
    /// Packets seen and matched (dumps).
    PCNT = 5, "TCA_BASIC_PCNT", Pcnt({TcBasicPcnt}), pcnt;
    /// Padding for 64-bit alignment.
    PAD = 6, "TCA_BASIC_PAD", Pad(bytes);
}

flags! {
    /// `TCA_BPF_FLAG_*`: the bits of `TCA_BPF_FLAGS`.
    BpfFlags(u32);
    /// The program's return value is the verdict (`da`, `direct-action`): the filter's
    /// actions are not run.
    ACT_DIRECT = 0x1, "TCA_BPF_FLAG_ACT_DIRECT", "direct-action";
}

attributes! {
    /// The options of a bpf filter.
    view BpfOptions;
    /// `TCA_BPF_*`: the bpf classifier's attributes.
    numbers TcaBpf;
    /// A typed bpf attribute.
    enum BpfAttr<'a>;
    /// The actions.
    ACT = 1, "TCA_BPF_ACT", Act(val ActionList<'a>), actions;
    /// The old-style police.
    POLICE = 2, "TCA_BPF_POLICE", Police(nest TcaPolice), police;
    /// The class packets go to (when the program returns 0 or -1).
    CLASSID = 3, "TCA_BPF_CLASSID", Classid(val TcHandle), classid;
    /// The number of classic BPF instructions.
    OPS_LEN = 4, "TCA_BPF_OPS_LEN", OpsLen(u16), ops_len;
    /// The classic BPF instructions.
    OPS = 5, "TCA_BPF_OPS", Ops(val BpfOps<'a>), ops;
    /// An eBPF program, by a descriptor of the sender's (requests only).
    FD = 6, "TCA_BPF_FD", Fd(u32), fd;
    /// The eBPF program's name, as the sender chose it (`tc`: the object file and section).
    NAME = 7, "TCA_BPF_NAME", Name(str), name;
    /// [`BpfFlags`].
    FLAGS = 8, "TCA_BPF_FLAGS", Flags(val BpfFlags), flags;
    /// [`ClsFlags`].
    FLAGS_GEN = 9, "TCA_BPF_FLAGS_GEN", FlagsGen(val ClsFlags), flags_gen;
    /// The eBPF program's tag (8 bytes, a hash of its instructions; dumps).
    TAG = 10, "TCA_BPF_TAG", Tag(bytes), tag;
    /// The eBPF program's id (dumps).
    ID = 11, "TCA_BPF_ID", Id(u32), id;
}

attributes! {
    /// The options of an fw filter.
    view FwOptions;
    /// `TCA_FW_*`: the fw classifier's attributes.
    numbers TcaFw;
    /// A typed fw attribute.
    enum FwAttr<'a>;
    /// The class packets go to.
    CLASSID = 1, "TCA_FW_CLASSID", Classid(val TcHandle), classid;
    /// The old-style police.
    POLICE = 2, "TCA_FW_POLICE", Police(nest TcaPolice), police;
    /// The device packets must come in on.
    INDEV = 3, "TCA_FW_INDEV", Indev(str), indev;
    /// The actions.
    ACT = 4, "TCA_FW_ACT", Act(val ActionList<'a>), actions;
    /// The bits of the mark compared with the filter's handle.
    MASK = 5, "TCA_FW_MASK", Mask(u32), mask;
}

attributes! {
    /// The options of a route filter.
    view RouteOptions;
    /// `TCA_ROUTE4_*`: the route classifier's attributes.
    numbers TcaRoute4;
    /// A typed route attribute.
    enum Route4Attr<'a>;
    /// The class packets go to.
    CLASSID = 1, "TCA_ROUTE4_CLASSID", Classid(val TcHandle), classid;
    /// The realm of the route to the destination.
    TO = 2, "TCA_ROUTE4_TO", To(u32), to;
    /// The realm of the route to the source.
    FROM = 3, "TCA_ROUTE4_FROM", From(u32), from;
    /// The device packets come in on (instead of `FROM`).
    IIF = 4, "TCA_ROUTE4_IIF", Iif(u32), iif;
    /// The old-style police.
    POLICE = 5, "TCA_ROUTE4_POLICE", Police(nest TcaPolice), police;
    /// The actions.
    ACT = 6, "TCA_ROUTE4_ACT", Act(val ActionList<'a>), actions;
}

attributes! {
    /// The options of a cgroup filter.
    view CgroupOptions;
    /// `TCA_CGROUP_*`: the cgroup classifier's attributes.
    numbers TcaCgroup;
    /// A typed cgroup attribute.
    enum CgroupAttr<'a>;
    /// The actions.
    ACT = 1, "TCA_CGROUP_ACT", Act(val ActionList<'a>), actions;
    /// The old-style police.
    POLICE = 2, "TCA_CGROUP_POLICE", Police(nest TcaPolice), police;
    /// The extended matches, kept raw.
    EMATCHES = 3, "TCA_CGROUP_EMATCHES", Ematches(nest Untyped), ematches;
}

flags! {
    /// `1 << FLOW_KEY_*`: the packet keys flow hashes or maps (`TCA_FLOW_KEYS`).
    FlowKeys(u32);
    /// The source address.
    SRC = 0x1, "FLOW_KEY_SRC", "src";
    /// The destination address.
    DST = 0x2, "FLOW_KEY_DST", "dst";
    /// The transport protocol.
    PROTO = 0x4, "FLOW_KEY_PROTO", "proto";
    /// The source port.
    PROTO_SRC = 0x8, "FLOW_KEY_PROTO_SRC", "proto-src";
    /// The destination port.
    PROTO_DST = 0x10, "FLOW_KEY_PROTO_DST", "proto-dst";
    /// The incoming device.
    IIF = 0x20, "FLOW_KEY_IIF", "iif";
    /// The priority.
    PRIORITY = 0x40, "FLOW_KEY_PRIORITY", "priority";
    /// The mark.
    MARK = 0x80, "FLOW_KEY_MARK", "mark";
    /// The conntrack state.
    NFCT = 0x100, "FLOW_KEY_NFCT", "nfct";
    /// The original source address of the connection.
    NFCT_SRC = 0x200, "FLOW_KEY_NFCT_SRC", "nfct-src";
    /// The original destination address.
    NFCT_DST = 0x400, "FLOW_KEY_NFCT_DST", "nfct-dst";
    /// The original source port.
    NFCT_PROTO_SRC = 0x800, "FLOW_KEY_NFCT_PROTO_SRC", "nfct-proto-src";
    /// The original destination port.
    NFCT_PROTO_DST = 0x1000, "FLOW_KEY_NFCT_PROTO_DST", "nfct-proto-dst";
    /// The route's realm.
    RTCLASSID = 0x2000, "FLOW_KEY_RTCLASSID", "rt-classid";
    /// The sending socket's user.
    SKUID = 0x4000, "FLOW_KEY_SKUID", "sk-uid";
    /// The sending socket's group.
    SKGID = 0x8000, "FLOW_KEY_SKGID", "sk-gid";
    /// The VLAN tag.
    VLAN_TAG = 0x1_0000, "FLOW_KEY_VLAN_TAG", "vlan-tag";
    /// The receive hash.
    RXHASH = 0x2_0000, "FLOW_KEY_RXHASH", "rxhash";
}

values! {
    /// `FLOW_MODE_*`: how flow turns its keys into a class (`TCA_FLOW_MODE`).
    FlowMode(u32);
    /// One key, mapped by `and`, `or`, `xor`, `rshift` and `addend`.
    MAP = 0, "FLOW_MODE_MAP", "map";
    /// A hash of the keys.
    HASH = 1, "FLOW_MODE_HASH", "hash";
}

attributes! {
    /// The options of a flow filter.
    view FlowOptions;
    /// `TCA_FLOW_*`: the flow classifier's attributes.
    numbers TcaFlow;
    /// A typed flow attribute.
    enum FlowAttr<'a>;
    /// The keys.
    KEYS = 1, "TCA_FLOW_KEYS", Keys(val FlowKeys), keys;
    /// Map or hash.
    MODE = 2, "TCA_FLOW_MODE", Mode(val FlowMode), mode;
    /// The class the result is added to.
    BASECLASS = 3, "TCA_FLOW_BASECLASS", Baseclass(val TcHandle), baseclass;
    /// Map: shift right by this many bits.
    RSHIFT = 4, "TCA_FLOW_RSHIFT", Rshift(u32), rshift;
    /// Map: add this.
    ADDEND = 5, "TCA_FLOW_ADDEND", Addend(u32), addend;
    /// Map: AND with this.
    MASK = 6, "TCA_FLOW_MASK", Mask(u32), mask;
    /// Map: XOR with this.
    XOR = 7, "TCA_FLOW_XOR", Xor(u32), xor;
    /// The number of classes (the result is taken modulo it).
    DIVISOR = 8, "TCA_FLOW_DIVISOR", Divisor(u32), divisor;
    /// The actions.
    ACT = 9, "TCA_FLOW_ACT", Act(val ActionList<'a>), actions;
    /// The old-style police.
    POLICE = 10, "TCA_FLOW_POLICE", Police(nest TcaPolice), police;
    /// The extended matches, kept raw.
    EMATCHES = 11, "TCA_FLOW_EMATCHES", Ematches(nest Untyped), ematches;
    /// Hash: change the hash's seed every this many seconds.
    PERTURB = 12, "TCA_FLOW_PERTURB", Perturb(u32), perturb;
}
