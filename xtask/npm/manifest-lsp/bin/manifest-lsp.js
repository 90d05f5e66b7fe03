#!/usr/bin/env node
// The `manifest-lsp` command of the npm package: runs the native binary from the optional dependency
// `@manifest-lsp/cli-<platform>-<arch>` that npm installed for this machine, with the same arguments,
// standard streams and exit code (so `npx manifest-lsp check` fails a CI step on findings, and
// `npx manifest-lsp serve` is a language server over stdio).
"use strict";

const { spawn } = require("child_process");
const path = require("path");

const { version } = require("../package.json");

// `${process.platform}-${process.arch}` -> what the package for it is built for
const PLATFORMS = {
  "linux-x64": "Linux x64 (glibc)",
  "linux-arm64": "Linux arm64 (glibc)",
  "win32-x64": "Windows x64",
  "darwin-x64": "macOS x64",
  "darwin-arm64": "macOS arm64",
};

function fail(message) {
  process.stderr.write(`manifest-lsp: ${message}\n`);
  process.exit(2);
}

function binaryPath() {
  const override = process.env.MANIFEST_LSP_BINARY;
  if (override) return override;
  const platform = `${process.platform}-${process.arch}`;
  if (!(platform in PLATFORMS)) {
    const known = Object.keys(PLATFORMS).join(", ");
    fail(
      `no prebuilt binary for ${platform} (there are: ${known}).\n` +
        "Build it from source with a Rust toolchain (`cargo build --release` in the repository) and " +
        "set MANIFEST_LSP_BINARY to the binary's path.",
    );
  }
  const pkg = `@manifest-lsp/cli-${platform}`;
  let dir;
  try {
    dir = path.dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    fail(
      `the package ${pkg}, which carries the binary for ${PLATFORMS[platform]}, is not installed.\n` +
        `It is an optional dependency of manifest-lsp: reinstall without --no-optional or ` +
        `--omit=optional, or add it yourself: npm install ${pkg}@${version}` +
        (platform.startsWith("linux")
          ? "\n(On musl systems such as Alpine it is skipped: the binary needs glibc.)"
          : ""),
    );
  }
  return path.join(dir, "bin", process.platform === "win32" ? "manifest-lsp.exe" : "manifest-lsp");
}

const binary = binaryPath();
const child = spawn(binary, process.argv.slice(2), { stdio: "inherit", windowsHide: true });

child.on("error", (err) => {
  const hint = process.env.MANIFEST_LSP_BINARY
    ? " (set by MANIFEST_LSP_BINARY)"
    : err.code === "EACCES"
      ? ` (the file is not executable: chmod +x ${binary})`
      : err.code === "ENOENT"
        ? " (the file is missing: reinstall manifest-lsp)"
        : "";
  fail(`cannot start ${binary}: ${err.message}${hint}`);
});

// a signal sent to this process reaches the binary; the binary's own end is this process's end
const forwarded = ["SIGINT", "SIGTERM", "SIGHUP"];
for (const signal of forwarded) {
  try {
    process.on(signal, () => child.kill(signal));
  } catch {
    // not every signal can be listened for on every platform
  }
}
child.on("exit", (code, signal) => {
  if (signal) {
    for (const s of forwarded) process.removeAllListeners(s);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code === null ? 1 : code);
});
