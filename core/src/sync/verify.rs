//! The trust chain: a pinned root walks forward to newer roots, and the current root says which
//! keys may sign the timestamp and which publisher keys may sign which collections.

use super::digest::sha256_hex;
use super::metadata::{FileRef, Manifest, PublisherRole, Root, Timestamp, MANIFEST_TYPE, ROOT_TYPE, TIMESTAMP_TYPE};
use super::minisign::{parse_signatures, valid_signers, KeyId, PublicKey};
use super::VerifyError;
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// A root whose keys we trust, with its parsed keys.
#[derive(Debug, Clone)]
pub struct TrustedRoot {
    pub root: Root,
    /// The exact bytes of the root file and its signatures, kept so they can be passed on
    /// (export, bundle) and re-verified by the next phone.
    pub json: Vec<u8>,
    pub signatures: Vec<u8>,
    keys: BTreeMap<String, PublicKey>,
}

fn parse_root(file: &str, json: &[u8]) -> Result<(Root, BTreeMap<String, PublicKey>), VerifyError> {
    let root: Root = serde_json::from_slice(json).map_err(|e| VerifyError::malformed(file, e))?;
    if root.kind != ROOT_TYPE {
        return Err(VerifyError::malformed(file, "not a root file"));
    }
    let mut keys = BTreeMap::new();
    for (id, b64) in &root.keys {
        let key = PublicKey::from_base64(b64).map_err(|e| VerifyError::malformed(file, e))?;
        if key.id.to_hex() != *id {
            return Err(VerifyError::malformed(
                file,
                format!("key {id} is listed under the wrong id"),
            ));
        }
        keys.insert(id.clone(), key);
    }
    let roles = std::iter::once(("root", &root.roles.root.keys, root.roles.root.threshold))
        .chain(std::iter::once((
            "timestamp",
            &root.roles.timestamp.keys,
            root.roles.timestamp.threshold,
        )))
        .chain(
            root.roles
                .publishers
                .iter()
                .map(|p| (p.name.as_str(), &p.keys, p.threshold)),
        );
    for (name, ids, threshold) in roles {
        if threshold == 0 || threshold as usize > ids.len() {
            return Err(VerifyError::malformed(
                file,
                format!("role {name} has an impossible threshold"),
            ));
        }
        if let Some(missing) = ids.iter().find(|id| !keys.contains_key(*id)) {
            return Err(VerifyError::malformed(
                file,
                format!("role {name} names unknown key {missing}"),
            ));
        }
    }
    Ok((root, keys))
}

/// Counts valid signatures on `json` by the given role keys and checks the threshold.
fn check_role(
    file: &str,
    json: &[u8],
    signatures: &[u8],
    keys: &BTreeMap<String, PublicKey>,
    role_name: &str,
    role_keys: &[String],
    threshold: u32,
) -> Result<Vec<KeyId>, VerifyError> {
    let text = std::str::from_utf8(signatures).map_err(|_| VerifyError::malformed(file, "signature is not text"))?;
    let blocks = parse_signatures(text).map_err(|problem| VerifyError::Signature {
        file: file.into(),
        problem,
    })?;
    let allowed: Vec<&PublicKey> = role_keys.iter().filter_map(|id| keys.get(id)).collect();
    let signers = valid_signers(&blocks, &allowed, json).map_err(|problem| VerifyError::Signature {
        file: file.into(),
        problem,
    })?;
    if signers.is_empty() {
        if let Some(first) = blocks.first() {
            return Err(VerifyError::Signature {
                file: file.into(),
                problem: super::minisign::SignatureProblem::UnknownKey(first.key_id),
            });
        }
    }
    if (signers.len() as u32) < threshold {
        return Err(VerifyError::Threshold {
            file: file.into(),
            role: role_name.into(),
            have: signers.len() as u32,
            need: threshold,
        });
    }
    Ok(signers)
}

/// Checks a fetched file against the hash and length its signed parent pins.
pub fn check_file(file: &FileRef, bytes: &[u8]) -> Result<(), VerifyError> {
    if bytes.len() as u64 != file.length {
        return Err(VerifyError::LengthMismatch {
            file: file.path.clone(),
            expected: file.length,
            actual: bytes.len() as u64,
        });
    }
    if sha256_hex(bytes) != file.sha256 {
        return Err(VerifyError::HashMismatch {
            file: file.path.clone(),
        });
    }
    Ok(())
}

