//! The Latin skeleton: spelling differences between transliteration habits folded away
//! (`y`/`i`, `q`/`k`, `x`/`kh`/`h`, `w`/`v`, `zh`/`j`, `gh`/`g`, `sch`/`sh`) and repeated letters
//! collapsed, inside one word.

/// One character of normalized text and the byte range of the original text it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Piece {
    /// The normalized character.
    pub ch: char,
    /// Byte offset where its origin starts in the original text.
    pub start: u32,
    /// Byte offset where its origin ends in the original text.
    pub end: u32,
}

impl Piece {
    fn absorb(&mut self, other: Piece) {
        self.start = self.start.min(other.start);
        self.end = self.end.max(other.end);
    }
}

/// The skeleton letter of `c` (`y` → `i`, `q` → `k`, `x` → `h`, `w` → `v`).
pub(crate) fn fold_letter(c: char) -> char {
    match c {
        'y' => 'i',
        'q' => 'k',
        'x' => 'h',
        'w' => 'v',
        _ => c,
    }
}

/// Whether the letter `c` can take no part in a digraph: every digraph ends in `h`, and only
/// `h` and `x` fold to `h`. A word of such letters folds to its letters by [`fold_letter`] with
/// repeats collapsed.
pub(crate) fn has_no_digraph(c: char) -> bool {
    c != 'h' && c != 'x'
}

/// Folds one word's pieces into their skeleton, in place.
pub(crate) fn fold_word(pieces: &mut Vec<Piece>) {
    let mut has_h = false;
    for p in pieces.iter_mut() {
        p.ch = fold_letter(p.ch);
        has_h |= p.ch == 'h';
    }
    // Every digraph ends in `h`: a word without one has none to fold.
    if has_h {
        fold_digraphs(pieces);
    }
    collapse_repeats(pieces);
}

/// `kh` → `h`, `zh` → `j`, `gh` → `g` (Kazakh ғ, Arabizi غ), `sch` / `shch` → `sh`.
/// In place: the folded word is written over the front of `pieces`.
fn fold_digraphs(pieces: &mut Vec<Piece>) {
    let mut n = 0usize;
    for read in 0..pieces.len() {
        let p = pieces[read];
        let prev = n.checked_sub(1).map(|i| pieces[i].ch);
        let prev2 = n.checked_sub(2).map(|i| pieces[i].ch);
        match (prev2, prev, p.ch) {
            (_, Some('k'), 'h') => {
                pieces[n - 1].ch = 'h';
                pieces[n - 1].absorb(p);
            }
            (_, Some('g'), 'h') => pieces[n - 1].absorb(p),
            (_, Some('z'), 'h') => {
                pieces[n - 1].ch = 'j';
                pieces[n - 1].absorb(p);
            }
            (Some('s'), Some('c'), 'h') => {
                // "sch" -> "sh": the c and h become one h.
                pieces[n - 1].ch = 'h';
                pieces[n - 1].absorb(p);
            }
            _ => {
                pieces[n] = p;
                n += 1;
            }
        }
        // "shch" (after the above "sh" + "ch") -> "sh".
        if n >= 4 && pieces[n - 4].ch == 's' && pieces[n - 3].ch == 'h' && pieces[n - 2].ch == 'c' && pieces[n - 1].ch == 'h' {
            let (c, h) = (pieces[n - 2], pieces[n - 1]);
            n -= 2;
            pieces[n - 1].absorb(c);
            pieces[n - 1].absorb(h);
        }
    }
    pieces.truncate(n);
}

/// Repeated letters collapse to one (`uglyyyy` → `ugli`); digits never do (`555`).
fn collapse_repeats(pieces: &mut Vec<Piece>) {
    pieces.dedup_by(|p, last| {
        let repeats = last.ch == p.ch && !p.ch.is_ascii_digit();
        if repeats {
            last.absorb(*p);
        }
        repeats
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skeleton(word: &str) -> String {
        let mut pieces: Vec<Piece> =
            word.chars().enumerate().map(|(i, ch)| Piece { ch, start: i as u32, end: i as u32 + 1 }).collect();
        fold_word(&mut pieces);
        pieces.iter().map(|p| p.ch).collect()
    }

    #[test]
    fn folds_spelling_habits() {
        assert_eq!(skeleton("yaxshi"), "iahshi");
        assert_eq!(skeleton("khorosho"), "horosho");
        assert_eq!(skeleton("zhdi"), "jdi");
        assert_eq!(skeleton("ischi"), "ishi");
        assert_eq!(skeleton("shchi"), "shi");
        assert_eq!(skeleton("uglyyyy"), "ugli");
        assert_eq!(skeleton("rasmingni"), "rasmingni");
        assert_eq!(skeleton("jalghyz"), "jalgiz");
    }

    #[test]
    fn merged_pieces_cover_their_origins() {
        let mut pieces: Vec<Piece> =
            "kkh".chars().enumerate().map(|(i, ch)| Piece { ch, start: i as u32, end: i as u32 + 1 }).collect();
        fold_word(&mut pieces);
        assert_eq!(pieces, [Piece { ch: 'k', start: 0, end: 1 }, Piece { ch: 'h', start: 1, end: 3 }]);
    }
}
