//! Fixes as a plan: every fix of a set of findings, applied to texts in memory, the tree checked
//! again, and kept only when it is no worse; colliding fixes set aside. `check --fix` writes a
//! plan to disk, the editor's fix-all sends it as one workspace edit.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::apply::apply;
use crate::diagnostic::{Change, Diagnostic, Fix, Severity};
use crate::workspace::{ReadError, Source};

/// Enough for fixes that uncover or unblock one another; each pass must make progress.
const MAX_PASSES: usize = 8;
/// When a pass's fixes together would make the tree worse, each is tried alone: at most this
/// many trials (each one re-checks the paths), the rest wait for a later run.
const MAX_TRIALS: usize = 200;

/// A source (the disk, or the editor's buffers over it) with the texts a plan would write served
/// in their place: what the tree would be once the plan is written, checked before anything is.
struct Planned<'a> {
    base: &'a dyn Source,
    texts: Mutex<HashMap<PathBuf, Arc<str>>>,
    /// The text each file had when it was first read (every later read gets that text): a planned
    /// file is written over only while the disk still holds exactly that.
    originals: Mutex<HashMap<PathBuf, Arc<str>>>,
}

impl Source for Planned<'_> {
    fn read(&self, path: &Path) -> Result<Arc<str>, ReadError> {
        if let Some(t) = self
            .texts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(path)
        {
            return Ok(t.clone());
        }
        // the first read of a file is the text every later read, fix and write works from: a
        // file saved meanwhile (an editor's atomic save) never has a fix computed on one text
        // applied to another
        if let Some(t) = self
            .originals
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(path)
        {
            return Ok(t.clone());
        }
        let text = self.base.read(path)?;
        Ok(self
            .originals
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(path.to_path_buf())
            .or_insert(text)
            .clone())
    }
    fn list_files(&self, dir: &Path) -> Vec<PathBuf> {
        self.base.list_files(dir)
    }
    fn is_dir(&self, path: &Path) -> bool {
        self.base.is_dir(path)
    }
}

impl Planned<'_> {
    fn snapshot(&self) -> HashMap<PathBuf, Arc<str>> {
        self.texts.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
    fn restore(&self, texts: HashMap<PathBuf, Arc<str>>) {
        *self.texts.lock().unwrap_or_else(|e| e.into_inner()) = texts;
    }
    /// Applies a fix's edits to the planned texts; `Err` leaves them as they were.
    fn apply(&self, fix: &Fix) -> Result<(), String> {
        // every file the fix edits was read through `read`: its original is kept
        let after = apply(&fix.changes, |p| self.read(p).ok().map(|t| t.to_string()))?;
        if after.iter().any(|(_, text)| text.is_none()) {
            return Err("the fix removes a file".into());
        }
        let mut texts = self.texts.lock().unwrap_or_else(|e| e.into_inner());
        for (path, text) in after {
            if let Some(text) = text {
                texts.insert(path, Arc::from(text));
            }
        }
        Ok(())
    }
}

/// The findings a plan is judged by: per file and code, how many; and the loud ones.
struct Standing {
    codes: BTreeMap<(PathBuf, &'static str), usize>,
    loud: usize,
}

impl Standing {
    fn of(diagnostics: &[Diagnostic]) -> Standing {
        let mut codes = BTreeMap::new();
        for d in diagnostics {
            *codes.entry((d.path.clone(), d.code)).or_insert(0) += 1;
        }
        let loud = diagnostics
            .iter()
            .filter(|d| matches!(d.severity, Severity::Error | Severity::Warning))
            .count();
        Standing { codes, loud }
    }

