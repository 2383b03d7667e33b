#!/usr/bin/env bash
# Builds the safar-ffi library for this machine and generates its Kotlin, Swift and Python bindings
# in library mode into bindings/generated/ (ignored by git; never committed).
#
#   bindings/generate.sh [debug|release]      (default: debug)
#
# Bindings are generated from the unstripped library: uniffi reads its metadata from the symbols.
# The release profile strips only debug info; packaging for phones strips the shipped copy.
set -euo pipefail
cd "$(dirname "$0")/.."
profile="${1:-debug}"
flag=""
[ "$profile" = "release" ] && flag="--release"
target_dir="${CARGO_TARGET_DIR:-target}"

cargo build -q $flag -p safar-ffi --lib
cargo build -q -p safar-ffi --features bindgen --bin uniffi-bindgen

case "$(uname -s)" in
  Darwin) lib="$target_dir/$profile/libsafar_ffi.dylib" ;;
  *) lib="$target_dir/$profile/libsafar_ffi.so" ;;
esac
out="bindings/generated"
rm -rf "$out"
for language in kotlin swift python; do
  "$target_dir/debug/uniffi-bindgen" generate --library "$lib" --language "$language" --out-dir "$out/$language" --no-format
done
# The Python module loads the library from its own folder.
cp "$lib" "$out/python/"
echo "bindings generated in $out from $lib"
