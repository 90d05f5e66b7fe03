//! Removal promises and deprecation records in prose: comments and strings of scripts (found in the
//! syntax tree), and Markdown text. Phrases may wrap across lines and comment markers. The charter's
//! phrase list: `will be removed`, `to be removed`, `will be gone`, `scheduled for removal`,
//! `slated for removal`, `removed`, `removal`, then `in`, an optional `version`, an optional
//! `@scope/name@`, an optional `v`, and a major with an optional `.0` or `.0.0`.

use std::ops::Range;
use std::path::Path;

use crate::syntax::script_lexer::{self, Literals};
use crate::syntax::typescript::parse_tree;

/// A byte span kept in eight bytes (files are at most [`crate::workspace::MAX_FILE_BYTES`]): facts
/// are kept for every file of a tree, texts are not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Span {
    start: u32,
    end: u32,
}

impl Span {
    fn of(r: &Range<usize>) -> Span {
        Span {
            start: u32::try_from(r.start).unwrap_or(u32::MAX),
            end: u32::try_from(r.end).unwrap_or(u32::MAX),
        }
    }
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// "will be removed in 9.0.0" and the like.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Promise {
    pub major: u64,
    /// The package the prose names (`@scope/name@9`), if any.
    pub package: Option<Box<str>>,
    /// The major's digits: what a fix rewrites.
    major_span: Span,
    /// From the first word of the phrase to the end of the version.
    span: Span,
    /// The start of the comment, string or paragraph holding it.
    segment_start: u32,
    /// A `CHARTER: keep` marker directly above it or above its segment (Markdown: the nearest
    /// non-blank line above, `<!-- CHARTER: keep -->`).
    pub kept: bool,
    /// Where a marker line would go: the start of the promise's line, its indentation, and
    /// whether that line ends with `\r\n`.
    keep_at: u32,
    indent: Indent,
    crlf: bool,
}

/// A line's leading blanks (spaces and tabs), in nine bytes: bit `i` of `tabs` is set when blank
/// `i` is a tab. Longer indentation keeps its first 64 blanks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
struct Indent {
    tabs: u64,
    len: u8,
}

impl Indent {
    fn of(line: &str) -> Indent {
        let mut indent = Indent::default();
        for (i, b) in line
            .bytes()
            .take_while(|b| *b == b' ' || *b == b'\t')
            .take(64)
            .enumerate()
        {
            if b == b'\t' {
                indent.tabs |= 1 << i;
            }
            indent.len += 1;
        }
        indent
    }

    fn text(self) -> String {
        (0..self.len)
            .map(|i| if self.tabs & (1 << i) != 0 { '\t' } else { ' ' })
            .collect()
    }
}

impl Promise {
    /// The line that keeps this promise deliberately (`// CHARTER: keep`, or the Markdown
    /// comment), and where it goes: at the start of the promise's line, indented as it is.
    pub fn keep_line(&self, markdown: bool) -> (usize, String) {
        let marker = if markdown {
            "<!-- CHARTER: keep -->"
        } else {
            "// CHARTER: keep"
        };
        let nl = if self.crlf { "\r\n" } else { "\n" };
        (
            self.keep_at as usize,
            format!("{}{marker}{nl}", self.indent.text()),
        )
    }

    /// From the first word of the phrase to the end of the version.
    pub fn range(&self) -> Range<usize> {
        self.span.range()
    }
    /// The major's digits: what a fix rewrites.
    pub fn major_range(&self) -> Range<usize> {
        self.major_span.range()
    }
    /// The start of the comment, string or paragraph holding it.
    pub fn segment_start(&self) -> usize {
        self.segment_start as usize
    }
}

/// "deprecated in 6.0.0", "@deprecated since 6".
#[derive(Clone, Debug, PartialEq, Eq)]
struct Deprecation {
    major: u64,
    range: Range<usize>,
    segment: Range<usize>,
}

/// A deprecation and a removal promise of one sentence (or one JSDoc block) whose removal comes
/// before the deprecation's major + 2 (CH046): decided from the file alone, when it is scanned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EarlyRemoval {
    /// The deprecation's major.
    pub deprecated_in: u64,
    deprecation: Span,
    /// Index in [`Prose::promises`].
    pub promise: usize,
}

impl EarlyRemoval {
    /// Where the deprecation is recorded.
    pub fn deprecation(&self) -> Range<usize> {
        self.deprecation.range()
    }
}

/// What the charter's prose rules need of one file, and nothing else: the text is not kept.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Prose {
    pub promises: Vec<Promise>,
    /// The promises that come too early for their deprecation, in the order of the deprecations.
    pub early: Vec<EarlyRemoval>,
}

/// The charter's marker that keeps a promise deliberately (and, found in a source, adopts it).
pub const KEEP_MARKER: &str = "CHARTER: keep";
/// [`KEEP_MARKER`], looked for in every source.
pub static KEEP_NEEDLE: crate::text::Needle = crate::text::Needle::new(KEEP_MARKER);

