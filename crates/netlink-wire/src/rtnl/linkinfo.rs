//! Work in progress: IFLA_LINKINFO and the per-kind data of links.
