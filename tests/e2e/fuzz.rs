//! Mutational fuzzing of every parser and of the whole analysis, with properties: no panic, no
//! hang (a time limit per input), every range inside its text and on a character boundary, every
//! fix applies cleanly and does not re-raise what it fixed. The committed corpus
//! (`tests/fuzz/corpus/<target>/`) is replayed, then mutated with a fixed seed, in the normal test
//! run; `MANIFEST_LSP_FUZZ_ITERATIONS=N` (and `MANIFEST_LSP_FUZZ_SEED=S`) run longer:
//! `MANIFEST_LSP_FUZZ_ITERATIONS=200000 cargo test --release --test fuzz -- --nocapture`.
//! An input that breaks a property is written to `target/fuzz-failures/` and named in the panic:
//! reduce it and add it to the corpus.

mod common;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Tokens that matter to the grammars: mutations splice them in.
const DICTIONARY: &[&str] = &[
    "'",
    "\"",
    "`",
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    ":",
    ",",
    ".",
    "-",
    "_",
    "#",
    "0",
    "9",
    "\n",
    "\r\n",
    "\\",
    "/*",
    "*/",
    "//",
    "${",
    "&&",
    "||",
    "^",
    "~",
    ">=",
    "!",
    "*",
    "😀",
    "é",
    "\u{2028}",
    "VersionInfo.of({",
    "VersionGraph.of(",
    "version: '",
    ":0",
    "-beta.0",
    "export const ",
    "import { current } from './current'",
    "other: [",
    "Content-Length: ",
    "\r\n\r\n",
    "\"dependencies\": {",
    "workspace:*",
    "will be removed in 9.0.0",
    "@deprecated since 6",
    "definePackage((pkg) => {",
    "pkg.versionTag = 'dev'",
    "schemaVersion: z.literal('5')",
    "\"ancestorVersion\": \"1.0.2\"",
    "\u{0}",
];

fn mutate(rng: &mut Rng, input: &[u8], others: &[Vec<u8>]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..=rng.below(4) {
        let len = out.len();
        match rng.below(9) {
            // deep nesting: up to 5,000 brackets of one kind (sometimes closed), far past the
            // parsers' limit of 256: every parser must stop, never overflow its stack
            8 => {
                let (open, close) = [(b'[', b']'), (b'{', b'}'), (b'(', b')')][rng.below(3)];
                let depth = 1 + rng.below(5000);
                let at = rng.below(len + 1);
                let mut nest = vec![open; depth];
                if rng.below(2) == 0 {
                    nest.extend(std::iter::repeat_n(close, depth));
                }
                out.splice(at..at, nest);
            }
            0 if len > 0 => {
                let i = rng.below(len);
                out[i] ^= 1 << rng.below(8);
            }
            1 => {
                let i = rng.below(len + 1);
                out.insert(i, rng.next() as u8);
            }
            2 if len > 0 => {
                let a = rng.below(len);
                let b = (a + rng.below(16) + 1).min(len);
                out.drain(a..b);
            }
            3 if len > 0 => {
                let a = rng.below(len);
                let b = (a + rng.below(32) + 1).min(len);
                let chunk = out[a..b].to_vec();
                let at = rng.below(out.len() + 1);
                out.splice(at..at, chunk);
            }
            4 | 5 => {
                let word = DICTIONARY[rng.below(DICTIONARY.len())].as_bytes();
                let at = rng.below(len + 1);
                out.splice(at..at, word.iter().copied());
            }
            6 if len > 0 => out.truncate(rng.below(len)),
            _ if !others.is_empty() => {
                let other = &others[rng.below(others.len())];
                if !other.is_empty() {
                    let a = rng.below(other.len());
                    let b = (a + rng.below(64) + 1).min(other.len());
                    let at = rng.below(out.len() + 1);
                    out.splice(at..at, other[a..b].iter().copied());
                }
            }
            _ => {}
        }
    }
    out
}

