#!/usr/bin/env bash
# Runs the binding test suites: Python (unittest) and Kotlin on the JVM (kotlinc from the npm
# package `kotlin-compiler`, JNA from Debian's libjna-java), against the host build of safar-ffi.
set -euo pipefail
cd "$(dirname "$0")/../.."
target_dir="${CARGO_TARGET_DIR:-target}"
tools="${SAFAR_TOOLS_DIR:-$HOME/.cache/safar-tools}"

bindings/generate.sh debug
cargo build -q -p safar-cli
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
"$target_dir/debug/safar" publish build content --keys publish/dev-keys --out "$scratch/repo" \
  --bundle "$scratch/sample.safar" >/dev/null

echo "== Python bindings"
mkdir -p "$scratch/py"
SAFAR_TEST_TMP="$scratch/py" SAFAR_TEST_BUNDLE="$scratch/sample.safar" \
  PYTHONPATH=bindings/generated/python python3 tests/python/test_bindings.py

echo "== Kotlin bindings (JVM)"
kotlinc="$tools/node_modules/kotlin-compiler/bin/kotlinc-jvm"
if [ ! -x "$kotlinc" ]; then
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-audit --no-fund --silent kotlin-compiler@2.4.20
fi
jna=/usr/share/java/jna.jar
mkdir -p "$scratch/kt"
"$kotlinc" -nowarn -cp "$jna" -d "$scratch/kt/tests.jar" \
  bindings/generated/kotlin/uniffi/safar_ffi/safar_ffi.kt tests/kotlin/BindingsTest.kt
java -Djna.library.path="$target_dir/debug" -cp "$jna:$scratch/kt/tests.jar:$tools/node_modules/kotlin-compiler/lib/kotlin-stdlib.jar" \
  BindingsTestKt "$scratch/kt" "$scratch/sample.safar"
