//! The manifest's facts: its `id` and its `images`, found where the tree's shallow query finds
//! them (`id:` and `images:` pairs down to `typescript::SHALLOW_DEPTH`).

use super::values::{Member, Value, ValueKind};
use super::Reader;
use crate::syntax::script_lexer::Kind;
use crate::syntax::typescript::{DockerBuild, Image, SHALLOW_DEPTH};

impl Reader<'_> {
    /// A declarator's value `s..e` that calls something with one object literal
    /// (`setupManifest({…})`, `sdk.setupManifest({…})`): the `id:` and `images:` pairs of that
    /// object and of the objects and arrays inside it. The declarator lies at `depth`.
    pub(super) fn manifest_call(&mut self, s: usize, e: usize, depth: u32) -> Option<()> {
        if self.word(s).is_none() {
            return Some(());
        }
        let mut i = s + 1;
        while self.punct(i, ".") && self.word(i + 1).is_some() {
            i += 2;
        }
        if !self.opens(i, b'(') || self.after(i) != e {
            return Some(());
        }
        if let [(a, b)] = self.parts(i, false)?[..] {
            if self.opens(a, b'{') && self.after(a) == b {
                // declarator › call › arguments › object
                self.walk_object(a, depth + 3)?;
            }
        }
        Some(())
    }

    fn is_images_key(&self, key: usize) -> bool {
        let k = self.str(key);
        match self.t[key].kind {
            Kind::Word => k == "images",
            Kind::Str { .. } => k.len() > 2 && &k[1..k.len() - 1] == "images",
            _ => false,
        }
    }

    /// The pairs of the object opened at `obj`, which lies at `depth`.
    fn walk_object(&mut self, obj: usize, depth: u32) -> Option<()> {
        for member in self.members(obj)? {
            let Member::Pair {
                key,
                computed,
                value,
            } = member
            else {
                continue;
            };
            let pair_depth = depth + 1;
            let kind = self.value_kind(value);
            if !computed && self.t[key].kind == Kind::Word && self.str(key) == "id" {
                self.placed += 1;
                if pair_depth <= SHALLOW_DEPTH
                    && kind == ValueKind::Str
                    && self.facts.package_id.is_none()
                {
                    self.facts.package_id = self.value_lit(value);
                }
            } else if !computed && self.is_images_key(key) {
                self.placed += 1;
                if let (true, ValueKind::Object(o)) = (pair_depth <= SHALLOW_DEPTH, kind) {
                    let images = self.images(o)?;
                    self.facts.images.extend(images);
                }
            }
            match kind {
                ValueKind::Object(o) => self.walk_object(o, pair_depth + 1)?,
                ValueKind::Array(a) => {
                    for (s, e) in self.parts(a, true)? {
                        if self.opens(s, b'{') && self.after(s) == e {
                            self.walk_object(s, pair_depth + 2)?;
                        }
                    }
                }
                _ => {}
            }
        }
        Some(())
    }

    /// `images: { main: { source: { dockerTag: 'x:1' } } }`, as `typescript::images` reads it.
    fn images(&self, obj: usize) -> Option<Vec<Image>> {
        let props = |o: usize| Some(self.properties(&self.members(o)?).0);
        let prop = |props: &[(crate::syntax::typescript::Ident, Value)], name: &str| {
            props.iter().find(|(k, _)| k.name == name).map(|(_, v)| *v)
        };
        let object = |v: Value| match self.value_kind(v) {
            ValueKind::Object(o) => Some(o),
            _ => None,
        };
        let mut out = Vec::new();
        for (id, value) in props(obj)? {
            let Some(o) = object(value) else { continue };
            let iprops = props(o)?;
            let Some(source) = prop(&iprops, "source").and_then(object) else {
                continue;
            };
            let sprops = props(source)?;
            let docker_tag = prop(&sprops, "dockerTag").and_then(|t| self.value_lit(t));
            let docker_build = match prop(&sprops, "dockerBuild") {
                None => None,
                Some(b) => {
                    let bprops = match object(b) {
                        Some(o) => props(o)?,
                        None => Vec::new(),
                    };
                    Some(DockerBuild {
                        dockerfile: prop(&bprops, "dockerfile").and_then(|n| self.value_lit(n)),
                        workdir: prop(&bprops, "workdir").and_then(|n| self.value_lit(n)),
                    })
                }
            };
            out.push(Image {
                id,
                docker_tag,
                docker_build,
            });
        }
        Some(out)
    }
}
