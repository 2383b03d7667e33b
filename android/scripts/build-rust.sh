#!/usr/bin/env bash
# Builds the Safar core for Android and generates its Kotlin bindings.
#
#   android/scripts/build-rust.sh [JNILIBS_DIR] [BINDINGS_DIR]
#
# JNILIBS_DIR (default android/core/build/rustJniLibs) receives <abi>/libsafar_ffi.so for
# arm64-v8a, armeabi-v7a and x86_64 (cargo-ndk; needs the Android NDK: ANDROID_NDK_HOME, or the
# NDK installed by Android Studio's SDK Manager under ANDROID_HOME/ndk). BINDINGS_DIR (default
# android/core/build/generated/uniffi/kotlin) receives uniffi/safar_ffi/safar_ffi.kt, generated in
# library mode from a host build of the same crate (bindings/generate.sh).
# Run from anywhere; the Gradle task :core:buildRust runs it on every build.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
jnilibs="${1:-$repo/android/core/build/rustJniLibs}"
bindings="${2:-$repo/android/core/build/generated/uniffi/kotlin}"
cd "$repo"

# Gradle started from Android Studio may not see the shell's PATH.
export PATH="$HOME/.cargo/bin:$PATH"
command -v cargo >/dev/null || { echo "build-rust: cargo not found (install Rust: rustup.rs)" >&2; exit 1; }
if ! cargo ndk --version >/dev/null 2>&1; then
  echo "build-rust: cargo-ndk not found: cargo install cargo-ndk" >&2
  exit 1
fi
if [ -z "${ANDROID_NDK_HOME:-}" ] && [ -n "${ANDROID_HOME:-}" ] && [ -d "$ANDROID_HOME/ndk" ]; then
  ANDROID_NDK_HOME="$(find "$ANDROID_HOME/ndk" -mindepth 1 -maxdepth 1 -type d | sort -V | tail -1)"
  export ANDROID_NDK_HOME
fi
rustup target add aarch64-linux-android armv7-linux-androideabi x86_64-linux-android >/dev/null 2>&1 || true

mkdir -p "$jnilibs"
cargo ndk -t arm64-v8a -t armeabi-v7a -t x86_64 -o "$jnilibs" build --release -p safar-ffi --lib

bindings/generate.sh release
rm -rf "$bindings"
mkdir -p "$bindings"
cp -r bindings/generated/kotlin/. "$bindings/"
echo "build-rust: libraries in $jnilibs, bindings in $bindings"
