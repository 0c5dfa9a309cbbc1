//! The usage texts `help` prints on standard error, for the whole tool and for each object. They
//! list what `nlctl` implements; the other words of `ip` are refused as not supported yet.

use crate::cli::Object;

/// `nlctl help`, `nlctl -help`.
pub(crate) const GLOBAL: &str = "\
Usage: nlctl [ OPTIONS ] OBJECT { COMMAND | help }
       nlctl [ -force ] -batch FILE
OBJECT  := { address | addrlabel | link | maddress | monitor | neigh | netconf |
             netns | nexthop | ntable | route | rule | stats |
             mptcp | tcp_metrics | genl | ethtool | bridge }
OPTIONS := { -V[ersion] | -j[son] | -p[retty] | -4 | -6 | -0 | -M | -B |
             -f[amily] { inet | inet6 | link | mpls | bridge } |
             -n[etns] NAME | -t[imestamp] | -ts[hort] | -s[tatistics] |
             -o[neline] | -l[oops] N | -rc[vbuf] SIZE | -c[olor][=WHEN] |
             -h[uman-readable] | -iec | -N[umeric] | -a[ll] | -force |
             -b[atch] FILE | -help }
Words are abbreviated as ip abbreviates them (`nlctl r s` is `route show`).
Options nlctl cannot honour exactly yet for a command are refused for it.
See docs/nlctl.md.";

/// `nlctl address help`.
const ADDRESS: &str = "\
Usage: nlctl address { add | replace } IFADDR dev IFNAME [ LIFETIME ] [ CONFFLAG-LIST ]
       nlctl address delete IFADDR dev IFNAME
       nlctl address [ { show | flush } [ dev IFNAME ] [ scope SCOPE | all ]
                        [ to PREFIX ] [ FLAG-LIST ] [ label LABEL ] [ up ] ]
IFADDR := PREFIX | ADDR peer PREFIX [ broadcast ADDR | + | - ] [ label LABEL ]
          [ scope SCOPE ] [ metric N ]
FLAG-LIST := [ FLAG-LIST ] FLAG
FLAG := [-]{ permanent | dynamic | secondary | primary | temporary | tentative |
             deprecated | dadfailed | optimistic | home | nodad | mngtmpaddr |
             noprefixroute | autojoin | stable-privacy }
CONFFLAG-LIST := [ CONFFLAG-LIST ] { home | nodad | mngtmpaddr | noprefixroute | autojoin }
LIFETIME := [ valid_lft SECONDS|forever ] [ preferred_lft SECONDS|forever ]
A delete of an IPv4 ADDR without a length deletes the first address ADDR on IFNAME.
Not supported yet: save, showdump, restore.";

/// `nlctl route help`.
const ROUTE: &str = "\
Usage: nlctl route [ { show | flush } SELECTOR ]
       nlctl route get [ to ] ADDR [ from ADDR iif IFNAME ] [ oif IFNAME ] [ mark MARK ]
                       [ tos TOS ] [ vrf NAME ] [ uid UID ] [ ipproto PROTO ]
                       [ sport PORT ] [ dport PORT ] [ fibmatch ]
       nlctl route { add | delete | change | replace | prepend | append | test } ROUTE
SELECTOR := [ table ID | all ] [ proto PROTO ] [ dev IFNAME ] [ type TYPE ]
            [ [ to ] [ exact ] PREFIX ]
ROUTE := [ TYPE ] PREFIX [ via [ inet | inet6 ] ADDR ] [ dev IFNAME ] [ metric N ]
         [ table ID ] [ proto PROTO ] [ scope SCOPE ] [ src ADDR ] [ from PREFIX ]
         [ onlink ] [ nhid ID ] [ tos TOS ] [ pref low|medium|high ] [ expires N ]
         [ mtu [lock] N ] [ advmss N ] [ hoplimit N ] [ initcwnd N ] [ initrwnd N ]
         [ window N ] [ reordering N ] [ ssthresh N ] [ cwnd N ] [ quickack N ]
         [ nexthop [ via ADDR ] [ dev IFNAME ] [ weight N ] [ onlink ] ]...
TYPE := { unicast | local | broadcast | multicast | throw | unreachable |
          prohibit | blackhole | nat }
Not supported yet: save, restore, showdump.";

/// `nlctl rule help`.
const RULE: &str = "\
Usage: nlctl rule [ show [ table ID ] [ priority N ] ]
       nlctl rule flush [ table ID ] [ priority N ]
       nlctl rule { add | delete } SELECTOR ACTION
SELECTOR := [ not ] [ from PREFIX ] [ to PREFIX ] [ tos TOS ] [ fwmark MARK[/MASK] ]
            [ iif IFNAME ] [ oif IFNAME ] [ priority N ] [ uidrange A-B ]
            [ ipproto PROTO ] [ sport A[-B] ] [ dport A[-B] ]
ACTION := [ table ID ] [ protocol PROTO ] [ goto N ] [ suppress_prefixlength N ]
          [ blackhole | unreachable | prohibit | nop ]
Not supported yet: save, restore.";

/// `nlctl neigh help`.
const NEIGH: &str = "\
Usage: nlctl neigh { add | replace | delete } { ADDR [ lladdr LLADDR ] [ nud STATE ] |
                                                proxy ADDR } dev IFNAME [ router ]
                                                [ protocol PROTO ]
       nlctl neigh [ { show | flush } [ proxy ] [ to PREFIX ] [ dev IFNAME ]
                                      [ nud STATE ]... ]
       nlctl neigh get [ proxy ] [ to ] ADDR dev IFNAME
