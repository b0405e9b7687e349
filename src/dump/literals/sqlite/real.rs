//! REAL literals that SQLite reads back as the very same `f64`.
//!
//! SQLite's own text-to-REAL conversion is not correctly rounded, so the shortest
//! round-trip text of a double does not always come back as that double; the snapshot
//! reader's row module (`engine::sqlite_snapshot::rows`) gives the measurements. This
//! file writes the nearest 17-digit decimal where every parser measured reads it
//! exactly, and an exact product of powers of two outside that range, once the dump
//! reader accepts products ([`exact_products_allowed`]). Kept apart from the other
//! literals because it is number formatting of its own (exact 128-bit digit
//! generation), with its own tests.

use crate::dialect::Dialect;

/// Magnitudes whose 17-digit decimal literal every SQLite parser measured reads back
/// exactly (with a margin: 3.51 failed from 1e-84 down and from 1e118 up, 3.40 between
/// 1e-308 and 1e-291; see `engine::sqlite_snapshot::rows`).
const DECIMAL_EXACT: std::ops::Range<f64> = 1e-75..1e110;

/// Largest power of two one factor of an exact product scales by: 2^±200 (about 1.6e60
/// and 6.2e-61) are themselves inside `DECIMAL_EXACT`.
const POW2_STEP: i32 = 200;

/// Whether the dump reader accepts `*` in a row, which the exact form of a REAL outside
/// `DECIMAL_EXACT` needs. Asked of the reader itself, so that rows are only ever written
/// in a shape it accepts.
pub fn exact_products_allowed() -> bool {
    crate::dump::literals::check_row(Dialect::Sqlite, b"-1.0*2.0").is_ok()
}

/// A REAL literal that reads back as exactly `v`.
///
/// SQLite's own text-to-REAL conversion is not correctly rounded (3.40 on long double,
/// 3.47+ on double-double arithmetic), so the shortest round-trip text is not enough.
/// The decimal written is the one nearest to `v` with 17 significant digits: it lies
/// within 0.45 ulp of `v`, so a parser that errs by less than 0.05 ulp still lands on
/// `v`; both parsers do in `DECIMAL_EXACT`. Outside it, where they err by whole ulps,
/// `v` is written as an exact product `m.0*2^a*2^b...` (IEEE multiplication by a power
/// of two is exact) when `exact_products` (see [`exact_products_allowed`]).
pub fn push_real(buf: &mut Vec<u8>, v: f64, exact_products: bool) {
    if v.is_nan() {
        // SQLite turns NaN into NULL when it stores it; never seen in a table.
        buf.extend_from_slice(b"NULL");
    } else if v.is_infinite() {
        // No literal exists; an overflowing one reads as infinity (as `.dump` does).
        buf.extend_from_slice(if v > 0.0 { b"9e999" } else { b"-9e999" });
    } else if v == 0.0 || !exact_products || DECIMAL_EXACT.contains(&v.abs()) {
        push_decimal17(buf, v);
    } else {
        push_pow2_product(buf, v);
    }
}

/// `v` as `m.0*2^a*2^b...`: its integer significand, exact as a literal below 2^53,
/// times powers of two whose 17-digit literals are exact (inside `DECIMAL_EXACT`).
/// Evaluated left to right, every partial product has the bits of `m` at a magnitude
/// between `m` and `v`, so it is representable and each multiplication is exact.
fn push_pow2_product(buf: &mut Vec<u8>, v: f64) {
    let bits = v.to_bits();
    let field = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1u64 << 52) - 1);
    let (mut m, mut k) = if field == 0 {
        (fraction, -1074) // subnormal
    } else {
        (fraction | (1u64 << 52), field - 1075)
    };
    let zeros = m.trailing_zeros();
    m >>= zeros;
    k += zeros as i32;
    // m < 2^53: the conversion is exact.
    let m = m as f64;
    push_decimal17(buf, if v < 0.0 { -m } else { m });
    while k != 0 {
        let step = k.clamp(-POW2_STEP, POW2_STEP);
        buf.push(b'*');
        push_decimal17(buf, f64::from_bits(((1023 + step) as u64) << 52));
        k -= step;
    }
}

