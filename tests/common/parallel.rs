//! Running a test's cases at once, one thread each, so that a test over three engines
//! (or over several kill points) takes as long as its slowest case, not their sum. A
//! panic in one case does not stop the others; the test then fails naming every case
//! that panicked and why.

use super::Kind;

/// Runs `f` for every item at once, one thread each; a panic names its item.
pub fn in_parallel<T: std::fmt::Debug + Send>(
    items: impl IntoIterator<Item = T>,
    f: impl Fn(&T) + Sync,
) {
    let failures: Vec<String> = std::thread::scope(|s| {
        let f = &f;
        let handles: Vec<_> = items
            .into_iter()
            .map(|item| {
                s.spawn(move || {
                    (
                        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&item))),
                        format!("{item:?}"),
                    )
                })
            })
            .collect();
        handles
            .into_iter()
            .filter_map(|h| {
                let (result, item) = h.join().unwrap();
                result.err().map(|e| {
                    let msg = e
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_default();
                    format!("{item}: {msg}")
                })
            })
            .collect()
    });
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Runs `f` for each of `kinds` at once, one thread each; a panic names its engine.
pub fn each_engine_in_parallel(kinds: &[Kind], f: impl Fn(Kind) + Sync) {
    in_parallel(kinds.iter().copied(), |kind| f(*kind));
}