STATE := { delay | failed | incomplete | noarp | none | permanent | probe |
           reachable | stale | all }";

/// `nlctl link help`.
const LINK: &str = "\
Usage: nlctl link add [ link IFNAME ] [ name ] NAME [ mtu N ] [ address LLADDR ]
                      [ master IFNAME ] [ txqlen N ] [ up ] type TYPE [ ARGS ]
       nlctl link { set | change } [ dev ] IFNAME [ up | down ] [ mtu N ] [ name NAME ]
                      [ address LLADDR ] [ broadcast LLADDR ] [ txqueuelen N ]
                      [ master IFNAME | nomaster ] [ netns { NAME | PID } ]
                      [ alias NAME ] [ group GROUP ]
                      [ { multicast | allmulticast | promisc | arp | dynamic } { on | off } ]
       nlctl link delete [ dev ] IFNAME
       nlctl link property { add | delete } [ dev ] IFNAME [ altname NAME ]...
       nlctl link xstats type { bridge | bridge_slave } [ igmp | mcast | stp ] [ dev IFNAME ]
       nlctl link xstats type { bond | bond_slave } [ 802.3ad | lacp ] [ dev IFNAME ]
       nlctl link afstats [ dev IFNAME ]
       nlctl link [ show [ [ dev ] IFNAME ] [ up ] [ type TYPE ] [ master IFNAME ] ]
TYPE := { veth [ peer [ name ] NAME ] | bridge | dummy | ifb |
          vlan id N [ protocol 802.1Q|802.1ad ] |
          vxlan id N [ remote ADDR ] [ local ADDR ] [ dstport N ] [ dev IFNAME ]
                [ ttl N ] [ nolearning ] |
          macvlan | macvtap [ mode private|vepa|bridge|passthru|source ] |
          vxcan [ peer [ name ] NAME ] | macsec | hsr | bareudp | gtp | xfrm | vti | vti6 |
          amt | batadv | rmnet | ipoib | wwan | dsa | ipvlan | ipvtap | ip6gre | ip6gretap |
          ip6erspan | erspan | ip6tnl | geneve (ip's words) | KIND without data }
Not supported yet: replace.";

/// `nlctl nexthop help`.
const NEXTHOP: &str = "\
Usage: nlctl nexthop [ show [ id ID ] [ dev IFNAME ] [ groups ] [ fdb ] [ master IFNAME ]
                            [ protocol PROTO ] ]
       nlctl nexthop { add | replace } id ID NH [ protocol PROTO ]
       nlctl nexthop delete id ID
       nlctl nexthop get id ID
       nlctl nexthop flush [ id ID ] [ dev IFNAME ] [ groups ] [ fdb ] [ master IFNAME ]
                           [ protocol PROTO ]
       nlctl nexthop bucket [ show [ id ID ] [ dev IFNAME ] [ master IFNAME ] ]
       nlctl nexthop bucket get id ID index INDEX
NH := { blackhole | [ via ADDR ] [ dev IFNAME ] [ onlink ] [ fdb ] |
        group ID[,WEIGHT][/ID[,WEIGHT]]... [ fdb ] [ type { mpath | resilient } ]
              [ buckets N ] [ idle_timer SECONDS ] [ unbalanced_timer SECONDS ] }";

/// `nlctl monitor help`.
const MONITOR: &str = "\
Usage: nlctl monitor [ all | OBJECTS ] [ label ] [ dev IFNAME ]
OBJECTS := [ link ] [ address ] [ route ] [ mroute ] [ neigh ] [ rule ] [ nexthop ] [ nsid ]
           [ netconf ] [ prefix ] [ stats ] [ qdisc ] [ class ] [ filter ] [ chain ] [ action ]
           [ tc ]
`label` and `all` tag each text line with its object; no object watches the first eleven.
qdisc, class, filter, chain, action (tc: all five) print as `tc monitor` does.
Not supported yet: file, all-nsid.";

/// `nlctl link help KIND`: the words `nlctl` reads after `type KIND`, for the kinds it creates.
pub(crate) fn link_kind(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "veth" => {
            "Usage: nlctl link add NAME type veth [ peer [ name ] NAME [ address LLADDR ] [ mtu N ] ]"
        }
        "bridge" => {
            "Usage: nlctl link add NAME type bridge [ stp_state { 0 | 1 } ] [ forward_delay N ]\n\
             \t\t\t\t\t[ vlan_filtering { 0 | 1 } ]"
        }
        "vlan" => {
            "Usage: nlctl link add link IFNAME NAME type vlan id N [ protocol 802.1Q|802.1ad ]"
        }
        "vxlan" => {
            "Usage: nlctl link add NAME type vxlan id N [ remote ADDR ] [ local ADDR ]\n\
             \t\t\t\t[ dstport N ] [ dev IFNAME ] [ ttl N ] [ [no]learning ]"
        }
        "macvlan" | "macvtap" => {
            "Usage: nlctl link add link IFNAME NAME type { macvlan | macvtap }\n\
             \t\t\t\t[ mode { private | vepa | bridge | passthru | source } ]"
        }
        "dummy" | "ifb" => "Usage: nlctl link add NAME type { dummy | ifb }",
        _ => return None,
    })
}

/// The usage of `object`'s commands; the tool's for an object `nlctl` does not implement.
pub(crate) fn object(object: Object) -> &'static str {
    match object {
        Object::Address => ADDRESS,
        Object::Route => ROUTE,
        Object::Rule => RULE,
        Object::Neigh => NEIGH,
        Object::Link => LINK,
        Object::Nexthop => NEXTHOP,
        Object::Monitor => MONITOR,
        _ => GLOBAL,
    }
}
