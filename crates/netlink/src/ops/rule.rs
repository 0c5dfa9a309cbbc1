//! Work in progress: rule operations.