const PHRASES: &[&[&str]] = &[
    &["will", "be", "removed"],
    &["to", "be", "removed"],
    &["will", "be", "gone"],
    &["scheduled", "for", "removal"],
    &["slated", "for", "removal"],
    &["removed"],
    &["removal"],
];

/// The words every promise or deprecation holds (`remov`ed, `gone`, `deprecat`ed), in any case.
const TRIGGERS: [&str; 3] = ["remov", "gone", "deprecat"];

/// Where the trigger words that can open a promise or a deprecation start in `text`, in order:
/// the text folded to lower case once, then each word found by `memchr`'s vectorised search (the
/// folding and the three searches run at memory speed; an automaton over the bytes took a sixth of
/// `check` on a prose-heavy tree), then kept only where [`can_open`] says so. A script without
/// one is not lexed: `removeItem` and `isDeprecated` in code cost a search, not a lexer pass.
fn trigger_offsets(text: &str) -> Vec<usize> {
    static FINDERS: std::sync::OnceLock<Vec<memchr::memmem::Finder<'static>>> =
        std::sync::OnceLock::new();
    let finders = FINDERS.get_or_init(|| {
        TRIGGERS
            .iter()
            .map(|w| memchr::memmem::Finder::new(w.as_bytes()))
            .collect()
    });
    thread_local! {
        // the lower-cased copy, in a buffer each thread reuses
        static LOWER: crate::text::ReusedBuffer = const { std::cell::RefCell::new(Vec::new()) };
    }
    crate::text::with_reused(&LOWER, |lower| {
        lower.extend_from_slice(text.as_bytes());
        lower.make_ascii_lowercase();
        let lower = &*lower;
        let mut at: Vec<usize> = finders
            .iter()
            .flat_map(|f| f.find_iter(lower))
            .filter(|&h| can_open(lower, h))
            .collect();
        at.sort_unstable();
        at
    })
}

