//! The object layer: one [`Object`] implementation per RTNETLINK object kind (its view, owned
//! type, filter and message types) and one [`Request`] per kind of change, with the operations
//! written once, generically, on [`Connection`]: [`Connection::for_each`], [`Connection::list`],
//! [`Connection::get`], [`Connection::add`], [`Connection::replace`], [`Connection::change`],
//! [`Connection::append`] and [`Connection::delete`].
//!
//! The named methods (`routes`, `add_route`, `link_by_name`, ...) are one-line calls into these;
//! a new object kind implements the two traits and gets every operation.

use netlink_wire::{FamilyMsg, Flags, MessageType};

use crate::connection::Connection;
use crate::engine::request::Response;
use crate::error::{Error, KernelError, Result};

/// One kind of RTNETLINK object: links, addresses, routes, neighbours, rules, nexthops.
pub trait Object: Sized {
    /// The borrowed view of one of its messages.
    type View<'a>: FamilyMsg<'a>;
    /// Which objects a dump returns. Fields go to the kernel as strict-checking dump filters
    /// where the kernel takes them, and are applied again to every reply.
    type Filter: Default;

    /// The message type the kernel reports objects with (`RTM_NEWROUTE`), and that creates them.
    const NEW: MessageType;
    /// The message type that deletes one.
    const DEL: MessageType;
    /// The message type of a dump or a single lookup.
    const GET: MessageType;
    /// The message type the kernel answers a dump or lookup with: [`Object::NEW`], except for
    /// multicast and anycast addresses, whose dumps answer with their get type, and actions,
    /// whose dumps and gets the kernel answers with `RTM_GETACTION`.
    const REPLY: MessageType = Self::NEW;

    /// Writes the dump request for `filter` into `buf`.
    ///
    /// # Errors
    /// When an attribute does not fit its length.
    fn dump_request(filter: &Self::Filter, buf: &mut Vec<u8>) -> netlink_wire::Result<usize>;

