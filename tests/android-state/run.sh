#!/usr/bin/env bash
# Compiles the Android shell's state holders (android/app/src/main/java/org/safar/app/state: plain
# Kotlin, no Android imports) with the generated Kotlin bindings, and runs their tests on the JVM
# against the real library (JNA), real databases, signed bundles and a local HTTP server.
# Ends with "N passed, N failed".
#
#   tests/android-state/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
target_dir="${CARGO_TARGET_DIR:-target}"
tools="${SAFAR_TOOLS_DIR:-$HOME/.cache/safar-tools}"

# One name per state file (state/<Name>.kt) and its suite (tests/android-state/<Name>Test.kt, when
# there is one); a holder needs the files listed before it.
names=(StateHolder Text Provenance Blocks Articles ContentInfo Onboarding Contacts Hotlines Services Checklist
  ReportProblem Home Guide Article Bookmarks Health Search Remittance Settings Transfer Sync)

state_dir=android/app/src/main/java/org/safar/app/state
sources=(bindings/generated/kotlin/uniffi/safar_ffi/safar_ffi.kt tests/android-state/Harness.kt)
suites=()
for name in "${names[@]}"; do
  sources+=("$state_dir/$name.kt")
  if [ -f "tests/android-state/${name}Test.kt" ]; then
    sources+=("tests/android-state/${name}Test.kt")
    suites+=("$name")
  fi
done

[ -f bindings/generated/kotlin/uniffi/safar_ffi/safar_ffi.kt ] && [ "${SAFAR_SKIP_GENERATE:-0}" = 1 ] ||
  bindings/generate.sh debug >/dev/null
cargo build -q -p safar-cli
safar="$target_dir/debug/safar"

# Acceptance: every call the bindings export is made by at least one screen of each shell.
bindings_kt=bindings/generated/kotlin/uniffi/safar_ffi/safar_ffi.kt
calls="open $(sed -n '/^public interface SafarAppInterface/,/^}/p' "$bindings_kt" | sed -n 's/.*fun `\([A-Za-z]*\)`.*/\1/p')"
missing=()
for call in $calls; do
  grep -rqE "\.$call\(" android/app/src/main/java || missing+=("android: $call")
  grep -rqE "\.$call\(" ios/SafarApp || missing+=("ios: $call")
done
if ((${#missing[@]})); then
  printf 'core call reached by no screen: %s\n' "${missing[@]}" >&2
  exit 1
fi
echo "== every exported core call is reached by both shells:" $calls

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
# The sample content as a bundle (seq 1, like the embedded default), then one update ahead of it
# (seq 2) in the same repository, for the sync tests.
"$safar" publish build content --keys publish/dev-keys --out "$scratch/repo" --continue-from builtin --bundle "$scratch/sample.safar" >/dev/null
cp -r content "$scratch/content"
printf '\nUpdated for the sync test.\n' >>"$scratch/content/articles/gbv-help/en.md"
"$safar" publish build "$scratch/content" --keys publish/dev-keys --out "$scratch/repo" >/dev/null

kotlinc="$tools/node_modules/kotlin-compiler/bin/kotlinc-jvm"
if [ ! -x "$kotlinc" ]; then
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-audit --no-fund --silent kotlin-compiler@2.4.20
fi
jna=/usr/share/java/jna.jar
echo "== Android state holders (JVM): ${suites[*]}"
"$kotlinc" -nowarn -cp "$jna" -d "$scratch/state.jar" "${sources[@]}"
mkdir -p "$scratch/tmp"
java -Djna.library.path="$target_dir/debug" \
  -cp "$jna:$scratch/state.jar:$tools/node_modules/kotlin-compiler/lib/kotlin-stdlib.jar" \
  HarnessKt "$scratch/tmp" "$scratch/sample.safar" "$scratch/repo" "${suites[@]}"