fn corpus(target: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fuzz/corpus")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let bytes = std::fs::read(&f).unwrap();
        // line-per-input corpora
        if f.extension().is_some_and(|e| e == "txt") {
            out.extend(
                bytes
                    .split(|b| *b == b'\n')
                    .filter(|l| !l.is_empty())
                    .map(<[u8]>::to_vec),
            );
        } else {
            out.push(bytes);
        }
    }
    assert!(!out.is_empty(), "empty corpus {target}");
    out
}

fn iterations(default: usize) -> usize {
    std::env::var("MANIFEST_LSP_FUZZ_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn seed() -> u64 {
    std::env::var("MANIFEST_LSP_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x9e37_79b9_7f4a_7c15)
}

/// Runs `property` on every corpus input and on `default` mutations of them; a failure (a panic,
/// or over `limit`) saves the input and fails with its name.
fn fuzz(target: &str, default: usize, limit: Duration, property: impl Fn(&[u8])) {
    let seeds = corpus(target);
    let mut rng = Rng(seed() ^ target.len() as u64);
    let n = iterations(default);
    let started = Instant::now();
    let run = |input: &[u8], i: usize| {
        let t = Instant::now();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| property(input)));
        let slow = t.elapsed() > limit;
        if result.is_err() || slow {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/fuzz-failures");
            std::fs::create_dir_all(&dir).unwrap();
            let file = dir.join(format!("{target}-{i}"));
            std::fs::write(&file, input).unwrap();
            panic!(
                "{target}: input {i} {} (saved to {})",
                if slow {
                    "took too long"
                } else {
                    "broke a property"
                },
                file.display()
            );
        }
    };
    for (i, s) in seeds.iter().enumerate() {
        run(s, i);
    }
    for i in 0..n {
        let base = &seeds[rng.below(seeds.len())];
        let input = mutate(&mut rng, base, &seeds);
        run(&input, seeds.len() + i);
    }
    eprintln!(
        "fuzz {target}: {} executions in {:.1} s",
        seeds.len() + n,
        started.elapsed().as_secs_f64()
    );
}

use manifest_lsp::fuzzing::{self, assert_span};

const LIMIT: Duration = Duration::from_secs(2);

#[test]
fn exver_versions() {
    fuzz("exver", 3000, LIMIT, fuzzing::exver_version);
}

#[test]
fn exver_ranges() {
    fuzz("range", 3000, LIMIT, fuzzing::exver_range);
}

#[test]
fn json_manifests() {
    fuzz("json", 1500, LIMIT, fuzzing::json_manifest);
}

#[test]
fn typescript_facts() {
    fuzz("typescript", 800, LIMIT, fuzzing::typescript_facts);
}

#[test]
fn lsp_frames() {
    fuzz("frames", 3000, LIMIT, fuzzing::lsp_frames);
}

