// Finding and checking the server binary, with no VS Code API: every problem is worded for the
// user (the path tried, and why it cannot run), and is found before anything is spawned where
// that is possible. `node --test tests/vscode/binary.test.mjs` bundles and exercises this file.
import { execFile } from 'node:child_process';
import { constants as fsConstants, promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const BINARY = process.platform === 'win32' ? 'manifest-lsp.exe' : 'manifest-lsp';

/** A reason the server cannot be used, for the user: the path, and what is wrong with it. */
export class ServerProblem extends Error {
  constructor(
    message: string,
    /** The path that was tried, when there was one. */
    readonly tried?: string,
    /** What to offer: the setting is the fix (bad path), or the install is (none found). */
    readonly kind: 'path' | 'missing' | 'crash' = 'path',
  ) {
    super(message);
    this.name = 'ServerProblem';
  }
}

/** `~` and `${userHome}` at the start of a configured path. */
export function expandHome(p: string): string {
  const home = os.homedir();
  if (p === '~') return home;
  if (p.startsWith('~/') || p.startsWith('~\\')) return path.join(home, p.slice(2));
  return p.replace(/^\$\{userHome\}/, home);
}

/** ELF `e_machine` values for the architectures Node runs on. */
const ELF_MACHINES: Record<number, string> = {
  3: 'ia32',
  40: 'arm',
  62: 'x64',
  183: 'arm64',
  243: 'riscv64',
  21: 'ppc64',
  22: 's390x',
  258: 'loong64',
};

/** What kind of program the first bytes say the file is, when it is a foreign one. */
export function foreignBinary(head: Buffer, platform = process.platform, arch = process.arch): string | undefined {
  if (head.length >= 20 && head[0] === 0x7f && head.toString('latin1', 1, 4) === 'ELF') {
    if (platform === 'win32' || platform === 'darwin') return 'a Linux (ELF) binary';
    const little = head[5] !== 2;
    const machine = little ? head.readUInt16LE(18) : head.readUInt16BE(18);
    const name = ELF_MACHINES[machine];
    if (name !== arch) {
      return `a Linux binary for ${name ?? `machine type ${machine}`}, not for this ${arch} machine`;
    }
    return undefined;
  }
  if (head.length >= 4) {
    const magic = head.readUInt32BE(0);
    const macho = [0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe].includes(magic);
    if (macho && platform !== 'darwin') return 'a macOS binary';
  }
  if (head.length >= 2 && head.toString('latin1', 0, 2) === 'MZ' && platform !== 'win32') {
    return 'a Windows binary';
  }
  return undefined;
}

/**
 * Checks that `file` can be the server before it is spawned: it exists, is a file, is executable
 * and is built for this machine. Throws a ServerProblem naming the path and the reason.
 */
export async function checkExecutable(file: string, origin: string): Promise<void> {
  let stat;
  try {
    stat = await fsp.stat(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new ServerProblem(`${file} (${origin}) was not found`, file);
    }
    throw new ServerProblem(`${file} (${origin}) cannot be read (${code ?? String(e)})`, file);
  }
  if (stat.isDirectory()) {
    const inside = path.join(file, BINARY);
    const hint = (await isFile(inside)) ? `; did you mean ${inside}?` : '; it must name the binary itself';
    throw new ServerProblem(`${file} (${origin}) is a directory, not the manifest-lsp binary${hint}`, file);
  }
  if (!stat.isFile()) {
    throw new ServerProblem(`${file} (${origin}) is not a regular file`, file);
  }
  if (process.platform !== 'win32') {
    try {
      await fsp.access(file, fsConstants.X_OK);
    } catch {
      throw new ServerProblem(`${file} (${origin}) is not executable (chmod +x ${file})`, file);
    }
  }
  let head = Buffer.alloc(0);
  try {
    const handle = await fsp.open(file, 'r');
    try {
      const buf = Buffer.alloc(64);
      const { bytesRead } = await handle.read(buf, 0, 64, 0);
      head = buf.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (e) {
    throw new ServerProblem(`${file} (${origin}) cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`, file);
  }
  const foreign = foreignBinary(head);
  if (foreign) {
    throw new ServerProblem(
      `${file} (${origin}) is the wrong architecture: it is ${foreign} (exec format error); ` +
        `use the build for ${process.platform}-${process.arch}`,
      file,
    );
  }
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await fsp.stat(p)).isFile();
  } catch {
    return false;
  }
}

/** The last lines of a program's stderr, short enough for a notification. */
export function tail(text: string, lines = 5, chars = 600): string {
  const kept = text.trimEnd().split(/\r?\n/).slice(-lines).join('\n');
  return kept.length > chars ? `…${kept.slice(-chars)}` : kept;
}

/** Words for how a spawn failed (`spawn … EACCES` and friends). */
export function describeSpawnError(file: string, origin: string, e: NodeJS.ErrnoException): ServerProblem {
  switch (e.code) {
    case 'ENOENT':
      return new ServerProblem(`${file} (${origin}) was not found`, file);
    case 'EACCES':
      return new ServerProblem(`${file} (${origin}) could not be run: permission denied (not executable, or a directory)`, file);
    case 'ENOEXEC':
      return new ServerProblem(`${file} (${origin}) is the wrong architecture (exec format error)`, file);
    case 'EISDIR':
      return new ServerProblem(`${file} (${origin}) is a directory, not the manifest-lsp binary`, file);
    default:
      return new ServerProblem(`${file} (${origin}) could not be run: ${e.message}`, file);
  }
}

/** Words for a program that ended: `exited with status N` and the tail of its stderr. */
export function describeExit(
  file: string,
  origin: string,
  code: number | null,
  signal: NodeJS.Signals | null,
  stderr: string,
  when: string,
): ServerProblem {
  const how = signal ? `was killed by ${signal}` : `exited with status ${code}`;
  const said = tail(stderr);
  return new ServerProblem(
    `${file} (${origin}) ${how} ${when}${said ? `; its stderr ends with:\n${said}` : ' (nothing on stderr)'}`,
    file,
    'crash',
  );
}

/**
 * Runs `file --version`: proves that it runs here and says which server it is. A program that
 * exits with an error, is killed, or cannot be executed throws a ServerProblem.
 */
export function probeVersion(file: string, origin: string, timeoutMs = 10000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, ['--version'], { timeout: timeoutMs, windowsHide: true }, (error, stdout, stderr) => {
      if (!error) {
        resolve(stdout.trim() || stderr.trim());
        return;
      }
      const e = error as NodeJS.ErrnoException & { killed?: boolean; signal?: NodeJS.Signals | null; code?: unknown };
      if (typeof e.code === 'string') {
        reject(describeSpawnError(file, origin, e));
      } else if (e.killed && e.signal === 'SIGTERM') {
        reject(new ServerProblem(`${file} (${origin}) did not answer --version within ${timeoutMs / 1000} s`, file));
      } else {
        const code = typeof e.code === 'number' ? e.code : null;
        reject(describeExit(file, origin, code, e.signal ?? null, String(stderr ?? ''), 'when asked for --version'));
      }
    });
  });
}

