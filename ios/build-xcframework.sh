#!/usr/bin/env bash
# Builds SafarFFI.xcframework (the Rust core as a static library for iOS devices and the
# simulator, Apple silicon and Intel) and the Swift bindings for the SafarCore package.
# Needs macOS with Xcode and a Rust toolchain (rustup). Run from anywhere:
#
#   ios/build-xcframework.sh            release build (what the app ships)
#   ios/build-xcframework.sh debug      faster to build, for development
#
# Outputs (ignored by git): ios/SafarFFI.xcframework and
# ios/Sources/SafarCore/Generated/safar_ffi.swift.
set -euo pipefail
ios="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$ios/.." && pwd)"
cd "$repo"
profile="${1:-release}"
flag=""
[ "$profile" = "release" ] && flag="--release"
target_dir="${CARGO_TARGET_DIR:-$repo/target}"
export IPHONEOS_DEPLOYMENT_TARGET=16.0

[ "$(uname -s)" = Darwin ] || { echo "build-xcframework: needs macOS with Xcode" >&2; exit 1; }
targets=(aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios)
rustup target add "${targets[@]}"
for target in "${targets[@]}"; do
  cargo build $flag -p safar-ffi --lib --target "$target"
done

# Swift bindings, header and module map, generated in library mode from a host build of the same
# crate (uniffi reads the interface from the library's metadata).
bindings/generate.sh "$profile"
generated="$repo/bindings/generated/swift"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/headers" "$work/sim"
cp "$generated/safar_ffiFFI.h" "$work/headers/"
# The xcframework exposes the C module under the name the generated Swift imports (safar_ffiFFI).
cp "$generated/safar_ffiFFI.modulemap" "$work/headers/module.modulemap"

lib() { echo "$target_dir/$1/$profile/libsafar_ffi.a"; }
# One simulator slice for both simulator architectures.
lipo -create "$(lib aarch64-apple-ios-sim)" "$(lib x86_64-apple-ios)" -output "$work/sim/libsafar_ffi.a"

rm -rf "$ios/SafarFFI.xcframework"
xcodebuild -create-xcframework \
  -library "$(lib aarch64-apple-ios)" -headers "$work/headers" \
  -library "$work/sim/libsafar_ffi.a" -headers "$work/headers" \
  -output "$ios/SafarFFI.xcframework"

mkdir -p "$ios/Sources/SafarCore/Generated"
cp "$generated/safar_ffi.swift" "$ios/Sources/SafarCore/Generated/safar_ffi.swift"
echo "build-xcframework: $ios/SafarFFI.xcframework and Sources/SafarCore/Generated/safar_ffi.swift ready"
