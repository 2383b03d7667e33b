//! Builds the embedded default content at compile time: `content/` is published into a signed
//! repository in OUT_DIR with the keys in `SAFAR_KEYS_DIR` (default: the development keys) and
//! packed into `default.safar`. The newest root of that keys folder becomes the app's pinned trust
//! root. A deployment can instead supply a ready bundle with `SAFAR_DEFAULT_BUNDLE`.
//!
//! The bundle built here is seq 1 of its keys' history; a field repository under the same keys
//! continues it (`safar publish build --continue-from builtin`) so no sequence number is used twice.

use std::path::{Path, PathBuf};

fn main() {
    let here = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    for var in ["SAFAR_KEYS_DIR", "SAFAR_DEFAULT_BUNDLE", "SOURCE_DATE_EPOCH"] {
        println!("cargo:rerun-if-env-changed={var}");
    }
    let keys = std::env::var_os("SAFAR_KEYS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| here.join("../publish/dev-keys"));
    watch(&keys.join("root"));
    for source in [
        "safar.toml",
        "hotlines.csv",
        "services.csv",
        "remittance.csv",
        "remittance_reference_rates.csv",
        "articles",
        "checklist",
    ] {
        watch(&here.join(source));
    }

    let (root_json, root_sig) = safar_publish::repo::newest_root(&keys).unwrap_or_else(|e| fail(&e));
    write(&out.join("trusted_root.json"), &root_json);
    write(&out.join("trusted_root.json.minisig"), &root_sig);

    let bundle = out.join("default.safar");
    if let Some(supplied) = std::env::var_os("SAFAR_DEFAULT_BUNDLE") {
        println!("cargo:rerun-if-changed={}", Path::new(&supplied).display());
        std::fs::copy(&supplied, &bundle).unwrap_or_else(|e| fail(&format!("SAFAR_DEFAULT_BUNDLE: {e}")));
        return;
    }
    let repo = out.join("repo");
    let _ = std::fs::remove_dir_all(&repo);
    let mut opts = safar_publish::repo::BuildOptions::new(&here, &repo, &keys);
    // Every build of the same content must give the same bundle, byte for byte: phones treat two
    // different seq-1 manifests as a fork, so an app rebuilt from the same content (another
    // profile, another machine, the next release) must not ship a different "seq 1". The build
    // time is therefore taken from the content itself, not from the clock.
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.parse().ok());
    opts.now = match epoch {
        Some(epoch) => chrono::DateTime::from_timestamp(epoch, 0).unwrap_or(opts.now),
        None => newest_content_date(&here).unwrap_or(opts.now),
    };
    if let Err(e) = safar_publish::repo::build(&opts) {
        // Show the content problems themselves: the `safar` binary that would lint them is what
        // this build is making.
        let (_, diagnostics) = safar_publish::lint::lint(&here, opts.now.date_naive());
        for d in diagnostics
            .iter()
            .filter(|d| d.severity == safar_publish::Severity::Error)
        {
            eprintln!("content/{d}");
        }
        fail(&e);
    }
    safar_publish::repo::pack(&repo, &bundle).unwrap_or_else(|e| fail(&e));
}

/// The newest review, verification or collection date in the content (midnight UTC): a time
/// fixed by the content, never later than today because lint refuses dates in the future.
fn newest_content_date(dir: &Path) -> Option<chrono::DateTime<chrono::Utc>> {
    let (content, _) = safar_publish::source::load(dir);
    let dates = content
        .articles
        .iter()
        .map(|a| a.reviewed_at)
        .chain(content.hotlines.iter().map(|h| h.verified_at))
        .chain(content.services.iter().map(|s| s.verified_at))
        .chain(content.quotes.iter().map(|q| q.collected_at))
        .chain(content.checklist.iter().map(|c| c.verified_at));
    let newest = dates.max()?;
    Some(newest.and_hms_opt(0, 0, 0)?.and_utc())
}

fn watch(path: &Path) {
    println!("cargo:rerun-if-changed={}", path.display());
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap_or_else(|e| fail(&format!("{}: {e}", path.display())));
}

fn fail(e: &dyn std::fmt::Display) -> ! {
    eprintln!("safar-content: cannot build the embedded default content: {e}");
    std::process::exit(1);
}
