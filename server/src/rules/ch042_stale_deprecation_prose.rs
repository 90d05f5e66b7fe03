//! CH042: prose promising a removal in a major that has already shipped.

use super::{Rule, Sink};
use crate::charter::{Monorepo, SourceView, WsPackage};
use crate::diagnostic::{Fix, Severity};
use crate::syntax::prose::Promise;

pub const RULE: Rule = Rule {
    code: "CH042",
    source: file!(),
    name: "stale-deprecation-prose",
    severity: Severity::Error,
    summary: "prose promising a removal in a major the package has already shipped",
    docs: r#"## What it does
Reads comments and strings of `.ts/.mts/.tsx/.js/.mjs/.cjs` files and Markdown text (not
`CHANGELOG*` files, nor vendored, built or minified files: `vendor/`, `dist/`, `*.min.*`, a line
over 1,000 characters; nor `[charter] exclude` globs) for a removal promise: `will be removed`, `to be removed`, `will be gone`,
`scheduled for removal`, `slated for removal`, `removed` or `removal`, then `in`, an optional
`version`, an optional `@scope/name@`, an optional `v`, and a major (`9`, `9.0`, `9.0.0`). Wrapped
lines count. A record of what a release removed is no promise: `removed` right after `been`,
`was`, `were`, `is` or `are` ("these props have been removed in v3", migration guides). The major is compared with the package the prose names, else the nearest enclosing
`package.json`; a prerelease version (`9.0.0-next.3`) has not shipped its major yet.

## Why is this bad?
"Will be removed in 9.0.0" in a package already at 9.x is a broken promise: either the code should
be gone, or the promise moved.

## Example
```ts
/** The v4 codec will be removed in 8.0.0. */   // the package is at 8.2.0
```

## Fix
Move the promise to the next major (the charter minimum), or keep it deliberately with a
`// CHARTER: keep` line directly above (Markdown: `<!-- CHARTER: keep -->` on the nearest preceding
non-blank line).
"#,
};

/// The package a promise speaks about: the one it names, else the one enclosing the file
/// (looked up once a file: `enclosing` holds it once found).
fn subject<'r>(
    repo: &'r Monorepo,
    path: &std::path::Path,
    p: &Promise,
    enclosing: &std::cell::OnceCell<Option<&'r WsPackage>>,
) -> Option<&'r WsPackage> {
    match p.package.as_deref() {
        Some(named) => repo.members().chain(&repo.packages).find(|pkg| {
            pkg.name.as_deref().is_some_and(|n| {
                n == named || n.ends_with(&format!("/{named}")) || named.ends_with(&format!("/{n}"))
            })
        }),
        None => *enclosing.get_or_init(|| repo.enclosing(path)),
    }
}

/// One source file's promises.
pub fn check(repo: &Monorepo, source: SourceView<'_>, sink: &mut Sink) {
    let (path, prose) = (source.path, source.prose);
    let markdown = path.extension().is_some_and(|e| e == "md");
    let enclosing = std::cell::OnceCell::new();
    for p in &prose.promises {
        let Some(pkg) = subject(repo, path, p, &enclosing) else {
            continue;
        };
        // a prerelease (`3.0.0-next.16`) has not shipped its major yet
        let Some(current) = pkg.shipped_major() else {
            continue;
        };
        if p.major > current || p.kept {
            continue;
        }
        let name = pkg.name.as_deref().unwrap_or("the package");
        let next = current + 1;
        let (at, keep) = p.keep_line(markdown);
        sink.report(
            &RULE,
            path,
            p.range(),
            format!(
                "this promises a removal in {}, but {name} is already at {current}.x: move it to {next} or remove the code",
                p.major
            ),
        )
        .fix(Fix::edit(format!("Move the promise to {next}"), path.to_path_buf(), p.major_range(), next.to_string()))
        .fix(Fix::edit(
            "Keep this promise (CHARTER: keep)",
            path.to_path_buf(),
            at..at,
            keep,
        ));
    }
}
