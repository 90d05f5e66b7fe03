//! The properties the fuzzers check, one function per target: each takes arbitrary bytes and
//! panics when a property breaks (no panic inside the code under test, every range inside its
//! text and on a character boundary, canonical forms that re-parse, a frame reader that always
//! reaches the end of its input). Shared by the test run's mutational fuzzer (`tests/e2e/fuzz.rs`)
//! and the coverage-guided targets in `fuzz/` (`cargo fuzz`).
#![allow(clippy::unwrap_used, clippy::expect_used)] // a broken property is a panic, by design

use std::ops::Range;
use std::path::Path;

use crate::exver::{parse_exver, parse_range, satisfiable};

fn text(input: &[u8]) -> String {
    String::from_utf8_lossy(input).into_owned()
}

/// `r` is a span of `text`: ordered, inside it, on character boundaries.
pub fn assert_span(text: &str, r: &Range<usize>, what: &str) {
    assert!(
        r.start <= r.end
            && r.end <= text.len()
            && text.is_char_boundary(r.start)
            && text.is_char_boundary(r.end),
        "{what} {r:?} is not a span of a {}-byte text",
        text.len()
    );
}

/// ExVer versions: a version's canonical text re-parses to itself; an error's span fits.
pub fn exver_version(input: &[u8]) {
    let s = text(input);
    match parse_exver(&s) {
        Ok(v) => {
            let again = parse_exver(&v.text()).expect("canonical text parses");
            assert_eq!(again.text(), v.text());
        }
        Err(e) => assert_span(&s, &e.span, "error span"),
    }
}

/// ExVer ranges: an error's span fits; satisfiability terminates.
pub fn exver_range(input: &[u8]) {
    let s = text(input);
    if let Err(e) = parse_range(&s) {
        assert_span(&s, &e.span, "error span");
    }
    let _ = satisfiable(&s);
}

/// JSON manifests (`package.json`, `sfdx-project.json`): every node's ranges fit.
pub fn json_manifest(input: &[u8]) {
    let s = text(input);
    let doc = crate::syntax::json::parse(&s);
    let mut stack: Vec<&crate::syntax::json::Node> = doc.root.iter().collect();
    while let Some(n) = stack.pop() {
        assert_span(&s, &n.range, "node");
        assert_span(&s, &n.inner_range(), "value");
        for m in n.members() {
            assert_span(&s, &m.key_range, "key");
            if let Some(v) = &m.value {
                stack.push(v);
            }
        }
        stack.extend(n.items());
    }
}

/// TypeScript facts: versions, graphs, imports, ranges, Peers definitions, prose, schemas.
pub fn typescript_facts(input: &[u8]) {
    let s = text(input);
    let facts = crate::syntax::typescript::parse(&s);
    for vi in &facts.version_infos {
        assert_span(&s, &vi.binding.range, "binding");
        assert_span(&s, &vi.call_range, "call");
        if let Some(v) = &vi.version {
            assert_span(&s, &v.range, "version");
            assert_span(&s, &v.node_range, "version literal");
        }
    }
    for g in &facts.version_graphs {
        assert_span(&s, &g.range, "graph");
        for id in g.other.iter().chain(&g.current) {
            assert_span(&s, &id.range, "graph entry");
        }
    }
    for i in &facts.imports {
        assert_span(&s, &i.range, "import");
        assert_span(&s, &i.source.range, "import source");
    }
    for r in &facts.range_values {
        assert_span(&s, &r.range, "range value");
    }
    let peers = crate::syntax::peers::parse(&s);
    for t in &peers.tags {
        assert_span(&s, &t.range, "tag");
        assert_span(&s, &t.removal, "tag removal");
    }
    for path in ["x.ts", "x.md"] {
        let prose = crate::syntax::prose::scan(Path::new(path), &s);
        for p in &prose.promises {
            assert_span(&s, &p.range(), "promise");
            assert_span(&s, &p.major_range(), "promise major");
        }
    }
    for e in crate::syntax::schemas::envelopes(&s) {
        assert_span(&s, &e.property, "envelope property");
    }
}

/// The LSP frame reader and classifier: always reach the end of the input.
pub fn lsp_frames(input: &[u8]) {
    use crate::lsp::transport::{classify, read_frame, Frame};
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a current-thread runtime");
    rt.block_on(async {
        let mut r = tokio::io::BufReader::new(input);
        // each frame consumes input: at most one frame per byte, plus the end
        for _ in 0..=input.len() + 1 {
            match read_frame(&mut r)
                .await
                .expect("reading a slice cannot fail")
            {
                Frame::Eof => return,
                Frame::Body { bytes, charset } => {
                    let _ = classify(bytes, charset.as_deref());
                }
                Frame::NoLength | Frame::TooLarge(_) => {}
            }
        }
        panic!("the frame reader did not reach the end of its input");
    })
}
