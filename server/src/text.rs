//! Byte offsets ⇄ line/column positions. Only CR, LF and CRLF end a line (as in LSP).

use std::ops::Range;

/// How a column is counted: LSP's negotiated position encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

/// A 0-based line and column in the given encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

/// Line starts of one text, for converting positions both ways.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                    starts.push(i + 2);
                    i += 1;
                }
                b'\r' => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LineIndex { starts }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The 0-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// The byte range of a line, without its line break.
    pub fn line_range(&self, text: &str, line: usize) -> Range<usize> {
        let start = self.starts[line.min(self.starts.len() - 1)];
        let mut end = self.starts.get(line + 1).copied().unwrap_or(text.len());
        let b = text.as_bytes();
        while end > start && matches!(b[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        start..end
    }

    /// Byte offset → position. Offsets inside a character or past the end are clamped.
    pub fn position(&self, text: &str, offset: usize, enc: Encoding) -> LineCol {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let col = match enc {
            Encoding::Utf8 => offset - start,
            Encoding::Utf16 => text[start..offset].chars().map(char::len_utf16).sum(),
        };
        LineCol {
            line: line as u32,
            col: col as u32,
        }
    }

    /// Position → byte offset. A column past the line's end means the line's end; a line past
    /// the last means the end of the text; a column inside a character snaps to its start.
    pub fn offset(&self, text: &str, pos: LineCol, enc: Encoding) -> usize {
        let line = pos.line as usize;
        if line >= self.starts.len() {
            return text.len();
        }
        let range = self.line_range(text, line);
        let mut units = 0usize;
        for (i, c) in text[range.clone()].char_indices() {
            if units >= pos.col as usize {
                return range.start + i;
            }
            units += match enc {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
            };
            if units > pos.col as usize {
                return range.start + i;
            }
        }
        range.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_with_non_ascii_and_mixed_line_breaks() {
        let text = "a\r\nb😀c\rd字e\nf";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        let c = text.find('c').unwrap();
        assert_eq!(
            idx.position(text, c, Encoding::Utf16),
            LineCol { line: 1, col: 3 }
        );
        assert_eq!(
            idx.position(text, c, Encoding::Utf8),
            LineCol { line: 1, col: 5 }
        );
        let e = text.find('e').unwrap();
        assert_eq!(
            idx.position(text, e, Encoding::Utf16),
            LineCol { line: 2, col: 2 }
        );
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            for off in [0, c, e, text.len()] {
                assert_eq!(idx.offset(text, idx.position(text, off, enc), enc), off);
            }
        }
        // a column inside the surrogate pair snaps to the emoji's start
        let emoji = text.find('😀').unwrap();
        assert_eq!(
            idx.offset(text, LineCol { line: 1, col: 2 }, Encoding::Utf16),
            emoji
        );
        assert_eq!(
            idx.offset(text, LineCol { line: 1, col: 99 }, Encoding::Utf16),
            c + 1
        );
        assert_eq!(
            idx.offset(text, LineCol { line: 9, col: 0 }, Encoding::Utf16),
            text.len()
        );
    }
}

/// Whether `text` holds `needle`: `memchr`'s vectorised search, for the whole-file tests of a
/// tree-wide pass (a marker, a comment word), where `str::contains` reads byte by byte.
pub fn holds(text: &str, needle: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), needle.as_bytes()).is_some()
}

/// A fixed word looked for in every file of a tree: [`holds`] with its searcher built once, not
/// a file.
pub struct Needle {
    needle: &'static str,
    finder: std::sync::OnceLock<memchr::memmem::Finder<'static>>,
}

impl Needle {
    pub const fn new(needle: &'static str) -> Needle {
        Needle {
            needle,
            finder: std::sync::OnceLock::new(),
        }
    }

    /// Whether `bytes` hold the word.
    pub fn is_in(&self, bytes: &[u8]) -> bool {
        self.finder
            .get_or_init(|| memchr::memmem::Finder::new(self.needle))
            .find(bytes)
            .is_some()
    }
}

/// A byte buffer each thread keeps for the next file: a fresh buffer a file costs an allocation
/// and the page faults of its first touch. Declared with `thread_local!`.
pub type ReusedBuffer = std::cell::RefCell<Vec<u8>>;

/// Runs `f` on this thread's `buffer`, emptied (on a buffer of its own where the thread's is in
/// use, by a call inside `f`), and lets a buffer that grew over a mebibyte go after.
pub fn with_reused<R>(
    buffer: &'static std::thread::LocalKey<ReusedBuffer>,
    f: impl FnOnce(&mut Vec<u8>) -> R,
) -> R {
    buffer.with(|cell| {
        let mut own = Vec::new();
        let mut kept = cell.try_borrow_mut();
        let bytes = match kept.as_deref_mut() {
            Ok(b) => b,
            Err(_) => &mut own,
        };
        bytes.clear();
        let result = f(bytes);
        if bytes.capacity() > 1 << 20 {
            *bytes = Vec::new();
        }
        result
    })
}
