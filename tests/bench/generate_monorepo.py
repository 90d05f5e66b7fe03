#!/usr/bin/env python3
"""Generate a changesets monorepo for the engine benchmarks.

usage: generate_monorepo.py OUT_DIR [PACKAGES] [--charter] [--heavy]

Each package has a package.json, a CHANGELOG.md, a README.md and 17 .ts files under src/ with
JSDoc and prose (about 20 files per package: 1,000 packages make a 20,000-file tree). Three
packages form a linked group, as in the charter's own monorepo. With --charter the repository
adopts the charter (`[charter]` in manifest-lsp.toml). With --heavy each package has 16 .ts files of
twelve JSDoc blocks each (a deprecation and its removal promise, conformant) and a zod object: about
6 KB a file, the prose-heavy tree of issue 26 (5,000 packages make 95,000 files, 570 MB). Deterministic for
given arguments.
"""
import json
import os
import sys

SOURCE = """/**
 * {name} — module {i} of {pkg}.
 *
 * Builds the {what} for a surface. See the README for the options.
 * @deprecated since {dep} — use `build{What}V2`; the old name will be removed in {removal}.0.0.
 */
export function build{What}{i}(input: {{ id: string; size: number }}) {{
  // normalise the size: values below zero are clamped (see issue #{issue})
  const size = Math.max(0, input.size)
  return {{ id: input.id, size, kind: '{what}' }}
}}

export const {what}Defaults{i} = {{ size: {i}, label: 'module {i}' }}
"""

HEAVY_BLOCK = """/**
 * {What} step {k} of module {i} in {pkg}: reads the input, checks the bounds and returns a copy.
 * The options are documented in the README; the defaults suit most surfaces.
 * @deprecated since {dep}.0.0 — kept until at least {removal}.0.0, and will be removed in {removal}.0.0;
 * use `{what}Step{k}V2`, which takes the same options and also reports the clamped size.
 */
export function {what}Step{k}(input: {{ id: string; size: number }}) {{
  const size = Math.max(0, input.size) // clamp: negative sizes come from old clients
  return {{ id: input.id, size, step: {k} }}
}}

"""

HEAVY_TAIL = """import {{ z }} from 'zod'

export const {What}Options{i} = z.object({{
  id: z.string(),
  size: z.number().int().nonnegative(),
  label: z.string().optional(),
}})
"""

README = """# {name}

The {what} package of the benchmark monorepo.

The legacy `create{What}` helper will be removed in {removal}.0.0; use `build{What}` instead.
"""


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    charter = "--charter" in sys.argv
    heavy = "--heavy" in sys.argv
    out = args[0]
    count = int(args[1]) if len(args) > 1 else 1000
    os.makedirs(os.path.join(out, ".changeset"), exist_ok=True)
    names = [f"@bench/pkg-{n:04d}" for n in range(count)]
    linked = names[:3]
    with open(os.path.join(out, ".changeset/config.json"), "w") as f:
        json.dump({"changelog": "@changesets/cli/changelog", "linked": [linked], "access": "public"}, f, indent=2)
    with open(os.path.join(out, "package.json"), "w") as f:
        json.dump({"name": "bench-monorepo", "private": True, "packageManager": "pnpm@9.12.0"}, f, indent=2)
    with open(os.path.join(out, "pnpm-workspace.yaml"), "w") as f:
        f.write("packages:\n  - 'packages/*'\n")
    if charter:
        with open(os.path.join(out, "manifest-lsp.toml"), "w") as f:
            f.write("[charter]\n")
    for n, name in enumerate(names):
        d = os.path.join(out, "packages", f"pkg-{n:04d}")
        os.makedirs(os.path.join(d, "src"), exist_ok=True)
        major = 8 if name in linked else 1 + n % 5
        deps = {}
        if n > 0:
            dep = names[(n * 7) % n]
            deps[dep] = "workspace:*" if (name in linked and dep in linked) else "workspace:^"
        with open(os.path.join(d, "package.json"), "w") as f:
            json.dump({"name": name, "version": f"{major}.{n % 7}.{n % 3}", "dependencies": deps}, f, indent=2)
        with open(os.path.join(d, "CHANGELOG.md"), "w") as f:
            f.write(f"# {name}\n\n## {major}.{n % 7}.{n % 3}\n\n- Changes.\n\n## {major}.0.0\n\n- Major.\n")
        what = ["widget", "control", "entry", "payload", "token"][n % 5]
        with open(os.path.join(d, "README.md"), "w") as f:
            f.write(README.format(name=name, what=what, What=what.capitalize(), removal=major + 1))
        if heavy:
            for i in range(16):
                with open(os.path.join(d, "src", f"module{i:02d}.ts"), "w") as f:
                    f.write("".join(HEAVY_BLOCK.format(pkg=name, i=i, k=k, what=what, What=what.capitalize(),
                                                       dep=major, removal=major + 2) for k in range(12)))
                    f.write(HEAVY_TAIL.format(i=i, What=what.capitalize()))
            continue
        for i in range(17):
            with open(os.path.join(d, "src", f"module{i:02d}.ts"), "w") as f:
                f.write(SOURCE.format(name=name, pkg=name, i=i, what=what, What=what.capitalize(),
                                      dep=major, removal=major + 2, issue=1000 + n * 17 + i))


if __name__ == "__main__":
    main()
