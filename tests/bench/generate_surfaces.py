#!/usr/bin/env python3
"""Generate a monorepo laid out like Mobile Surfaces (glendonC/mobile-surfaces) for the benchmarks.

usage: generate_surfaces.py OUT_DIR [SCALE]

The shape of that repository, with our own contents: a pnpm workspace of apps/* and packages/*
with changesets and one linked group of three packages; about 80 gate scripts under scripts/
(`check-*.mjs`, many with a `.test.mjs` twin, and scripts/lib/), among them the charter's
`check-deprecation-prose.mjs` and `check-changelog-on-major.mjs`, so the repository adopts the
charter; zod schema files with a `schemaVersion` envelope; JSON fixtures under data/; docs in
Markdown; Swift and image files beside the TypeScript, as a mobile app has. SCALE 1 gives about
440 files (the real repository has 462); SCALE N repeats the packages, scripts and fixtures N times.
Deterministic for given arguments.
"""
import json
import os
import sys

PACKAGES = [
    # name, source files, test files, extension of the sources
    ("surface-contracts", 8, 0, "ts"),
    ("validators", 2, 0, "ts"),
    ("traps", 3, 0, "ts"),
    ("push", 11, 9, "ts"),
    ("tokens", 8, 0, "ts"),
    ("live-activity", 4, 0, "ts"),
    ("example-domain", 3, 0, "ts"),
    ("create-mobile-surfaces", 25, 20, "mjs"),
]
LINKED = ["surface-contracts", "validators", "traps"]
TOPICS = [
    "activity-attributes", "adapter-boundary", "adapter-parses", "ajv-zod-parity", "apns-reason",
    "app-group-identity", "changelog-on-major", "deprecation-prose", "doc-links", "fixture-schema",
    "widget-targets", "token-names", "push-payload", "scenario-coverage", "release-notes",
    "swift-contracts", "site-routes", "asset-sizes", "json-fixtures", "workspace-protocol",
]

SCHEMA = """import {{ z }} from 'zod'
import {{ SCHEMA_VERSION }} from './version'

/**
 * The {what} surface snapshot, as the app and the push service exchange it.
 * @deprecated since 3.2 — use `{what}SnapshotV2`; the old shape will be removed in {removal}.0.0.
 */
export const {what}Snapshot = z.object({{
  schemaVersion: z.literal(SCHEMA_VERSION),
  surfaceId: z.string(),
  updatedAt: z.string().datetime(),
  payload: z.record(z.string(), z.unknown()),
}})

export type {What}Snapshot = z.infer<typeof {what}Snapshot>
"""

SOURCE = """/**
 * {what} helpers of {pkg}.
 *
 * Keeps the {what} state in step with the surface. See the package README for the options.
 */
export function {what}State{i}(input: {{ id: string; count: number }}) {{
  // clamp the count: a negative value means the surface was reset (see notes/{what}.md)
  const count = Math.max(0, input.count)
  return {{ id: input.id, count, kind: '{what}' }}
}}
"""

SCRIPT = """#!/usr/bin/env node
// Gate: {topic}. Fails the build when the {topic} rule is broken; run by `pnpm check`.
import fs from 'node:fs'
import path from 'node:path'
import {{ listFiles, fail }} from './lib/files.mjs'

const root = path.resolve(import.meta.dirname, '..')
const problems = []
for (const file of listFiles(root, ['.ts', '.mjs', '.md'])) {{
  const text = fs.readFileSync(file, 'utf8')
  // a rule of thumb, not a parser: the real check reads the syntax tree
  if (text.includes('TODO({topic})')) problems.push(`${{file}}: unfinished {topic} work`)
}}
if (problems.length > 0) fail('{topic}', problems)
"""

TEST = """import test from 'node:test'
import assert from 'node:assert/strict'

test('{topic} accepts a clean tree', () => {{
  assert.equal(['a', 'b'].length, 2)
}})
"""

LIB = """// Shared helpers of the gate scripts ({name}).
export function {name}(value) {{
  return String(value).trim()
}}
"""

CHANGELOG = """# @surfaces/{name}

## {major}.0.0

### Major Changes

- Reworked the {name} surface; the previous shape is gone.

## {prev}.4.0

### Minor Changes

- Added the compact layout.
"""

SWIFT = """import Foundation

// The {what} widget's view model, decoded from the shared surface snapshot.
struct {What}Entry: Codable {{
    let surfaceId: String
    let updatedAt: Date
}}
"""

DOC = """---
title: {title}
---

# {title}

How the {title} surface behaves on the lock screen, and what the push service sends for it.
The snapshot carries `schemaVersion`, so an older app can tell a newer payload apart.
"""


def write(path, text, mode="w"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, mode) as f:
        f.write(text)


