use super::*;
use crate::syntax::typescript::parse_with_tree;

/// Both readers on `src`: the lexer's facts, when it answers, equal the tree's.
fn agree(src: &str) -> bool {
    // a comment with a word of `FACT_WORDS`, so that the tree is parsed at all
    let src = &format!("{src}\n// current");
    let tree = parse_with_tree(src);
    match read(src) {
        Some(fast) => {
            assert_eq!(fast, tree, "{src}");
            true
        }
        None => false,
    }
}

#[test]
fn reads_version_files_as_the_tree_does() {
    for src in [
        "import { VersionInfo, IMPOSSIBLE } from '@start9labs/start-sdk'\nexport const v_1_0_0_0 = VersionInfo.of({\n  version: '1.0.0:0',\n  releaseNotes: { en_US: 'One', 'es_ES': `Uno` },\n  migrations: { up: async ({ effects }) => { await effects.x({ a: 1 }) }, down: IMPOSSIBLE, other: { '>=1.0:0': async () => {}, ['^28']: {} } },\n})\n",
        "export const v_29_4_12 = VersionInfo.of({ version: '29.4:12' }).satisfies('29.4:12')",
        "const x = VersionInfo.of({ version: `${UP}:0`, releaseNotes: 'a\\nb' })\nexport { x as current }",
        "export const versionGraph = VersionGraph.of({ current, other: [v_1_0_0_0, ...more] })",
        "export const versionGraph = VersionGraph.of(v1_2, v1_1, v1_0)",
        "import { v_1_0_0_0 } from './v1.0.0.0'\nexport { v_1_1_0_0 as current } from './v1.1.0.0'\nexport const other = [v_1_0_0_0]\n",
        "import * as sdk from 'x'; import d, { a as b, 'c' as e } from \"y\"\nexport function f(a: string): { b: number } { return { b: 1 } }\nexport type T = A | B\nexport class C extends D<E> { m() {} }\n",
        "export const v = VersionInfo.of({ version: '1.0.0:0', releaseNotes: notes, migrations: { down: async () => {} } } as const)",
        "export const v = VersionInfo.of(info)",
        "type A = {\n  a: string\n}\nconst b = 1, c = [2, 3]\nfoo()\n",
        "export const manifest = sdk.setupManifest({\n  id: 'hello',\n  images: { main: { source: { dockerTag: 'x/y:1.0.0' } }, b: { source: { dockerBuild: { dockerfile: 'D' } } } },\n  deep: { a: { b: { c: { id: 'too-deep' } } } },\n  list: [{ id: 'n' }],\n})",
    ] {
        assert!(agree(src), "declined: {src}");
    }
}

/// Issue 25, class 1: values under type wrappers are the values themselves, in both readers.
#[test]
fn reads_values_under_type_wrappers_as_the_tree_does() {
    for src in [
        "export const manifest = setupManifest({\n  id: 'p',\n  images: { main: { source: { dockerTag: 'p:1.0.0' } } as SDKImageInputSpec },\n})",
        "export const manifest = setupManifest({\n  id: 'p',\n  images: { main: ({ source: { dockerTag: 'p:1.0.0' } }) satisfies Spec } as const,\n})",
        "export const manifest = setupManifest({\n  id: 'p',\n  images: { main: { source: { dockerBuild: { dockerfile: 'D' } as const } }! },\n})",
        "export const v_1_0_0_0 = VersionInfo.of({ version: '1.0.0:0' as const, releaseNotes: ('x'), migrations: { down: IMPOSSIBLE } })",
        "export const versionGraph = VersionGraph.of({ current, other: [v_1_0_0_0] as const })",
    ] {
        assert!(agree(src), "declined: {src}");
        let facts = read(&format!("{src}\n// current")).unwrap_or_default();
        let seen = !facts.images.is_empty()
            || facts.version_infos.iter().any(|v| v.version.is_some())
            || facts.version_graphs.iter().any(|g| !g.other.is_empty());
        assert!(seen, "nothing read under the wrappers: {src}");
    }
}

