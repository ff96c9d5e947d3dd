//! callkit-invite: invite users into a call that is already going on.
//!
//! `core` is plain Rust (the rules, the state machine, the protocol); `web` binds it to
//! JavaScript when compiled to WebAssembly.
#![warn(missing_docs)]

pub mod core;

#[cfg(target_arch = "wasm32")]
mod ui;
#[cfg(target_arch = "wasm32")]
pub mod web;

// A much smaller allocator than the default dlmalloc (about 3.6 KB less gzipped): an
// address-ordered free list that merges neighbours. The kit's heap is small (tens of KB), so
// the list stays short. The bench's 1,000-cycle memory runs check that it does not grow.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
// SAFETY: without the atomics feature wasm has one thread: nothing allocates concurrently.
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
