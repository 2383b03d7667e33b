//! The content a Safar app ships with: the signed default bundle built from this folder at compile
//! time, and the trust root it is verified against (see `build.rs`).

/// The signed `.safar` bundle imported on first start, offline.
pub static DEFAULT_BUNDLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/default.safar"));

/// The pinned root metadata (`root/N.json`) and its signatures.
pub static TRUSTED_ROOT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/trusted_root.json"));
pub static TRUSTED_ROOT_SIGNATURES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/trusted_root.json.minisig"));
