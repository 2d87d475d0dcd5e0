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

fn fold_letter(c: char) -> char {
    match c {
        'y' => 'i',
        'q' => 'k',
        'x' => 'h',
        'w' => 'v',
        _ => c,
    }
}

/// Folds one word's pieces into their skeleton, in place.
pub(crate) fn fold_word(pieces: &mut Vec<Piece>) {
    for p in pieces.iter_mut() {
        p.ch = fold_letter(p.ch);
    }
    fold_digraphs(pieces);
    collapse_repeats(pieces);
}

/// `kh` → `h`, `zh` → `j`, `gh` → `g` (Kazakh ғ, Arabizi غ), `sch` / `shch` → `sh`.
fn fold_digraphs(pieces: &mut Vec<Piece>) {
    let mut out: Vec<Piece> = Vec::with_capacity(pieces.len());
    for &p in pieces.iter() {
        let n = out.len();
        let prev = out.last().map(|q| q.ch);
        let prev2 = if n >= 2 { Some(out[n - 2].ch) } else { None };
        match (prev2, prev, p.ch) {
            (_, Some('k'), 'h') => {
                out[n - 1].ch = 'h';
                out[n - 1].absorb(p);
            }
            (_, Some('g'), 'h') => out[n - 1].absorb(p),
            (_, Some('z'), 'h') => {
                out[n - 1].ch = 'j';
                out[n - 1].absorb(p);
            }
            (Some('s'), Some('c'), 'h') => {
                // "sch" -> "sh": the c and h become one h.
                out[n - 1].ch = 'h';
                out[n - 1].absorb(p);
            }
            _ => out.push(p),
        }
        // "shch" (after the above "sh" + "ch") -> "sh".
        let n = out.len();
        if n >= 4 && out[n - 4].ch == 's' && out[n - 3].ch == 'h' && out[n - 2].ch == 'c' && out[n - 1].ch == 'h' {
            let (c, h) = (out[n - 2], out[n - 1]);
            out.truncate(n - 2);
            out[n - 3].absorb(c);
            out[n - 3].absorb(h);
        }
    }
    *pieces = out;
}

/// Repeated letters collapse to one (`uglyyyy` → `ugli`); digits never do (`555`).
fn collapse_repeats(pieces: &mut Vec<Piece>) {
    let mut out: Vec<Piece> = Vec::with_capacity(pieces.len());
    for &p in pieces.iter() {
        match out.last_mut() {
            Some(last) if last.ch == p.ch && !p.ch.is_ascii_digit() => last.absorb(p),
            _ => out.push(p),
        }
    }
    *pieces = out;
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
