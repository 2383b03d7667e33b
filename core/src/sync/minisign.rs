//! Verification of minisign signatures (<https://jedisct1.github.io/minisign/>).
//!
//! Safar signs every metadata file with Ed25519 in minisign's format, so `minisign -V` can check
//! any file by hand and field staff can sign with the stock `minisign` tool. A `.minisig` file may
//! hold several signature blocks one after another (threshold signing); each block is the usual
//! four lines. Signing lives in `safar-publish`; the phone only verifies.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use blake2::{Blake2b512, Digest};
use ring::signature::{UnparsedPublicKey, ED25519};
use std::fmt;

/// minisign's 8-byte key number. Shown as 16 hex digits, as `minisign` shows it.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyId(pub [u8; 8]);

impl KeyId {
    pub fn to_hex(self) -> String {
        // minisign prints the key number as a little-endian u64 in upper-case hex.
        format!("{:016X}", u64::from_le_bytes(self.0))
    }
    pub fn from_hex(s: &str) -> Option<KeyId> {
        if s.len() != 16 {
            return None;
        }
        u64::from_str_radix(s, 16).ok().map(|n| KeyId(n.to_le_bytes()))
    }
}

impl fmt::Debug for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}
impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

/// An Ed25519 public key with its minisign key id.
#[derive(Clone, PartialEq, Eq)]
pub struct PublicKey {
    pub id: KeyId,
    pub bytes: [u8; 32],
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", self.id)
    }
}

/// Why a signature did not check out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureProblem {
    Malformed(String),
    /// Signed by a key this verifier does not know.
    UnknownKey(KeyId),
    /// The signature does not match the data (or the trusted comment was altered).
    Invalid(KeyId),
}

impl fmt::Display for SignatureProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignatureProblem::Malformed(m) => write!(f, "malformed signature: {m}"),
            SignatureProblem::UnknownKey(k) => write!(f, "signed by unknown key {k}"),
            SignatureProblem::Invalid(k) => write!(f, "signature by key {k} does not match"),
        }
    }
}

impl PublicKey {
    /// The base64 line of a minisign public key (`Ed` + key id + key).
    pub fn from_base64(line: &str) -> Result<PublicKey, String> {
        let raw = B64
            .decode(line.trim())
            .map_err(|_| "public key is not valid base64".to_string())?;
        if raw.len() != 42 || &raw[..2] != b"Ed" {
            return Err("not a minisign Ed25519 public key".into());
        }
        let mut id = [0u8; 8];
        id.copy_from_slice(&raw[2..10]);
        let mut bytes = [0u8; 32];
        bytes.copy_from_slice(&raw[10..42]);
        Ok(PublicKey { id: KeyId(id), bytes })
    }

    pub fn to_base64(&self) -> String {
        let mut raw = Vec::with_capacity(42);
        raw.extend_from_slice(b"Ed");
        raw.extend_from_slice(&self.id.0);
        raw.extend_from_slice(&self.bytes);
        B64.encode(raw)
    }

    /// A whole minisign public key file (`minisign.pub`): a comment line and the base64 line.
    pub fn from_file_text(text: &str) -> Result<PublicKey, String> {
        let line = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with("untrusted comment:"))
            .ok_or_else(|| "empty public key file".to_string())?;
        Self::from_base64(line)
    }

    pub fn to_file_text(&self) -> String {
        format!(
            "untrusted comment: minisign public key {}\n{}\n",
            self.id,
            self.to_base64()
        )
    }

    fn verify_raw(&self, message: &[u8], signature: &[u8]) -> bool {
        UnparsedPublicKey::new(&ED25519, self.bytes)
            .verify(message, signature)
            .is_ok()
    }
}

/// One parsed signature block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureBlock {
    pub key_id: KeyId,
    /// `ED` (pre-hashed with BLAKE2b-512, the default since minisign 0.8) or legacy `Ed`.
    pub prehashed: bool,
    pub signature: [u8; 64],
    pub trusted_comment: String,
    pub global_signature: [u8; 64],
}

