//! Integers as text without `core::fmt`, whose formatting machinery costs the wasm kilobytes.

/// Appends `n` in decimal.
pub fn push_decimal(out: &mut String, n: u64) {
    push(out, n, 10);
}

/// Appends `n` in lowercase hexadecimal, without a prefix.
pub fn push_hex(out: &mut String, n: u64) {
    push(out, n, 16);
}

/// `n` in decimal, as `n.to_string()` writes it.
pub fn decimal(n: u64) -> String {
    let mut out = String::new();
    push_decimal(&mut out, n);
    out
}

fn push(out: &mut String, mut n: u64, radix: u64) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    // u64::MAX has 20 decimal digits, fewer in hexadecimal.
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = DIGITS[(n % radix) as usize];
        n /= radix;
        if n == 0 {
            break;
        }
    }
    for &d in &buf[i..] {
        out.push(char::from(d));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_what_core_fmt_writes() {
        for n in [0, 1, 9, 10, 255, 4096, 1_712_345_678_901, u64::from(u32::MAX), u64::MAX] {
            assert_eq!(decimal(n), n.to_string());
            let mut hex = String::from("x");
            push_hex(&mut hex, n);
            assert_eq!(hex, format!("x{n:x}"));
        }
    }
}
