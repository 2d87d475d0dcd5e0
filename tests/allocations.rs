//! A message with no hit allocates nothing: once a thread has scanned a message or two, the
//! scanner works in the buffers it kept, so checking chat lines puts no load on the allocator
//! (and on wasm, never grows linear memory). Counted by a global allocator that counts the
//! allocations of the thread that asks.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use tumar::{Direction, Rules};

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn count() {
    ALLOCATIONS.with(|n| n.set(n.get() + 1));
}

// SAFETY: every call is passed on to the system allocator unchanged; only counted.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count();
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

/// How many allocations `f` makes on this thread.
fn allocations(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    f();
    ALLOCATIONS.with(Cell::get) - before
}

/// Ordinary chat in the five languages, with words that start patterns (`send`, `secret`,
/// `фото`), spaced-out letters, leetspeak, numbers with units, emoji and markup.
const INNOCENT: &[&str] = &[
    "hey how was school today? send me the homework pls",
    "the surprise party is a secret, don't tell mum 🙂",
    "ты дома? мама звонила, скинь фото домашки по математике",
    "ертең кездесеміз бе? сабақтан кейін футбол ойнаймыз",
    "bugun uyga kech qolaman, onamga aytib qo'y",
    "شو عم تعمل اليوم؟ بدنا نروح عالمدرسة بكرا",
    "gg that game was close, 7th place at 10am in 5km run",
    "s o   c o o l &amp; n1c3 w0rk",
];

#[test]
fn a_message_with_no_hit_allocates_nothing() {
    let rules = Rules::builtin().expect("the shipped rules load");
    for direction in [Direction::Incoming, Direction::Outgoing] {
        for text in INNOCENT {
            let verdict = rules.scan(text, direction);
            assert!(verdict.hits.is_empty() && verdict.signals.is_empty(), "{text:?} has no hit: {verdict:?}");
        }
        for text in INNOCENT {
            let made = allocations(|| drop(rules.scan(text, direction)));
            assert_eq!(made, 0, "scanning {text:?} ({direction:?}) allocated {made} times");
            let made = allocations(|| drop(rules.scan_in(text, direction, &["ru", "kk"])));
            assert_eq!(made, 0, "scanning {text:?} in ru/kk allocated {made} times");
        }
    }
}

#[test]
fn the_count_sees_allocations() {
    assert!(allocations(|| drop(std::hint::black_box(vec![1u8; 16]))) >= 1);
}
