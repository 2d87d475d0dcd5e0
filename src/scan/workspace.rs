//! The buffers one scan works in, kept per thread from one message to the next, so that
//! scanning a message with no hit allocates nothing once the buffers have grown to its size.

use super::patterns::Matching;
use super::Found;
use crate::normalize::Normalized;
use std::cell::Cell;

/// Most normalized characters a message may have for its buffers to be kept for the next one:
/// a long message's buffers are freed once it is scanned, so memory stays small.
const KEPT_UNITS: usize = 4096;

thread_local! {
    /// This thread's workspace (taken while a scan uses it, so that a nested scan gets its own).
    static SPARE: Cell<Option<Workspace>> = const { Cell::new(None) };
}

/// Everything a scan writes into.
#[derive(Default)]
pub(super) struct Workspace {
    /// The message, normalized.
    pub normalized: Normalized,
    /// The pattern matches and the matcher's buffers.
    pub matching: Matching,
    /// Hits, allow matches and near occurrences.
    pub found: Found,
}

impl Workspace {
    /// This thread's workspace, or a new one.
    pub fn take() -> Workspace {
        SPARE.with(Cell::take).unwrap_or_default()
    }

    /// Keeps this workspace for the thread's next scan, unless its message was long.
    pub fn recycle(self) {
        if self.normalized.units().len() <= KEPT_UNITS {
            SPARE.with(|spare| spare.set(Some(self)));
        }
    }
}
