//! [`Table`]: the read-only maps of the support data (names by language, texts by choice, ...),
//! kept as lists sorted by key. The data is built once and then only looked up, so a sorted
//! list does what a `BTreeMap` did with much less code in the WebAssembly module (every
//! `BTreeMap<K, V>` brings its own node insertion, search and drop code), and it writes and
//! reads the same bytes as that map did.

use serde::de::{Deserializer, Error, MapAccess, Visitor};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};
use std::borrow::Borrow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

/// A map from `K` to `V` as a list of entries sorted by key, each key once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table<K, V>(Vec<(K, V)>);

impl<K: Ord, V> Table<K, V> {
    /// The value of `key`, if there is one.
    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        let i = self.0.binary_search_by(|(k, _)| k.borrow().cmp(key)).ok()?;
        self.0.get(i).map(|(_, v)| v)
    }

    /// Whether `key` has a value.
    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.get(key).is_some()
    }

    /// The entries, by key.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// The values, by key.
    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.0.iter().map(|(_, v)| v)
    }
}

/// No entry.
impl<K, V> Default for Table<K, V> {
    fn default() -> Self {
        Table(Vec::new())
    }
}

impl<K: Ord, V> From<BTreeMap<K, V>> for Table<K, V> {
    fn from(map: BTreeMap<K, V>) -> Self {
        Table(map.into_iter().collect())
    }
}

/// Collects like a `BTreeMap`: sorted by key, the last value of a repeated key kept.
impl<K: Ord, V> FromIterator<(K, V)> for Table<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(entries: I) -> Self {
        entries.into_iter().collect::<BTreeMap<K, V>>().into()
    }
}

impl<K: Serialize, V: Serialize> Serialize for Table<K, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

impl<'de, K: Deserialize<'de> + Ord, V: Deserialize<'de>> Deserialize<'de> for Table<K, V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(EntriesVisitor(PhantomData))
    }
}

/// Reads a map's entries in the order written, and refuses keys that are not sorted and
/// unique (so that [`Table::get`]'s binary search holds).
struct EntriesVisitor<K, V>(PhantomData<(K, V)>);

impl<'de, K: Deserialize<'de> + Ord, V: Deserialize<'de>> Visitor<'de> for EntriesVisitor<K, V> {
    type Value = Table<K, V>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map with sorted keys")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries: Vec<(K, V)> = Vec::new();
        while let Some(entry) = map.next_entry()? {
            if entries.last().is_some_and(|(last, _)| *last >= entry.0) {
                return Err(A::Error::custom("map keys are not sorted and unique"));
            }
            entries.push(entry);
        }
        Ok(Table(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table<String, u32> {
        [("ru", 2), ("en", 1), ("kk", 3), ("en", 4)].into_iter().map(|(k, v)| (k.to_string(), v)).collect()
    }

    #[test]
    fn collects_like_a_btree_map_and_looks_up_by_key() {
        let t = table();
        assert_eq!(t.iter().map(|(k, v)| (k.as_str(), *v)).collect::<Vec<_>>(), [("en", 4), ("kk", 3), ("ru", 2)]);
        assert_eq!((t.get("en"), t.get("kk"), t.get("uz")), (Some(&4), Some(&3), None));
        assert!(t.contains_key("ru") && !t.contains_key("ar"));
        assert_eq!(t.values().copied().collect::<Vec<_>>(), [4, 3, 2]);
    }

    #[test]
    fn writes_and_reads_the_bytes_of_a_btree_map() {
        let t = table();
        let map: BTreeMap<String, u32> = t.iter().map(|(k, v)| (k.clone(), *v)).collect();
        let bytes = postcard::to_allocvec(&map).expect("encodes");
        assert_eq!(postcard::to_allocvec(&t).expect("encodes"), bytes);
        assert_eq!(postcard::from_bytes::<Table<String, u32>>(&bytes).expect("decodes"), t);
    }

    #[test]
    fn keys_out_of_order_do_not_read() {
        let unsorted = postcard::to_allocvec(&[("ru", 2u32), ("en", 1)].as_slice()).expect("encodes");
        assert!(postcard::from_bytes::<Table<String, u32>>(&unsorted).is_err());
        let repeated = postcard::to_allocvec(&[("en", 2u32), ("en", 1)].as_slice()).expect("encodes");
        assert!(postcard::from_bytes::<Table<String, u32>>(&repeated).is_err());
    }
}