def main():
    out = sys.argv[1]
    scale = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    suffixes = [""] + [f"-{n}" for n in range(2, scale + 1)]
    write(f"{out}/pnpm-workspace.yaml", "packages:\n  - 'apps/*'\n  - 'packages/*'\n")
    write(f"{out}/package.json", json.dumps({
        "name": "surfaces", "private": True, "packageManager": "pnpm@9.12.0",
        "scripts": {"check": "node scripts/run-gates.mjs"},
    }, indent=2))
    linked = [f"@surfaces/{n}" for n in LINKED]
    write(f"{out}/.changeset/config.json", json.dumps({
        "changelog": "@changesets/cli/changelog", "linked": [linked], "access": "public",
        "baseBranch": "main", "updateInternalDependencies": "patch",
    }, indent=2))
    write(f"{out}/.changeset/README.md", "# Changesets\n\nOne file per change; see the charter.\n")
    write(f"{out}/README.md", "# Surfaces\n\nLive activities and widgets, with their contracts.\n")
    write(f"{out}/.gitignore", "node_modules\ndist\n")
    for n in ("charter", "release", "push"):
        write(f"{out}/notes/{n}.md", f"# {n}\n\nWorking notes on {n}.\n")
    for s in suffixes:
        for name, sources, tests, ext in PACKAGES:
            d = f"{out}/packages/{name}{s}"
            major = 3 if name in LINKED else 1 + len(name) % 3
            deps = {"zod": "^3.23.0"}
            if name != "surface-contracts":
                deps[f"@surfaces/surface-contracts{s}"] = "workspace:*"
            write(f"{d}/package.json", json.dumps({
                "name": f"@surfaces/{name}{s}", "version": f"{major}.1.0",
                "type": "module", "dependencies": deps,
            }, indent=2))
            write(f"{d}/CHANGELOG.md", CHANGELOG.format(name=name, major=major, prev=max(major - 1, 0)))
            write(f"{d}/README.md", f"# @surfaces/{name}\n\nThe {name} package.\n")
            for i in range(sources):
                what = f"{name.split('-')[0]}{i}"
                if name == "surface-contracts" and i < 5:
                    text = SCHEMA.format(what=what, What=what.capitalize(), removal=major + 1)
                else:
                    text = SOURCE.format(what=what, pkg=name, i=i)
                write(f"{d}/src/{what}.{ext}", text)
            if name == "surface-contracts":
                write(f"{d}/src/version.ts", "export const SCHEMA_VERSION = '5' as const\n")
            for i in range(tests):
                write(f"{d}/test/case{i}.test.mjs", TEST.format(topic=f"{name} case {i}"))
            if name == "live-activity":
                for i in range(10):
                    what = f"activity{i}"
                    write(f"{d}/ios/{what.capitalize()}.swift", SWIFT.format(what=what, What=what.capitalize()))
        for n, topic in enumerate(TOPICS * 4):
            name = f"check-{topic}{s}" + ("" if n < len(TOPICS) else f"-{n // len(TOPICS)}")
            write(f"{out}/scripts/{name}.mjs", SCRIPT.format(topic=topic))
            if n % 2 == 0:
                write(f"{out}/scripts/{name}.test.mjs", TEST.format(topic=topic))
        for i in range(20):
            write(f"{out}/scripts/lib/helper{i}{s}.mjs", LIB.format(name=f"helper{i}"))
        for i in range(60):
            write(f"{out}/data/surface-fixtures/fixture{i}{s}.json", json.dumps({
                "schemaVersion": "5", "surfaceId": f"surface-{i}", "payload": {"n": i},
            }, indent=2))
        for i in range(26):
            write(f"{out}/data/surface-fixtures-negative/negative{i}{s}.json", json.dumps({
                "schemaVersion": "4", "surfaceId": None, "why": f"rejected case {i}",
            }, indent=2))
        for i in range(11):
            write(f"{out}/apps/site{s}/public/shape{i}.svg",
                  f'<svg xmlns="http://www.w3.org/2000/svg"><circle r="{i + 1}"/></svg>\n')
        for app, files in (("mobile", 20), ("site", 30), ("example-backend", 4)):
            d = f"{out}/apps/{app}{s}"
            write(f"{d}/package.json", json.dumps({
                "name": f"@surfaces/{app}{s}", "private": True, "version": "0.0.0",
                "dependencies": {f"@surfaces/surface-contracts{s}": "workspace:*"},
            }, indent=2))
            for i in range(files):
                if app == "site":
                    write(f"{d}/src/content/docs/page{i}.md", DOC.format(title=f"Surface {i}"))
                elif app == "mobile" and i % 2 == 0:
                    write(f"{d}/targets/widget/Widget{i}.swift", SWIFT.format(what=f"w{i}", What=f"W{i}"))
                    write(f"{d}/assets/icon{i}.png", bytes(range(256)) * 4, "wb")
                else:
                    write(f"{d}/src/view{i}.ts", SOURCE.format(what=f"view{i}", pkg=app, i=i))


if __name__ == "__main__":
    main()
