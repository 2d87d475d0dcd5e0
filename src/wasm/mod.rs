//! wasm-bindgen layer (in progress).
