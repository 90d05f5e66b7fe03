#!/usr/bin/env python3
"""The shapes that were quadratic (issue 28), for tests/bench/run:
  generate_shapes.py DIR N   ->  DIR/many: one StartOS package with N version files in one folder
                                 (all listed in index.ts); DIR/braces: a package whose version
                                 file holds N*40 unclosed `{` with text between them."""
import os
import sys


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def version_file(export, version):
    return (
        "import { VersionInfo, IMPOSSIBLE } from '@start9labs/start-sdk'\n"
        f"export const {export} = VersionInfo.of({{\n  version: '{version}',\n"
        "  releaseNotes: 'x',\n  migrations: { up: async () => {}, down: IMPOSSIBLE },\n})\n"
    )


def package(root, n):
    versions = os.path.join(root, "startos/versions")
    imports, names = [], []
    for i in range(n):
        major, minor, patch = i // 10000, (i // 100) % 100, i % 100
        stem, export = f"v{major}.{minor}.{patch}_0", f"v_{major}_{minor}_{patch}_0"
        write(os.path.join(versions, stem + ".ts"), version_file(export, f"{major}.{minor}.{patch}:0"))
        imports.append(f"import {{ {export} }} from './{stem}'")
        names.append(export)
    write(os.path.join(versions, "current.ts"), version_file("current", "999.0.0:0"))
    write(
        os.path.join(versions, "index.ts"),
        "import { VersionGraph } from '@start9labs/start-sdk'\nimport { current } from './current'\n"
        + "\n".join(imports)
        + "\nexport const versionGraph = VersionGraph.of({ current, other: ["
        + ", ".join(names)
        + "] })\n",
    )


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    package(os.path.join(out, "many"), n)
    braces = os.path.join(out, "braces")
    package(braces, 1)
    write(os.path.join(braces, "startos/versions/v9.0.0_0.ts"), "export const x = " + "{ a: 1, b: " * (n * 4))


if __name__ == "__main__":
    main()
