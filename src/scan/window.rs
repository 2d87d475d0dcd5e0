//! Which parts of a long message are scanned. The limits count what the matcher sees, the
//! message's bytes once folded: invisible characters (zero-width spaces, joiners, bidi marks)
//! fold to nothing, so they do not use up the window and padding cannot push a harm out of it,
//! and a character that folds to many (U+FDFA is four words) counts all of them, so that no
//! message costs more than the window's worth of matching. A message longer than the
//! window is scanned at its start and at its end (a bounded tail), and the verdict says
//! `truncated`.

use crate::normalize::folded_len;
use std::ops::Range;

/// Most folded bytes (what the matcher sees) scanned from the start of a message.
pub const MAX_SCAN_BYTES: usize = 64 * 1024;

/// Most folded bytes scanned from the end of a message that is longer than the window.
pub const TAIL_SCAN_BYTES: usize = 4 * 1024;

/// Most bytes of a message looked at in all (invisible characters included), so that work and
/// memory stay bounded whatever the padding.
pub const MAX_MESSAGE_BYTES: usize = 1024 * 1024;

/// The most bytes one byte of text can fold to (a 3-byte U+FDFA folds to 33; NFKD expands a
/// character to at most 18, each at most 3 bytes), so that a message of at most
/// `MAX_SCAN_BYTES / MAX_FOLD_GROWTH` bytes is known to fit the window without folding it.
const MAX_FOLD_GROWTH: usize = 18;

/// The byte ranges of a message to scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Window {
    /// From the start of the message.
    pub head: Range<usize>,
    /// The end of the message, when the head does not reach it.
    pub tail: Option<Range<usize>>,
    /// Whether some of the message is not scanned.
    pub truncated: bool,
}

impl Window {
    /// The window of `text`.
    pub fn of(text: &str) -> Window {
        // Ordinary messages cannot fold past the window: no need to fold them twice.
        if text.len() * MAX_FOLD_GROWTH <= MAX_SCAN_BYTES {
            return Window { head: 0..text.len(), tail: None, truncated: false };
        }
        let head_end = folded_prefix(text, MAX_SCAN_BYTES, MAX_MESSAGE_BYTES);
        if head_end == text.len() {
            return Window { head: 0..text.len(), tail: None, truncated: false };
        }
        let tail_start = folded_suffix(text, TAIL_SCAN_BYTES, MAX_MESSAGE_BYTES).max(head_end);
        // Start the tail at a word: after the first whitespace, if there is one near.
        let tail_start = text[tail_start..]
            .char_indices()
            .take(64)
            .find(|(_, c)| c.is_whitespace())
            .map_or(tail_start, |(i, c)| tail_start + i + c.len_utf8());
        let tail = (tail_start < text.len()).then_some(tail_start..text.len());
        Window { head: 0..head_end, tail, truncated: true }
    }
}

/// The end of the longest prefix of `text` that folds to at most `visible` bytes and has at
/// most `raw` bytes in all, on a character boundary.
fn folded_prefix(text: &str, visible: usize, raw: usize) -> usize {
    let mut seen = 0;
    for (at, c) in text.char_indices() {
        let len = c.len_utf8();
        if at + len > raw {
            return at;
        }
        let folded = folded_len(c);
        if seen + folded > visible {
            return at;
        }
        seen += folded;
    }
    text.len()
}

/// The start of the longest suffix of `text` that folds to at most `visible` bytes and has at
/// most `raw` bytes in all, on a character boundary.
fn folded_suffix(text: &str, visible: usize, raw: usize) -> usize {
    let mut seen = 0;
    let mut start = text.len();
    for (at, c) in text.char_indices().rev() {
        if text.len() - at > raw {
            break;
        }
        let folded = folded_len(c);
        if seen + folded > visible {
            break;
        }
        seen += folded;
        start = at;
    }
    start
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_messages_are_scanned_whole() {
        assert_eq!(Window::of("hello"), Window { head: 0..5, tail: None, truncated: false });
    }

    #[test]
    fn invisible_padding_does_not_use_up_the_window() {
        let text = format!("{}send nudes", "\u{200B}".repeat(30_000));
        assert_eq!(Window::of(&text).head, 0..text.len());
    }

    #[test]
    fn long_messages_keep_a_tail() {
        let text = format!("{} i will post your nudes", "a ".repeat(40_000));
        let window = Window::of(&text);
        assert!(window.truncated);
        assert_eq!(window.head, 0..MAX_SCAN_BYTES);
        let tail = window.tail.expect("a tail");
        assert!(text[tail.clone()].ends_with("i will post your nudes"));
        assert!(tail.len() <= TAIL_SCAN_BYTES);
    }

    #[test]
    fn characters_that_fold_to_many_count_all_of_them() {
        let text = "\u{FDFA}".repeat(21_845);
        let window = Window::of(&text);
        assert!(window.truncated, "64 KiB of U+FDFA folds to over 700 KB");
        assert!(window.head.len() / 3 * 33 <= MAX_SCAN_BYTES);
    }

    #[test]
    fn no_character_folds_past_the_growth_bound() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert!(folded_len(c) <= MAX_FOLD_GROWTH * c.len_utf8(), "{c:?} folds to {} bytes", folded_len(c));
        }
    }

    #[test]
    fn raw_bytes_are_bounded_too() {
        let text = "\u{200B}".repeat(MAX_MESSAGE_BYTES);
        let window = Window::of(&text);
        assert!(window.head.end <= MAX_MESSAGE_BYTES && window.truncated);
    }
}
