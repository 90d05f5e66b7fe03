//! A Dockerfile instruction reader: logical lines (with `\` continuations and comments), and the
//! `FROM` images and `ARG` defaults that can carry an upstream version.

use std::ops::Range;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FromImage {
    /// The image reference as written (`ghost:6.1.0-alpine`, `${BASE}:1`).
    pub image: String,
    /// The tag's bytes in the file, when the tag is written literally.
    pub tag: Option<(String, Range<usize>)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arg {
    pub name: String,
    pub value: Option<(String, Range<usize>)>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DockerfileFacts {
    pub froms: Vec<FromImage>,
    pub args: Vec<Arg>,
}

/// Words of a logical line with their byte ranges (continuations joined, comments dropped).
fn logical_lines(text: &str) -> Vec<Vec<(String, Range<usize>)>> {
    let mut lines = Vec::new();
    let mut words: Vec<(String, Range<usize>)> = Vec::new();
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let line_start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        if line.trim_start().starts_with('#') {
            continue; // comment (or parser directive); does not end a continued instruction
        }
        let (body, continued) = match line.trim_end().strip_suffix('\\') {
            Some(b) => (b, true),
            None => (line, false),
        };
        let mut start = None;
        for (i, c) in body
            .char_indices()
            .chain(std::iter::once((body.len(), ' ')))
        {
            match (c.is_whitespace(), start) {
                (true, Some(s)) => {
                    words.push((body[s..i].to_string(), line_start + s..line_start + i));
                    start = None;
                }
                (false, None) => start = Some(i),
                _ => {}
            }
        }
        if !continued && !words.is_empty() {
            lines.push(std::mem::take(&mut words));
        }
    }
    if !words.is_empty() {
        lines.push(words);
    }
    lines
}

pub fn parse(text: &str) -> DockerfileFacts {
    let mut facts = DockerfileFacts::default();
    for words in logical_lines(text) {
        let Some((instr, _)) = words.first() else {
            continue;
        };
        match instr.to_ascii_uppercase().as_str() {
            "FROM" => {
                let Some((image, range)) = words[1..].iter().find(|(w, _)| !w.starts_with("--"))
                else {
                    continue;
                };
                let name_end = image.rfind('/').map_or(0, |i| i + 1);
                let tag = image[name_end..]
                    .find(':')
                    .map(|i| name_end + i + 1)
                    .map(|t| {
                        let end = image[t..].find('@').map_or(image.len(), |i| t + i);
                        (
                            image[t..end].to_string(),
                            range.start + t..range.start + end,
                        )
                    })
                    .filter(|(t, _)| !t.is_empty() && !t.contains('$'));
                facts.froms.push(FromImage {
                    image: image.clone(),
                    tag,
                });
            }
            "ARG" => {
                for (w, range) in &words[1..] {
                    let (name, value) = match w.split_once('=') {
                        Some((n, v)) => {
                            let v_start = range.start + n.len() + 1;
                            let (v, span) =
                                match v.strip_prefix('"').and_then(|x| x.strip_suffix('"')) {
                                    Some(inner) => (inner, v_start + 1..v_start + 1 + inner.len()),
                                    None => (v, v_start..v_start + v.len()),
                                };
                            (n, Some((v.to_string(), span)))
                        }
                        None => (w.as_str(), None),
                    };
                    facts.args.push(Arg {
                        name: name.to_string(),
                        value,
                    });
                }
            }
            _ => {}
        }
    }
    facts
}

/// Splits an image reference into its repository and literal tag: `a/b:1.2` → (`a/b`, `1.2`).
pub fn split_image(image: &str) -> (&str, Option<&str>) {
    let name_end = image.rfind('/').map_or(0, |i| i + 1);
    match image[name_end..].find(':') {
        Some(i) => {
            let tag = &image[name_end + i + 1..];
            (
                &image[..name_end + i],
                Some(tag.split('@').next().unwrap_or(tag)),
            )
        }
        None => (image.split('@').next().unwrap_or(image), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_from_and_arg() {
        let src = "# syntax=docker/dockerfile:1\nARG GHOST_VERSION=\"6.1.0\"\nFROM --platform=$BUILDPLATFORM \\\n  node:20-alpine AS build\nFROM registry.io:5000/ghost:6.1.0@sha256:ab\n";
        let f = parse(src);
        assert_eq!(f.args[0].name, "GHOST_VERSION");
        let (v, r) = f.args[0].value.clone().unwrap();
        assert_eq!((v.as_str(), &src[r]), ("6.1.0", "6.1.0"));
        assert_eq!(f.froms[0].image, "node:20-alpine");
        let (t, r) = f.froms[1].tag.clone().unwrap();
        assert_eq!((t.as_str(), &src[r]), ("6.1.0", "6.1.0"));
        assert_eq!(
            split_image("registry.io:5000/ghost:6.1.0"),
            ("registry.io:5000/ghost", Some("6.1.0"))
        );
        assert_eq!(split_image("ghost"), ("ghost", None));
    }
}
