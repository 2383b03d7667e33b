//! Collection objects: gzip-compressed JSON lines. The first line is a header; each following
//! line is `{"upsert":RECORD}` or `{"delete":"ID"}`. A full object holds only upserts; a delta
//! from version B holds the upserts and deletes that turn version B into this version.
//!
//! Decoding is streamed and capped by the signed `decoded_length`, so a decompression bomb stops
//! at the cap instead of filling memory.

use super::VerifyError;
use crate::model::ContentKind;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use flate2::Compression;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::io::{BufRead, BufReader, Read, Write};

pub const OBJECT_FORMAT: &str = "safar-collection-1";
/// No single record may be larger than this once decoded.
pub const MAX_LINE_BYTES: usize = 4 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectHeader {
    pub format: String,
    pub collection: String,
    pub kind: ContentKind,
    pub version: u64,
    /// `None` for a full object; the version a delta applies to otherwise.
    #[serde(default)]
    pub base_version: Option<u64>,
}

/// One change in an object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    /// The record's JSON, byte for byte as signed (its `id` is inside).
    Upsert(String),
    Delete(String),
}

#[derive(Serialize, Deserialize)]
struct LineOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none", borrow)]
    upsert: Option<&'a RawValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    delete: Option<String>,
}

/// Writes an object. Output is deterministic (no gzip timestamp), so the same content always
/// gives the same bytes and the same content address.
pub fn encode(header: &ObjectHeader, ops: &[Op]) -> std::io::Result<Vec<u8>> {
    let mut gz = GzEncoder::new(Vec::new(), Compression::best());
    serde_json::to_writer(&mut gz, header)?;
    gz.write_all(b"\n")?;
    for op in ops {
        match op {
            Op::Upsert(json) => {
                let raw: &RawValue = serde_json::from_str(json)?;
                serde_json::to_writer(
                    &mut gz,
                    &LineOut {
                        upsert: Some(raw),
                        delete: None,
                    },
                )?;
            }
            Op::Delete(id) => {
                serde_json::to_writer(
                    &mut gz,
                    &LineOut {
                        upsert: None,
                        delete: Some(id.clone()),
                    },
                )?;
            }
        }
        gz.write_all(b"\n")?;
    }
    gz.finish()
}

/// Streams the header and operations of an object that was already checked against its hash.
pub struct ObjectReader<R: Read> {
    lines: BufReader<std::io::Take<GzDecoder<R>>>,
    name: String,
    decoded_limit: u64,
    decoded_so_far: u64,
    pub header: ObjectHeader,
    buf: Vec<u8>,
}

impl<R: Read> ObjectReader<R> {
    pub fn open(name: &str, input: R, decoded_length: u64) -> Result<Self, VerifyError> {
        // One extra byte lets us tell "exactly at the cap" from "past it".
        let take = GzDecoder::new(input).take(decoded_length.saturating_add(1));
        let mut reader = ObjectReader {
            lines: BufReader::with_capacity(64 * 1024, take),
            name: name.to_string(),
            decoded_limit: decoded_length,
            decoded_so_far: 0,
            header: ObjectHeader {
                format: String::new(),
                collection: String::new(),
                kind: ContentKind::Article,
                version: 0,
                base_version: None,
            },
            buf: Vec::new(),
        };
        let first = reader
            .next_line()?
            .ok_or_else(|| VerifyError::malformed(name, "empty object"))?;
        let header: ObjectHeader =
            serde_json::from_slice(&first).map_err(|e| VerifyError::malformed(name, format!("bad header: {e}")))?;
        if header.format != OBJECT_FORMAT {
            return Err(VerifyError::malformed(
                name,
                format!("unknown object format '{}'", header.format),
            ));
        }
        reader.header = header;
        Ok(reader)
    }

    fn next_line(&mut self) -> Result<Option<Vec<u8>>, VerifyError> {
        self.buf.clear();
        let mut limited = (&mut self.lines).take(MAX_LINE_BYTES as u64 + 1);
        let n = limited
            .read_until(b'\n', &mut self.buf)
            .map_err(|e| VerifyError::malformed(&self.name, format!("cannot decompress: {e}")))?;
        self.decoded_so_far += n as u64;
        if self.decoded_so_far > self.decoded_limit {
            return Err(VerifyError::TooLarge {
                file: self.name.clone(),
                limit: self.decoded_limit,
            });
        }
        if n == 0 {
            return Ok(None);
        }
        if self.buf.last() != Some(&b'\n') {
            return Err(if self.buf.len() > MAX_LINE_BYTES {
                VerifyError::TooLarge {
                    file: self.name.clone(),
                    limit: MAX_LINE_BYTES as u64,
                }
            } else {
                VerifyError::malformed(&self.name, "truncated line")
            });
        }
        self.buf.pop();
        Ok(Some(std::mem::take(&mut self.buf)))
    }

    /// The next operation, or `None` at the end.
    pub fn next_op(&mut self) -> Result<Option<Op>, VerifyError> {
        let Some(line) = self.next_line()? else {
            if self.decoded_so_far != self.decoded_limit {
                return Err(VerifyError::malformed(
                    &self.name,
                    "decoded length differs from the signed one",
                ));
            }
            return Ok(None);
        };
        let parsed: LineOut =
            serde_json::from_slice(&line).map_err(|e| VerifyError::malformed(&self.name, format!("bad line: {e}")))?;
        match (parsed.upsert, parsed.delete) {
            (Some(raw), None) => Ok(Some(Op::Upsert(raw.get().to_string()))),
            (None, Some(id)) => Ok(Some(Op::Delete(id))),
            _ => Err(VerifyError::malformed(
                &self.name,
                "a line must be one upsert or one delete",
            )),
        }
    }
}

/// Decoded size of an object, for the manifest.
pub fn decoded_length(object: &[u8]) -> std::io::Result<u64> {
    std::io::copy(&mut GzDecoder::new(object), &mut std::io::sink())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header() -> ObjectHeader {
        ObjectHeader {
            format: OBJECT_FORMAT.into(),
            collection: "hotlines/tj".into(),
            kind: ContentKind::Hotline,
            version: 2,
            base_version: Some(1),
        }
    }

    #[test]
    fn round_trips_ops_byte_for_byte() {
        let ops = vec![Op::Upsert(r#"{"id":"a","x":[1, 2]}"#.into()), Op::Delete("b".into())];
        let bytes = encode(&header(), &ops).unwrap();
        assert_eq!(bytes, encode(&header(), &ops).unwrap(), "deterministic");
        let len = decoded_length(&bytes).unwrap();
        let mut r = ObjectReader::open("o", &bytes[..], len).unwrap();
        assert_eq!(r.header, header());
        assert_eq!(r.next_op().unwrap(), Some(ops[0].clone()));
        assert_eq!(r.next_op().unwrap(), Some(ops[1].clone()));
        assert_eq!(r.next_op().unwrap(), None);
    }

    #[test]
    fn decoding_stops_at_the_signed_length() {
        let big = format!(r#"{{"id":"a","pad":"{}"}}"#, "x".repeat(100_000));
        let bytes = encode(&header(), &[Op::Upsert(big)]).unwrap();
        let mut r = ObjectReader::open("o", &bytes[..], 1000).unwrap();
        assert!(matches!(r.next_op(), Err(VerifyError::TooLarge { .. })));
    }
}