/// Whether the trigger word at `h` of the lower-cased bytes `l` can open a fact. Every phrase
/// ends with its trigger word and every deprecation starts with one, and the word after it is
/// `in` or `since`: so the word there is `removed`, `removal`, `gone` or `deprecated`, and the
/// next ASCII letters or digits spell `in` or `since`. The test reads the raw text, where comment
/// markers and quotes are not yet blanked; they are neither letters nor digits, so it holds of the
/// blanked text too. Bytes beyond ASCII are skipped, which can only let more through.
fn can_open(l: &[u8], h: usize) -> bool {
    let alnum_run = |from: usize| {
        from + l[from..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count()
    };
    if h > 0 && l[h - 1].is_ascii_alphanumeric() {
        return false;
    }
    let end = alnum_run(h);
    if !matches!(
        &l[h..end],
        b"removed" | b"removal" | b"gone" | b"deprecated"
    ) {
        return false;
    }
    let next = end
        + l[end..]
            .iter()
            .take_while(|b| !b.is_ascii_alphanumeric())
            .count();
    matches!(&l[next..alnum_run(next)], b"in" | b"since")
}

/// How many words a window reaches before a trigger word (a phrase starts at most two words
/// before it, and a record of a past removal looks one further) and after it (`in`, `version`,
/// `@scope/name@`, the version).
const WORDS_BEFORE: usize = 4;
const WORDS_AFTER: usize = 6;

/// The stretches of `seg` around its trigger words, each from a word's start to a word's end,
/// overlapping ones merged, in order: every promise and deprecation of the segment lies whole in
/// one of them, and the words of a stretch are the segment's words there.
fn windows(b: &[u8], seg: &Range<usize>, hits: &[usize]) -> Vec<Range<usize>> {
    let first = hits.partition_point(|&h| h < seg.start);
    let mut out: Vec<Range<usize>> = Vec::new();
    for &h in hits[first..].iter().take_while(|&&h| h < seg.end) {
        let start = words_back(b, seg.start, h, WORDS_BEFORE);
        let end = words_forward(b, h, seg.end, WORDS_AFTER);
        match out.last_mut() {
            Some(last) if start <= last.end => last.end = last.end.max(end),
            _ => out.push(start..end),
        }
    }
    out
}

/// The start of the word `n` words before the one holding `at`, not before `lo` (words are
/// split at ASCII blanks: each is one to `words`, which splits at every blank).
fn words_back(b: &[u8], lo: usize, at: usize, n: usize) -> usize {
    let mut i = at;
    while i > lo && !b[i - 1].is_ascii_whitespace() {
        i -= 1;
    }
    for _ in 0..n {
        while i > lo && b[i - 1].is_ascii_whitespace() {
            i -= 1;
        }
        while i > lo && !b[i - 1].is_ascii_whitespace() {
            i -= 1;
        }
    }
    i
}

/// The end of the word `n` words after the one holding `at`, not past `hi`.
fn words_forward(b: &[u8], at: usize, hi: usize, n: usize) -> usize {
    let mut i = at;
    while i < hi && !b[i].is_ascii_whitespace() {
        i += 1;
    }
    for _ in 0..n {
        while i < hi && b[i].is_ascii_whitespace() {
            i += 1;
        }
        while i < hi && !b[i].is_ascii_whitespace() {
            i += 1;
        }
    }
    i
}

pub fn scan(path: &Path, text: &str) -> Prose {
    let mut prose = Prose::default();
    let hits = trigger_offsets(text);
    if hits.is_empty() {
        return prose;
    }
    let markdown = path.extension().is_some_and(|e| e == "md");
    // the prose with comment markers blanked out: byte offsets stay those of the file
    let (blanked, segments) = if markdown {
        (text.to_string(), std::iter::once(0..text.len()).collect())
    } else {
        script_segments(text, literals(path, text))
    };
    let mut deprecations = Vec::new();
    // only the words around a trigger word can make a finding: the rest is not split into words
    let mut words = Vec::new();
    for seg in &segments {
        for window in windows(blanked.as_bytes(), seg, &hits) {
            split_words(&blanked, window, &mut words);
            find(&words, seg, &mut prose, &mut deprecations);
        }
    }
    prose.early = early_removals(text, &deprecations, &prose.promises);
    if !prose.promises.is_empty() {
        place_keep_lines(text, markdown, &mut prose.promises);
    }
    prose
}

/// Whether each promise is kept by a marker, and where its marker line would go.
fn place_keep_lines(text: &str, markdown: bool, promises: &mut [Promise]) {
    // a file without the marker keeps no promise: its lines above are not looked at
    let marked = KEEP_NEEDLE.is_in(text.as_bytes());
    for p in promises {
        let start = p.range().start;
        p.kept = marked && (kept(text, start, markdown) || kept(text, p.segment_start(), markdown));
        let line = line_around(text, start);
        p.indent = Indent::of(&text[line.clone()]);
        p.keep_at = u32::try_from(line.start).unwrap_or(u32::MAX);
        p.crlf = text[line.end..].starts_with("\r\n");
    }
}

fn is_break(b: &u8) -> bool {
    matches!(b, b'\n' | b'\r')
}

/// The line holding byte `at`, without its line break (`\n`, `\r\n` or a lone `\r`, as
/// [`crate::text::LineIndex`] counts lines).
fn line_around(text: &str, at: usize) -> Range<usize> {
    let b = text.as_bytes();
    let at = at.min(b.len());
    let start = b[..at].iter().rposition(is_break).map_or(0, |i| i + 1);
    let end = b[at..]
        .iter()
        .position(is_break)
        .map_or(b.len(), |i| at + i);
    start..end
}

/// The line before the one that starts at `line_start`, if any.
fn line_before(text: &str, line_start: usize) -> Option<Range<usize>> {
    if line_start == 0 {
        return None;
    }
    let end = if text[..line_start].ends_with("\r\n") {
        line_start - 2
    } else {
        line_start - 1
    };
    Some(line_around(text, end))
}

/// Whether the line above the one holding `at` carries the `CHARTER: keep` marker (Markdown: the
/// nearest non-blank line above, as an HTML comment).
fn kept(text: &str, at: usize, markdown: bool) -> bool {
    let mut above = std::iter::successors(line_before(text, line_around(text, at).start), |l| {
        line_before(text, l.start)
    })
    .map(|l| &text[l]);
    if markdown {
        above
            .find(|l| !l.trim().is_empty())
            .is_some_and(|l| l.contains("<!-- CHARTER: keep -->"))
    } else {
        above.next().is_some_and(|l| l.contains("CHARTER: keep"))
    }
}

/// Each deprecation's promises, of one sentence or one JSDoc block with it, that come before its
/// major + 2.
fn early_removals(
    text: &str,
    deprecations: &[Deprecation],
    promises: &[Promise],
) -> Vec<EarlyRemoval> {
    debug_assert!(promises.is_sorted_by_key(|p| p.range().start));
    let mut out = Vec::new();
    for d in deprecations {
        // the promises come in the order of the text: those of the deprecation's segment are
        // found by search, not by a pass over the file's promises for each deprecation
        let first = promises.partition_point(|p| p.range().start < d.segment.start);
        let last = promises.partition_point(|p| p.range().start < d.segment.end);
        for (k, p) in promises.iter().enumerate().take(last).skip(first) {
            let range = p.range();
            // the cheap test first: most removals come in time
            let early = p.major < d.major.saturating_add(2);
            let paired = early
                && range.end <= d.segment.end
                && (one_sentence(text, &d.range, &range) || one_jsdoc(text, &d.segment));
            if paired {
                out.push(EarlyRemoval {
                    deprecated_in: d.major,
                    deprecation: Span::of(&d.range),
                    promise: k,
                });
            }
        }
    }
    out
}

/// Whether the text between two findings of one segment keeps them in one sentence: no `.`, `!`
/// or `?` followed by whitespace (a version's dots are not followed by one), no blank line.
fn one_sentence(text: &str, a: &Range<usize>, b: &Range<usize>) -> bool {
    let (first, second) = if a.start <= b.start { (a, b) } else { (b, a) };
    let Some(between) = text.get(first.end.min(second.start)..second.start) else {
        return false;
    };
    let bytes = between.as_bytes();
    let ends = bytes
        .windows(2)
        .any(|w| matches!(w[0], b'.' | b'!' | b'?') && w[1].is_ascii_whitespace());
    let blank_line = between.split('\n').skip(1).any(|l| {
        l.trim_matches(|c: char| c.is_whitespace() || c == '*' || c == '/')
            .is_empty()
    });
    !ends && !blank_line
}

/// One `/** … */` block holds both.
fn one_jsdoc(text: &str, segment: &Range<usize>) -> bool {
    text.get(segment.clone())
        .is_some_and(|s| s.starts_with("/**") && s.matches("*/").count() == 1)
}

/// How the lexer reads a script: TypeScript as it is; JavaScript and TSX without JSX the same
/// way (every JSX element ends with `</` or `/>`, so a text with neither has none); those with
/// JSX with its elements read as a `.tsx` file reads them. Other files are not scripts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lexing {
    Plain,
    Jsx,
}

