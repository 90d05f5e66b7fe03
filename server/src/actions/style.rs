//! How a file is written, so that inserted code looks like the code around it.

/// The conventions of one TypeScript file, read from its own text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Style {
    /// `'` or `"`.
    pub quote: char,
    /// Statements end with `;`.
    pub semicolons: bool,
    /// One level of indentation: a tab or some spaces.
    pub indent: String,
    /// `\n` or `\r\n`.
    pub newline: &'static str,
}

impl Default for Style {
    /// Prettier's defaults as Start9's templates use them.
    fn default() -> Self {
        Style {
            quote: '\'',
            semicolons: false,
            indent: "  ".into(),
            newline: "\n",
        }
    }
}

impl Style {
    /// `quote`: the quote of a string literal in the file, when one is known.
    pub fn of(text: &str, quote: Option<char>) -> Style {
        let default = Style::default();
        let indent = text
            .lines()
            .map(|l| {
                let ws = l.len() - l.trim_start_matches([' ', '\t']).len();
                (&l[..ws], l[ws..].trim())
            })
            .find(|(ws, rest)| !ws.is_empty() && !rest.is_empty() && !rest.starts_with('*'))
            .map(|(ws, _)| {
                if ws.starts_with('\t') {
                    "\t".into()
                } else {
                    ws.into()
                }
            })
            .unwrap_or(default.indent);
        Style {
            quote: quote
                .filter(|q| matches!(q, '\'' | '"'))
                .unwrap_or(default.quote),
            semicolons: semicolons(text),
            indent,
            newline: if text.contains("\r\n") { "\r\n" } else { "\n" },
        }
    }

    pub fn quoted(&self, s: &str) -> String {
        format!("{q}{s}{q}", q = self.quote)
    }

    pub fn semi(&self) -> &'static str {
        if self.semicolons {
            ";"
        } else {
            ""
        }
    }

    pub fn indent(&self, levels: usize) -> String {
        self.indent.repeat(levels)
    }
}

/// Whether top-level statements end with `;` (most lines that close a statement decide).
fn semicolons(text: &str) -> bool {
    let mut with = 0;
    let mut without = 0;
    for line in text.lines() {
        if line.starts_with([' ', '\t']) {
            continue; // only top-level statement ends
        }
        let l = line.trim_end();
        if l.starts_with("import ") || l.starts_with("export ") || l.starts_with('}') {
            if l.ends_with(';') {
                with += 1;
            } else if l.ends_with(['\'', '"', ')']) {
                without += 1;
            }
        }
    }
    with > without
}

/// The whitespace that starts the line holding `offset`.
pub fn line_indent(text: &str, offset: usize) -> &str {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[start..];
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_quotes_semicolons_indent_and_newlines() {
        let prettier = "import { a } from 'b'\n\nexport const x = f({\n  y: 1,\n})\n";
        assert_eq!(Style::of(prettier, Some('\'')), Style::default());
        let other = "import { a } from \"b\";\r\n\r\nexport const x = f({\r\n\ty: 1,\r\n});\r\n";
        let s = Style::of(other, Some('"'));
        assert_eq!(
            (s.quote, s.semicolons, s.indent.as_str(), s.newline),
            ('"', true, "\t", "\r\n")
        );
        assert_eq!(Style::of("x({\n    a: 1\n})", None).indent, "    ");
    }
}