/** Where the server comes from: the user's setting, the bundled binary, or PATH. */
export interface Found {
  path: string;
  /** For messages: "manifest-lsp.server.path", "the bundled binary", "found on PATH". */
  origin: string;
}

/**
 * The server: the configured path (checked, never replaced by another when it is wrong), else
 * the binary bundled in the extension, else the first executable `manifest-lsp` on PATH.
 */
export async function findServer(
  configured: string | undefined,
  extensionPath: string,
  envPath = process.env.PATH ?? '',
): Promise<Found> {
  if (configured) {
    const file = expandHome(configured);
    const origin = 'manifest-lsp.server.path';
    if (!path.isAbsolute(file)) {
      throw new ServerProblem(`${configured} (${origin}) is not an absolute path`, configured);
    }
    await checkExecutable(file, origin);
    return { path: file, origin };
  }
  const tried: string[] = [];
  const bundled = path.join(extensionPath, 'server', BINARY);
  if (await isFile(bundled)) {
    await checkExecutable(bundled, 'the bundled binary');
    return { path: bundled, origin: 'the bundled binary' };
  }
  tried.push(bundled);
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, BINARY);
    try {
      await checkExecutable(candidate, 'found on PATH');
      return { path: candidate, origin: 'found on PATH' };
    } catch {
      // not this one
    }
  }
  tried.push(`${BINARY} on PATH`);
  throw new ServerProblem(
    `no manifest-lsp server found (looked at ${tried.join(' and ')}); build it with cargo build --release ` +
      'and set manifest-lsp.server.path in your user settings',
    undefined,
    'missing',
  );
}
