//! Strict JSON (RFC 8259, nothing more) read byte by byte into the same values and ranges as
//! tree-sitter-json gives [`super::json`]: the fast path for the valid `package.json` files a
//! monorepo holds by the hundred. Anything else (a comment, a trailing comma, a half-typed file,
//! a control byte in a string, an escape JSON does not define) is declined, and the tolerant
//! parser reads it.

use super::json::{decode_string, Member, Node, Value};

/// The value of a text that is one strict JSON value between blanks, or `None` where the tree
/// must decide.
pub fn parse(text: &str) -> Option<Node> {
    let mut r = Reader {
        b: text.as_bytes(),
        text,
        at: 0,
        depth: 0,
    };
    r.blanks();
    let v = r.value()?;
    r.blanks();
    (r.at == r.b.len()).then_some(v)
}

struct Reader<'t> {
    b: &'t [u8],
    text: &'t str,
    at: usize,
    depth: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.at).copied()
    }

    /// JSON's four blanks, and no other.
    fn blanks(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        (self.peek()? == c).then(|| self.at += 1)
    }

    fn value(&mut self) -> Option<Node> {
        let start = self.at;
        let value = match self.peek()? {
            b'{' => return self.nested(Self::object),
            b'[' => return self.nested(Self::array),
            b'"' => Value::String(self.string()?),
            b't' => self.word(b"true", Value::Bool(true))?,
            b'f' => self.word(b"false", Value::Bool(false))?,
            b'n' => self.word(b"null", Value::Null)?,
            b'-' | b'0'..=b'9' => self.number()?,
            _ => return None,
        };
        Some(Node {
            value,
            range: start..self.at,
        })
    }

    /// An object or an array, no deeper than the tolerant parser goes.
    fn nested(&mut self, read: fn(&mut Self) -> Option<Node>) -> Option<Node> {
        self.depth += 1;
        if self.depth > super::MAX_NESTING {
            return None;
        }
        let node = read(self);
        self.depth -= 1;
        node
    }

    fn object(&mut self) -> Option<Node> {
        let start = self.at;
        self.eat(b'{')?;
        let mut members = Vec::new();
        self.blanks();
        if self.eat(b'}').is_none() {
            loop {
                let key_start = self.at;
                if self.peek()? != b'"' {
                    return None;
                }
                let key = self.string()?;
                let key_range = key_start..self.at;
                self.blanks();
                self.eat(b':')?;
                self.blanks();
                let value = self.value()?;
                members.push(Member {
                    key,
                    range: key_start..value.range.end,
                    key_range,
                    value: Some(value),
                });
                self.blanks();
                if self.eat(b'}').is_some() {
                    break;
                }
                self.eat(b',')?;
                self.blanks();
            }
        }
        Some(Node {
            value: Value::Object(members),
            range: start..self.at,
        })
    }

    fn array(&mut self) -> Option<Node> {
        let start = self.at;
        self.eat(b'[')?;
        let mut items = Vec::new();
        self.blanks();
        if self.eat(b']').is_none() {
            loop {
                items.push(self.value()?);
                self.blanks();
                if self.eat(b']').is_some() {
                    break;
                }
                self.eat(b',')?;
                self.blanks();
            }
        }
        Some(Node {
            value: Value::Array(items),
            range: start..self.at,
        })
    }

    /// A string with JSON's escapes only and no control byte, decoded as the tolerant parser
    /// decodes it.
    fn string(&mut self) -> Option<String> {
        self.eat(b'"')?;
        let start = self.at;
        loop {
            let off = memchr::memchr3(b'"', b'\\', b'\n', &self.b[self.at..])?;
            let stop = self.at + off;
            if self.b[self.at..stop].iter().any(|&c| c < 0x20) {
                return None;
            }
            self.at = stop;
            match self.b[stop] {
                b'"' => break,
                b'\\' => {
                    self.at += 1;
                    match self.peek()? {
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => self.at += 1,
                        b'u' => {
                            let hex = self.b.get(self.at + 1..self.at + 5)?;
                            if !hex.iter().all(u8::is_ascii_hexdigit) {
                                return None;
                            }
                            self.at += 5;
                        }
                        _ => return None,
                    }
                }
                _ => return None, // a line break inside the quotes
            }
        }
        let inner = &self.text[start..self.at];
        self.at += 1;
        Some(if inner.contains('\\') {
            decode_string(inner)
        } else {
            inner.to_string()
        })
    }

    /// `true`, `false` or `null`, not run into a following letter or digit.
    fn word(&mut self, w: &[u8], value: Value) -> Option<Value> {
        if !self.b[self.at..].starts_with(w) {
            return None;
        }
        self.at += w.len();
        if self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_')
        {
            return None;
        }
        Some(value)
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] -? [0-9]+)?`, as written, not run into
    /// anything a number could go on with.
    fn number(&mut self) -> Option<Value> {
        let start = self.at;
        let digits = |r: &mut Self| {
            let from = r.at;
            while r.peek().is_some_and(|c| c.is_ascii_digit()) {
                r.at += 1;
            }
            r.at > from
        };
        let _ = self.eat(b'-');
        match self.peek()? {
            b'0' => self.at += 1,
            b'1'..=b'9' => {
                digits(self);
            }
            _ => return None,
        }
        if self.eat(b'.').is_some() && !digits(self) {
            return None;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            // tree-sitter-json reads `1e+9` as an error: so the tree must
            if self.eat(b'-').is_none() && self.peek() == Some(b'+') {
                return None;
            }
            if !digits(self) {
                return None;
            }
        }
        if self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'+' | b'-'))
        {
            return None;
        }
        Some(Value::Number(self.text[start..self.at].to_string()))
    }
}