/// Refuses metadata that expired before `now` (used for network updates; see `import`).
pub fn check_expiry(file: &str, expires: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), VerifyError> {
    if expires < now {
        Err(VerifyError::Expired {
            file: file.into(),
            at: expires,
        })
    } else {
        Ok(())
    }
}

impl TrustedRoot {
    /// The root an app ships with. It is trusted because it came with the app, but it must still
    /// be well formed and signed by its own root threshold (catches a wrong file being pinned).
    pub fn pinned(json: &[u8], signatures: &[u8]) -> Result<TrustedRoot, VerifyError> {
        let file = "pinned root";
        let (root, keys) = parse_root(file, json)?;
        check_role(
            file,
            json,
            signatures,
            &keys,
            "root",
            &root.roles.root.keys,
            root.roles.root.threshold,
        )?;
        Ok(TrustedRoot {
            root,
            json: json.to_vec(),
            signatures: signatures.to_vec(),
            keys,
        })
    }

    pub fn version(&self) -> u32 {
        self.root.version
    }

    /// Root N+1 must be signed by a threshold of root N's root keys *and* of its own.
    pub fn verify_next(&self, json: &[u8], signatures: &[u8]) -> Result<TrustedRoot, VerifyError> {
        let next_version = self.root.version + 1;
        let file = super::metadata::root_path(next_version);
        let (root, keys) = parse_root(&file, json)?;
        if root.version != next_version {
            return Err(VerifyError::malformed(
                &file,
                format!("says it is version {}", root.version),
            ));
        }
        let old = &self.root.roles.root;
        check_role(
            &file,
            json,
            signatures,
            &self.keys,
            "previous root",
            &old.keys,
            old.threshold,
        )?;
        check_role(
            &file,
            json,
            signatures,
            &keys,
            "root",
            &root.roles.root.keys,
            root.roles.root.threshold,
        )?;
        Ok(TrustedRoot {
            root,
            json: json.to_vec(),
            signatures: signatures.to_vec(),
            keys,
        })
    }

    pub fn verify_timestamp(&self, json: &[u8], signatures: &[u8]) -> Result<Timestamp, VerifyError> {
        let file = super::metadata::TIMESTAMP_PATH;
        let role = &self.root.roles.timestamp;
        check_role(
            file,
            json,
            signatures,
            &self.keys,
            "timestamp",
            &role.keys,
            role.threshold,
        )?;
        let ts: Timestamp = serde_json::from_slice(json).map_err(|e| VerifyError::malformed(file, e))?;
        if ts.kind != TIMESTAMP_TYPE {
            return Err(VerifyError::malformed(file, "not a timestamp file"));
        }
        super::paths::validate(&ts.manifest.path)?;
        Ok(ts)
    }

    /// Verifies a manifest: every collection it lists must be covered by a publisher role whose
    /// threshold of valid signatures is met (a key for `*/kg` cannot sign `hotlines/uz`).
    pub fn verify_manifest(&self, path: &str, json: &[u8], signatures: &[u8]) -> Result<Manifest, VerifyError> {
        self.verify_manifest_scoped(path, json, signatures)
            .map(|(manifest, _)| manifest)
    }