/// The decimal nearest to `v` with 17 significant digits, trailing zeros dropped, with
/// a `.` or an exponent so that SQLite reads a REAL: positional between 1e-5 and 1e17
/// (`0.10000000000000001`, `3.0`), else `d.ddde±x`.
fn push_decimal17(buf: &mut Vec<u8>, v: f64) {
    use std::io::Write;
    let negative = v.is_sign_negative();
    let mut digits = [b'0'; 17];
    let exp = match digits17_exact(v.abs()) {
        Some((q, exp)) => {
            write_digits17(&mut digits, q);
            exp
        }
        None => match digits17_formatted(v.abs(), &mut digits) {
            Some(exp) => exp,
            None => {
                // Cannot happen (finite input, at most 24 bytes); keep a valid literal.
                let _ = write!(buf, "{v:?}");
                return;
            }
        },
    };
    let mut n = 17;
    while n > 1 && digits[n - 1] == b'0' {
        n -= 1;
    }
    let digits = &digits[..n];
    if negative {
        buf.push(b'-');
    }
    if (0..=16).contains(&exp) {
        let int_len = exp as usize + 1;
        if n <= int_len {
            buf.extend_from_slice(digits);
            buf.resize(buf.len() + int_len - n, b'0');
            buf.extend_from_slice(b".0");
        } else {
            buf.extend_from_slice(&digits[..int_len]);
            buf.push(b'.');
            buf.extend_from_slice(&digits[int_len..]);
        }
    } else if (-5..0).contains(&exp) {
        buf.extend_from_slice(b"0.");
        buf.resize(buf.len() + (-exp - 1) as usize, b'0');
        buf.extend_from_slice(digits);
    } else {
        buf.push(digits[0]);
        buf.push(b'.');
        if n > 1 {
            buf.extend_from_slice(&digits[1..]);
        } else {
            buf.push(b'0');
        }
        let _ = write!(buf, "e{exp}");
    }
}

/// `10^p` for `p` in `0..=21`: every power that `digits17_exact` multiplies by.
const POW10: [u128; 22] = {
    let mut table = [1u128; 22];
    let mut i = 1;
    while i < 22 {
        table[i] = table[i - 1] * 10;
        i += 1;
    }
    table
};

/// The 17 significant digits of `v` (positive, finite) nearest to it, ties to even, as
/// an integer `q` in `10^16..10^17` with the decimal exponent of its first digit:
/// `v ≈ q × 10^(exp-16)`. Computed exactly in 128-bit integers, which cover
/// `1e-5 <= v < 1e17` (the positional range, where most values of a table live): with
/// `v = m × 2^e` and `p = 16 - exp`, `m × 10^p` stays below 2^123 and the shift below
/// 2^70. `None` outside that range, for [`digits17_formatted`].
fn digits17_exact(v: f64) -> Option<(u64, i32)> {
    if !(1e-5..1e17).contains(&v) {
        return None;
    }
    let bits = v.to_bits();
    // Normal numbers only in this range: the hidden bit is set.
    let m = u128::from((bits & ((1u64 << 52) - 1)) | (1u64 << 52));
    let e = ((bits >> 52) & 0x7ff) as i32 - 1075;
    // A first guess of the decimal exponent, corrected below when off by one.
    let mut exp = v.log10().floor() as i32;
    loop {
        let p = 16 - exp;
        if !(0..=21).contains(&p) {
            return None;
        }
        let n = m * POW10[p as usize];
        let (floor, rest_is_half, rest_above_half) = if e >= 0 {
            (n << e, false, false)
        } else {
            let s = -e as u32;
            if s >= 127 {
                return None;
            }
            let rest = n & ((1u128 << s) - 1);
            let half = 1u128 << (s - 1);
            (n >> s, rest == half, rest > half)
        };
        if floor >= POW10[17] {
            exp += 1;
            continue;
        }
        if floor < POW10[16] {
            exp -= 1;
            continue;
        }
        let mut q = floor as u64;
        if rest_above_half || (rest_is_half && q % 2 == 1) {
            q += 1;
        }
        if u128::from(q) == POW10[17] {
            return Some((POW10[16] as u64, exp + 1));
        }
        return Some((q, exp));
    }
}

/// The 17 decimal digits of `q` (below 10^17) into `out`, two at a time.
fn write_digits17(out: &mut [u8; 17], mut q: u64) {
    const PAIRS: &[u8; 200] = b"00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";
    let mut at = 17;
    while at >= 2 {
        let pair = (q % 100) as usize * 2;
        q /= 100;
        at -= 2;
        out[at] = PAIRS[pair];
        out[at + 1] = PAIRS[pair + 1];
    }
    out[0] = b'0' + (q % 10) as u8;
}

