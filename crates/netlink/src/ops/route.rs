//! Work in progress: route operations.