pub(crate) fn lexing(path: &Path, text: &str) -> Option<Lexing> {
    match path.extension().and_then(|e| e.to_str()) {
        Some("ts" | "mts" | "cts") => Some(Lexing::Plain),
        Some("js" | "mjs" | "cjs" | "jsx" | "tsx") => {
            if text.contains("</") || text.contains("/>") {
                Some(Lexing::Jsx)
            } else {
                Some(Lexing::Plain)
            }
        }
        _ => None,
    }
}

/// The comments and strings of a script: by the lexer where it is sure, else from the syntax
/// tree.
pub fn literals(path: &Path, text: &str) -> Option<Literals> {
    match lexing(path, text) {
        Some(Lexing::Plain) => script_lexer::literals(text),
        Some(Lexing::Jsx) => script_lexer::literals_jsx(text),
        None => None,
    }
    .or_else(|| tree_literals(text))
}

/// The comments and strings of the syntax tree (not inside template strings).
pub fn tree_literals(text: &str) -> Option<Literals> {
    Some(walk_literals(&parse_tree(text)?))
}

/// The comments and strings of a syntax tree (not inside template strings).
fn walk_literals(tree: &tree_sitter::Tree) -> Literals {
    let mut out = Literals::default();
    let mut stack = vec![tree.root_node()];
    let mut cursor = tree.walk();
    while let Some(node) = stack.pop() {
        match node.kind() {
            "comment" => out.comments.push(node.byte_range()),
            // named: the type keyword `string` is an anonymous node of that kind; a template
            // in a type (`${A}/${B}`) is a template all the same
            "string" | "template_string" | "template_literal_type" if node.is_named() => {
                out.strings.push(node.byte_range())
            }
            _ => stack.extend(node.children(&mut cursor)),
        }
    }
    out.comments.sort_by_key(|r| r.start);
    out.strings.sort_by_key(|r| r.start);
    out
}

/// Comment runs (consecutive line comments are one) and string literals, with the comment markers
/// replaced by spaces in a copy of the text.
fn script_segments(text: &str, literals: Option<Literals>) -> (String, Vec<Range<usize>>) {
    let Some(Literals { comments, strings }) = literals else {
        return (String::new(), Vec::new());
    };
    let mut blanked = text.as_bytes().to_vec();
    for r in &comments {
        blank_markers(&mut blanked, r.clone());
    }
    // a run of comments separated only by whitespace reads as one text
    let mut runs: Vec<Range<usize>> = Vec::new();
    for r in comments {
        match runs.last_mut() {
            Some(last) if text[last.end..r.start].trim().is_empty() => last.end = r.end,
            _ => runs.push(r),
        }
    }
    for r in &strings {
        // quotes are not words
        blanked[r.start] = b' ';
        if r.end > r.start + 1 {
            blanked[r.end - 1] = b' ';
        }
    }
    runs.extend(strings);
    runs.sort_by_key(|r| r.start);
    let blanked = String::from_utf8(blanked).unwrap_or_else(|_| text.to_string());
    (blanked, runs)
}

/// `//`, `/*`, `*/` and a leading `*` on each line become spaces. Jumps from one `/`, `*` or
/// line break to the next (`memchr`): the words between are not looked at byte by byte.
fn blank_markers(bytes: &mut [u8], r: Range<usize>) {
    let mut i = r.start;
    let mut line_start = true;
    while i < r.end {
        let Some(off) = memchr::memchr3(b'/', b'*', b'\n', &bytes[i..r.end]) else {
            break;
        };
        let j = i + off;
        if line_start && !bytes[i..j].iter().all(u8::is_ascii_whitespace) {
            line_start = false;
        }
        let b = bytes[j];
        if b == b'\n' {
            line_start = true;
            i = j + 1;
            continue;
        }
        if j + 1 < r.end
            && matches!(
                (b, bytes[j + 1]),
                (b'/', b'/') | (b'/', b'*') | (b'*', b'/')
            )
        {
            bytes[j] = b' ';
            bytes[j + 1] = b' ';
            i = j + 2;
            continue;
        }
        if line_start && b == b'*' {
            bytes[j] = b' ';
        } else {
            line_start = false;
        }
        i = j + 1;
    }
}

