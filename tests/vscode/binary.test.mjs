// How the extension finds and checks the server binary (editors/vscode/src/binary.ts, bundled
// here with the extension's esbuild): every way a path can be wrong gives a message that names
// the path and the reason, before anything is spawned where that is possible.
//   node --test tests/vscode/
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const ext = path.join(here, '..', '..', 'editors', 'vscode');
const esbuild = path.join(ext, 'node_modules', '.bin', 'esbuild');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-lsp-binary-test-'));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));

let mod;
test.before(async () => {
  if (!fs.existsSync(esbuild)) return;
  const out = path.join(tmp, 'binary.cjs');
  execFileSync(esbuild, [path.join(ext, 'src', 'binary.ts'), '--bundle', '--platform=node', '--format=cjs', `--outfile=${out}`], {
    stdio: 'pipe',
  });
  mod = await import(out);
});

/** A file in the scratch folder. */
function file(name, content, mode = 0o755) {
  const p = path.join(tmp, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content, { mode });
  fs.chmodSync(p, mode);
  return p;
}

async function problem(promise) {
  try {
    await promise;
  } catch (e) {
    assert.equal(e.name, 'ServerProblem', String(e));
    return e.message;
  }
  assert.fail('expected a ServerProblem');
}

/** An ELF header (64-bit, little-endian) for `machine`. */
function elf(machine) {
  const b = Buffer.alloc(64);
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]).copy(b);
  b.writeUInt16LE(2, 16);
  b.writeUInt16LE(machine, 18);
  return b;
}

const posix = process.platform !== 'win32';

test('a path that is not there', { skip: !fs.existsSync(esbuild) }, async () => {
  const p = path.join(tmp, 'nowhere', 'manifest-lsp');
  const msg = await problem(mod.findServer(p, tmp, ''));
  assert.match(msg, /was not found/);
  assert.ok(msg.includes(p), msg);
  assert.ok(msg.includes('manifest-lsp.server.path'), msg);
});

test('a directory, with the binary inside it suggested', { skip: !fs.existsSync(esbuild) }, async () => {
  const dir = path.join(tmp, 'build');
  file('build/manifest-lsp', '#!/bin/sh\necho manifest-lsp 9.9.9\n');
  const msg = await problem(mod.findServer(dir, tmp, ''));
  assert.match(msg, /is a directory/);
  assert.ok(msg.includes(`did you mean ${path.join(dir, 'manifest-lsp')}`), msg);
  const empty = path.join(tmp, 'empty-dir');
  fs.mkdirSync(empty);
  assert.match(await problem(mod.findServer(empty, tmp, '')), /is a directory, not the manifest-lsp binary; it must name/);
});

test('a file that is not executable', { skip: !fs.existsSync(esbuild) || !posix }, async () => {
  const p = file('plain/manifest-lsp', '#!/bin/sh\nexit 0\n', 0o644);
  const msg = await problem(mod.findServer(p, tmp, ''));
  assert.match(msg, /is not executable/);
  assert.ok(msg.includes(p));
});

test('a binary for another machine: exec format error, said before spawning', { skip: !fs.existsSync(esbuild) || !posix }, async () => {
  const other = process.arch === 'arm64' ? 62 : 183; // x86-64 or aarch64
  const p = file('foreign/manifest-lsp', Buffer.concat([elf(other), Buffer.alloc(256)]));
  const msg = await problem(mod.findServer(p, tmp, ''));
  assert.match(msg, /wrong architecture/);
  assert.match(msg, /exec format error/);
  assert.match(msg, process.arch === 'arm64' ? /for x64/ : /for arm64/);
  if (process.platform === 'linux') {
    assert.equal(mod.foreignBinary(Buffer.from('MZ\x90\x00', 'latin1')), 'a Windows binary');
    const macho = Buffer.alloc(8);
    macho.writeUInt32BE(0xcffaedfe);
    assert.equal(mod.foreignBinary(macho), 'a macOS binary');
    assert.equal(mod.foreignBinary(elf(process.arch === 'x64' ? 62 : 183)), undefined, 'this machine\'s ELF');
    assert.equal(mod.foreignBinary(Buffer.from('#!/bin/sh\n')), undefined, 'a script');
  }
});

