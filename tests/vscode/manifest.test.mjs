// The extension's manifest (editors/vscode/package.json) and what it ships, without an editor:
//   node --test tests/vscode/
// The server path is a machine setting a workspace cannot override in Restricted Mode, the
// extension wakes up only on workspaces manifest-lsp understands, and every file the manifest
// names is shipped. With a server binary (MANIFEST_LSP_BIN, else target/{debug,release}), the
// manifest-lsp.toml schema must list every rule the binary knows.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const ext = path.join(here, '..', '..', 'editors', 'vscode');
const pkg = JSON.parse(fs.readFileSync(path.join(ext, 'package.json'), 'utf8'));
const source = fs.readFileSync(path.join(ext, 'src', 'extension.ts'), 'utf8');
const detect = fs.readFileSync(path.join(ext, 'src', 'detect.ts'), 'utf8');

test('manifest-lsp.server.path is application-scoped (user settings only) and restricted in untrusted workspaces', () => {
  const setting = pkg.contributes.configuration.properties['manifest-lsp.server.path'];
  assert.equal(setting.scope, 'application');
  const untrusted = pkg.capabilities?.untrustedWorkspaces;
  assert.ok(untrusted, 'capabilities.untrustedWorkspaces is declared');
  assert.equal(untrusted.supported, 'limited');
  assert.deepEqual(untrusted.restrictedConfigurations, ['manifest-lsp.server.path']);
  assert.ok(untrusted.description?.length > 20, 'Restricted Mode is explained');
});

test('the code reads the server path from the user settings only', () => {
  assert.match(source, /inspect<string>\('server\.path'\)/);
  assert.match(source, /globalValue/);
  // the path is never taken from a plain get(), which would merge in workspace values
  assert.doesNotMatch(source, /get<string>\('server\.path'/);
});

test('activation: only on workspaces manifest-lsp understands', () => {
  const events = pkg.activationEvents;
  assert.ok(Array.isArray(events) && events.length > 0);
  for (const e of events) {
    assert.ok(!e.startsWith('onLanguage:'), `no onLanguage activation (${e})`);
    assert.notEqual(e, '*', 'no activation on startup');
    assert.notEqual(e, 'onStartupFinished', 'no activation on every workspace');
    assert.ok(e.startsWith('workspaceContains:'), `a workspaceContains event (${e})`);
    const glob = e.slice('workspaceContains:'.length);
    assert.ok(
      !/(^|\/)package\.json$/.test(glob) && !/\*\*\/\*\.(ts|js|json|md)$/.test(glob),
      `no activation on every npm package or source file (${e})`,
    );
  }
  for (const must of [
    '**/startos/versions/*.ts',
    '**/startos/manifest.ts',
    '**/sfdx-project.json',
    '**/manifest-lsp.toml',
    '**/radpack.json',
  ]) {
    assert.ok(events.includes(`workspaceContains:${must}`), `activates on ${must}`);
  }
  // the files the extension trusts without a look inside are activation events too
  const sure = [...detect.matchAll(/^  '(\*\*\/[^']+)',$/gm)].map((m) => m[1]);
  assert.ok(sure.length >= 5, 'detect.ts lists its SURE globs');
  for (const glob of sure) {
    assert.ok(events.includes(`workspaceContains:${glob}`), `detect.ts's ${glob} is an activation event`);
  }
});

test('no made-up repository URL, and packaging does not need one', () => {
  assert.doesNotMatch(JSON.stringify(pkg), /example\.invalid/);
  assert.equal(pkg.repository, undefined);
  assert.match(pkg.scripts.package, /--allow-missing-repository/);
});

test('every contributed command is registered, and back', () => {
  const contributed = pkg.contributes.commands.map((c) => c.command).sort();
  const registered = [...source.matchAll(/registerCommand\('([^']+)'/g)].map((m) => m[1]).sort();
  assert.deepEqual(registered, contributed);
  const fixAll = pkg.contributes.commands.find((c) => c.command === 'manifest-lsp.fixAll');
  assert.equal(`${fixAll.category}: ${fixAll.title}`, 'manifest-lsp: Fix all in this file');
  assert.match(source, /editor\.action\.sourceAction/);
  assert.match(source, /source\.fixAll\.manifest-lsp/);
});

test('the files the manifest names are there and shipped', () => {
  const ignore = fs.readFileSync(path.join(ext, '.vscodeignore'), 'utf8');
  const shipped = (rel) => {
    const top = rel.replace(/^\.\//, '').split('/')[0];
    return ignore.split('\n').some((l) => l === `!${rel.replace(/^\.\//, '')}` || l === `!${top}/**`);
  };
  const files = [pkg.icon];
  for (const v of pkg.contributes.tomlValidation) files.push(v.url);
  for (const w of pkg.contributes.walkthroughs) {
    for (const step of w.steps) files.push(step.media.markdown ?? step.media.image);
  }
  for (const f of files) {
    assert.ok(fs.existsSync(path.join(ext, f)), `${f} exists`);
    assert.ok(shipped(f), `${f} is in the .vsix (.vscodeignore)`);
  }
  const icon = fs.readFileSync(path.join(ext, pkg.icon));
  assert.equal(icon.subarray(1, 4).toString('latin1'), 'PNG');
  assert.equal(icon.readUInt32BE(16), 128, 'icon width');
  assert.equal(icon.readUInt32BE(20), 128, 'icon height');
  const walk = pkg.contributes.walkthroughs[0].steps.map((s) => s.id);
  assert.deepEqual(walk, ['install', 'open', 'fix', 'spinoff']);
});

test('the extension README documents settings, commands, fix-on-save and trust', () => {
  const readme = fs.readFileSync(path.join(ext, 'README.md'), 'utf8');
  for (const key of Object.keys(pkg.contributes.configuration.properties)) assert.ok(readme.includes(key), key);
  for (const c of pkg.contributes.commands.filter((c) => c.command !== 'manifest-lsp.menu')) {
    assert.ok(readme.includes(`manifest-lsp: ${c.title}`), c.title);
  }
  assert.ok(readme.includes('"source.fixAll.manifest-lsp": "explicit"'));
  assert.match(readme, /Restricted Mode/);
});

test('the manifest-lsp.toml schema: its shape, and every rule of the server', async (t) => {
  const schemaPath = path.join(ext, pkg.contributes.tomlValidation[0].url);
  const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
  assert.equal(pkg.contributes.tomlValidation[0].fileMatch, 'manifest-lsp.toml');
  assert.equal(schema.$schema, 'http://json-schema.org/draft-04/schema#');
  assert.deepEqual(Object.keys(schema.properties).sort(), ['charter', 'exclude', 'ignore', 'rules', 'salesforce']);
  assert.deepEqual(Object.keys(schema.properties.charter.properties).sort(), ['enabled', 'envelope-schemas', 'exclude', 'linked']);
  assert.equal(schema.additionalProperties, false);
  const { serverBinary, listRules } = await import(path.join(ext, 'scripts', 'schema.mjs'));
  const bin = serverBinary();
  if (!bin) {
    t.skip('no manifest-lsp binary (MANIFEST_LSP_BIN, target/debug, target/release)');
    return;
  }
  const keys = schema.properties.rules.properties;
  const missing = listRules(bin).filter((r) => !keys[r.code] || !keys[r.name]);
  assert.deepEqual(
    missing.map((r) => r.code),
    [],
    `the schema lacks rules ${bin} knows: run node editors/vscode/scripts/schema.mjs`,
  );
});