struct Word<'a> {
    text: &'a str,
    range: Range<usize>,
    /// The text without the punctuation around it: what phrases are compared with.
    core: &'a str,
}

impl<'a> Word<'a> {
    fn new(text: &'a str, range: Range<usize>) -> Self {
        // an ASCII word is trimmed byte by byte (for ASCII, `char::is_alphanumeric` is
        // `u8::is_ascii_alphanumeric`)
        let core = if text.is_ascii() {
            let b = text.as_bytes();
            let lead = b.iter().take_while(|c| !c.is_ascii_alphanumeric()).count();
            let trail = b[lead..]
                .iter()
                .rev()
                .take_while(|c| !c.is_ascii_alphanumeric())
                .count();
            &text[lead..text.len() - trail]
        } else {
            text.trim_matches(|c: char| !c.is_alphanumeric())
        };
        Word { text, range, core }
    }
}

#[cfg(test)]
fn words(text: &str, seg: Range<usize>) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    split_words(text, seg, &mut out);
    out
}

/// The words of `text[seg]` (split at every blank, as `char::is_whitespace` says), into `out`
/// (cleared first: one buffer serves every window of a file). Byte by byte: an ASCII byte is
/// looked up at once, and only a character beyond ASCII (an em dash, a non-breaking space) is
/// decoded.
fn split_words<'t>(text: &'t str, seg: Range<usize>, out: &mut Vec<Word<'t>>) {
    out.clear();
    let b = text.as_bytes();
    // the length of the character at `i`, and whether it is a blank
    let at = |i: usize| -> (usize, bool) {
        let c = b[i];
        if c.is_ascii() {
            (1, matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'))
        } else {
            text[i..]
                .chars()
                .next()
                .map_or((1, false), |ch| (ch.len_utf8(), ch.is_whitespace()))
        }
    };
    let mut i = seg.start;
    while i < seg.end {
        let (len, blank) = at(i);
        if blank {
            i += len;
            continue;
        }
        let start = i;
        i += len;
        while i < seg.end {
            let (len, blank) = at(i);
            if blank {
                break;
            }
            i += len;
        }
        out.push(Word::new(&text[start..i], start..i));
    }
}

fn eq(w: &Word, s: &str) -> bool {
    w.core.eq_ignore_ascii_case(s)
}