/// Parses a `.minisig` file holding one or more signature blocks.
pub fn parse_signatures(text: &str) -> Result<Vec<SignatureBlock>, SignatureProblem> {
    let bad = |m: &str| SignatureProblem::Malformed(m.to_string());
    let lines: Vec<&str> = text
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.trim().is_empty())
        .collect();
    if lines.is_empty() || lines.len() % 4 != 0 {
        return Err(bad("a signature block has four lines"));
    }
    let mut blocks = Vec::new();
    for chunk in lines.chunks(4) {
        if !chunk[0].starts_with("untrusted comment:") {
            return Err(bad("first line must be an untrusted comment"));
        }
        let raw = B64
            .decode(chunk[1].trim())
            .map_err(|_| bad("signature is not valid base64"))?;
        if raw.len() != 74 {
            return Err(bad("signature has the wrong length"));
        }
        let prehashed = match &raw[..2] {
            b"ED" => true,
            b"Ed" => false,
            _ => return Err(bad("unknown signature algorithm")),
        };
        let trusted_comment = chunk[2]
            .strip_prefix("trusted comment: ")
            .ok_or_else(|| bad("third line must be a trusted comment"))?
            .to_string();
        let global = B64
            .decode(chunk[3].trim())
            .map_err(|_| bad("global signature is not valid base64"))?;
        if global.len() != 64 {
            return Err(bad("global signature has the wrong length"));
        }
        let mut key_id = [0u8; 8];
        key_id.copy_from_slice(&raw[2..10]);
        let mut signature = [0u8; 64];
        signature.copy_from_slice(&raw[10..74]);
        let mut global_signature = [0u8; 64];
        global_signature.copy_from_slice(&global);
        blocks.push(SignatureBlock {
            key_id: KeyId(key_id),
            prehashed,
            signature,
            trusted_comment,
            global_signature,
        });
    }
    Ok(blocks)
}

impl SignatureBlock {
    /// Checks this block against `message` with `key`, including the trusted comment.
    pub fn verify(&self, key: &PublicKey, message: &[u8]) -> Result<(), SignatureProblem> {
        if key.id != self.key_id {
            return Err(SignatureProblem::UnknownKey(self.key_id));
        }
        let ok = if self.prehashed {
            key.verify_raw(&Blake2b512::digest(message), &self.signature)
        } else {
            key.verify_raw(message, &self.signature)
        };
        let mut global_message = self.signature.to_vec();
        global_message.extend_from_slice(self.trusted_comment.as_bytes());
        if ok && key.verify_raw(&global_message, &self.global_signature) {
            Ok(())
        } else {
            Err(SignatureProblem::Invalid(self.key_id))
        }
    }

    /// The block as `.minisig` text.
    pub fn to_text(&self, untrusted_comment: &str) -> String {
        let mut raw = Vec::with_capacity(74);
        raw.extend_from_slice(if self.prehashed { b"ED" } else { b"Ed" });
        raw.extend_from_slice(&self.key_id.0);
        raw.extend_from_slice(&self.signature);
        format!(
            "untrusted comment: {untrusted_comment}\n{}\ntrusted comment: {}\n{}\n",
            B64.encode(raw),
            self.trusted_comment,
            B64.encode(self.global_signature)
        )
    }
}

/// The keys that produced valid signatures on `message`, among `keys`. Blocks by unknown keys are
/// skipped (a file may carry signatures for several roles); a block by a known key that fails is
/// an error, because it means the data or the signature was altered.
pub fn valid_signers(
    signatures: &[SignatureBlock],
    keys: &[&PublicKey],
    message: &[u8],
) -> Result<Vec<KeyId>, SignatureProblem> {
    let mut signers = Vec::new();
    for block in signatures {
        if let Some(key) = keys.iter().find(|k| k.id == block.key_id) {
            block.verify(key, message)?;
            if !signers.contains(&key.id) {
                signers.push(key.id);
            }
        }
    }
    Ok(signers)
}