test('a program that fails: its exit status and the tail of its stderr', { skip: !fs.existsSync(esbuild) || !posix }, async () => {
  const p = file('crash/manifest-lsp', '#!/bin/sh\nfor i in 1 2 3 4 5 6 7; do echo "line $i" >&2; done\necho "error: no such subcommand" >&2\nexit 3\n');
  const found = await mod.findServer(p, tmp, '');
  assert.equal(found.path, p);
  const msg = await problem(mod.probeVersion(found.path, found.origin));
  assert.match(msg, /exited with status 3 when asked for --version/);
  assert.match(msg, /error: no such subcommand/);
  assert.doesNotMatch(msg, /line 1\b/, 'only the tail');
});

test('spawn errors in words', { skip: !fs.existsSync(esbuild) }, () => {
  const e = (code) => Object.assign(new Error(`spawn x ${code}`), { code });
  assert.match(mod.describeSpawnError('/x', 'o', e('EACCES')).message, /^\/x \(o\) could not be run: permission denied/);
  assert.match(mod.describeSpawnError('/x', 'o', e('ENOEXEC')).message, /wrong architecture \(exec format error\)/);
  assert.match(mod.describeSpawnError('/x', 'o', e('ENOENT')).message, /was not found/);
  assert.match(mod.describeExit('/x', 'o', null, 'SIGSEGV', '', 'while running').message, /was killed by SIGSEGV while running \(nothing on stderr\)/);
});

test('relative paths are refused; ~ is the home folder', { skip: !fs.existsSync(esbuild) }, async () => {
  assert.match(await problem(mod.findServer('target/release/manifest-lsp', tmp, '')), /is not an absolute path/);
  assert.equal(mod.expandHome('~/bin/manifest-lsp'), path.join(os.homedir(), 'bin/manifest-lsp'));
  assert.equal(mod.expandHome('/opt/manifest-lsp'), '/opt/manifest-lsp');
});

test('no setting: the bundled binary, else PATH, else a message that says where it looked', { skip: !fs.existsSync(esbuild) || !posix }, async () => {
  const extDir = path.join(tmp, 'ext');
  fs.mkdirSync(extDir);
  const onPath = file('pathdir/manifest-lsp', '#!/bin/sh\necho manifest-lsp 1.0.0\n');
  // a directory named manifest-lsp earlier on PATH is skipped
  fs.mkdirSync(path.join(tmp, 'shadow', 'manifest-lsp'), { recursive: true });
  const envPath = [path.join(tmp, 'shadow'), path.dirname(onPath)].join(path.delimiter);
  assert.deepEqual(await mod.findServer(undefined, extDir, envPath), { path: onPath, origin: 'found on PATH' });
  const bundled = file('ext/server/manifest-lsp', '#!/bin/sh\necho manifest-lsp 2.0.0\n');
  assert.deepEqual(await mod.findServer(undefined, extDir, envPath), { path: bundled, origin: 'the bundled binary' });
  assert.equal(await mod.probeVersion(bundled, 'the bundled binary'), 'manifest-lsp 2.0.0');
  const msg = await problem(mod.findServer(undefined, path.join(tmp, 'no-ext'), path.join(tmp, 'shadow')));
  assert.match(msg, /no manifest-lsp server found \(looked at .*no-ext\/server\/manifest-lsp and manifest-lsp on PATH\)/);
});

test('the real server answers --version', { skip: !fs.existsSync(esbuild) }, async (t) => {
  const candidates = [
    process.env.MANIFEST_LSP_BIN,
    path.join(ext, '..', '..', 'target', 'debug', 'manifest-lsp'),
    path.join(ext, '..', '..', 'target', 'release', 'manifest-lsp'),
  ].filter((p) => p && fs.existsSync(p));
  if (!candidates.length) {
    t.skip('no server binary');
    return;
  }
  const found = await mod.findServer(candidates[0], tmp, '');
  assert.match(await mod.probeVersion(found.path, found.origin), /^manifest-lsp \d+\.\d+\.\d+/);
});