    /// [`Self::verify_manifest`], also returning the publisher roles whose threshold the
    /// signatures meet: the manifest's scope. A collection the manifest does not list is withdrawn
    /// only if one of these roles covers it ("absent ≠ withdrawn"; see `import::plan`).
    pub fn verify_manifest_scoped(
        &self,
        path: &str,
        json: &[u8],
        signatures: &[u8],
    ) -> Result<(Manifest, Vec<PublisherRole>), VerifyError> {
        let text =
            std::str::from_utf8(signatures).map_err(|_| VerifyError::malformed(path, "signature is not text"))?;
        let blocks = parse_signatures(text).map_err(|problem| VerifyError::Signature {
            file: path.into(),
            problem,
        })?;
        let all_publisher_keys: Vec<&PublicKey> = self
            .root
            .roles
            .publishers
            .iter()
            .flat_map(|p| p.keys.iter())
            .filter_map(|id| self.keys.get(id))
            .collect();
        let signers = valid_signers(&blocks, &all_publisher_keys, json).map_err(|problem| VerifyError::Signature {
            file: path.into(),
            problem,
        })?;
        if signers.is_empty() {
            let problem = match blocks.first() {
                Some(b) => super::minisign::SignatureProblem::UnknownKey(b.key_id),
                None => super::minisign::SignatureProblem::Malformed("no signature".into()),
            };
            return Err(VerifyError::Signature {
                file: path.into(),
                problem,
            });
        }
        let satisfied: Vec<_> = self
            .root
            .roles
            .publishers
            .iter()
            .filter(|role| {
                let have = role
                    .keys
                    .iter()
                    .filter(|id| signers.iter().any(|s| s.to_hex() == **id))
                    .count();
                have as u32 >= role.threshold
            })
            .collect();
        let manifest: Manifest = serde_json::from_slice(json).map_err(|e| VerifyError::malformed(path, e))?;
        if manifest.kind != MANIFEST_TYPE {
            return Err(VerifyError::malformed(path, "not a manifest"));
        }
        if satisfied.is_empty() {
            return Err(VerifyError::Threshold {
                file: path.into(),
                role: "publisher".into(),
                have: 0,
                need: 1,
            });
        }
        for (name, entry) in &manifest.collections {
            if !satisfied.iter().any(|role| role.covers(name)) {
                return Err(VerifyError::Unauthorized {
                    collection: name.clone(),
                });
            }
            if crate::model::ContentKind::from_collection(name) != Some(entry.kind) {
                return Err(VerifyError::malformed(
                    path,
                    format!("collection {name} has the wrong kind"),
                ));
            }
            super::paths::validate(&entry.full.path)?;
            for delta in entry.deltas.values() {
                super::paths::validate(&delta.path)?;
            }
        }
        for file in manifest.attachments.values() {
            super::paths::validate(&file.path)?;
        }
        let scope = satisfied.into_iter().cloned().collect();
        Ok((manifest, scope))
    }
}

/// Whether `new` takes away a key that could sign timestamps or manifests under `old` (a key
/// replaced or a publisher role removed). Such a rotation is how a publisher answers stolen keys,
/// so the phone forgets the rollback floor those keys may have pushed (TUF's fast-forward
/// recovery). Adding a key or a role revokes nothing and keeps the floor.
pub fn revokes_signing_keys(old: &Root, new: &Root) -> bool {
    let timestamp_revoked = old
        .roles
        .timestamp
        .keys
        .iter()
        .any(|id| !new.roles.timestamp.keys.contains(id));
    let publisher_revoked = old.roles.publishers.iter().any(|role| {
        let kept = new.roles.publishers.iter().find(|r| r.name == role.name);
        role.keys.iter().any(|id| kept.is_none_or(|r| !r.keys.contains(id)))
    });
    timestamp_revoked || publisher_revoked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::metadata::{Role, Roles};

    fn root(timestamp: &[&str], publishers: &[(&str, &[&str])]) -> Root {
        let ids = |keys: &[&str]| keys.iter().map(|k| k.to_string()).collect::<Vec<_>>();
        Root {
            kind: ROOT_TYPE.into(),
            version: 1,
            expires: chrono::Utc::now(),
            keys: BTreeMap::new(),
            roles: Roles {
                root: Role {
                    keys: ids(&["r1", "r2", "r3"]),
                    threshold: 2,
                },
                timestamp: Role {
                    keys: ids(timestamp),
                    threshold: 1,
                },
                publishers: publishers
                    .iter()
                    .map(|(name, keys)| PublisherRole {
                        name: name.to_string(),
                        keys: ids(keys),
                        threshold: 1,
                        collections: vec!["*".into()],
                    })
                    .collect(),
            },
        }
    }

    #[test]
    fn replacing_or_removing_a_signing_key_revokes_and_adding_one_does_not() {
        let old = root(&["t1"], &[("publisher", &["p1"])]);
        assert!(!revokes_signing_keys(&old, &old));
        let added = root(&["t1"], &[("publisher", &["p1"]), ("kg-office", &["k1"])]);
        assert!(!revokes_signing_keys(&old, &added), "a new office revokes nothing");
        assert!(revokes_signing_keys(&old, &root(&["t2"], &[("publisher", &["p1"])])));
        assert!(revokes_signing_keys(&old, &root(&["t1"], &[("publisher", &["p2"])])));
        assert!(revokes_signing_keys(&added, &old), "an office removed");
    }
}
