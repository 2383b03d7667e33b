//! Hashes: file SHA-256, and the whole-collection `state_digest` (after Mozilla Remote
//! Settings): publisher and phone compute it the same way, from records sorted by id, so a phone
//! can prove that what it applied is exactly what was signed.

use ring::digest::{Context, SHA256};

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(ring::digest::digest(&SHA256, bytes).as_ref())
}

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

/// Streaming SHA-256 for large files.
pub struct Sha256Stream(Context);

impl Default for Sha256Stream {
    fn default() -> Self {
        Sha256Stream(Context::new(&SHA256))
    }
}

impl Sha256Stream {
    pub fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
    pub fn finish_hex(self) -> String {
        hex(self.0.finish().as_ref())
    }
}

/// `state_digest` = SHA-256 over, for each record in ascending byte order of id:
/// `id "\n" sha256_hex(record_json) "\n"`.
pub struct StateDigest {
    ctx: Context,
    last_id: Option<String>,
    count: u64,
    out_of_order: bool,
}

impl Default for StateDigest {
    fn default() -> Self {
        StateDigest {
            ctx: Context::new(&SHA256),
            last_id: None,
            count: 0,
            out_of_order: false,
        }
    }
}

impl StateDigest {
    /// Records must come in ascending id order (SQLite's `ORDER BY id` with the default BINARY
    /// collation gives the same order as Rust's byte order); [`Self::in_order`] tells whether
    /// they did.
    pub fn add(&mut self, id: &str, json: &str) {
        if self.last_id.as_deref().is_some_and(|last| last >= id) {
            self.out_of_order = true;
        }
        self.ctx.update(id.as_bytes());
        self.ctx.update(b"\n");
        self.ctx.update(sha256_hex(json.as_bytes()).as_bytes());
        self.ctx.update(b"\n");
        self.last_id = Some(id.to_string());
        self.count += 1;
    }
    pub fn in_order(&self) -> bool {
        !self.out_of_order
    }
    pub fn count(&self) -> u64 {
        self.count
    }
    pub fn finish_hex(self) -> String {
        hex(self.ctx.finish().as_ref())
    }
}
