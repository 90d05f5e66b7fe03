// Does the workspace hold anything manifest-lsp understands? The activation events are file
// patterns, and some of them are only hints (a changesets monorepo, a `src/package.ts`, a rollup
// config): this looks inside before the server is started, so that a project manifest-lsp has
// no business in gets no server and no notification.
import * as vscode from 'vscode';

/** What was found, for the output channel: the kind of project and the file that says so. */
export interface Signal {
  kind: string;
  file: vscode.Uri;
}

const SKIP = '**/{node_modules,.git,dist,build,out,vendor,target}/**';

/** Files whose mere presence is enough (the same as the activation events that need no look inside). */
export const SURE = [
  '**/manifest-lsp.toml',
  '**/startos/versions/*.ts',
  '**/startos/install/versions/*.ts',
  '**/startos/manifest.ts',
  '**/startos/manifest/index.ts',
  '**/sfdx-project.json',
  '**/radpack.json',
  '**/scripts/check-deprecation-prose.mjs',
  '**/scripts/check-changelog-on-major.mjs',
  '**/scripts/check-projection-envelope-version.mjs',
];

/** The kind of project a file found by the SURE globs says. */
export function sureKind(relPath: string): string {
  const p = relPath.replace(/\\/g, '/');
  const name = p.split('/').pop() ?? '';
  if (name === 'manifest-lsp.toml') return 'manifest-lsp.toml';
  if (name === 'sfdx-project.json') return 'a Salesforce DX project';
  if (name === 'radpack.json') return 'a Radpack build';
  if (/(^|\/)scripts\/check-[a-z-]+\.mjs$/.test(p)) return 'a versioning-charter gate script';
  return 'a StartOS package';
}

/** Reads a workspace file as text, or undefined (too big, unreadable). */
async function read(uri: vscode.Uri, limit = 1 << 20): Promise<string | undefined> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > limit) return undefined;
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

const PEERS_SECTIONS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];

/** A Peers package: a `"peers"` object in package.json, or a dependency on the Peers SDK. */
export function isPeersManifest(text: string): boolean {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return false;
  }
  if (!json || typeof json !== 'object') return false;
  const pkg = json as Record<string, unknown>;
  const peers = pkg.peers;
  if (peers && typeof peers === 'object' && Object.keys(peers).length > 0) return true;
  return PEERS_SECTIONS.some((s) => {
    const deps = pkg[s];
    return (
      !!deps &&
      typeof deps === 'object' &&
      Object.keys(deps).some((name) => name.startsWith('@peers-app/') || name === 'peers-sdk')
    );
  });
}

/**
 * The first sign that manifest-lsp has work here, or undefined. Bounded: a few file searches,
 * and at most a few thousand small files read in a changesets monorepo.
 */
export async function detect(token?: vscode.CancellationToken): Promise<Signal | undefined> {
  if (!vscode.workspace.workspaceFolders?.length) return undefined;
  // one search for all the files that are enough by themselves
  const [sure] = await vscode.workspace.findFiles(`{${SURE.join(',')}}`, SKIP, 1, token);
  if (sure) return { kind: sureKind(vscode.workspace.asRelativePath(sure, false)), file: sure };
  // Peers: package.json files that say so
  for (const file of await vscode.workspace.findFiles('**/package.json', SKIP, 500, token)) {
    const text = await read(file);
    if (text && isPeersManifest(text)) return { kind: 'a Peers package', file };
  }
  // Radpack, built through a rollup or webpack plugin
  for (const file of await vscode.workspace.findFiles(
    '**/{rollup,webpack}.config.{js,mjs,cjs,ts,mts,cts}',
    SKIP,
    100,
    token,
  )) {
    const text = await read(file);
    if (text && /@radpack\//.test(text)) return { kind: 'a Radpack build', file };
  }
  // the versioning charter: a changesets monorepo that carries the charter's marker
  const [changesets] = await vscode.workspace.findFiles('**/.changeset/config.json', SKIP, 1, token);
  if (changesets) {
    const texts = await vscode.workspace.findFiles('**/*.{md,ts,mts,cts,tsx,js,mjs,cjs}', SKIP, 3000, token);
    for (const file of texts) {
      if (token?.isCancellationRequested) return undefined;
      const text = await read(file, 256 * 1024);
      if (text?.includes('CHARTER: keep')) return { kind: 'a versioning-charter monorepo (CHARTER: keep)', file };
    }
  }
  return undefined;
}

/** Files whose creation or change may turn an idle workspace into one with work. */
export const WATCH = '**/{manifest-lsp.toml,sfdx-project.json,radpack.json,package.json,config.json,manifest.ts,current.ts,index.ts,rollup.config.*,webpack.config.*}';
