//! One crossing per check. JavaScript writes the message's UTF-8 bytes, then the chat's
//! language tags, straight into a buffer in the module's memory (`TextEncoder.encodeInto`) and
//! makes one call, [`JsRules::scan_input`]. The answer is 0 when the verdict is empty (no hit,
//! no signal, nothing cut: JavaScript writes that verdict itself), else the length of the
//! verdict's JSON in the output buffer. A message without a hit is never copied again and no
//! verdict is serialized for it.

use super::JsRules;
use crate::Verdict;
use js_sys::TypeError;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

thread_local! {
    /// Where JavaScript writes a message and its language tags.
    static INPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    /// The JSON of the last verdict that was not empty.
    static OUTPUT: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Makes the input buffer exactly `capacity` bytes long (growing or shrinking it) and returns
/// its address in the module's memory, valid until the next call of this function.
#[wasm_bindgen(js_name = inputBuffer)]
pub fn input_buffer(capacity: usize) -> *mut u8 {
    INPUT.with_borrow_mut(|buffer| {
        buffer.resize(capacity, 0);
        buffer.shrink_to_fit();
        buffer.as_mut_ptr()
    })
}

/// The address of the last non-empty verdict's JSON (its length is what
/// [`JsRules::scan_input`] returned).
#[wasm_bindgen(js_name = outputBuffer)]
pub fn output_buffer() -> *const u8 {
    OUTPUT.with_borrow(|json| json.as_ptr())
}

#[wasm_bindgen(js_class = Rules)]
impl JsRules {
    /// Scans the message of `text_bytes` bytes at the start of the input buffer, followed by
    /// `tag_bytes` bytes of comma-separated language tags (none: unknown), sent in `direction`
    /// (`incoming` or `outgoing`). Returns 0 for an empty verdict, else the length of its JSON
    /// ([`crate::Verdict::to_json`]: offsets and rule ids, never the text) in the output buffer.
    #[wasm_bindgen(js_name = scanInput)]
    pub fn scan_input(&self, text_bytes: usize, tag_bytes: usize, direction: &str) -> Result<usize, JsValue> {
        let direction = super::message_direction(direction)?;
        INPUT.with_borrow(|buffer| {
            let (text, tags) = read_input(buffer, text_bytes, tag_bytes).ok_or_else(|| TypeError::new("the input buffer does not hold that message"))?;
            let languages: Vec<&str> = tags.split(',').filter(|tag| !tag.is_empty()).collect();
            let verdict = self.rules.scan_in(text, direction, &languages);
            Ok(write_output(&verdict, text))
        })
    }
}

/// The message and the tags in the first `text_bytes + tag_bytes` bytes of `buffer`.
fn read_input(buffer: &[u8], text_bytes: usize, tag_bytes: usize) -> Option<(&str, &str)> {
    let end = text_bytes.checked_add(tag_bytes)?;
    let text = std::str::from_utf8(buffer.get(..text_bytes)?).ok()?;
    let tags = std::str::from_utf8(buffer.get(text_bytes..end)?).ok()?;
    Some((text, tags))
}

/// 0 for an empty verdict; else its JSON goes to the output buffer, and its length is returned.
fn write_output(verdict: &Verdict, text: &str) -> usize {
    if verdict.hits.is_empty() && verdict.signals.is_empty() && !verdict.truncated {
        return 0;
    }
    OUTPUT.with_borrow_mut(|json| {
        *json = verdict.to_json(text);
        json.len()
    })
}

/// The module's `WebAssembly.Memory`, where both buffers are.
#[wasm_bindgen(js_name = moduleMemory)]
pub fn module_memory() -> JsValue {
    wasm_bindgen::memory()
}