/// Issue 25, class 2: a `VersionInfo.of` written in place (an argument, the graph's `current`)
/// is a version fact too; the lexer leaves such files to the tree (or reads them as it does).
#[test]
fn versions_written_in_place_are_facts() {
    for src in [
        "export const versionGraph = VersionGraph.of(\n  VersionInfo.of({ version: '2.6.0:0.1', releaseNotes: 'x' }),\n)",
        "export const versionGraph = VersionGraph.of({\n  current: VersionInfo.of({ version: '1.2', releaseNotes: 'x' }),\n  other: [],\n})",
    ] {
        let src = format!("{src}\n// current");
        let tree = parse_with_tree(&src);
        assert_eq!(tree.version_infos.len(), 1, "{src}");
        assert!(tree.version_infos[0].version.is_some(), "{src}");
        if let Some(fast) = read(&src) {
            assert_eq!(fast, tree, "{src}");
        }
    }
}

#[test]
fn declines_what_it_cannot_place() {
    for src in [
        "export default VersionInfo.of({ version: '1.0.0:0' })",
        "export const a = { b: VersionInfo.of({ version: '1.0.0:0' }) }",
        "export const manifest = setupManifest({ x: () => ({ id: 'x' }) })",
        "export const manifest = setupManifest({ images: { main: f({ id: 'x' }) } })",
        "export const d = { versionRange: '>=1.0:0' }",
        "export const v = VersionInfo.of({ version: '1.0.0:0', })\nif (x) {}",
        "export const v = VersionInfo.of({ version: '1.0.0:0' releaseNotes: 'x' })",
        "export const v = VersionInfo.of({ version: , })",
        "export const v = VersionInfo.of({ version: '1' }).\n",
        "const a = 1 const b = 2",
        "export const v = VersionInfo.of({ version: '1', migrations: { up: async () => { await f(a b) } } })",
    ] {
        assert!(read(src).is_none(), "read: {src}");
    }
}

/// Where the lexer reads a file the tree reads without error, their facts are equal. (Where the
/// tree errs on a whole file, its grammar lacks something, such as `typeof import('…')` in type
/// arguments: the lexer reads the same facts, and the tree adds `has_syntax_errors`.)
/// Returns (files read by the lexer, files left to the parser).
fn compare(dir: &std::path::Path) -> (usize, usize) {
    let mut files = Vec::new();
    crate::syntax::scripts_below(dir, &mut files);
    let (mut read_here, mut declined) = (0, 0);
    for f in files {
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        if !crate::syntax::typescript::has_fact_words(&text) {
            continue;
        }
        match read(&text) {
            Some(fast) => {
                let tree = parse_with_tree(&text);
                let tree_errs = TsFacts {
                    has_syntax_errors: false,
                    ..tree.clone()
                } == fast;
                if !(tree.has_syntax_errors && tree_errs) {
                    assert_eq!(fast, tree, "{}", f.display());
                }
                read_here += 1;
            }
            None => declined += 1,
        }
    }
    (read_here, declined)
}

#[test]
fn on_every_fixture() {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests");
    let (read_here, declined) = compare(&fixtures);
    eprintln!("{read_here} files read by the lexer, {declined} left to the parser");
    assert!(read_here > 50, "only {read_here} files read by the lexer");
}

/// `LEXER_CORPUS=/path/to/repos cargo test -p manifest-lsp --lib script_facts -- --ignored`
#[test]
#[ignore]
fn on_a_corpus() {
    let dir = std::env::var("LEXER_CORPUS").expect("LEXER_CORPUS names a folder");
    let (read_here, declined) = compare(std::path::Path::new(&dir));
    eprintln!("{read_here} files read by the lexer, {declined} left to the parser");
}

