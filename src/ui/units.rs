//! Sizes, durations and rates as an operator reads them in a summary line: binary units
//! for bytes (`5.93 KiB`, as the progress bars show them), milliseconds below a second and
//! seconds above, and a rate only when the duration is long enough to mean something.

/// Bytes in binary units: `512 B`, `5.93 KiB`, `1.20 GiB`.
pub fn bytes(n: u64) -> String {
    indicatif::HumanBytes(n).to_string()
}

/// A duration given in milliseconds: `24 ms`, `1.24 s`, `312.5 s`.
pub fn duration_ms(ms: u64) -> String {
    if ms < 1000 {
        format!("{ms} ms")
    } else if ms < 100_000 {
        format!("{:.2} s", ms as f64 / 1000.0)
    } else {
        format!("{:.1} s", ms as f64 / 1000.0)
    }
}

/// `bytes` over `ms` as `4.78 MiB/s`; `None` under 100 ms, where the rate says more
/// about timer resolution and start-up than about throughput.
pub fn rate(bytes: u64, ms: u64) -> Option<String> {
    (ms >= 100).then(|| {
        format!(
            "{}/s",
            indicatif::HumanBytes((bytes as f64 * 1000.0 / ms as f64) as u64)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_read_as_an_operator_expects() {
        assert_eq!(bytes(512), "512 B");
        assert_eq!(bytes(6074), "5.93 KiB");
        assert_eq!(duration_ms(24), "24 ms");
        assert_eq!(duration_ms(1240), "1.24 s");
        assert_eq!(duration_ms(312_500), "312.5 s");
        assert_eq!(rate(10 * 1024 * 1024, 2000).as_deref(), Some("5.00 MiB/s"));
        assert_eq!(rate(1000, 50), None);
    }
}
