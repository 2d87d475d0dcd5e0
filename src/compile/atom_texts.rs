//! The atoms' texts (normalized pattern words) one after another in one string: loading the
//! shipped rules' 9,567 words makes two allocations instead of one per word.

use std::ops::Index;

/// Atom `i`'s text is `text[ends[i - 1]..ends[i]]` (from 0 for the first).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct AtomTexts {
    text: String,
    ends: Vec<u32>,
}

impl AtomTexts {
    /// The texts of `text` split at `ends` (each after the one before, the last at its end);
    /// `None` when an end is not at a character boundary.
    pub fn from_parts(text: String, ends: Vec<u32>) -> Option<AtomTexts> {
        let ordered = ends.windows(2).all(|w| w[0] <= w[1]) && ends.last().map_or(text.is_empty(), |&end| end as usize == text.len());
        let boundaries = ends.iter().all(|&end| text.is_char_boundary(end as usize));
        (ordered && boundaries).then_some(AtomTexts { text, ends })
    }

    /// How many atoms.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// The bytes of all the texts together.
    pub fn total_bytes(&self) -> usize {
        self.text.len()
    }

    /// Adds `atom` as the last one.
    pub fn push(&mut self, atom: &str) {
        self.text.push_str(atom);
        self.ends.push(u32::try_from(self.text.len()).unwrap_or(u32::MAX));
    }

    /// Every text, in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(&self.ends).map(|(start, &end)| &self.text[start as usize..end as usize])
    }
}

impl Index<usize> for AtomTexts {
    type Output = str;

    fn index(&self, atom: usize) -> &str {
        let start = if atom == 0 { 0 } else { self.ends[atom - 1] as usize };
        &self.text[start..self.ends[atom] as usize]
    }
}

impl<'a> FromIterator<&'a str> for AtomTexts {
    fn from_iter<I: IntoIterator<Item = &'a str>>(atoms: I) -> AtomTexts {
        let mut texts = AtomTexts::default();
        atoms.into_iter().for_each(|atom| texts.push(atom));
        texts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_read_back_in_order() {
        let texts: AtomTexts = ["send", "", "сек", "ان"].into_iter().collect();
        assert_eq!(texts.len(), 4);
        assert_eq!(texts.iter().collect::<Vec<_>>(), ["send", "", "сек", "ان"]);
        assert_eq!((&texts[2], texts.total_bytes()), ("сек", 4 + 6 + 4));
    }

    #[test]
    fn parts_must_split_at_characters_and_cover_the_text() {
        let text = || "seкр".to_string();
        assert!(AtomTexts::from_parts(text(), vec![2, 4, 6]).is_some());
        assert!(AtomTexts::from_parts(text(), vec![2, 3, 6]).is_none(), "inside к");
        assert!(AtomTexts::from_parts(text(), vec![4, 2, 6]).is_none(), "out of order");
        assert!(AtomTexts::from_parts(text(), vec![2, 4]).is_none(), "short of the end");
        assert!(AtomTexts::from_parts(String::new(), Vec::new()).is_some());
    }
}
