use super::{Rule, Sink};
use crate::diagnostic::{Fix, Severity};
use crate::exver::{parse_range, Join};
use crate::startos::StartOsPackage;

pub const RULE: Rule = Rule {
    code: "EX004",
    source: file!(),
    name: "ambiguous-range",
    severity: Severity::Warning,
    summary: "`&&` and `||` mixed without parentheses, or atoms juxtaposed without an operator",
    docs: r#"## What it does
Flags a range that mixes `&&` and `||` without parentheses, or writes two atoms side by side.

## Why is this bad?
ExVer gives `&&` and `||` no precedence and folds left to right, and it reads a juxtaposition as
a repeat of the previous operator; other implementations (and readers) disagree.

## Example
```ts
'>=1:0 || >=2:0 && <3:0'   // means (>=1:0 || >=2:0) && <3:0
'>=1:0 <2:0'               // means >=1:0 && <2:0
```

## Fix
Adds the parentheses (or the explicit operator) that spell out what ExVer already reads.
"#,
};

pub fn check(pkg: &StartOsPackage, sink: &mut Sink) {
    for (file, lit) in pkg.range_literals() {
        let Ok(facts) = parse_range(&lit.value) else {
            continue;
        };
        for amb in facts.ambiguities {
            let span = amb.span();
            let range = lit.sub_range(span.clone());
            // Spell out the left-to-right fold: ((a op b) op c) …
            let joins = amb.effective_joins();
            let mut text = lit.value[amb.atoms[0].clone()].to_string();
            for (i, atom) in amb.atoms[1..].iter().enumerate() {
                let op = if joins[i] == Join::Or { "||" } else { "&&" };
                if i > 0 {
                    text = format!("({text})");
                }
                text = format!("{text} {op} {}", &lit.value[atom.clone()]);
            }
            let what = if amb.is_mixed() {
                "mixes `&&` and `||` without parentheses"
            } else {
                "juxtaposes atoms without an operator"
            };
            sink.report(
                &RULE,
                &file.path,
                range.clone(),
                format!(
                    "range `{}` {what}: ExVer reads it as `{text}`",
                    &lit.value[span]
                ),
            )
            .fix(Fix::edit(
                "Make the grouping explicit",
                file.path.clone(),
                range,
                text,
            ));
        }
    }
}
