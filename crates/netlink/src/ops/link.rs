//! Work in progress: link operations.
