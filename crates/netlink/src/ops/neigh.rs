//! Work in progress: neigh operations.
