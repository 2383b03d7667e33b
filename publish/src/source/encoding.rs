//! Reading content files as UTF-8, and saying what a file that is not UTF-8 seems to be.
//! Spreadsheets and old editors on Windows save Cyrillic text as Windows-1251 or UTF-16; reading
//! such a file row by row gives one error per line, so it is refused once, with a hint.

use std::path::Path;

/// Why a file could not be read as text.
pub enum ReadError {
    Io(std::io::Error),
    /// Not UTF-8: the first line with a bad byte and a sentence naming the likely encoding.
    NotUtf8 {
        line: usize,
        message: String,
    },
}

/// Reads `path` as UTF-8 text (a leading byte-order mark is dropped).
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    let bytes = std::fs::read(path).map_err(ReadError::Io)?;
    decode(&bytes)
}

/// [`read_text`] on bytes already read.
pub fn decode(bytes: &[u8]) -> Result<String, ReadError> {
    // UTF-16 first: without a byte-order mark, mostly-ASCII UTF-16 is also valid UTF-8.
    let (line, encoding) = match (utf16_order(bytes), std::str::from_utf8(bytes)) {
        (None, Ok(text)) => return Ok(text.trim_start_matches('\u{feff}').to_string()),
        (Some(order), _) => (1, format!("UTF-16 ({order})")),
        (None, Err(e)) => {
            let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
            (line, legacy_encoding(bytes).to_string())
        }
    };
    Err(ReadError::NotUtf8 {
        line,
        message: format!(
            "the file is not UTF-8: it looks like {encoding}. Save it as UTF-8 (in Excel: Save As, \
             \"CSV UTF-8\"; in LibreOffice or a text editor: choose the character set \"Unicode (UTF-8)\") \
             and run lint again"
        ),
    })
}

/// `Some` when the bytes look like UTF-16: a byte-order mark, or a zero in every other byte.
fn utf16_order(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xFE, ..] => return Some("little-endian"),
        [0xFE, 0xFF, ..] => return Some("big-endian"),
        _ => {}
    }
    let sample = &bytes[..bytes.len().min(512)];
    let zeros_at = |parity: usize| sample.iter().skip(parity).step_by(2).filter(|&&b| b == 0).count();
    let half = sample.len() / 2;
    // Text has no zero bytes; UTF-16 has one in the high byte of every Latin letter, digit and
    // comma (Cyrillic letters have 0x04 there), so a third of one parity is plenty.
    let (even, odd) = (zeros_at(0), zeros_at(1));
    match () {
        _ if half == 0 => None,
        _ if odd * 3 >= half && even * 10 < half => Some("little-endian"),
        _ if even * 3 >= half && odd * 10 < half => Some("big-endian"),
        _ => None,
    }
}

/// A guess from which high bytes occur: Cyrillic letters in Windows-1251 are 0xC0–0xFF, and
/// text in them has few of the 0x80–0xBF bytes that Western encodings use for punctuation.
fn legacy_encoding(bytes: &[u8]) -> &'static str {
    let letters = bytes.iter().filter(|&&b| b >= 0xC0).count();
    let others = bytes.iter().filter(|&&b| (0x80..0xC0).contains(&b)).count();
    if letters > 0 && letters >= others * 4 {
        "Windows-1251 (Cyrillic)"
    } else {
        "a legacy 8-bit encoding such as Windows-1252"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guess(bytes: &[u8]) -> (usize, String) {
        match decode(bytes) {
            Err(ReadError::NotUtf8 { line, message }) => (line, message),
            _ => panic!("decoded"),
        }
    }

    #[test]
    fn names_the_likely_encoding_and_the_line() {
        // "id\nПривет" in Windows-1251.
        let cp1251 = b"id\n\xcf\xf0\xe8\xe2\xe5\xf2\n";
        let (line, message) = guess(cp1251);
        assert_eq!(line, 2);
        assert!(message.contains("Windows-1251"), "{message}");
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("id,x".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert!(guess(&utf16).1.contains("UTF-16 (little-endian)"));
        let no_bom: Vec<u8> = "id,name\nru,Линия".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert!(guess(&no_bom).1.contains("UTF-16 (little-endian)"));
        assert_eq!(decode("\u{feff}ok".as_bytes()).ok().as_deref(), Some("ok"));
    }
}