/// The same digits as [`digits17_exact`] through the standard library's exact
/// (correctly rounded) formatting, for any finite `v >= 0`; returns the exponent.
fn digits17_formatted(v: f64, digits: &mut [u8; 17]) -> Option<i32> {
    use std::io::Write;
    // `{:.16e}`: `d.dddddddddddddddde-x`.
    let mut text = [0u8; 32];
    let mut cursor = std::io::Cursor::new(&mut text[..]);
    write!(cursor, "{v:.16e}").ok()?;
    let len = cursor.position() as usize;
    let text = &text[..len];
    let e_at = text.iter().position(|&c| c == b'e')?;
    let (mantissa, exponent) = (&text[..e_at], &text[e_at + 1..]);
    let (exp_negative, exp_digits) = match exponent.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, exponent),
    };
    let mut exp: i32 = 0;
    for &d in exp_digits {
        exp = exp * 10 + i32::from(d - b'0');
    }
    for (slot, &d) in digits
        .iter_mut()
        .zip(mantissa.iter().filter(|d| d.is_ascii_digit()))
    {
        *slot = d;
    }
    Some(if exp_negative { -exp } else { exp })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dump::literals::check_row;

    fn f(v: f64) -> String {
        let mut b = Vec::new();
        push_real(&mut b, v, false);
        String::from_utf8(b).unwrap()
    }

    #[test]
    fn reals_stay_reals_and_round_trip() {
        assert_eq!(f(1.0), "1.0");
        assert_eq!(f(3.0), "3.0");
        assert_eq!(f(-2.5), "-2.5");
        assert_eq!(f(0.1), "0.10000000000000001");
        assert_eq!(f(1e-5), "0.000010000000000000001");
        assert_eq!(f(0.0), "0.0");
        assert_eq!(f(-0.0), "-0.0");
        assert_eq!(f(1e16), "10000000000000000.0");
        assert_eq!(f(1e17), "1.0e17");
        assert_eq!(f(1e-300), "1.0e-300");
        assert_eq!(f(5e-324), "4.9406564584124654e-324");
        assert_eq!(f(f64::MAX), "1.7976931348623157e308");
        assert_eq!(f(f64::INFINITY), "9e999");
        assert_eq!(f(f64::NEG_INFINITY), "-9e999");
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..100_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let v = f64::from_bits(x);
            if v.is_finite() {
                let text = f(v);
                assert_eq!(
                    text.parse::<f64>().unwrap().to_bits(),
                    v.to_bits(),
                    "{text}"
                );
                assert!(text.contains('.'), "{text} must read as a REAL");
                assert!(
                    check_row(Dialect::Sqlite, text.as_bytes()).is_ok(),
                    "{text}"
                );
            }
        }
    }

    /// Evaluates `a*b*c` left to right in IEEE doubles, as SQLite does.
    fn product(text: &str) -> f64 {
        let mut factors = text.split('*').map(|t| t.parse::<f64>().unwrap());
        let first = factors.next().unwrap();
        factors.fold(first, |acc, f| acc * f)
    }

    #[test]
    fn exact_products_are_exact() {
        let p = |v: f64| {
            let mut b = Vec::new();
            push_real(&mut b, v, true);
            String::from_utf8(b).unwrap()
        };
        assert_eq!(p(0.1), "0.10000000000000001", "inside the range: decimal");
        assert_eq!(
            p(5e-324),
            "1.0*6.2230152778611417e-61".to_string()
                + &"*6.2230152778611417e-61".repeat(4)
                + "*5.2939559203393771e-23"
        );
        let mut x: u64 = 0x1234_5678_9ABC_DEF1;
        let mut values = vec![
            5e-324,
            -5e-324,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            1e-300,
            1e300,
        ];
        for _ in 0..100_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            values.push(f64::from_bits(x));
        }
        for v in values.into_iter().filter(|v| v.is_finite()) {
            let text = p(v);
            assert_eq!(product(&text).to_bits(), v.to_bits(), "{text}");
            for factor in text.split('*') {
                let f: f64 = factor.parse().unwrap();
                assert!(
                    f == 0.0 || DECIMAL_EXACT.contains(&f.abs()) || f.fract() == 0.0,
                    "{factor}"
                );
            }
        }
    }

    #[test]
    fn exact_digits_match_the_standard_formatting() {
        let check = |v: f64| {
            let v = v.abs();
            if !v.is_finite() {
                return;
            }
            let mut expected = [b'0'; 17];
            let exp = digits17_formatted(v, &mut expected).unwrap();
            if let Some((q, e)) = digits17_exact(v) {
                let mut got = [b'0'; 17];
                write_digits17(&mut got, q);
                assert_eq!((got, e), (expected, exp), "{v:e}");
            }
        };
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // Spread over the whole exact range, then around its edges and powers of 10.
            let unit = (x >> 11) as f64 / (1u64 << 53) as f64;
            check(10f64.powf(-5.0 + 22.0 * unit));
            check(f64::from_bits(x));
            check(f64::from_bits(1e-5f64.to_bits() + (x & 0xff)));
            check(f64::from_bits(1e17f64.to_bits() - 1 - (x & 0xff)));
            let p = 10f64.powi((x % 22) as i32 - 5);
            check(f64::from_bits(p.to_bits() - (x >> 60)));
            check(f64::from_bits(p.to_bits() + (x >> 60)));
            // Halfway cases: 18 significant digits ending in 5.
            check(((x % 8_000_000_000_000_000 + 800_000_000_000_000) | 1) as f64 / 8.0);
            check(i64::try_from(x >> 11).unwrap_or(0) as f64);
        }
        for v in [
            1e-5,
            0.1,
            1.0,
            9.999999999999999e16,
            1e16,
            99999999999999999.0,
            0.5,
        ] {
            check(v);
        }
    }
}