/// Half-typed versions of every fixture that holds a version: each token deleted in turn.
/// Where the lexer still reads one, its facts equal the tree's, `has_syntax_errors` included.
#[test]
fn on_half_typed_fixtures() {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests");
    let cuts = cut_and_compare(&fixtures, true);
    eprintln!("{cuts:?}");
    assert!(cuts.read > 500, "{cuts:?}");
    assert!(cuts.broken.is_empty() && cuts.wrong.is_empty(), "{cuts:?}");
}

/// The same over real packages, where migrations hold code the lexer skips: a cut there that
/// leaves the brackets balanced is not noticed (the tree calls the file broken, the lexer
/// reads it by its shape). Where the tree finds no error, the facts must be equal.
/// `LEXER_CORPUS=/path/to/packages cargo test -p manifest-lsp --lib script_facts -- --ignored`
#[test]
#[ignore]
fn on_a_half_typed_corpus() {
    let dir = std::env::var("LEXER_CORPUS").expect("LEXER_CORPUS names a folder");
    let cuts = cut_and_compare(std::path::Path::new(&dir), false);
    eprintln!(
        "{} cuts, {} read by the lexer: {} the tree finds broken ({} of them with other facts too), {} not as the tree",
        cuts.tried,
        cuts.read,
        cuts.broken.len(),
        cuts.broken.iter().filter(|(_, facts_differ)| *facts_differ).count(),
        cuts.wrong.len()
    );
    if std::env::var("CUTS_LIST").is_ok() {
        for (at, _) in &cuts.broken {
            eprintln!("broken {at}");
        }
    }
    assert!(cuts.wrong.is_empty(), "{:?}", cuts.wrong);
}

#[derive(Debug, Default)]
struct Cuts {
    tried: usize,
    read: usize,
    /// Cuts the tree finds broken and the lexer read: where, and whether facts besides
    /// `has_syntax_errors` differ.
    broken: Vec<(String, bool)>,
    /// Cuts the tree reads without error and the lexer otherwise.
    wrong: Vec<String>,
}

/// `versions_only`: only `.ts` files that declare a version or a graph (the shapes the lexer is
/// for).
fn cut_and_compare(dir: &std::path::Path, versions_only: bool) -> Cuts {
    let mut files = Vec::new();
    crate::syntax::scripts_below(dir, &mut files);
    let mut cuts = Cuts::default();
    for f in files {
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        if !crate::syntax::typescript::has_fact_words(&text)
            || (versions_only
                && (f.extension().is_none_or(|e| e != "ts")
                    || !text.contains("VersionInfo") && !text.contains("VersionGraph")))
        {
            continue;
        }
        let Some(lexed) = script_lexer::tokens(&text) else {
            continue;
        };
        for t in &lexed.tokens {
            let cut = format!("{}{}", &text[..t.start], &text[t.end..]);
            if !crate::syntax::typescript::has_fact_words(&cut) {
                continue; // `parse` would not read it at all
            }
            cuts.tried += 1;
            let Some(fast) = read(&cut) else {
                continue;
            };
            cuts.read += 1;
            let tree = parse_with_tree(&cut);
            let at = format!("{}: without {:?}", f.display(), &text[t.range()]);
            if tree.has_syntax_errors {
                let facts_differ = TsFacts {
                    has_syntax_errors: true,
                    ..fast
                } != tree;
                cuts.broken.push((at, facts_differ));
            } else if fast != tree {
                cuts.wrong.push(at);
            }
        }
    }
    cuts
}

/// A type argument list closing at the end of a line (`Record<string, V>`) may end the statement
/// or go on (`a >` then `b`): the lexer leaves it to the tree, which knows.
#[test]
fn a_line_ending_in_a_closing_angle_is_left_to_the_tree() {
    for src in [
        "export type IniSection = Record<string, IniValue>\nexport type IniInputSection = Record<string, IniInputValue>\n",
        "export type A = B<C<string>>\nexport const v = 1\n",
    ] {
        agree(src);
    }
}