    /// Why `after` is worse than `self` (the tree before any fix), if it is: a finding of a code
    /// its file did not have, or more loud findings.
    fn worse(&self, after: &Standing) -> Option<String> {
        if let Some(((path, code), _)) = after
            .codes
            .iter()
            .find(|(k, n)| self.codes.get(*k).is_none_or(|m| **n > *m))
        {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            return Some(format!("it would add {code} in {name}"));
        }
        (after.loud > self.loud).then(|| {
            format!(
                "it would leave more errors and warnings ({} against {})",
                after.loud, self.loud
            )
        })
    }
}

/// A fix a plan may apply: text edits only (a rename or a new file waits for the editor), safe
/// unless unsafe fixes were asked for.
fn applicable(fix: &Fix, unsafe_fixes: bool) -> bool {
    (fix.safe || unsafe_fixes) && !fix.needs_resource_operations()
}

fn edited_ranges(fix: &Fix) -> impl Iterator<Item = (&Path, &std::ops::Range<usize>)> {
    fix.changes.iter().filter_map(|c| match c {
        Change::Edit { path, range, .. } => Some((path.as_path(), range)),
        _ => None,
    })
}

/// The names a fix gives: the identifiers it writes in place of others (an export renamed with
/// its imports), and the files it renames to. Two fixes that give one name collide.
fn claims(fix: &Fix) -> Vec<String> {
    let identifier = |t: &str| {
        let mut chars = t.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
    };
    let mut out: Vec<String> = fix
        .changes
        .iter()
        .filter_map(|c| match c {
            Change::Edit { new_text, .. } if identifier(new_text) => Some(new_text.clone()),
            Change::Rename { to, .. } => Some(to.display().to_string()),
            _ => None,
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// One fix per finding (its first applicable one), leaving out those whose edits overlap
/// another's, or that give the same name as another: both are named as colliding, and neither
/// is taken.
fn candidates<'d>(
    diagnostics: &'d [Diagnostic],
    wanted: &dyn Fn(&Diagnostic) -> bool,
    unsafe_fixes: bool,
    refused: &BTreeSet<String>,
    rejected: &mut Vec<String>,
    show: &dyn Fn(&Diagnostic) -> String,
) -> Vec<(&'d Diagnostic, &'d Fix)> {
    let found: Vec<(&Diagnostic, &Fix)> = diagnostics
        .iter()
        .filter(|d| wanted(d))
        .filter_map(|d| {
            let fix = d.fixes.iter().find(|f| applicable(f, unsafe_fixes))?;
            Some((d, fix))
        })
        .filter(|(d, _)| !refused.contains(&show(d)))
        .collect();
    let overlaps = |a: &Fix, b: &Fix| {
        edited_ranges(a).any(|(pa, ra)| {
            edited_ranges(b).any(|(pb, rb)| pa == pb && ra.start < rb.end && rb.start < ra.end)
        })
    };
    let mut out = Vec::new();
    for (i, (d, fix)) in found.iter().enumerate() {
        let clash = found.iter().enumerate().find_map(|(j, (other_d, other))| {
            if j == i || *other == *fix {
                return None;
            }
            if overlaps(fix, other) {
                return Some(format!(
                    "its fix edits the same text as the fix of {}",
                    show(other_d)
                ));
            }
            let mine = claims(fix);
            claims(other)
                .into_iter()
                .find(|c| mine.contains(c))
                .map(|c| {
                    format!(
                        "its fix and the fix of {} both choose the name `{c}`",
                        show(other_d)
                    )
                })
        });
        match clash {
            Some(why) => rejected.push(format!("{}: {why}", show(d))),
            None => {
                // one finding's fix may also be another's (the same edits): take it once
                if !out.iter().any(|(_, f): &(&Diagnostic, &Fix)| *f == *fix) {
                    out.push((*d, *fix));
                }
            }
        }
    }
    out
}

/// The outcome of a plan: the texts it would write (with what each file held when the plan first
/// read it), how many fixes it applied, and the fixes it set aside, with why.
#[derive(Debug, Default)]
pub struct Plan {
    /// Fixes applied.
    pub fixed: usize,
    /// Fixes not applied because they would have made the tree worse, or collide: which, and why.
    pub rejected: Vec<String>,
    /// File → (planned text, the text it had when first read); only files the plan changes.
    pub texts: BTreeMap<PathBuf, (Arc<str>, Arc<str>)>,
}

/// Plans the fixes of the findings `wanted` picks (safe ones, and unsafe ones with
/// `unsafe_fixes`) over `base`, judged by `check` (the findings of the tree as a source holds it):
/// each pass takes one fix per finding, sets aside fixes that collide, and keeps the pass only
/// when the tree it leaves is no worse than the tree before (no code a file did not have, no more
/// errors and warnings); otherwise each fix is tried alone and the ones that make it worse are
/// rejected with the reason. Passes repeat to a fixed point. Nothing is written.
pub fn plan_fixes(
    base: &dyn Source,
    check: &dyn Fn(&dyn Source) -> Vec<Diagnostic>,
    wanted: &dyn Fn(&Diagnostic) -> bool,
    unsafe_fixes: bool,
    show_path: &dyn Fn(&Path) -> String,
) -> Plan {
    let mut report = Plan::default();
    let planned = Planned {
        base,
        texts: Mutex::default(),
        originals: Mutex::default(),
    };
    let check = |planned: &Planned| check(planned);
    let first = check(&planned);
    let before = Standing::of(&first);
    // a finding as the report shows it: `path:line:col CODE`, from the text the plan has now
    let show = |d: &Diagnostic| {
        let (line, col) = planned.read(&d.path).map_or((0, 0), |t| {
            let before = &t[..d.range.start.min(t.len())];
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            (
                before.matches('\n').count() + 1,
                before[line_start..].chars().count() + 1,
            )
        });
        format!("{}:{line}:{col} {}", show_path(&d.path), d.code)
    };
    let mut refused: BTreeSet<String> = BTreeSet::new();
    let mut current = first;
    let mut trials = 0;
    for _ in 0..MAX_PASSES {
        let mut clashes = Vec::new();
        let found: Vec<(Diagnostic, Fix)> = candidates(
            &current,
            wanted,
            unsafe_fixes,
            &refused,
            &mut clashes,
            &show,
        )
        .into_iter()
        .map(|(d, f)| (d.clone(), f.clone()))
        .collect();
        for c in clashes {
            if let Some(key) = c.split(": its fix").next() {
                refused.insert(key.to_string());
            }
            report.rejected.push(c);
        }
        if found.is_empty() {
            break;
        }
        let saved = planned.snapshot();
        let mut together = true;
        for (d, fix) in &found {
            if let Err(why) = planned.apply(fix) {
                report.rejected.push(format!("{}: {why}", show(d)));
                refused.insert(show(d));
                together = false;
            }
        }
        let after = check(&planned);
        if together && before.worse(&Standing::of(&after)).is_none() {
            report.fixed += found.len();
            current = after;
            continue;
        }
        // together they make it worse (or one did not apply): each alone, in order, and again
        // while one more gets in (a fix can be fine only once another has been applied)
        planned.restore(saved);
        let mut progress = false;
        let mut waiting: Vec<(Diagnostic, Fix, String)> = found
            .into_iter()
            .filter(|(d, _)| !refused.contains(&show(d)))
            .map(|(d, f)| (d, f, String::new()))
            .collect();
        loop {
            let mut round = false;
            let mut still = Vec::new();
            for (d, fix, _) in waiting {
                if trials == MAX_TRIALS {
                    still.push((
                        d,
                        fix,
                        format!("not tried ({MAX_TRIALS} fixes were tried alone; run --fix again)"),
                    ));
                    continue;
                }
                trials += 1;
                let saved = planned.snapshot();
                let verdict = planned.apply(&fix).and_then(|()| {
                    let after = check(&planned);
                    match before.worse(&Standing::of(&after)) {
                        Some(why) => Err(why),
                        None => Ok(after),
                    }
                });
                match verdict {
                    Ok(after) => {
                        report.fixed += 1;
                        current = after;
                        progress = true;
                        round = true;
                    }
                    Err(why) => {
                        planned.restore(saved);
                        still.push((d, fix, why));
                    }
                }
            }
            waiting = still;
            if !round || waiting.is_empty() {
                break;
            }
        }
        for (d, fix, why) in waiting {
            report
                .rejected
                .push(format!("{}: `{}` not applied: {why}", show(&d), fix.title));
            refused.insert(show(&d));
        }
        if !progress {
            current = check(&planned);
        }
    }
    let texts = planned.snapshot();
    let originals = planned
        .originals
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    report.texts = texts
        .into_iter()
        .filter_map(|(path, text)| {
            let original = originals.get(&path)?.clone();
            (text != original).then_some((path, (text, original)))
        })
        .collect();
    report
}

impl Plan {
    /// The plan as one fix: per file it changes, one edit from the first byte that differs to the
    /// last (on character boundaries), in the text the plan started from.
    pub fn as_fix(&self, title: String, safe: bool) -> Option<Fix> {
        if self.fixed == 0 || self.texts.is_empty() {
            return None;
        }
        let changes = self
            .texts
            .iter()
            .map(|(path, (new, old))| changed_span(path, old, new))
            .collect();
        Some(Fix {
            title,
            safe,
            changes,
        })
    }
}

/// The one edit that turns `old` into `new`: the span between their common prefix and suffix.
fn changed_span(path: &Path, old: &str, new: &str) -> Change {
    let mut start = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(start) || !new.is_char_boundary(start) {
        start -= 1;
    }
    let room = (old.len() - start).min(new.len() - start);
    let mut tail = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(room)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - tail) || !new.is_char_boundary(new.len() - tail) {
        tail -= 1;
    }
    Change::Edit {
        path: path.to_path_buf(),
        range: start..old.len() - tail,
        new_text: new[start..new.len() - tail].to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_changed_span_is_minimal_and_whole_characters() {
        let p = Path::new("f");
        let edit = |old: &str, new: &str| match changed_span(p, old, new) {
            Change::Edit {
                range, new_text, ..
            } => {
                let mut out = old.to_string();
                out.replace_range(range.clone(), &new_text);
                assert_eq!(out, new);
                (range, new_text)
            }
            _ => unreachable!(),
        };
        assert_eq!(
            edit("version: '1.0'", "version: '2.0'"),
            (10..11, "2".into())
        );
        assert_eq!(edit("aaa", "aaaa"), (3..3, "a".into()));
        assert_eq!(edit("aaaa", "aa"), (2..4, String::new()));
        // é and è share their first byte: the edit takes the whole character
        assert_eq!(edit("café", "cafè"), (3..5, "è".into()));
        assert_eq!(edit("x", "x"), (1..1, String::new()));
    }
}
