// VS Code itself, with the packaged extension: code-server serves the workbench, headless Chromium
// (driven by playwright-core) opens a fixture file, waits for manifest-lsp's squiggle, applies the
// quick fix from the keyboard (Ctrl+.), saves, and the file on disk must hold the fix.
// Env: MANIFEST_LSP_BIN (the server), MANIFEST_LSP_VSIX (the packaged extension),
// MANIFEST_LSP_WORKSPACE (a copy of violations/so007-docker-tag-mismatch). Screenshots go to
// tests/vscode/artifacts/.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = must('MANIFEST_LSP_BIN');
const vsix = must('MANIFEST_LSP_VSIX');
const workspace = must('MANIFEST_LSP_WORKSPACE');
const artifacts = path.join(here, 'artifacts');
fs.mkdirSync(artifacts, { recursive: true });
const codeServer = path.join(here, 'node_modules', '.bin', 'code-server');

function must(name) {
  const v = process.env[name];
  if (!v) {
    console.error(`${name} is not set`);
    process.exit(2);
  }
  return v;
}

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const state = fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-lsp-code-'));
const userData = path.join(state, 'user-data');
const extensions = path.join(state, 'extensions');
fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
fs.writeFileSync(
  path.join(userData, 'User', 'settings.json'),
  JSON.stringify({
    'manifest-lsp.server.path': bin,
    'typescript.validate.enable': false,
    'javascript.validate.enable': false,
    'workbench.startupEditor': 'none',
    'security.workspace.trust.enabled': false,
    'extensions.autoUpdate': false,
    'telemetry.telemetryLevel': 'off',
    'workbench.tips.enabled': false,
  }),
);
const port = await freePort();
const config = path.join(state, 'config.yaml');
fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
const common = [
  '--config', config, '--user-data-dir', userData, '--extensions-dir', extensions,
  '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
];
const install = spawnSync(codeServer, [...common, '--install-extension', vsix], { encoding: 'utf8' });
if (install.status !== 0) {
  console.error(`installing the extension failed:\n${install.stdout}\n${install.stderr}`);
  process.exit(1);
}
const server = spawn(codeServer, [...common, workspace], { stdio: ['ignore', 'pipe', 'pipe'] });
let serverLog = '';
server.stdout.on('data', (d) => (serverLog += d));
server.stderr.on('data', (d) => (serverLog += d));