    /// Whether `view` passes `filter` (the kernel ignores dump filters without strict checking
    /// and ignores some with it).
    ///
    /// # Errors
    /// When an attribute the filter reads is malformed.
    fn matches(filter: &Self::Filter, view: &Self::View<'_>) -> Result<bool>;

    /// Decodes a view into the owned object. Implementations call
    /// [`FamilyMsg::check_frame`] first, so that no field goes missing silently.
    ///
    /// # Errors
    /// When the message is malformed.
    fn from_view(view: &Self::View<'_>) -> Result<Self>;

    /// Whether a dump part of type `t` holds an object: [`Object::REPLY`], unless the kernel
    /// answers dumps with more than one type (the multicast database with `RTM_GETMDB` and
    /// `RTM_NEWMDB`).
    fn is_dump_reply(t: MessageType) -> bool {
        t == Self::REPLY
    }

    /// Rejects a filter that cannot match anything the kernel has, before the dump is sent.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the problem. Every filter passes by default.
    fn validate_filter(filter: &Self::Filter) -> Result<()> {
        let _ = filter;
        Ok(())
    }

    /// Whether the kernel's error for a dump with `filter` only means "nothing to list" (a
    /// routing table that does not exist yet answers `ENOENT`).
    fn empty_on(filter: &Self::Filter, error: &KernelError) -> bool {
        let _ = (filter, error);
        false
    }
}

/// A change of an object: what it adds, replaces or deletes.
pub trait Request {
    /// The kind of object the request changes.
    type Object: Object;

    /// Checks the request before anything is sent, as a message of type `t` with `flags` (a
    /// delete needs less than an add, a replace may need a key an add can leave to the kernel).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the first problem.
    fn validate(&self, t: MessageType, flags: Flags) -> Result<()>;

    /// Checks what only the kernel's state can tell, just before the request is sent (a
    /// neighbour's link-layer address against its interface's). Nothing by default.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the problem; a lookup's error.
    fn check_with(&self, conn: &Connection, t: MessageType) -> Result<()> {
        let _ = (conn, t);
        Ok(())
    }

    /// Writes the request as a message of type `t` (the object's new or delete type) with
    /// `flags`.
    ///
    /// # Errors
    /// When an attribute does not fit its length.
    fn build(&self, buf: &mut Vec<u8>, t: MessageType, flags: Flags)
    -> netlink_wire::Result<usize>;
}

/// An object that can be looked up alone, by `Key` (an index, a name, an id).
pub trait Lookup<K: ?Sized>: Object {
    /// Writes the `GET` request (not a dump) for `key`, one of the keys that identify one
    /// object (a neighbour is found by address as `ip neigh get` asks, or by link-layer
    /// address as `bridge fdb get` asks: two keys, two implementations).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a key the kernel cannot be asked for; an encoding error.
    fn get_request(key: &K, buf: &mut Vec<u8>) -> Result<()>;

    /// The message type the kernel answers the lookup with: [`Object::REPLY`], except for
    /// chains, whose lookups the kernel answers with `RTM_GETCHAIN` (and dumps with
    /// `RTM_NEWCHAIN`).
    const GET_REPLY: MessageType = <Self as Object>::REPLY;

    /// Whether the kernel's refusal `e` of the lookup means that the object is not there,
    /// which [`Connection::get`] answers with `Ok(None)`: [`Error::is_not_found`], and for
    /// the objects whose absence the kernel reports otherwise (a missing filter chain is
    /// `EINVAL`), that answer too.
    fn is_miss(e: &Error) -> bool {
        e.is_not_found()
    }
}

/// The creation flags of `add` (fail if it exists), `replace` (create or change), `change`
/// (change what exists) and `append`.
pub(crate) const ADD: Flags = Flags(Flags::CREATE.0 | Flags::EXCL.0);
pub(crate) const REPLACE: Flags = Flags(Flags::CREATE.0 | Flags::REPLACE.0);
pub(crate) const CHANGE: Flags = Flags::REPLACE;
pub(crate) const APPEND: Flags = Flags(Flags::CREATE.0 | Flags::APPEND.0);

impl Connection {
    /// Every object of kind `O` matching `filter`, streamed through `f` as borrowed views in
    /// constant memory however large the dump.
    ///
    /// # Errors
    /// The first error of the dump, of a reply's decoding or of `f`.
    pub fn for_each<O: Object>(
        &self,
        filter: O::Filter,
        mut f: impl FnMut(&O::View<'_>) -> Result<()>,
    ) -> Result<()> {
        let mut dump = self.dump_bytes(dump_request::<O>(&filter)?)?;
        // The view is parsed where it is used: through `select`'s `Result<Option<View>>`
        // each message's view (over 100 bytes with its lazy index) was copied twice.
        let result = dump.for_each_msg(|m| {
            if !O::is_dump_reply(m.message_type()) {
                return Ok(());
            }
            let view = O::View::parse(m)?;
            if O::matches(&filter, &view)? {
                f(&view)?;
            }
            Ok(())
        });
        dump_end::<O>(&filter, result)
    }

    /// Every object of kind `O` matching `filter`, owned.
    ///
    /// # Errors
    /// As [`Connection::for_each`].
    pub fn list<O: Object>(&self, filter: O::Filter) -> Result<Vec<O>> {
        let mut out = Vec::new();
        self.for_each::<O>(filter, |v| {
            out.push(O::from_view(v)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// The object of kind `O` identified by `key`, or `None` when the kernel has none
    /// ([`Error::is_not_found`], or the object's own [`Lookup::is_miss`]): every
    /// single-object lookup answers a miss this way.
    ///
    /// # Errors
    /// Any other kernel error; a malformed reply; [`Error::MissingReply`] when the kernel
    /// acknowledges the lookup without an object.
    pub fn get<O: Lookup<K>, K: ?Sized>(&self, key: &K) -> Result<Option<O>> {
        lookup_reply::<O, K>(self.request_bytes(get_request::<O, K>(key)?))
    }

    /// Creates the object `req` describes; fails with `EEXIST` if it is there (`ip ... add`).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a bad request, before anything is sent; the kernel's
    /// error otherwise.
    pub fn add<R: Request>(&self, req: &R) -> Result<()> {
        self.send(req, R::Object::NEW, ADD)
    }

    /// Creates the object, or changes it if it is there (`ip ... replace`).
    ///
    /// # Errors
    /// As [`Connection::add`].
    pub fn replace<R: Request>(&self, req: &R) -> Result<()> {
        self.send(req, R::Object::NEW, REPLACE)
    }

    /// Changes an object that exists; fails (`ENOENT` and the like) if it does not
    /// (`ip ... change`).
    ///
    /// # Errors
    /// As [`Connection::add`].
    pub fn change<R: Request>(&self, req: &R) -> Result<()> {
        self.send(req, R::Object::NEW, CHANGE)
    }

    /// Adds the object after those with the same key (`ip route append`).
    ///
    /// # Errors
    /// As [`Connection::add`].
    pub fn append<R: Request>(&self, req: &R) -> Result<()> {
        self.send(req, R::Object::NEW, APPEND)
    }

    /// Deletes the object `req` describes (`ip ... del`).
    ///
    /// # Errors
    /// As [`Connection::add`]; a not-found error ([`Error::is_not_found`]) when there is none.
    pub fn delete<R: Request>(&self, req: &R) -> Result<()> {
        self.send(req, R::Object::DEL, Flags::EMPTY)
    }

    /// Validates `req`, writes it as message `t` with `flags` and waits for the acknowledgement:
    /// what every change operation does, for the few that need flags of their own (`ip link
    /// set` sends none).
    pub(crate) fn send<R: Request>(&self, req: &R, t: MessageType, flags: Flags) -> Result<()> {
        self.request_bytes(change_request(self, req, t, flags)?)
            .map(drop)
    }
}

// The steps of the generic operations around the exchange itself, shared by the blocking
// operations above and the async adapter, so that both filter, decode and treat misses alike.

/// The dump request for `filter`, after [`Object::validate_filter`].
pub(crate) fn dump_request<O: Object>(filter: &O::Filter) -> Result<Vec<u8>> {
    O::validate_filter(filter)?;
    let mut buf = Vec::with_capacity(64);
    O::dump_request(filter, &mut buf).map_err(Error::Encode)?;
    Ok(buf)
}

/// The view of one dump reply when it is an object of kind `O` that `filter` passes: the
/// async adapter's step. [`Connection::for_each`] takes the same steps inline, where the view
/// is used (through this `Result<Option<View>>` each view is copied; measured 114
/// instructions a route, and a closure-taking form of this function did not recover them).
#[cfg(feature = "tokio")]
pub(crate) fn select<'a, O: Object>(
    filter: &O::Filter,
    m: netlink_wire::Msg<'a>,
) -> Result<Option<O::View<'a>>> {
    if !O::is_dump_reply(m.message_type()) {
        return Ok(None);
    }
    let view = O::View::parse(m)?;
    Ok(O::matches(filter, &view)?.then_some(view))
}

/// How a dump of `filter` that ended with `result` ends for the caller: an error that only
/// means "nothing to list" ([`Object::empty_on`]) is success.
pub(crate) fn dump_end<O: Object>(filter: &O::Filter, result: Result<()>) -> Result<()> {
    match result {
        Err(Error::Kernel(k)) if O::empty_on(filter, &k) => Ok(()),
        other => other,
    }
}

/// The lookup request for `key`.
pub(crate) fn get_request<O: Lookup<K>, K: ?Sized>(key: &K) -> Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(64);
    O::get_request(key, &mut buf)?;
    Ok(buf)
}

/// The object a lookup by `K` answered with, `None` for a miss ([`Lookup::is_miss`]).
pub(crate) fn lookup_reply<O: Lookup<K>, K: ?Sized>(reply: Result<Response>) -> Result<Option<O>> {
    let reply = match reply {
        Ok(r) => r,
        Err(e) if O::is_miss(&e) => return Ok(None),
        Err(e) => return Err(e),
    };
    let m = reply.require(O::GET_REPLY)?;
    O::from_view(&O::View::parse(m.as_msg())?).map(Some)
}

/// The change `req` as message `t` with `flags`, after its checks ([`Request::validate`],
/// then [`Request::check_with`] on `conn`).
pub(crate) fn change_request<R: Request>(
    conn: &Connection,
    req: &R,
    t: MessageType,
    flags: Flags,
) -> Result<Vec<u8>> {
    req.validate(t, flags)?;
    req.check_with(conn, t)?;
    let mut buf = Vec::with_capacity(256);
    req.build(&mut buf, t, flags).map_err(Error::Encode)?;
    Ok(buf)
}

/// Declares the named operations of one object kind as one-line calls into the generic ones:
/// `list NAME`, `for_each NAME`, `add NAME`, `replace NAME`, `change NAME`, `append NAME`,
/// `delete NAME`, each with its documentation.
macro_rules! named_ops {
    (@op list, $name:ident, $O:ty, $R:ty, $doc:literal) => {
        #[doc = $doc]
        ///
        /// # Errors
        /// A dump or decode error.
        pub fn $name(&self, filter: <$O as $crate::object::Object>::Filter) -> $crate::Result<Vec<$O>> {
            self.list::<$O>(filter)
        }
    };
    (@op for_each, $name:ident, $O:ty, $R:ty, $doc:literal) => {
        #[doc = $doc]
        ///
        /// # Errors
        /// The first error of the dump or of `f`.
        pub fn $name(
            &self,
            filter: <$O as $crate::object::Object>::Filter,
            f: impl FnMut(&<$O as $crate::object::Object>::View<'_>) -> $crate::Result<()>,
        ) -> $crate::Result<()> {
            self.for_each::<$O>(filter, f)
        }
    };
    (@op $verb:ident, $name:ident, $O:ty, $R:ty, $doc:literal) => {
        #[doc = $doc]
        ///
        /// # Errors
        /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) for a bad request before
        /// anything is sent; the kernel's error otherwise.
        pub fn $name(&self, req: &$R) -> $crate::Result<()> {
            self.$verb(req)
        }
    };
    ($O:ty, $R:ty; $( $verb:ident $name:ident $doc:literal; )*) => {
        impl $crate::Connection {
            $( named_ops!(@op $verb, $name, $O, $R, $doc); )*
        }
    };
}

/// Declares named operations that send a request with a message type and flags of their own,
/// for the changes that are not an object's `NEW`/`DEL` with `add`'s or `delete`'s flags
/// (`bridge link set` is `RTM_SETLINK`, `bridge fdb flush` is `RTM_DELNEIGH` with
/// `NLM_F_BULK`): `Request => name(TYPE, FLAGS) "doc";`.
macro_rules! send_ops {
    ($( $R:ty => $name:ident($t:expr, $f:expr) $doc:literal; )*) => {
        impl $crate::Connection {
            $(
                #[doc = $doc]
                ///
                /// # Errors
                /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) for a bad request
                /// before anything is sent; the kernel's error otherwise.
                pub fn $name(&self, req: &$R) -> $crate::Result<()> {
                    self.send(req, $t, $f)
                }
            )*
        }
    };
}

/// Declares chainable setters on a filter or request: `field: Type` sets `Some(value)` for an
/// `Option` field (`f.table(Table::MAIN)`), `field = Type` sets the value itself.
macro_rules! setters {
    ($S:ty { $( $field:ident $(: $opt:ty)? $(= $plain:ty)? ),* $(,)? }) => {
        impl $S {
            $( setters!(@one $field $(: $opt)? $(= $plain)?); )*
        }
    };
    (@one $field:ident : $t:ty) => {
        #[doc = concat!("Sets `", stringify!($field), "`.")]
        #[must_use]
        pub fn $field(mut self, value: $t) -> Self {
            self.$field = Some(value);
            self
        }
    };
    (@one $field:ident = $t:ty) => {
        #[doc = concat!("Sets `", stringify!($field), "`.")]
        #[must_use]
        pub fn $field(mut self, value: $t) -> Self {
            self.$field = value;
            self
        }
    };
}

/// Declares an owned, native-endian copy of a kernel struct whose fields all have one type:
/// the public `#[non_exhaustive]` struct with each field's documentation, and `From` the
/// kernel struct (whose fields of the same names are zerocopy integers).
macro_rules! native {
    (
        $(#[$meta:meta])*
        pub struct $S:ident: $t:ty, from $K:ty {
            $( $(#[$fmeta:meta])* $field:ident, )*
        }
    ) => {
        $(#[$meta])*
        #[non_exhaustive]
        pub struct $S {
            $( $(#[$fmeta])* pub $field: $t, )*
        }

        impl From<$K> for $S {
            fn from(s: $K) -> $S {
                $S { $( $field: s.$field.get(), )* }
            }
        }
    };
}

/// Declares an owned object type and its decoding in one table: each field with its
/// documentation, its type and the expression that reads it from the view, so that a field
/// is written once. The struct is public and `#[non_exhaustive]`, its fields public; the
/// generated `from_msg` checks the view's framing first (a broken attribute anywhere is an
/// error, never a field left empty) and runs the statements of the `from` block before the
/// fields' expressions.
///
/// ```ignore
/// owned! {
///     /// A thing (`RTM_NEWTHING`).
///     #[derive(Debug, Clone, PartialEq, Eq)]
///     pub struct Thing {
///         /// `THING_ID`.
///         id: u32 = m.id()?.unwrap_or(0),
///     }
///     from(m: ThingMsg) {}
/// }
/// ```
macro_rules! owned {
    // Fields read through the view's accessors, after a check of the whole list's framing.
    (
        $(#[$meta:meta])*
        pub struct $S:ident { $($fields:tt)* }
        from($m:ident: $View:ident) { $($pre:tt)* }
    ) => {
        owned! {
            @impl $(#[$meta])* pub struct $S { $($fields)* }
            from($m: $View) { $m.check_frame()?; $($pre)* }
        }
    };
    // Fields decoded in one walk over the typed attributes (`$Attr` of numbers `$Num`): each
    // field starts at its value for "absent" and takes the value of its attribute's arm, the
    // first attribute of a number counting, as for the view's accessors. `on` arms feed the
    // `then` block's locals, which combine what one attribute cannot say alone. One pass over
    // what is present costs far less than a lookup per field when most are absent (a route
    // has 2 to 6 of 25). An arm's guard may read the view, not the attribute's value.
    (
        $(#[$meta:meta])*
        pub struct $S:ident {
            $( $(#[$fmeta:meta])* $field:ident : $t:ty = $init:expr
                $(; $V:ident($p:pat) $(if $g:expr)? => $set:expr)? ),* $(,)?
        }
        from($m:ident: $View:ident) walk $Attr:ident($Num:ident) { $($pre:tt)* }
        on { $( $OV:ident($op:pat) => $oset:expr ),* $(,)? }
        then($out:ident) { $($post:tt)* }
    ) => {
        owned! {
            @decl $(#[$meta])* pub struct $S { $( [$(#[$fmeta])*] $field: $t ),* }
            fn from_msg($m: $View), "in one walk over its attributes" {
                // Built in place, inside the result, and changed there through one borrow:
                // locals moved into the struct at the end cost more, and so did a struct kept
                // in a local beside the result (callgrind: about 20 instructions a route
                // more, in register spills around the loop).
                let mut result: $crate::error::Result<$S> = Ok($S { $( $field: $init, )* });
                if let Ok(out) = &mut result
                    && let Err(e) = Self::walk_msg(out, $m)
                {
                    result = Err(e);
                }
                result
            }
            set(out) "in place: every field is reset to absent, then the walk sets the ones \
                the message carries, as in `from_msg`. No new value is built and moved: a \
                consumer that reads objects one at a time decodes every message into the same \
                value and clones the ones it keeps. A value moved just after it was built costs \
                more than its size says, as the move's wide loads wait for the narrow stores \
                that built it: a route, about 20 ns (`cargo xtask bench dump`, rows a3 and \
                a4).",
                "After an error the value holds part of the message and part of what it held \
                before; decode into it again before reading it." {
                $( out.$field = $init; )*
                Self::walk_msg(out, $m)
            }
        }

        impl $S {
            /// Sets the fields the message's attributes carry, on a value whose fields are at
            /// their values for "absent".
            // Always inline: it is the body of both `from_msg` and `set_from_msg`, whose
            // callers are the hot loops of owned dumps.
            #[inline(always)]
            fn walk_msg($out: &mut $S, $m: &$View<'_>) -> $crate::error::Result<()> {
                $($pre)*
                // As the view's accessors (and the attribute table this walk replaced) read:
                // by number whatever the flag bits, and the first attribute of a number (below
                // 64, as every family's owned fields are) counts; later ones are not decoded.
                let mut seen: u64 = 0;
                for attr in $m.attrs() {
                    let attr = attr?;
                    let bit = 1u64.checked_shl(u32::from(attr.kind())).unwrap_or(0);
                    if seen & bit != 0 {
                        continue;
                    }
                    seen |= bit;
                    // One dispatch, on the number: each arm decodes its own type only
                    // (`decode_number`), and whatever no arm takes is still decoded, so that
                    // a payload that does not fit its type is an error here as everywhere.
                    use $crate::netlink_wire::typed::ByVariant;
                    match attr.kind() {
                        $( $( <ByVariant<$Num>>::$V $(if $g)? => {
                            if let $Attr::$V($p) =
                                $Attr::decode_number::<{ <ByVariant<$Num>>::$V }>(attr)?
                            {
                                $out.$field = $set;
                            }
                        } )? )*
                        $( <ByVariant<$Num>>::$OV => {
                            if let $Attr::$OV($op) =
                                $Attr::decode_number::<{ <ByVariant<$Num>>::$OV }>(attr)?
                            {
                                $oset;
                            }
                        } )*
                        _ => {
                            $Attr::decode_value(attr)?;
                        }
                    }
                }
                $($post)*
                Ok(())
            }
        }
    };
    (
        @impl $(#[$meta:meta])*
        pub struct $S:ident {
            $( $(#[$fmeta:meta])* $field:ident : $t:ty = $e:expr ),* $(,)?
        }
        from($m:ident: $View:ident) { $($pre:tt)* }
    ) => {
        owned! {
            @decl $(#[$meta])* pub struct $S { $( [$(#[$fmeta])*] $field: $t ),* }
            fn from_msg($m: $View), "field by field through its accessors" {
                $($pre)*
                Ok($S { $( $field: $e, )* })
            }
            set(out) "as `*self = Self::from_msg(m)?` (this object is not decoded in place).",
                "The value is left as it was." {
                *out = Self::from_msg($m)?;
                Ok(())
            }
        }
    };
    // The struct and its `from_msg` with `$body`, which both forms share.
    (
        @decl $(#[$meta:meta])*
        pub struct $S:ident { $( [$(#[$fmeta:meta])*] $field:ident : $t:ty ),* }
        fn from_msg($m:ident: $View:ident), $how:literal { $($body:tt)* }
        set($out:ident) $set_how:literal, $set_err:literal { $($set:tt)* }
    ) => {
        $(#[$meta])*
        #[non_exhaustive]
        pub struct $S {
            $( $(#[$fmeta])* pub $field: $t, )*
        }

        impl $S {
            #[doc = concat!("Decodes a view into an owned description, ", $how, ".")]
            ///
            /// # Errors
            /// When an attribute is malformed (its framing error, with its offset, even for a
            /// field it would not hold) or does not fit its type.
            // Inline: in the caller, the result's place and the caller's binding of it can be
            // one (callgrind, a dump of 131,072 routes through `from_msg(r)?`: 558 -> 520
            // instructions a route).
            #[inline]
            pub fn from_msg($m: &$View<'_>) -> $crate::error::Result<$S> {
                $($body)*
            }

            #[doc = concat!("Decodes a view into this `", stringify!($S), "`, ", $set_how)]
            ///
            /// # Errors
            #[doc = concat!("As [`from_msg`](Self::from_msg). ", $set_err)]
            #[inline]
            pub fn set_from_msg(&mut self, $m: &$View<'_>) -> $crate::error::Result<()> {
                let $out = self;
                $($set)*
            }
        }
    };
}

/// Declares a filter, request or settings struct and its chainable setters in one table: the
/// struct is public and `#[non_exhaustive]` with public fields, and each field gets a setter of
/// its name with the field's documentation. An `Option<T>` field's setter takes a `T`
/// (`f.table(Table::MAIN)`); any other field's takes its type; a field marked `fixed` (set by a
/// constructor, or by a setter of its own) gets none.
///
/// ```ignore
/// settable! {
///     /// Which things to list.
///     #[derive(Debug, Clone, Default)]
///     pub struct ThingFilter {
///         /// Only things of this kind.
///         kind: Option<u8>,
///         /// Whether to list hidden things too.
///         hidden: bool,
///         /// Set by `ThingFilter::new`.
///         fixed id: u32,
///     }
/// }
/// ```
macro_rules! settable {
    ($(#[$meta:meta])* pub struct $S:ident { $($body:tt)* }) => {
        settable!(@munch [$(#[$meta])*] $S [] [] $($body)*);
    };
    (@munch $m:tt $S:ident [$($f:tt)*] [$($s:tt)*]
        $(#[$fm:meta])* fixed $field:ident : $t:ty $(, $($rest:tt)*)?) => {
        settable!(@munch $m $S [$($f)* $(#[$fm])* pub $field: $t,] [$($s)*] $($($rest)*)?);
    };
    (@munch $m:tt $S:ident [$($f:tt)*] [$($s:tt)*]
        $(#[$fm:meta])* $field:ident : Option<$t:ty> $(, $($rest:tt)*)?) => {
        settable!(@munch $m $S [$($f)* $(#[$fm])* pub $field: Option<$t>,] [$($s)*
            $(#[$fm])*
            #[must_use]
            pub fn $field(mut self, value: $t) -> Self {
                self.$field = Some(value);
                self
            }
        ] $($($rest)*)?);
    };
    (@munch $m:tt $S:ident [$($f:tt)*] [$($s:tt)*]
        $(#[$fm:meta])* $field:ident : $t:ty $(, $($rest:tt)*)?) => {
        settable!(@munch $m $S [$($f)* $(#[$fm])* pub $field: $t,] [$($s)*
            $(#[$fm])*
            #[must_use]
            pub fn $field(mut self, value: $t) -> Self {
                self.$field = value;
                self
            }
        ] $($($rest)*)?);
    };
    (@munch [$($m:tt)*] $S:ident [$($f:tt)*] [$($s:tt)*]) => {
        $($m)*
        #[non_exhaustive]
        pub struct $S { $($f)* }

        impl $S { $($s)* }
    };
}
