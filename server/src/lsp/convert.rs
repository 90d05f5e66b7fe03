//! Core types ⇄ LSP types. Positions are converted here and nowhere else.

use std::path::PathBuf;

use ropey::Rope;
use tower_lsp_server::ls_types::{
    self as lsp, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Position, TextDocumentContentChangeEvent, Uri,
};

use crate::diagnostic::{Diagnostic, Severity};
use crate::text::{Encoding, LineIndex};
use crate::workspace::Source;

pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    uri.to_file_path().map(|p| p.into_owned())
}

pub fn to_lsp_range(
    text: &str,
    index: &LineIndex,
    range: std::ops::Range<usize>,
    enc: Encoding,
) -> lsp::Range {
    let p = |o| {
        let lc = index.position(text, o, enc);
        Position::new(lc.line, lc.col)
    };
    lsp::Range::new(p(range.start), p(range.end))
}

/// The byte offset of an LSP position (clamped to the text).
pub fn to_offset(text: &str, index: &LineIndex, pos: Position, enc: Encoding) -> usize {
    index.offset(
        text,
        crate::text::LineCol {
            line: pos.line,
            col: pos.character,
        },
        enc,
    )
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// A message as plain text: LSP diagnostic messages are not Markdown (VS Code shows a backtick as
/// a backtick), so the backticks that quote names in `check`'s output are left out.
fn plain(message: &str) -> String {
    message.replace('`', "")
}

pub fn to_lsp_diagnostic(
    d: &Diagnostic,
    text: &str,
    index: &LineIndex,
    enc: Encoding,
    source: &dyn Source,
) -> lsp::Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = d
        .related
        .iter()
        .filter_map(|r| {
            let uri = Uri::from_file_path(&r.path)?;
            let other = source.read(&r.path).ok()?;
            let range = to_lsp_range(&other, &LineIndex::new(&other), r.range.clone(), enc);
            Some(DiagnosticRelatedInformation {
                location: Location::new(uri, range),
                message: plain(&r.message),
            })
        })
        .collect();
    lsp::Diagnostic {
        range: to_lsp_range(text, index, d.range.clone(), enc),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.code.to_string())),
        code_description: crate::rules::find(d.code)
            .and_then(|r| r.doc_url()?.parse().ok())
            .map(|href| lsp::CodeDescription { href }),
        source: Some("manifest-lsp".into()),
        message: plain(&d.message),
        related_information: (!related.is_empty()).then_some(related),
        data: Some(serde_json::json!({ "fixable": !d.fixes.is_empty() })),
        ..Default::default()
    }
}

/// A position in a rope → char index, counting columns in the negotiated encoding; clamped.
fn char_index(rope: &Rope, pos: Position, enc: Encoding) -> usize {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return rope.len_chars();
    }
    let start = rope.line_to_char(line);
    let mut units = 0usize;
    for (i, c) in rope.line(line).chars().enumerate() {
        if units >= pos.character as usize || c == '\n' || c == '\r' {
            return start + i;
        }
        units += match enc {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        };
        if units > pos.character as usize {
            return start + i; // inside a character: snap to its start
        }
    }
    start + rope.line(line).len_chars()
}

pub fn apply_change(rope: &mut Rope, change: &TextDocumentContentChangeEvent, enc: Encoding) {
    match change.range {
        Some(range) => {
            let start = char_index(rope, range.start, enc);
            let end = char_index(rope, range.end, enc).max(start);
            rope.remove(start..end);
            rope.insert(start, &change.text);
        }
        None => *rope = Rope::from_str(&change.text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn incremental_edits_in_both_encodings() {
        let mut rope = Rope::from_str("a😀b\r\nc字d\n");
        // replace `b` (utf-16 col 3) with `X`
        let ch = |l, c| Position::new(l, c);
        apply_change(
            &mut rope,
            &TextDocumentContentChangeEvent {
                range: Some(lsp::Range::new(ch(0, 3), ch(0, 4))),
                range_length: None,
                text: "X".into(),
            },
            Encoding::Utf16,
        );
        assert_eq!(rope.to_string(), "a😀X\r\nc字d\n");
        // delete `字` (utf-8 bytes 1..4 on line 1)
        apply_change(
            &mut rope,
            &TextDocumentContentChangeEvent {
                range: Some(lsp::Range::new(ch(1, 1), ch(1, 4))),
                range_length: None,
                text: String::new(),
            },
            Encoding::Utf8,
        );
        assert_eq!(rope.to_string(), "a😀X\r\ncd\n");
        // past the end of a line clamps before the line break
        apply_change(
            &mut rope,
            &TextDocumentContentChangeEvent {
                range: Some(lsp::Range::new(ch(0, 99), ch(0, 99))),
                range_length: None,
                text: "!".into(),
            },
            Encoding::Utf16,
        );
        assert_eq!(rope.to_string(), "a😀X!\r\ncd\n");
    }
}