/// Every kind of file where the analysis reads one: a FIFO, links to `/dev/stdin`, `/dev/zero`
/// and `/dev/urandom`, a link to itself, a dangling link, a link out of the workspace, a folder,
/// put in place of random files of the fixture workspaces. `check` must end (20 s at most), never
/// crash, and never print a line of a file outside the workspace.
#[cfg(unix)]
#[test]
fn file_kinds_in_place_of_workspace_files() {
    let (_tmp, root) = common::copy_fixture("violations");
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.ts");
    std::fs::write(&secret, "export const SECRET_LINE = 'do-not-print'\n").unwrap();
    let files = walk(&root);
    let mut rng = Rng(seed() ^ 0xf1f0);
    let runs = iterations(24);
    for run in 0..runs {
        let mut replaced = Vec::new();
        for _ in 0..=rng.below(4) {
            let victim = files[rng.below(files.len())].clone();
            if replaced
                .iter()
                .any(|(p, _): &(PathBuf, Vec<u8>)| *p == victim)
            {
                continue;
            }
            let bytes = std::fs::read(&victim).unwrap();
            std::fs::remove_file(&victim).unwrap();
            let kind = rng.below(8);
            match kind {
                0 => {
                    let ok = std::process::Command::new("mkfifo").arg(&victim).status();
                    assert!(ok.is_ok_and(|s| s.success()), "mkfifo");
                }
                1 => std::os::unix::fs::symlink("/dev/stdin", &victim).unwrap(),
                2 => std::os::unix::fs::symlink("/dev/zero", &victim).unwrap(),
                3 => std::os::unix::fs::symlink("/dev/urandom", &victim).unwrap(),
                4 => std::os::unix::fs::symlink(&victim, &victim).unwrap(),
                5 => std::os::unix::fs::symlink(root.join("no/such/file"), &victim).unwrap(),
                6 => std::os::unix::fs::symlink(&secret, &victim).unwrap(),
                _ => std::fs::create_dir(&victim).unwrap(),
            }
            replaced.push((victim, bytes));
        }
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_manifest-lsp"))
            .args(["check", "--allow-empty", "."])
            .current_dir(&root)
            .stdin(std::process::Stdio::piped()) // a reader of /dev/stdin would wait forever
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        let status = loop {
            if let Some(s) = child.try_wait().unwrap() {
                break s;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!(
                    "run {run}: check hung with {:?}",
                    replaced.iter().map(|r| &r.0).collect::<Vec<_>>()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let out = child.wait_with_output().unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            matches!(status.code(), Some(0..=2)) && !text.contains("panicked"),
            "run {run}: {status:?}\n{text}"
        );
        assert!(
            !text.contains("do-not-print"),
            "run {run}: echoed a file outside:\n{text}"
        );
        for (path, bytes) in replaced {
            if path.is_dir() && !path.is_symlink() {
                std::fs::remove_dir(&path).unwrap();
            } else {
                std::fs::remove_file(&path).unwrap();
            }
            std::fs::write(&path, bytes).unwrap();
        }
    }
}

/// The whole analysis over mutated copies of the fixture workspaces: every finding's range lies
/// in its file, and every fix applies cleanly.
#[test]
fn whole_analysis_over_mutated_workspaces() {
    let (_tmp, root) = common::copy_fixture("violations");
    let originals: Vec<(PathBuf, Vec<u8>)> = walk(&root)
        .into_iter()
        .map(|p| {
            let b = std::fs::read(&p).unwrap();
            (p, b)
        })
        .collect();
    let seeds: Vec<Vec<u8>> = originals.iter().map(|(_, b)| b.clone()).collect();
    let mut rng = Rng(seed());
    let n = iterations(150);
    let started = Instant::now();
    for i in 0..n {
        let (path, original) = &originals[rng.below(originals.len())];
        let mutated = mutate(&mut rng, original, &seeds);
        std::fs::write(path, &mutated).unwrap();
        // the project folder: the first folder below the copy's root
        let project = root.join(
            path.strip_prefix(&root)
                .unwrap()
                .components()
                .next()
                .unwrap(),
        );
        let t = Instant::now();
        let result = std::panic::catch_unwind(|| {
            manifest_lsp::cli::run_check(std::slice::from_ref(&project))
        });
        let took = t.elapsed();
        let saved = || {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/fuzz-failures");
            std::fs::create_dir_all(&dir).unwrap();
            let file = dir.join(format!(
                "analysis-{i}-{}",
                path.file_name().unwrap().to_string_lossy()
            ));
            std::fs::write(&file, &mutated).unwrap();
            file
        };
        let Ok(result) = result else {
            panic!(
                "analysis panicked on {} (saved to {})",
                path.display(),
                saved().display()
            );
        };
        assert!(
            took < LIMIT * 2,
            "analysis took {took:?} (saved to {})",
            saved().display()
        );
        let properties = std::panic::catch_unwind(|| {
            for d in &result.diagnostics {
                let Ok(text) = std::fs::read_to_string(&d.path) else {
                    continue;
                };
                assert_span(&text, &d.range, d.code);
                for fix in &d.fixes {
                    let applied = manifest_lsp::actions::apply::apply(&fix.changes, |p| {
                        std::fs::read_to_string(p).ok()
                    });
                    assert!(
                        applied.is_ok(),
                        "{} fix `{}` does not apply: {:?}",
                        d.code,
                        fix.title,
                        applied.err()
                    );
                }
            }
        });
        if properties.is_err() {
            panic!(
                "a property broke on {} (saved to {})",
                path.display(),
                saved().display()
            );
        }
        std::fs::write(path, original).unwrap();
    }
    eprintln!(
        "fuzz analysis: {n} executions in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

/// On the unmutated fixtures, applying a fix removes the finding it fixes and leaves the files it
/// touched parsing as well as before.
#[test]
fn every_fix_removes_its_finding() {
    let (_tmp, root) = common::copy_fixture("violations");
    let before = manifest_lsp::cli::run_check(std::slice::from_ref(&root));
    let mut checked = 0;
    for d in &before.diagnostics {
        for fix in &d.fixes {
            let (_t2, copy) = common::copy_fixture("violations");
            let moved = |p: &Path| copy.join(p.strip_prefix(&root).unwrap());
            let changes: Vec<manifest_lsp::diagnostic::Change> =
                fix.changes.iter().map(|c| relocate(c, &moved)).collect();
            let files =
                manifest_lsp::actions::apply::apply(&changes, |p| std::fs::read_to_string(p).ok())
                    .unwrap_or_else(|e| panic!("{} `{}`: {e}", d.code, fix.title));
            for (p, t) in &files {
                match t {
                    Some(t) => {
                        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                        std::fs::write(p, t).unwrap();
                        if p.extension().is_some_and(|e| e == "ts") {
                            let was =
                                std::fs::read_to_string(root.join(p.strip_prefix(&copy).unwrap()))
                                    .map(|o| {
                                        manifest_lsp::syntax::typescript::parse(&o)
                                            .has_syntax_errors
                                    })
                                    .unwrap_or(false);
                            assert!(
                                was || !manifest_lsp::syntax::typescript::parse(t)
                                    .has_syntax_errors,
                                "{} `{}` left {} unparsable",
                                d.code,
                                fix.title,
                                p.display()
                            );
                        }
                    }
                    None => {
                        let _ = std::fs::remove_file(p);
                    }
                }
            }
            let after = manifest_lsp::cli::run_check(std::slice::from_ref(&copy));
            let count = |r: &manifest_lsp::cli::CheckResult, base: &Path| {
                r.diagnostics
                    .iter()
                    .filter(|x| {
                        x.code == d.code
                            && x.path.starts_with(base.join(project_of(&d.path, &root)))
                    })
                    .count()
            };
            assert!(
                count(&after, &copy) < count(&before, &root),
                "{} `{}` did not remove its finding in {}",
                d.code,
                fix.title,
                d.path.display()
            );
            checked += 1;
        }
    }
    // released history lost its version and legacy-name fixes (RULES §2): fewer to check
    assert!(checked > 25, "only {checked} fixes checked");
}

fn project_of(path: &Path, root: &Path) -> PathBuf {
    path.strip_prefix(root)
        .unwrap()
        .components()
        .next()
        .map(|c| PathBuf::from(c.as_os_str()))
        .unwrap()
}

fn relocate(
    c: &manifest_lsp::diagnostic::Change,
    moved: &dyn Fn(&Path) -> PathBuf,
) -> manifest_lsp::diagnostic::Change {
    use manifest_lsp::diagnostic::Change;
    match c {
        Change::Edit {
            path,
            range,
            new_text,
        } => Change::Edit {
            path: moved(path),
            range: range.clone(),
            new_text: new_text.clone(),
        },
        Change::Rename { from, to } => Change::Rename {
            from: moved(from),
            to: moved(to),
        },
        Change::Create { path, text } => Change::Create {
            path: moved(path),
            text: text.clone(),
        },
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}
