#!/usr/bin/env python3
"""Generate a workspace of StartOS packages for the `check` benchmark.

usage: generate.py OUT_DIR [COUNT]

Each package has five files (manifest, version graph, current version, two historical
versions); every 5th also has a Dockerfile in place of its manifest tag. About one package in
ten carries a finding (a misnamed historical file or a stale docker tag), so `check` has
something to report. The output is deterministic for a given COUNT.
"""
import os
import sys

LOCALES = ["en_US", "es_ES", "de_DE", "fr_FR", "pl_PL"]

VERSION_FILE = """import {{ VersionInfo, IMPOSSIBLE }} from '@start9labs/start-sdk'

export const {name} = VersionInfo.of({{
  version: '{version}',
  releaseNotes: {{
{notes}
  }},
  migrations: {{
    up: async ({{ effects }}) => {{
      await effects.setDataVersion({{ version: '{version}' }})
    }},
    down: IMPOSSIBLE,
  }},
}})
"""

INDEX_FILE = """import {{ VersionGraph }} from '@start9labs/start-sdk'
import {{ current }} from './current'
{imports}

export const versionGraph = VersionGraph.of({{
  current,
  other: [{other}],
}})
"""

MANIFEST_FILE = """import {{ setupManifest }} from '@start9labs/start-sdk'

export const manifest = setupManifest({{
  id: '{id}',
  title: '{title}',
  license: 'MIT',
  wrapperRepo: 'https://github.com/Start9Labs/{id}-startos',
  upstreamRepo: 'https://github.com/example/{id}',
  description: {{
    short: 'A generated service',
    long: 'A generated service used to benchmark manifest-lsp check.',
  }},
  volumes: ['main'],
  images: {{
    main: {{
      source: {source},
      arch: ['x86_64', 'aarch64'],
    }},
    db: {{
      source: {{ dockerTag: 'postgres:16.4-alpine' }},
      arch: ['x86_64', 'aarch64'],
    }},
  }},
  dependencies: {{}},
}})
"""

DOCKERFILE = """ARG {env}_VERSION={upstream}
FROM example/{id}:v${{{env}_VERSION}} AS upstream
FROM alpine:3.20
COPY --from=upstream /app /app
ENTRYPOINT ["/app/start"]
"""


def notes(version, i):
    lines = []
    for loc in LOCALES[: 1 + i % len(LOCALES)]:
        lines.append(f"    {loc}: 'Update to {version}: fixes and improvements ({loc})',")
    return "\n".join(lines)


def stem(upstream, down):
    return f"v{upstream}_{down}"


def export(upstream, down):
    return "v_" + upstream.replace(".", "_").replace("-", "_") + f"_{down}"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def package(out, i):
    pid = f"service{i:04d}"
    root = os.path.join(out, f"{pid}-startos")
    major, minor = 1 + i % 7, i % 13
    versions = [(f"{major}.{minor}.{p}", d) for p, d in ((0, 0), (1, 0), (2, 1))]
    *historical, (cur_up, cur_down) = versions
    vdir = os.path.join(root, "startos", "versions")
    imports, other = [], []
    for n, (up, down) in enumerate(historical):
        name = export(up, down)
        file_stem = stem(up, down)
        if i % 10 == 3 and n == 0:
            file_stem = stem(up, down + 1)  # misnamed: SO002
        imports.append(f"import {{ {name} }} from './{file_stem}'")
        other.append(name)
        write(os.path.join(vdir, file_stem + ".ts"),
              VERSION_FILE.format(name=name, version=f"{up}:{down}", notes=notes(up, i)))
    write(os.path.join(vdir, "current.ts"),
          VERSION_FILE.format(name="current", version=f"{cur_up}:{cur_down}",
                              notes=notes(cur_up, i)))
    write(os.path.join(vdir, "index.ts"),
          INDEX_FILE.format(imports="\n".join(imports), other=", ".join(other)))
    tag_version = cur_up if i % 7 != 5 else historical[0][0]  # stale tag: SO007
    if i % 5 == 0:
        source = "{ dockerBuild: { workdir: '.', dockerfile: './Dockerfile' } }"
        env = pid.upper()
        write(os.path.join(root, "Dockerfile"),
              DOCKERFILE.format(env=env, upstream=tag_version, id=pid))
    else:
        source = f"{{ dockerTag: 'example/{pid}:v{tag_version}' }}"
    write(os.path.join(root, "startos", "manifest", "index.ts"),
          MANIFEST_FILE.format(id=pid, title=f"Service {i}", source=source))


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    for i in range(count):
        package(out, i)


if __name__ == "__main__":
    main()
