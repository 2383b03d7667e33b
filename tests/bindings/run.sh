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
safar="$target_dir/debug/safar"
# A repository served on 127.0.0.1: seq 1 is the sample content (as embedded), seq 2 one update
# ahead of it (one article changed). Problem reports go to the repository's default relative
# `feedback` endpoint, which `safar serve` answers.
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
url="http://127.0.0.1:$port"
"$safar" publish build content --keys publish/dev-keys --out "$scratch/repo" --continue-from builtin \
  --bundle "$scratch/sample.safar" >/dev/null
cp -r content "$scratch/content"
printf '\nUpdated for the binding tests.\n' >>"$scratch/content/articles/gbv-help/en.md"
"$safar" publish build "$scratch/content" --keys publish/dev-keys --out "$scratch/repo" >/dev/null
"$safar" serve "$scratch/repo" --addr "127.0.0.1:$port" --reports "$scratch/reports" --quiet &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$scratch"' EXIT
for _ in $(seq 50); do curl -sf "$url/timestamp.json" >/dev/null 2>&1 && break; sleep 0.1; done
export SAFAR_TEST_URL="$url" SAFAR_TEST_REPORTS="$scratch/reports"

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
  BindingsTestKt "$scratch/kt" "$scratch/sample.safar" "$url" "$scratch/reports"
