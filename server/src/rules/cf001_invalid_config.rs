use super::Rule;
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    code: "CF001",
    source: file!(),
    name: "invalid-config",
    severity: Severity::Error,
    summary: "manifest-lsp.toml cannot be used: the defaults apply",
    docs: r#"## What it does
Reports a `manifest-lsp.toml` that is not valid TOML, names an unknown rule, gives an unknown
severity or an invalid exclude glob.

## Why is this bad?
A configuration that cannot be read silently changes nothing; the file's author expects it to.
manifest-lsp keeps its defaults and says where the file is wrong.

## Example
```toml
[rules]
SO999 = "off"   # no such rule
```
"#,
};
