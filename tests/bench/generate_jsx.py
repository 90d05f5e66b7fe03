#!/usr/bin/env python3
"""Generate a JSX-heavy charter monorepo, modelled on trigger.dev and module-federation: apps with
TSX screens and components (JSX text and attributes, comments with an occasional deprecation),
packages of plain TypeScript, and Markdown docs. Conformant: no finding.

usage: generate_jsx.py OUT_DIR [APPS]    (default 40 apps: about 6,000 files)

The repository adopts the charter (`[charter]` in manifest-lsp.toml). Deterministic.
"""
import json
import os
import sys

SCREEN = """import {{ useState }} from 'react'
import {{ Button, Card, Stack }} from '@bench/ui'

/**
 * The {what} screen of {app}: lists the {what}s of a project and opens one.
 * @deprecated since 3.0.0 — use `{What}ScreenV2`; kept until at least 5.0.0.
 */
export function {What}Screen{i}({{ projectId }}: {{ projectId: string }}) {{
  const [open, setOpen] = useState<string | null>(null)
  // the list is paged on the server; see the README for the page size
  return (
    <Stack gap={{2}} aria-label="{What} list">
      <h1 className="title">{What}s of the project</h1>
      <p>
        Pick a {what} to see its runs. Archived {what}s are hidden; the filter above shows them again.
      </p>
      {{[1, 2, 3].map((n) => (
        <Card key={{n}} title={{`{What} ${{n}}`}} onClick={{() => setOpen(`${{projectId}}/${{n}}`)}}>
          <span>Last run &middot; {{n}} minutes ago</span>
          <Button variant="ghost" disabled={{open === null}}>Open</Button>
        </Card>
      ))}}
      {{open && <p className="hint">Opening {{open}}…</p>}}
    </Stack>
  )
}}
"""

COMPONENT = """import type {{ ReactNode }} from 'react'

type Props = {{ label: string; children?: ReactNode; tone?: 'info' | 'warn' }}

/** A {what} badge; the `tone` prop replaces the old `kind` (removed in 2.0.0). */
export const {What}Badge{i} = ({{ label, children, tone = 'info' }}: Props) => (
  <span className={{`badge badge-${{tone}}`}} title={{label}}>
    {{children ?? label}}
  </span>
)
"""

LIB = """/**
 * Helpers for {what} records in {pkg}.
 * @deprecated since 3.0.0 — the `{what}Id` helper will be removed in 5.0.0.
 */
export function {what}Id{i}(project: string, n: number): string {{
  // ids are stable across renames: the project id, then the counter
  return `${{project}}:{what}:${{n}}`
}}

export const {what}Limits{i} = {{ pageSize: 50, maxPages: 20 }}
"""

DOC = """# {What} guide {i}

How to set up {what}s in a project. Each {what} has a name, a schedule and a list of runs.

## Options

- `pageSize`: how many {what}s a page lists.
- `archived`: whether archived {what}s are shown.

The `kind` option was removed in 2.0.0; use `tone`.
"""

WHATS = ["task", "run", "schedule", "queue", "deploy", "project", "token", "alert"]


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def main():
    out = sys.argv[1]
    apps = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    write(os.path.join(out, ".changeset/config.json"),
          json.dumps({"changelog": "@changesets/cli/changelog", "fixed": [["@bench/*"]], "access": "public",
                      "ignore": [f"app-{n:03d}" for n in range(apps)]}, indent=2))
    write(os.path.join(out, "package.json"),
          json.dumps({"name": "jsx-monorepo", "private": True, "packageManager": "pnpm@9.12.0"}, indent=2))
    write(os.path.join(out, "pnpm-workspace.yaml"), "packages:\n  - 'apps/*'\n  - 'packages/*'\n")
    write(os.path.join(out, "manifest-lsp.toml"), "[charter]\n")
    for n in range(apps):
        app = f"app-{n:03d}"
        d = os.path.join(out, "apps", app)
        write(os.path.join(d, "package.json"), json.dumps({"name": app, "private": True, "version": "0.0.0"}, indent=2))
        for i in range(60):
            what = WHATS[(n + i) % len(WHATS)]
            write(os.path.join(d, "src/screens", f"{what}-{i:02d}.tsx"),
                  SCREEN.format(app=app, i=i, what=what, What=what.capitalize()))
            write(os.path.join(d, "src/components", f"{what}-badge-{i:02d}.tsx"),
                  COMPONENT.format(i=i, what=what, What=what.capitalize()))
        for i in range(20):
            what = WHATS[i % len(WHATS)]
            write(os.path.join(d, "docs", f"{what}-{i:02d}.md"), DOC.format(i=i, what=what, What=what.capitalize()))
    for n in range(apps // 2):
        pkg = f"@bench/lib-{n:03d}"
        d = os.path.join(out, "packages", f"lib-{n:03d}")
        write(os.path.join(d, "package.json"), json.dumps({"name": pkg, "version": "3.4.1"}, indent=2))
        write(os.path.join(d, "CHANGELOG.md"), f"# {pkg}\n\n## 3.4.1\n\n- Fixes.\n\n## 3.0.0\n\n- Major.\n")
        for i in range(40):
            what = WHATS[i % len(WHATS)]
            write(os.path.join(d, "src", f"{what}-{i:02d}.ts"), LIB.format(i=i, pkg=pkg, what=what))


if __name__ == "__main__":
    main()