let browser;
let page;
let verdict = 1;
try {
  await waitForServer(port);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
  // Quick Open the manifest
  await page.waitForTimeout(2000);
  await quickOpen(page, 'startos/manifest/index.ts');
  await page.waitForSelector('.monaco-editor .view-lines', { timeout: 20000 });
  // manifest-lsp's diagnostic, drawn by VS Code
  await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 60000 });
  await page.screenshot({ path: path.join(artifacts, 'diagnostic.png') });
  // to the problem, then the quick-fix menu, from the keyboard
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('F8');
  await page.waitForTimeout(500);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+.');
  await page.waitForSelector('.action-widget', { state: 'visible', timeout: 20000 });
  await page.screenshot({ path: path.join(artifacts, 'quick-fix.png') });
  const menu = await page.locator('.action-widget').innerText();
  if (!menu.includes('Set the tag to 6.57.1')) {
    throw new Error(`the quick-fix menu lacks manifest-lsp's fix:\n${menu}`);
  }
  // the preferred fix is selected first
  await page.keyboard.press('Enter');
  await page.waitForTimeout(1000);
  await page.keyboard.press('Control+s');
  const file = path.join(workspace, 'startos/manifest/index.ts');
  const deadline = Date.now() + 20000;
  while (!fs.readFileSync(file, 'utf8').includes("dockerTag: 'so007-docker-tag-mismatch:v6.57.1-alpine'")) {
    if (Date.now() > deadline) {
      throw new Error(`the fix did not reach the disk:\n${fs.readFileSync(file, 'utf8')}`);
    }
    await page.waitForTimeout(250);
  }
  await page.waitForSelector('.monaco-editor .squiggly-error', { state: 'detached', timeout: 20000 });
  await page.screenshot({ path: path.join(artifacts, 'fixed.png') });
  console.log('PASS: squiggle shown, quick fix applied and saved');

  // the spin-off: the lens above `version:`, then the action from Ctrl+. on that line
  await quickOpen(page, 'startos/versions/current.ts');
  await page.waitForSelector('.monaco-editor .codelens-decoration', { timeout: 60000 });
  const lenses = await page.locator('.monaco-editor .codelens-decoration').first().innerText();
  if (!lenses.includes('Spin off & start 6.57.2:0')) {
    throw new Error(`no spin-off lens: ${lenses}`);
  }
  await page.keyboard.press('Control+g');
  await page.keyboard.type('4:15');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+.');
  await page.waitForSelector('.action-widget', { state: 'visible', timeout: 20000 });
  const wanted = 'start 6.58.0:0';
  for (let i = 0; i < 20; i++) {
    const focused = await page.locator('.action-widget .monaco-list-row.focused').innerText().catch(() => '');
    if (focused.includes(wanted)) break;
    await page.keyboard.press('ArrowDown');
  }
  await page.screenshot({ path: path.join(artifacts, 'spin-off.png') });
  const focused = await page.locator('.action-widget .monaco-list-row.focused').innerText();
  if (!focused.includes(wanted)) {
    throw new Error(`no spin-off to 6.58.0:0 in the menu:\n${await page.locator('.action-widget').innerText()}`);
  }
  await page.keyboard.press('Enter');
  const versions = path.join(workspace, 'startos/versions');
  const historical = path.join(versions, 'v6.57.1_0.ts');
  await until(() => fs.existsSync(historical), 'the historical file');
  // save what the edit left in editors
  await page.keyboard.press('F1');
  await page.keyboard.type('File: Save All');
  await page.waitForTimeout(500);
  await page.keyboard.press('Enter');
  await until(
    () => fs.readFileSync(path.join(versions, 'index.ts'), 'utf8').includes("import { v_6_57_1_0 } from './v6.57.1_0'"),
    'index.ts to list the historical version',
  );
  await until(
    () => fs.readFileSync(path.join(versions, 'current.ts'), 'utf8').includes("version: '6.58.0:0'"),
    'the new current.ts',
  );
  if (!fs.readFileSync(historical, 'utf8').includes('export const v_6_57_1_0 = VersionInfo.of')) {
    throw new Error(`the export was not renamed:\n${fs.readFileSync(historical, 'utf8')}`);
  }
  const check = spawnSync(bin, ['check', workspace], { encoding: 'utf8' });
  if (check.status !== 0) {
    throw new Error(`check is not clean after the spin-off:\n${check.stdout}${check.stderr}`);
  }
  await page.screenshot({ path: path.join(artifacts, 'spun-off.png') });
  console.log('PASS: spin-off chosen with Ctrl+., files on disk, check clean');
  verdict = 0;
} catch (e) {
  console.error(`FAIL: ${e.stack ?? e}`);
  if (page) {
    await page.screenshot({ path: path.join(artifacts, 'failure.png') }).catch(() => {});
  }
  console.error(`code-server log (tail):\n${serverLog.split('\n').slice(-30).join('\n')}`);
} finally {
  await browser?.close().catch(() => {});
  server.kill('SIGTERM');
  fs.rmSync(state, { recursive: true, force: true });
}
process.exit(verdict);

/** Ctrl+P, the path, and Enter once the file is the first result. */
async function quickOpen(page, rel) {
  await page.keyboard.press('Control+p');
  await page.waitForSelector('.quick-input-widget', { state: 'visible', timeout: 20000 });
  await page.keyboard.type(rel);
  const [dir, name] = [path.dirname(rel), path.basename(rel)];
  await page.waitForFunction(
    ([dir, name]) => {
      const row = document.querySelector('.quick-input-list .monaco-list-row');
      return row && row.textContent.includes(name) && row.textContent.includes(dir);
    },
    [dir, name],
    { timeout: 20000 },
  );
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    (name) => [...document.querySelectorAll('.tab.active')].some((t) => t.textContent.includes(name)),
    name,
    { timeout: 20000 },
  );
}

async function until(pred, what) {
  const deadline = Date.now() + 20000;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function waitForServer(port) {
  const deadline = Date.now() + 60000;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not start:\n${serverLog}`);
}
