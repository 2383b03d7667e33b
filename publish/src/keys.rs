//! Ed25519 keys in minisign's file formats, and signing.
//!
//! Secret keys are written unencrypted (minisign's `-W` format, KDF "none") so that build
//! machines can sign without a prompt; keep them on an offline or access-controlled machine. The
//! stock tool works with them: `minisign -S -s publisher.key -m FILE` and
//! `minisign -V -p publisher.pub -m FILE`.

use crate::PublishError;
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use blake2::digest::consts::U32;
use blake2::{Blake2b, Blake2b512, Digest};
use ring::rand::{SecureRandom, SystemRandom};
use ring::signature::{Ed25519KeyPair, KeyPair};
use safar_core::sync::minisign::{KeyId, PublicKey, SignatureBlock};
use std::path::Path;

/// A signing key. Never leaves the publisher's machine; never committed (except the clearly
/// marked development keys).
pub struct SecretKey {
    pub id: KeyId,
    seed: [u8; 32],
    public: [u8; 32],
}

const SECRET_KEY_LEN: usize = 158;

fn checksum(key_id: &KeyId, seed: &[u8; 32], public: &[u8; 32]) -> [u8; 32] {
    let mut h = Blake2b::<U32>::new();
    h.update(b"Ed");
    h.update(key_id.0);
    h.update(seed);
    h.update(public);
    h.finalize().into()
}

impl SecretKey {
    pub fn generate() -> Result<SecretKey, PublishError> {
        let rng = SystemRandom::new();
        let mut seed = [0u8; 32];
        let mut id = [0u8; 8];
        let no_rng = |_| PublishError::Invalid("the system random number generator failed".into());
        rng.fill(&mut seed).map_err(no_rng)?;
        rng.fill(&mut id).map_err(no_rng)?;
        let pair = Ed25519KeyPair::from_seed_unchecked(&seed)
            .map_err(|_| PublishError::Invalid("could not derive an Ed25519 key".into()))?;
        let mut public = [0u8; 32];
        public.copy_from_slice(pair.public_key().as_ref());
        Ok(SecretKey {
            id: KeyId(id),
            seed,
            public,
        })
    }

    pub fn public_key(&self) -> PublicKey {
        PublicKey {
            id: self.id,
            bytes: self.public,
        }
    }

    fn pair(&self) -> Ed25519KeyPair {
        Ed25519KeyPair::from_seed_and_public_key(&self.seed, &self.public)
            .expect("a key read back from its own file is consistent")
    }

    /// Signs `message` as `minisign -S` does (pre-hashed with BLAKE2b-512), with a trusted
    /// comment that is itself signed.
    pub fn sign(&self, message: &[u8], trusted_comment: &str) -> SignatureBlock {
        let pair = self.pair();
        let mut signature = [0u8; 64];
        signature.copy_from_slice(pair.sign(&Blake2b512::digest(message)).as_ref());
        let mut global_message = signature.to_vec();
        global_message.extend_from_slice(trusted_comment.as_bytes());
        let mut global_signature = [0u8; 64];
        global_signature.copy_from_slice(pair.sign(&global_message).as_ref());
        SignatureBlock {
            key_id: self.id,
            prehashed: true,
            signature,
            trusted_comment: trusted_comment.to_string(),
            global_signature,
        }
    }

    /// minisign's secret key file, unencrypted (KDF "none").
    pub fn to_file_text(&self) -> String {
        let mut raw = Vec::with_capacity(SECRET_KEY_LEN);
        raw.extend_from_slice(b"Ed"); // signature algorithm
        raw.extend_from_slice(&[0, 0]); // KDF: none (unencrypted)
        raw.extend_from_slice(b"B2"); // checksum: BLAKE2b-256
        raw.extend_from_slice(&[0u8; 32]); // KDF salt (unused)
        raw.extend_from_slice(&[0u8; 16]); // KDF ops and memory limits (unused)
        raw.extend_from_slice(&self.id.0);
        raw.extend_from_slice(&self.seed);
        raw.extend_from_slice(&self.public);
        raw.extend_from_slice(&checksum(&self.id, &self.seed, &self.public));
        format!(
            "untrusted comment: minisign secret key {}\n{}\n",
            self.id,
            B64.encode(raw)
        )
    }

