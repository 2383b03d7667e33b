//! The only file names a repository may contain. Anything else — `..`, absolute paths, odd
//! characters — is refused before it is used as a URL or a file name (path traversal defence).

use super::VerifyError;

/// Accepts `root/<n>.json`, `timestamp.json`, `manifests/<n>.json`, each optionally with
/// `.minisig`, and `objects/<sha256>`, `attachments/<sha256>`.
pub fn validate(path: &str) -> Result<(), VerifyError> {
    let bad = || VerifyError::BadPath {
        path: path.chars().take(200).collect(),
    };
    let base = path.strip_suffix(".minisig").unwrap_or(path);
    let ok = match base.split_once('/') {
        None => base == "timestamp.json",
        Some(("root", rest)) | Some(("manifests", rest)) => rest
            .strip_suffix(".json")
            .is_some_and(|n| !n.is_empty() && n.len() <= 20 && n.bytes().all(|b| b.is_ascii_digit())),
        Some(("objects", rest)) | Some(("attachments", rest)) => path == base && is_sha256_hex(rest),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(bad())
    }
}

pub fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_repository_names_pass() {
        let h = "a".repeat(64);
        for ok in [
            "timestamp.json",
            "timestamp.json.minisig",
            "root/1.json",
            "root/12.json.minisig",
            "manifests/3.json",
        ] {
            assert!(validate(ok).is_ok(), "{ok}");
        }
        assert!(validate(&format!("objects/{h}")).is_ok());
        for bad in [
            "../../etc/passwd".to_string(),
            "/etc/passwd".into(),
            "root/../1.json".into(),
            "root/1.json/".into(),
            "objects/../../x".into(),
            format!("objects/{h}.minisig"),
            format!("objects/{}", "A".repeat(64)),
            "manifests/.json".into(),
            "root/1a.json".into(),
            "".into(),
        ] {
            assert!(validate(&bad).is_err(), "{bad}");
        }
    }
}