/// A version word: `[@scope/name@]v?MAJOR[.0[.0]]` followed by nothing but punctuation; returns the
/// major, the range of its digits, the named package and where the version ends.
fn version_word(w: &Word) -> Option<(u64, Range<usize>, Option<String>, usize)> {
    let t = w.text;
    let (package, rest, rest_at) = match t.rfind('@') {
        Some(at) if at > 0 => (Some(t[..at].to_string()), &t[at + 1..], at + 1),
        _ => (None, t, 0),
    };
    let (rest, rest_at) = match rest.strip_prefix(['v', 'V']) {
        Some(r) => (r, rest_at + 1),
        None => (rest, rest_at),
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let major = rest[..digits].parse().ok()?;
    let mut end = digits;
    for _ in 0..2 {
        if rest[end..].starts_with(".0")
            && !rest[end + 2..].starts_with(|c: char| c.is_ascii_digit())
        {
            end += 2;
        } else {
            break;
        }
    }
    // whatever follows is punctuation, not more version (`9.1.0` is not a major)
    let tail = &rest[end..];
    if tail.starts_with(|c: char| c.is_ascii_alphanumeric())
        || (tail.starts_with('.') && tail[1..].starts_with(|c: char| c.is_ascii_digit()))
    {
        return None;
    }
    let start = w.range.start + rest_at;
    Some((major, start..start + digits, package, start + end))
}

fn find(
    words: &[Word],
    seg: &Range<usize>,
    prose: &mut Prose,
    deprecations: &mut Vec<Deprecation>,
) {
    let mut i = 0;
    while i < words.len() {
        if let Some((p, next)) = promise_at(words, i, seg.start) {
            i = next; // "will be removed in 9": "removed in 9" is the same promise
            prose.promises.push(p);
            continue;
        }
        if let Some(d) = deprecation_at(words, i, seg) {
            deprecations.push(d);
        }
        i += 1;
    }
}

fn promise_at(words: &[Word], i: usize, segment_start: usize) -> Option<(Promise, usize)> {
    // every phrase starts with `will`, `to`, `scheduled`, `slated` or `removed`/`removal`
    let first = words[i].core.as_bytes().first()?.to_ascii_lowercase();
    if !matches!(first, b'w' | b't' | b's' | b'r') {
        return None;
    }
    let phrase = PHRASES.iter().find(|p| {
        p.iter()
            .enumerate()
            .all(|(k, s)| words.get(i + k).is_some_and(|w| eq(w, s)))
    })?;
    // "have been removed in v3", "was removed in 3.0", "these props are removed in v3": a record
    // of what a release did or does (migration guides), not a promise
    let past = ["been", "was", "were", "is", "are"];
    if phrase.len() == 1
        && i > 0
        && words
            .get(i - 1)
            .is_some_and(|w| past.iter().any(|p| eq(w, p)))
    {
        return None;
    }
    let mut j = i + phrase.len();
    if !words.get(j).is_some_and(|w| eq(w, "in")) {
        return None;
    }
    j += 1;
    if words.get(j).is_some_and(|w| eq(w, "version")) {
        j += 1;
    }
    // `@scope/name@ 9` written apart, or `@scope/name@9` together
    let mut package = None;
    if let Some(w) = words
        .get(j)
        .filter(|w| w.text.ends_with('@') && w.text.len() > 1)
    {
        package = Some(w.text.trim_end_matches('@').to_string());
        j += 1;
    }
    let (major, major_range, named, end) = version_word(words.get(j)?)?;
    let promise = Promise {
        major,
        package: package.or(named).map(String::into_boxed_str),
        major_span: Span::of(&major_range),
        span: Span::of(&(words[i].range.start..end)),
        segment_start: u32::try_from(segment_start).unwrap_or(u32::MAX),
        kept: false,
        keep_at: 0,
        indent: Indent::default(),
        crlf: false,
    };
    Some((promise, j + 1))
}

/// `deprecated in|since [version] [@pkg@]v?N`, `@deprecated since N`.
fn deprecation_at(words: &[Word], i: usize, seg: &Range<usize>) -> Option<Deprecation> {
    let w = &words[i];
    if !(eq(w, "deprecated")) {
        return None;
    }
    let mut j = i + 1;
    if !words.get(j).is_some_and(|w| eq(w, "in") || eq(w, "since")) {
        return None;
    }
    j += 1;
    if words.get(j).is_some_and(|w| eq(w, "version")) {
        j += 1;
    }
    let (major, _, _, end) = version_word(words.get(j)?)?;
    Some(Deprecation {
        major,
        range: w.range.start..end,
        segment: seg.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn promises(path: &str, text: &str) -> Vec<(u64, Option<String>, String)> {
        scan(Path::new(path), text)
            .promises
            .into_iter()
            .map(|p| {
                (
                    p.major,
                    p.package.as_deref().map(String::from),
                    text[p.major_range()].to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn a_record_of_a_past_removal_is_no_promise() {
        let md = "These props have been removed in v3:\n\nThe `isOpen` prop was removed in 3.0. \
                  Both were removed in v3. The wrapper is removed in v3.\n\nThe old codec will be \
                  removed in 4.0.\n";
        assert_eq!(promises("MIGRATION.md", md), [(4, None, "4".to_string())]);
    }

    #[test]
    fn phrases_wrap_across_lines_and_comment_markers() {
        let ts = "/**\n * The v4 codec will be\n * removed in 9.0.0.\n */\n// scheduled for\n// removal in version v10\nconst s = 'slated for removal in @ms/contracts@8'\n";
        assert_eq!(
            promises("a.ts", ts),
            [
                (9, None, "9".to_string()),
                (10, None, "10".to_string()),
                (8, Some("@ms/contracts".to_string()), "8".to_string()),
            ]
        );
        // a minor is not a major; code is not prose
        assert!(promises(
            "a.ts",
            "// removed in 9.1.0\nconst removed = 'x'; removal.in(9)\n"
        )
        .is_empty());
        let md = "The codec is **to be\nremoved in 7.0** soon.\n";
        assert_eq!(promises("README.md", md), [(7, None, "7".to_string())]);
    }

    /// The windows around trigger words find what splitting whole segments into words finds, on
    /// texts made of the phrases' words, numbers, blanks and comment markers in every order.
    #[test]
    fn windows_around_triggers_find_what_whole_segments_find() {
        let vocabulary = [
            "will be removed in",
            "to be\n// removed in",
            "scheduled for removal in",
            "Removal in",
            "was removed in",
            "will be gone in version",
            "slated for removal in version",
            "removed in",
            "deprecated since",
            "@deprecated in version",
            "DEPRECATED in",
            "in",
            "9",
            "v10.0",
            "@a/b@",
            "@c/d@7",
            "3.0.0",
            "x",
            "unremovable",
            "removeItem(",
            "isDeprecated",
            "removed,",
            "/*removed*/",
            "\"removed\"",
            "'in",
            "`",
            "\"",
            "removedin",
            "removed\\nin",
            "(in)",
            "\u{2014}",
            "\u{e9}",
            "since",
            "gone",
            "\n",
            "\n// ",
            "\u{a0}",
            "\t",
            ".",
        ];
        let mut rnd = {
            let mut state = 0x2545_f491_4f6c_dd1du64;
            move |n: usize| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state % n as u64) as usize
            }
        };
        for case in 0..3000 {
            let mut text = String::from("// ");
            for _ in 0..rnd(40) {
                text.push_str(vocabulary[rnd(vocabulary.len())]);
                text.push(if rnd(4) == 0 { '\n' } else { ' ' });
            }
            let path = Path::new(if case % 2 == 0 { "a.ts" } else { "a.md" });
            let fast = scan(path, &text);
            // the reference: every segment split whole
            let markdown = case % 2 == 1;
            let (blanked, segments) = if markdown {
                (text.clone(), vec![0..text.len()])
            } else {
                script_segments(&text, literals(path, &text))
            };
            let mut whole = Prose::default();
            let mut deprecations = Vec::new();
            for seg in &segments {
                let words = words(&blanked, seg.clone());
                find(&words, seg, &mut whole, &mut deprecations);
            }
            if whole.promises.is_empty() && deprecations.is_empty() {
                assert!(
                    fast.promises.is_empty() && fast.early.is_empty(),
                    "{text:?}"
                );
                continue;
            }
            whole.early = early_removals(&text, &deprecations, &whole.promises);
            let spans = |p: &Prose| {
                p.promises
                    .iter()
                    .map(|p| (p.range(), p.major))
                    .collect::<Vec<_>>()
            };
            assert_eq!(spans(&fast), spans(&whole), "{text:?}");
            assert_eq!(fast.early, whole.early, "{text:?}");
        }
    }

    /// The byte-by-byte split gives the words, ranges and cores a split by characters gives, on
    /// every short text of blanks (ASCII and beyond), letters, digits and marks.
    #[test]
    fn words_are_split_as_characters_are() {
        let alphabet = [
            " ", "\t", "\n", "\u{b}", "\u{c}", "\r", "a", "7", ".", "@", "\u{2014}", "\u{a0}",
            "\u{e9}", "\u{2028}", "\u{85}", "\u{3000}",
        ];
        let mut texts = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..4 {
            last = last
                .iter()
                .flat_map(|t| alphabet.map(|c| format!("{t}{c}")))
                .collect();
            texts.extend(last.iter().cloned());
        }
        for t in &texts {
            let mut by_chars = Vec::new();
            let mut start = None;
            for (i, c) in t.char_indices() {
                if c.is_whitespace() {
                    if let Some(s) = start.take() {
                        by_chars.push((s..i, t[s..i].trim_matches(|c: char| !c.is_alphanumeric())));
                    }
                } else if start.is_none() {
                    start = Some(i);
                }
            }
            if let Some(s) = start {
                by_chars.push((
                    s..t.len(),
                    t[s..].trim_matches(|c: char| !c.is_alphanumeric()),
                ));
            }
            let mut by_bytes = Vec::new();
            split_words(t, 0..t.len(), &mut by_bytes);
            let by_bytes: Vec<_> = by_bytes.iter().map(|w| (w.range.clone(), w.core)).collect();
            assert_eq!(by_bytes, by_chars, "{t:?}");
        }
    }

    /// The jumping blanker blanks what a byte-by-byte one does, on every short text of markers,
    /// blanks, breaks and letters, over every range.
    #[test]
    fn markers_are_blanked_as_byte_by_byte() {
        fn reference(bytes: &mut [u8], r: Range<usize>) {
            let mut i = r.start;
            let mut line_start = true;
            while i < r.end {
                let b = bytes[i];
                if b == b'\n' {
                    line_start = true;
                    i += 1;
                    continue;
                }
                let two = (i + 1 < r.end).then(|| (b, bytes[i + 1]));
                if matches!(
                    two,
                    Some((b'/', b'/')) | Some((b'/', b'*')) | Some((b'*', b'/'))
                ) {
                    bytes[i] = b' ';
                    bytes[i + 1] = b' ';
                    i += 2;
                    continue;
                }
                if line_start && b == b'*' {
                    bytes[i] = b' ';
                } else if !b.is_ascii_whitespace() {
                    line_start = false;
                }
                i += 1;
            }
        }
        let alphabet = b"/*\n a\t";
        for len in 1..=7usize {
            for mut n in 0..alphabet.len().pow(len as u32) {
                let mut text = Vec::new();
                for _ in 0..len {
                    text.push(alphabet[n % alphabet.len()]);
                    n /= alphabet.len();
                }
                for start in 0..len {
                    let (mut a, mut b) = (text.clone(), text.clone());
                    blank_markers(&mut a, start..len);
                    reference(&mut b, start..len);
                    assert_eq!(a, b, "{:?} from {start}", String::from_utf8_lossy(&text));
                }
            }
        }
    }

    /// Lines found around an offset agree with the line index on every short text of breaks,
    /// blanks and letters (lone `\r`, `\r\n`, `\n\r` included).
    #[test]
    fn lines_are_found_as_the_line_index_counts_them() {
        let alphabet = ['\n', '\r', ' ', 'x'];
        for len in 1..=7usize {
            for mut n in 0..4usize.pow(len as u32) {
                let mut text = String::new();
                for _ in 0..len {
                    text.push(alphabet[n % 4]);
                    n /= 4;
                }
                let index = crate::text::LineIndex::new(&text);
                for (at, c) in text
                    .char_indices()
                    .filter(|(_, c)| !matches!(c, '\n' | '\r'))
                {
                    let _ = c;
                    let line = index.line_of(at);
                    assert_eq!(
                        line_around(&text, at),
                        index.line_range(&text, line),
                        "{text:?} at {at}"
                    );
                    let mut above = Vec::new();
                    let mut l = line_around(&text, at);
                    while let Some(prev) = line_before(&text, l.start) {
                        above.push(prev.clone());
                        l = prev;
                    }
                    let expected: Vec<_> = (0..line)
                        .rev()
                        .map(|k| index.line_range(&text, k))
                        .collect();
                    assert_eq!(above, expected, "{text:?} at {at}");
                }
            }
        }
    }

    #[test]
    fn a_removal_too_early_for_its_deprecation_is_found_when_scanned() {
        let ts = "/** @deprecated since 6 — will be removed in 7.0.0 */\n";
        let p = scan(Path::new("a.ts"), ts);
        assert_eq!(p.promises[0].major, 7);
        assert_eq!(p.early.len(), 1);
        assert_eq!(p.early[0].deprecated_in, 6);
        assert_eq!(&ts[p.early[0].deprecation()], "@deprecated since 6");
        assert_eq!(p.early[0].promise, 0);
        // in time, or in another sentence: nothing
        let ok = "/** @deprecated since 6 — will be removed in 8.0.0 */\nconst a = 1\n// deprecated in 6. It will be removed in 7.\n";
        assert!(scan(Path::new("a.ts"), ok).early.is_empty());
    }
}

#[cfg(test)]
mod lexer_agrees_with_the_tree {
    use super::*;

    /// Where the tree has no error and the lexer answers, both find the same comments and
    /// strings. Returns (files compared, files the lexer left to the parser).
    fn compare(dir: &Path) -> (usize, usize) {
        let mut files = Vec::new();
        crate::syntax::scripts_below(dir, &mut files);
        let (mut compared, mut declined) = (0, 0);
        for f in files {
            let Ok(text) = std::fs::read_to_string(&f) else {
                continue;
            };
            let Some(how) = lexing(&f, &text) else {
                continue;
            };
            // JSX against the grammar that reads it (tree-sitter's TSX), the rest against TypeScript's
            let parsed = match how {
                Lexing::Plain => {
                    parse_tree(&text).map(|t| (t.root_node().has_error(), tree_literals(&text)))
                }
                Lexing::Jsx => {
                    tsx_tree(&text).map(|t| (t.root_node().has_error(), Some(walk_literals(&t))))
                }
            };
            let Some((false, Some(parsed))) = parsed else {
                continue;
            };
            let lexed = match how {
                Lexing::Plain => script_lexer::literals(&text),
                Lexing::Jsx => script_lexer::literals_jsx(&text),
            };
            let Some(lexed) = lexed else {
                declined += 1;
                continue;
            };
            assert_eq!(lexed, parsed, "{}", f.display());
            compared += 1;
        }
        (compared, declined)
    }

    fn tsx_tree(text: &str) -> Option<tree_sitter::Tree> {
        let mut parser = tree_sitter::Parser::new();
        parser
            .set_language(&tree_sitter_typescript::LANGUAGE_TSX.into())
            .ok()?;
        parser.parse(text, None)
    }

    #[test]
    fn jsx_is_read_as_the_tsx_grammar_reads_it() {
        let cases = [
            "export const A = () => (\n  <div className=\"a 'b'\" title='it\"s' data-x={`t ${1}`}>\n    it's text // not a comment\n    {/* a comment */}\n    <B.C d=\"e\" {...p} />\n    <>\n      {x && <span>{'s'}</span>}\n    </>\n  </div>\n)\n",
            "function f() { return <a href=\"x\">will be removed in 9</a> }\nconst s = 'y' // z\n",
            "const x = a < b ? 'c' : <d e=\"f\" />\n",
        ];
        for text in cases {
            let tree = tsx_tree(text).unwrap();
            assert!(!tree.root_node().has_error(), "{text}");
            let lexed =
                script_lexer::literals_jsx(text).unwrap_or_else(|| panic!("declined: {text}"));
            assert_eq!(lexed, walk_literals(&tree), "{text}");
        }
        // a generic arrow function, a closing tag for another element: left to the parser
        for text in ["const f = <T,>(x: T) => x\n", "const a = <b></c>\n"] {
            assert_eq!(script_lexer::literals_jsx(text), None, "{text}");
        }
    }

    #[test]
    fn on_every_fixture() {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests");
        let (compared, declined) = compare(&fixtures);
        assert!(compared > 50, "only {compared} files compared");
        eprintln!("{compared} files compared, {declined} left to the parser");
    }

    /// `LEXER_CORPUS=/path/to/repos cargo test -p manifest-lsp --lib lexer_agrees -- --ignored`
    #[test]
    #[ignore]
    fn on_a_corpus() {
        let dir = std::env::var("LEXER_CORPUS").expect("LEXER_CORPUS names a folder");
        let (compared, declined) = compare(Path::new(&dir));
        eprintln!("{compared} files compared, {declined} left to the parser");
    }
}
