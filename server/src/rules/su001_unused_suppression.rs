//! SU001: a `manifest-lsp-ignore-next-line` comment that suppresses nothing (found by
//! `suppress.rs`, which applies the comments).

use super::Rule;
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    code: "SU001",
    source: file!(),
    name: "unused-suppression",
    severity: Severity::Hint,
    summary: "a manifest-lsp-ignore-next-line comment that suppresses nothing",
    docs: r#"## What it does
`// manifest-lsp-ignore-next-line CODE[, CODE]` (TypeScript/JavaScript and JSON with comments),
`<!-- manifest-lsp-ignore-next-line CODE -->` (Markdown) or a `"//": "manifest-lsp-ignore-next-line
CODE"` member (JSON) hides the named findings on the next line. This rule reports codes such a
comment names that the next line does not have (any more).

## Why is this bad?
A stale ignore hides the next real problem on that line, and tells readers something that is no
longer true.

## Example
```ts
// manifest-lsp-ignore-next-line SO002
export const v_1_0_0_0 = VersionInfo.of({ version: '1.0.0:0', ... })   // nothing to ignore here
```

## Fix
Remove the comment (safe when none of its codes is used).
"#,
};
