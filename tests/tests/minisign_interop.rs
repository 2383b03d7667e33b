//! Safar's signatures are minisign signatures: the stock `minisign` tool (Debian's package,
//! installed by `.ci/run`) verifies what `safar publish build` signs, and the core accepts what
//! `minisign` signs with a trusted key.

use safar_core::sync::minisign::{parse_signatures, PublicKey};
use safar_tests::*;
use std::path::Path;
use std::process::Command;

fn minisign(args: &[&str], cwd: &Path) -> std::process::Output {
    Command::new("minisign")
        .args(args)
        .current_dir(cwd)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("the `minisign` tool is needed for this test: apt-get install minisign (.ci/run does)")
}

#[test]
fn minisign_verifies_a_manifest_signed_by_safar_publish() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    publish(&content_dir(), &dev_keys(), &repo);
    let publisher_pub = dev_keys().join("publisher.pub");
    let out = minisign(
        &["-V", "-p", publisher_pub.to_str().unwrap(), "-m", "manifests/1.json"],
        &repo,
    );
    assert!(
        out.status.success(),
        "minisign -V failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Signature and comment signature verified"));

    // And it refuses the same signature over altered bytes.
    let manifest = repo.join("manifests/1.json");
    let mut bytes = std::fs::read(&manifest).unwrap();
    bytes.push(b' ');
    std::fs::write(&manifest, bytes).unwrap();
    let out = minisign(
        &["-V", "-p", publisher_pub.to_str().unwrap(), "-m", "manifests/1.json"],
        &repo,
    );
    assert!(!out.status.success());
}

#[test]
fn core_accepts_a_manifest_signed_by_the_minisign_tool_with_a_trusted_key() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    publish(&content_dir(), &dev_keys(), &repo);
    // Re-sign the manifest with the minisign CLI and the (trusted) development publisher key.
    std::fs::remove_file(repo.join("manifests/1.json.minisig")).unwrap();
    let key = dev_keys().join("publisher.key");
    let out = minisign(
        &[
            "-S",
            "-s",
            key.to_str().unwrap(),
            "-m",
            "manifests/1.json",
            "-t",
            "signed with the minisign tool",
        ],
        &repo,
    );
    assert!(
        out.status.success(),
        "minisign -S failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bundle = dir.path().join("resigned.safar");
    safar_publish::repo::pack(&repo, &bundle).unwrap();

    let phone = open_phone(&dir.path().join("phone.db"));
    let report = phone
        .import_bundle_file(&bundle)
        .expect("a minisign-signed manifest from a trusted key is accepted");
    assert_eq!(report.seq, 1);
    assert!(!report.updated.is_empty());
}

#[test]
fn core_verifies_minisign_keys_and_signatures_and_refuses_an_untrusted_key() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = minisign(&["-G", "-W", "-p", "k.pub", "-s", "k.key"], d);
    assert!(
        out.status.success(),
        "minisign -G failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(d.join("data.json"), b"{\"hello\":\"world\"}\n").unwrap();
    let out = minisign(&["-S", "-s", "k.key", "-m", "data.json"], d);
    assert!(out.status.success());

    let key = PublicKey::from_file_text(&std::fs::read_to_string(d.join("k.pub")).unwrap()).unwrap();
    let sig = parse_signatures(&std::fs::read_to_string(d.join("data.json.minisig")).unwrap()).unwrap();
    assert!(sig[0].verify(&key, b"{\"hello\":\"world\"}\n").is_ok());
    assert!(sig[0].verify(&key, b"{\"hello\":\"World\"}\n").is_err());

    // The minisign key is not in Safar's root: signing a manifest with it gets the bundle refused.
    let repo = d.join("repo");
    publish(&content_dir(), &dev_keys(), &repo);
    std::fs::remove_file(repo.join("manifests/1.json.minisig")).unwrap();
    let out = minisign(
        &["-S", "-s", d.join("k.key").to_str().unwrap(), "-m", "manifests/1.json"],
        &repo,
    );
    assert!(out.status.success());
    let bundle = d.join("untrusted.safar");
    safar_publish::repo::pack(&repo, &bundle).unwrap();
    let phone = open_phone(&d.join("phone.db"));
    let err = phone
        .import_bundle_file(&bundle)
        .expect_err("an untrusted key was accepted");
    assert!(err.to_string().contains("unknown key"), "{err}");
}
