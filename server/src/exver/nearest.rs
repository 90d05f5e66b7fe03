//! The valid Extended Version an invalid literal most likely meant, when one reading is clear:
//! only corrections that keep every number and name the author wrote, in their order.

use super::parse_exver;

/// `Some(v)` when `text` does not parse and the usual slips, undone, give a version that does:
/// blanks around it, a `v` before the upstream, an uppercase flavor, leading zeros in numbers,
/// and a missing `:downstream` (`:0`). `None` when it parses already or no such reading parses
/// (`1.2:3:4` could be several versions: nothing is guessed).
pub fn nearest_valid(text: &str) -> Option<String> {
    if parse_exver(text).is_ok() {
        return None;
    }
    let mut v = text.trim().to_string();
    // a flavor is lowercase
    if let Some(rest) = v.strip_prefix('#') {
        if let Some((flavor, tail)) = rest.split_once(':') {
            v = format!("#{}:{tail}", flavor.to_ascii_lowercase());
        }
    }
    // `v1.2.3:0` (a git tag's spelling): the version is what follows
    let (flavor, body) = split_flavor(&v);
    let body = match body.strip_prefix(['v', 'V']) {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_digit()) => rest.to_string(),
        _ => body.to_string(),
    };
    v = format!("{flavor}{}", strip_leading_zeros(&body));
    let candidate = if parse_exver(&v).is_ok() {
        v
    } else if !body.contains(':') {
        // no downstream at all: the first revision of the upstream
        let with = format!("{v}:0");
        parse_exver(&with).ok()?;
        with
    } else {
        return None;
    };
    (candidate != text).then_some(candidate)
}

/// `#flavor:` (with its colon) and the rest.
fn split_flavor(v: &str) -> (&str, &str) {
    if v.starts_with('#') {
        if let Some(i) = v.find(':') {
            return v.split_at(i + 1);
        }
    }
    ("", v)
}

/// Every all-digit identifier between separators (`.`, `:`, `-`, `+`) written without its leading
/// zeros (`01` → `1`, `00` → `0`); identifiers with letters (`rc01`) are left alone.
fn strip_leading_zeros(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    let mut ident = String::new();
    let flush = |ident: &mut String, out: &mut String| {
        if ident.len() > 1 && ident.bytes().all(|b| b.is_ascii_digit()) {
            let kept = ident.trim_start_matches('0');
            out.push_str(if kept.is_empty() { "0" } else { kept });
        } else {
            out.push_str(ident);
        }
        ident.clear();
    };
    for c in v.chars() {
        if matches!(c, '.' | ':' | '-' | '+') {
            flush(&mut ident, &mut out);
            out.push(c);
        } else {
            ident.push(c);
        }
    }
    flush(&mut ident, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_clear_reading_is_offered() {
        let cases = [
            ("1.2.3", Some("1.2.3:0")),
            ("1.2.3-beta.1", Some("1.2.3-beta.1:0")),
            ("01.2.3:0", Some("1.2.3:0")),
            ("1.02.3:00", Some("1.2.3:0")),
            ("v1.2.3:0", Some("1.2.3:0")),
            (" 1.2.3:0 ", Some("1.2.3:0")),
            ("#Knots:27.0:0", Some("#knots:27.0:0")),
            ("1.2.3-rc01:0", None), // `rc01` is an identifier, and the input is valid as is
            ("1.2.3:0", None),
            ("1.2:3:4", None),
            ("", None),
            ("hello", None),
            ("1..2:0", None),
        ];
        for (input, want) in cases {
            assert_eq!(nearest_valid(input).as_deref(), want, "{input:?}");
        }
    }

    #[test]
    fn the_offer_always_parses() {
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut rnd = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let alphabet = ['0', '1', '9', '.', ':', '-', '#', 'v', 'A', 'b', ' ', '+'];
        for _ in 0..20_000 {
            let len = rnd(12);
            let s: String = (0..len).map(|_| alphabet[rnd(alphabet.len())]).collect();
            if let Some(v) = nearest_valid(&s) {
                assert!(parse_exver(&v).is_ok(), "{s:?} → {v:?}");
            }
        }
    }
}
