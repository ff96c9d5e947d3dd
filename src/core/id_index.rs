//! User IDs sorted for lookup: membership and repeats in n log n rather than n², which is what
//! the rosters of a big call need.
use crate::core::user::User;

/// `ids`, sorted, for `binary_search` and [`has_repeats`].
#[inline(never)]
pub fn sorted_ids(mut ids: Vec<&str>) -> Vec<&str> {
    heapsort(&mut ids);
    ids
}

/// The users' IDs, sorted.
#[inline(never)]
pub fn sorted_user_ids(users: &[User]) -> Vec<&str> {
    let mut ids = Vec::with_capacity(users.len());
    for user in users {
        ids.push(user.id.as_str());
    }
    sorted_ids(ids)
}

/// Whether a sorted list holds some ID more than once.
pub fn has_repeats(sorted: &[&str]) -> bool {
    sorted.windows(2).any(|w| w[0] == w[1])
}

/// Sorts in place, in n log n, with no extra memory. The standard library's sorts are faster
/// on big inputs but add over 1 KB to the gzipped wasm; rosters stay under a few thousand.
fn heapsort(v: &mut [&str]) {
    fn sift_down(v: &mut [&str], mut node: usize, end: usize) {
        loop {
            let mut child = 2 * node + 1;
            if child >= end {
                return;
            }
            if child + 1 < end && v[child] < v[child + 1] {
                child += 1;
            }
            if v[node] >= v[child] {
                return;
            }
            v.swap(node, child);
            node = child;
        }
    }
    for node in (0..v.len() / 2).rev() {
        sift_down(v, node, v.len());
    }
    for end in (1..v.len()).rev() {
        v.swap(0, end);
        sift_down(v, 0, end);
    }
}

#[cfg(test)]
mod tests {
    use super::{has_repeats, sorted_ids};

    #[test]
    fn sorts_and_finds_repeats() {
        let words = ["m", "b", "zz", "a", "b", "", "q", "é", "aa", "m", "c", "z", "b"];
        for len in 0..=words.len() {
            let mut want = words[..len].to_vec();
            want.sort();
            let got = sorted_ids(words[..len].to_vec());
            assert_eq!(got, want, "{len} items");
            assert_eq!(has_repeats(&got), len >= 5, "{len} items");
            assert!(got.iter().all(|w| got.binary_search(w).is_ok()));
        }
        assert!(!has_repeats(&sorted_ids(vec!["x", "y", "w"])));
    }
}
