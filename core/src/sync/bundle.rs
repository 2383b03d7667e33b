//! `.safar` bundles: a whole repository tree (or the part a phone holds) in one file, for the
//! embedded default content, SD cards and phone-to-phone transfer.
//!
//! ```text
//! "SAFARB1\n"
//! repeated: name_len u16 LE (> 0) | name (UTF-8 repository path) | data_len u64 LE | data
//! end:      0u16
//! trailer:  SHA-256 of every byte before it (32 bytes)
//! ```
//! The trailer only catches damage in transit (a cut or corrupted copy) early and clearly; trust
//! still comes from the signatures inside, verified exactly as for a download.

use super::digest::{hex, Sha256Stream};
use super::metadata::{self, Manifest};
use super::{paths, RepoSource, VerifyError};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Seek, SeekFrom, Write};

pub const MAGIC: &[u8; 8] = b"SAFARB1\n";
const TRAILER: u64 = 32;

pub struct BundleWriter<W: Write> {
    out: W,
    hash: Sha256Stream,
    names: BTreeSet<String>,
}

impl<W: Write> BundleWriter<W> {
    pub fn new(out: W) -> std::io::Result<Self> {
        let mut w = BundleWriter {
            out,
            hash: Sha256Stream::default(),
            names: BTreeSet::new(),
        };
        w.write(MAGIC)?;
        Ok(w)
    }

    fn write(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.hash.update(bytes);
        self.out.write_all(bytes)
    }

    pub fn add(&mut self, name: &str, data: &[u8]) -> std::io::Result<()> {
        let invalid = |why: String| std::io::Error::new(std::io::ErrorKind::InvalidInput, why);
        paths::validate(name).map_err(|e| invalid(e.to_string()))?;
        if !self.names.insert(name.to_string()) {
            return Err(invalid(format!("{name} added twice")));
        }
        self.write(&(name.len() as u16).to_le_bytes())?;
        self.write(name.as_bytes())?;
        self.write(&(data.len() as u64).to_le_bytes())?;
        self.write(data)
    }

    pub fn finish(mut self) -> std::io::Result<W> {
        self.write(&0u16.to_le_bytes())?;
        let digest = std::mem::take(&mut self.hash).finish_hex();
        let raw: Vec<u8> = (0..32)
            .map(|i| u8::from_str_radix(&digest[2 * i..2 * i + 2], 16).unwrap_or(0))
            .collect();
        self.out.write_all(&raw)?;
        self.out.flush()?;
        Ok(self.out)
    }
}

/// An opened bundle: checksum checked, entries indexed, nothing verified yet.
pub struct Bundle<R: Read + Seek> {
    reader: R,
    entries: BTreeMap<String, (u64, u64)>,
}

fn damaged(why: impl Into<String>) -> VerifyError {
    VerifyError::Damaged { why: why.into() }
}

impl<R: Read + Seek> Bundle<R> {
    pub fn open(mut reader: R) -> crate::Result<Self> {
        let total = reader.seek(SeekFrom::End(0))?;
        if total < MAGIC.len() as u64 + 2 + TRAILER {
            return Err(damaged("too short to be a .safar bundle").into());
        }
        // One streamed pass for the checksum, so a huge bundle is never held in memory.
        reader.seek(SeekFrom::Start(0))?;
        let mut hash = Sha256Stream::default();
        let mut remaining = total - TRAILER;
        let mut buf = vec![0u8; 64 * 1024];
        while remaining > 0 {
            let n = remaining.min(buf.len() as u64) as usize;
            reader.read_exact(&mut buf[..n])?;
            hash.update(&buf[..n]);
            remaining -= n as u64;
        }
        let mut trailer = [0u8; 32];
        reader.read_exact(&mut trailer)?;
        if hash.finish_hex() != hex(&trailer) {
            return Err(damaged("checksum mismatch: the file was changed or is incomplete").into());
        }

        reader.seek(SeekFrom::Start(0))?;
        let mut magic = [0u8; 8];
        reader.read_exact(&mut magic)?;
        if &magic != MAGIC {
            return Err(damaged("not a .safar bundle (wrong magic)").into());
        }
        let end = total - TRAILER;
        let mut pos = MAGIC.len() as u64;
        let mut entries = BTreeMap::new();
        loop {
            let mut len2 = [0u8; 2];
            reader.read_exact(&mut len2).map_err(|_| damaged("cut short"))?;
            pos += 2;
            let name_len = u16::from_le_bytes(len2) as u64;
            if name_len == 0 {
                if pos != end {
                    return Err(damaged("data after the end marker").into());
                }
                break;
            }
            if pos + name_len + 8 > end {
                return Err(damaged("entry header runs past the end").into());
            }
            let mut name = vec![0u8; name_len as usize];
            reader.read_exact(&mut name)?;
            let name = String::from_utf8(name).map_err(|_| damaged("entry name is not UTF-8"))?;
            paths::validate(&name)?;
            let mut len8 = [0u8; 8];
            reader.read_exact(&mut len8)?;
            let data_len = u64::from_le_bytes(len8);
            pos += name_len + 8;
            if data_len > end - pos {
                return Err(damaged(format!("{name} runs past the end")).into());
            }
            if entries.insert(name.clone(), (pos, data_len)).is_some() {
                return Err(damaged(format!("{name} appears twice")).into());
            }
            pos = reader.seek(SeekFrom::Current(data_len as i64))?;
        }
        Ok(Bundle { reader, entries })
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }

    pub fn contains(&self, name: &str) -> bool {
        self.entries.contains_key(name)
    }
}

impl<R: Read + Seek> RepoSource for Bundle<R> {
    fn fetch(&mut self, path: &str, limit: u64) -> crate::Result<Option<Vec<u8>>> {
        paths::validate(path)?;
        let Some(&(offset, len)) = self.entries.get(path) else {
            return Ok(None);
        };
        if len > limit {
            return Err(VerifyError::TooLarge {
                file: path.to_string(),
                limit,
            }
            .into());
        }
        self.reader.seek(SeekFrom::Start(offset))?;
        let mut data = vec![0u8; len as usize];
        self.reader.read_exact(&mut data)?;
        Ok(Some(data))
    }

    /// Every entry must be a root file or something the verified manifest refers to.
    fn check_listing(&self, manifest: &Manifest) -> crate::Result<()> {
        let mpath = metadata::manifest_path(manifest.seq);
        let mut allowed: BTreeSet<String> = BTreeSet::new();
        allowed.insert(metadata::signature_path(&mpath));
        allowed.insert(mpath);
        allowed.insert(metadata::TIMESTAMP_PATH.into());
        allowed.insert(metadata::signature_path(metadata::TIMESTAMP_PATH));
        for entry in manifest.collections.values() {
            allowed.insert(entry.full.path.clone());
            allowed.extend(entry.deltas.values().map(|d| d.path.clone()));
        }
        allowed.extend(manifest.attachments.values().map(|f| f.path.clone()));
        match self
            .entries
            .keys()
            .find(|n| !allowed.contains(*n) && !n.starts_with("root/"))
        {
            Some(junk) => Err(damaged(format!("unexpected entry {junk}")).into()),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn sample() -> Vec<u8> {
        let mut w = BundleWriter::new(Vec::new()).unwrap();
        w.add("timestamp.json", b"{}").unwrap();
        w.add("root/1.json", b"[1]").unwrap();
        w.finish().unwrap()
    }

    #[test]
    fn writes_and_reads_entries() {
        let mut b = Bundle::open(Cursor::new(sample())).unwrap();
        assert_eq!(b.fetch("root/1.json", 100).unwrap().unwrap(), b"[1]");
        assert_eq!(b.names().collect::<Vec<_>>(), vec!["root/1.json", "timestamp.json"]);
        assert!(b.fetch("manifests/1.json", 100).unwrap().is_none());
        assert!(b.fetch("timestamp.json", 1).is_err(), "limit enforced");
    }

    #[test]
    fn every_flipped_byte_is_detected() {
        let good = sample();
        for i in 0..good.len() {
            let mut bad = good.clone();
            bad[i] ^= 0x01;
            assert!(Bundle::open(Cursor::new(bad)).is_err(), "flip at {i} went unnoticed");
        }
        assert!(Bundle::open(Cursor::new(good[..good.len() - 1].to_vec())).is_err());
    }

    #[test]
    fn refuses_traversal_names() {
        assert!(BundleWriter::new(Vec::new()).unwrap().add("../x", b"").is_err());
    }
}
