// The generated bindings (Generated/safar_ffi.swift, written by ../../build-xcframework.sh) are
// the whole public API of this module: SafarApp, CancelToken, SyncListener, the records and
// SafarError, exactly as bindings/API.md describes them. Nothing is added here, so that the Swift
// shell and the Kotlin shell call the same core the same way.