    pub fn from_file_text(text: &str) -> Result<SecretKey, String> {
        let line = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with("untrusted comment:"))
            .ok_or("empty secret key file")?;
        let raw = B64.decode(line).map_err(|_| "secret key is not valid base64")?;
        if raw.len() != SECRET_KEY_LEN || &raw[0..2] != b"Ed" || &raw[4..6] != b"B2" {
            return Err("not a minisign Ed25519 secret key".into());
        }
        if raw[2..4] != [0, 0] {
            return Err(
                "this secret key is password-protected; Safar needs an unencrypted key (minisign -G -W)".into(),
            );
        }
        let mut id = [0u8; 8];
        id.copy_from_slice(&raw[54..62]);
        let mut seed = [0u8; 32];
        seed.copy_from_slice(&raw[62..94]);
        let mut public = [0u8; 32];
        public.copy_from_slice(&raw[94..126]);
        let id = KeyId(id);
        if raw[126..158] != checksum(&id, &seed, &public) {
            return Err("secret key checksum does not match: the file is damaged".into());
        }
        let derived = Ed25519KeyPair::from_seed_unchecked(&seed).map_err(|_| "invalid Ed25519 seed")?;
        if derived.public_key().as_ref() != public {
            return Err("secret and public halves of the key do not match".into());
        }
        Ok(SecretKey { id, seed, public })
    }

    pub fn load(path: &Path) -> Result<SecretKey, PublishError> {
        let text = std::fs::read_to_string(path).map_err(|e| PublishError::io(path, e))?;
        SecretKey::from_file_text(&text).map_err(|e| PublishError::Invalid(format!("{}: {e}", path.display())))
    }

    /// Writes `<name>.key` (mode 0600 on Unix) and `<name>.pub` into `dir`.
    pub fn save(&self, dir: &Path, name: &str) -> Result<(), PublishError> {
        let key_path = dir.join(format!("{name}.key"));
        write_private(&key_path, self.to_file_text().as_bytes())?;
        let pub_path = dir.join(format!("{name}.pub"));
        std::fs::write(&pub_path, self.public_key().to_file_text()).map_err(|e| PublishError::io(&pub_path, e))
    }
}

fn write_private(path: &Path, bytes: &[u8]) -> Result<(), PublishError> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options.open(path).map_err(|e| PublishError::io(path, e))?;
    f.write_all(bytes).map_err(|e| PublishError::io(path, e))
}

pub fn load_public(path: &Path) -> Result<PublicKey, PublishError> {
    let text = std::fs::read_to_string(path).map_err(|e| PublishError::io(path, e))?;
    PublicKey::from_file_text(&text).map_err(|e| PublishError::Invalid(format!("{}: {e}", path.display())))
}

/// Signs `message` with every key, as one multi-block `.minisig` text.
pub fn sign_all(keys: &[&SecretKey], message: &[u8], file_name: &str, timestamp: i64) -> String {
    keys.iter()
        .map(|k| {
            let comment = format!("timestamp:{timestamp}\tfile:{file_name}\thashed");
            k.sign(message, &comment)
                .to_text(&format!("signature from Safar key {}", k.id))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use safar_core::sync::minisign::parse_signatures;

    #[test]
    fn key_files_round_trip_and_signatures_verify() {
        let key = SecretKey::generate().unwrap();
        let back = SecretKey::from_file_text(&key.to_file_text()).unwrap();
        assert_eq!(back.public_key(), key.public_key());
        let public = PublicKey::from_file_text(&key.public_key().to_file_text()).unwrap();
        let sig = sign_all(&[&key], b"hello", "x.json", 0);
        let blocks = parse_signatures(&sig).unwrap();
        assert!(blocks[0].verify(&public, b"hello").is_ok());
        assert!(blocks[0].verify(&public, b"hellO").is_err());
    }

    #[test]
    fn damaged_key_files_are_refused() {
        let text = SecretKey::generate().unwrap().to_file_text();
        let mut lines: Vec<String> = text.lines().map(String::from).collect();
        let mut raw = B64.decode(&lines[1]).unwrap();
        raw[100] ^= 1;
        lines[1] = B64.encode(raw);
        assert!(SecretKey::from_file_text(&lines.join("\n")).is_err());
    }
}
