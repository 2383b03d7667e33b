//! Generates Kotlin, Swift and Python bindings from the built library:
//! `cargo run -p safar-ffi --features bindgen --bin uniffi-bindgen -- generate --library …`
fn main() {
    uniffi::uniffi_bindgen_main()
}
