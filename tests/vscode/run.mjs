// VS Code itself, with the packaged extension: code-server serves the workbench, headless Chromium
// (driven by playwright-core) plays a scenario, and the files on disk, the workbench's DOM and the
// extension's log must show the expected result.
//
// Scenarios (arguments, or MANIFEST_LSP_SCENARIO as a comma list; default: `default`), each in
// its own code-server with fresh user data:
//   default  squiggle, quick fix from Ctrl+., the spin-off lens and action, files on disk
//            (needs MANIFEST_LSP_WORKSPACE: a copy of violations/so007-docker-tag-mismatch)
//   recover  server.path is a directory, then a program that dies when serving, then the binary,
//            then a missing file that appears: the server starts without a reload (setting
//            changes, then "Restart the server"); errors name the path and the reason; fix-all
//            from the palette
//   quiet    a plain JavaScript project: the extension does not even activate, and a project it
//            wakes up for but has no business in gets no server and no notification
//   trust    the workspace's .vscode/settings.json names a binary inside the repository: it never
//            runs; the server comes from the user settings
//   crash    a server that dies 2 s after each start: restarted three times, then reported with
//            its exit status; "Restart" on the notification starts it again
//   rename   the file-name fix from Ctrl+. renames a version file and its import with no modal
//            dialog, and Problems ends empty; then a rename in the Explorer (its import update
//            accepted) leaves Problems with exactly what `check` says, nothing on the old name
//   detect   one folder of each kind the extension wakes up for (Salesforce, Radpack by rollup
//            config, a charter monorepo by its CHARTER: keep marker, a manifest-lsp.toml, the old
//            StartOS layout): each activates, is recognised, and the server runs; the walkthrough
// Env: MANIFEST_LSP_BIN (the server), MANIFEST_LSP_VSIX (the packaged extension); the scenarios
// other than `default` copy their own workspaces from tests/fixtures. Screenshots go to
// tests/vscode/artifacts/ (failure-<scenario>.png on failure). Each scenario ends with a line
// `PASS: scenario <name> (N s)` or `FAIL: scenario <name> (N s)`; the exit status is 1 if any
// failed. MANIFEST_LSP_KEEP_STATE=1 keeps each scenario's user data and logs (path printed).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, '..', 'fixtures');
const bin = must('MANIFEST_LSP_BIN');
const vsix = must('MANIFEST_LSP_VSIX');
const artifacts = path.join(here, 'artifacts');
fs.mkdirSync(artifacts, { recursive: true });
const codeServer = path.join(here, 'node_modules', '.bin', 'code-server');

const SCENARIOS = { default: defaultScenario, recover, quiet, trust, crash, detect, bundled, rename };
const chosen = (process.argv.slice(2).length
  ? process.argv.slice(2)
  : (process.env.MANIFEST_LSP_SCENARIO ?? 'default').split(',')
).map((s) => s.trim()).filter(Boolean);
for (const name of chosen) {
  if (!SCENARIOS[name]) {
    console.error(`unknown scenario ${name}; known: ${Object.keys(SCENARIOS).join(', ')}`);
    process.exit(2);
  }
}

function must(name) {
  const v = process.env[name];
  if (!v) {
    console.error(`${name} is not set`);
    process.exit(2);
  }
  return v;
}

let failed = 0;
for (const name of chosen) {
  const began = Date.now();
  const ok = await withCodeServer(name, SCENARIOS[name]);
  const secs = ((Date.now() - began) / 1000).toFixed(1);
  console.log(`${ok ? 'PASS' : 'FAIL'}: scenario ${name} (${secs} s)`);
  if (!ok) failed++;
}
process.exit(failed ? 1 : 0);

// ---------------------------------------------------------------------------------------------
// The harness: one code-server with fresh user data per scenario, one Chromium page.

/** Runs `body(t)` against a fresh code-server; true when it passed. */
async function withCodeServer(name, body) {
  const state = fs.mkdtempSync(path.join(os.tmpdir(), `manifest-lsp-code-${name}-`));
  const userData = path.join(state, 'user-data');
  const extensions = path.join(state, 'extensions');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  const settingsFile = path.join(userData, 'User', 'settings.json');
  const baseSettings = {
    'typescript.validate.enable': false,
    'javascript.validate.enable': false,
    // a user who once answered "Always": a file move would rewrite imports silently
    'typescript.updateImportsOnFileMove.enabled': 'always',
    'javascript.updateImportsOnFileMove.enabled': 'always',
    'workbench.startupEditor': 'none',
    'security.workspace.trust.enabled': false,
    'extensions.autoUpdate': false,
    'telemetry.telemetryLevel': 'off',
    'workbench.tips.enabled': false,
  };
  const t = {
    name,
    state,
    userData,
    /** Writes the user settings.json before code-server starts: the base plus `extra`. */
    userSettings(extra) {
      fs.writeFileSync(settingsFile, JSON.stringify({ ...baseSettings, ...extra }, null, 2));
    },
    /**
     * Sets one string setting as a user does, in the Settings editor: Ctrl+,, the key in its
     * search box, the tab, the new text in the setting's box. The server path is
     * application-scoped: listed in the "User" tab even in code-server (a remote window), never
     * in the Workspace tab; the User tab writes User/settings.json.
     * (code-server does not pick up a settings file rewritten behind its back.)
     */
    async editUserSetting(key, value, tab = 'User') {
      const { page } = t;
      await page.keyboard.press('Control+,');
      const search = page.locator('.settings-editor .suggest-input-container .monaco-editor textarea').first();
      await search.waitFor({ timeout: 20000 });
      await search.focus();
      await page.keyboard.press('Control+a');
      await page.keyboard.insertText(key);
      await page.locator('.settings-editor .settings-tabs-widget .action-label', { hasText: tab }).first().click();
      await page.waitForFunction(
        (key) => {
          const rows = [...document.querySelectorAll('.settings-editor .settings-tree-container .setting-item-contents')];
          const last = key.split('.').pop().toLowerCase();
          return rows.length === 1 && rows[0].querySelector('.setting-item-title')?.textContent.toLowerCase().includes(last);
        },
        key,
        { timeout: 20000 },
      );
      await page.locator('.settings-editor .settings-tree-container .setting-item-contents input').first().click();
      await page.keyboard.press('Control+a');
      await page.keyboard.insertText(value);
      const file = path.join(userData, tab === 'Remote' ? 'Machine' : 'User', 'settings.json');
      await waitFor(() => {
        try {
          return JSON.parse(fs.readFileSync(file, 'utf8'))[key] === value;
        } catch {
          return false;
        }
      }, `${key} in ${file}`);
      await page.keyboard.press('Control+w');
    },
    /** A copy of a fixture (or an empty folder) in the scenario's folder. */
    workspace(fixture, dirName) {
      const dir = path.join(state, dirName ?? path.basename(fixture ?? 'empty'));
      if (fixture) fs.cpSync(path.join(fixtures, fixture), dir, { recursive: true });
      else fs.mkdirSync(dir, { recursive: true });
      return dir;
    },
    page: undefined,
    port: undefined,
  };
  // `bundled` runs with default settings: the server inside the platform .vsix
  t.userSettings(name === 'bundled' ? {} : { 'manifest-lsp.server.path': bin });
  const port = await freePort();
  t.port = port;
  const config = path.join(state, 'config.yaml');
  fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const common = [
    '--config', config, '--user-data-dir', userData, '--extensions-dir', extensions,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
  ];
  const install = spawnSync(codeServer, [...common, '--install-extension', vsix], { encoding: 'utf8' });
  if (install.status !== 0) {
    console.error(`installing the extension failed:\n${install.stdout}\n${install.stderr}`);
    fs.rmSync(state, { recursive: true, force: true });
    return false;
  }
  // its own process group: code-server, its extension host and the language server end together
  const server = spawn(codeServer, [...common], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let serverLog = '';
  server.stdout.on('data', (d) => (serverLog += d));
  server.stderr.on('data', (d) => (serverLog += d));
  let browser;
  let ok = false;
  const consoleLog = [];
  try {
    await waitForServer(port, () => serverLog);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    t.page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    t.page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') consoleLog.push(`${m.type()}: ${m.text()}`);
    });
    await body(t);
    ok = true;
  } catch (e) {
    console.error(`FAIL (${name}): ${e.stack ?? e}`);
    if (t.page) {
      await t.page.screenshot({ path: path.join(artifacts, `failure-${name}.png`) }).catch(() => {});
      if (name === 'default') {
        await t.page.screenshot({ path: path.join(artifacts, 'failure.png') }).catch(() => {});
      }
    }
    const log = extensionLog(t);
    if (log) console.error(`manifest-lsp output channel:\n${log.split('\n').slice(-40).join('\n')}`);
    console.error(`browser console (errors, tail):\n${consoleLog.slice(-15).join('\n')}`);
    console.error(`code-server log (tail):\n${serverLog.split('\n').slice(-30).join('\n')}`);
  } finally {
    await browser?.close().catch(() => {});
    await stopGroup(server);
    if (!process.env.MANIFEST_LSP_KEEP_STATE) {
      fs.rmSync(state, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    }
    else console.error(`state kept in ${state}`);
  }
  return ok;
}

/** Ends the process group `child` leads: SIGTERM, then SIGKILL after 5 s. */
async function stopGroup(child) {
  const signal = (sig) => {
    try {
      process.kill(-child.pid, sig);
    } catch {}
  };
  const alive = () => {
    try {
      process.kill(-child.pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + 5000;
  while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (alive()) signal('SIGKILL');
}

/** Opens `folder` in the page and waits for the workbench. */
async function openFolder(t, folder) {
  await t.page.goto(`http://127.0.0.1:${t.port}/?folder=${encodeURIComponent(folder)}`);
  await t.page.waitForSelector('.monaco-workbench', { timeout: 60000 });
  // the status bar is drawn once the workbench restored its parts
  await t.page.waitForSelector('.part.statusbar', { timeout: 60000 });
}

/** The log files under the user data, newest session first, whose name matches `pattern`. */
function logFiles(t, pattern) {
  const found = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (pattern.test(e.name)) found.push(p);
    }
  };
  const logs = path.join(t.userData, 'logs');
  if (fs.existsSync(logs)) walk(logs);
  return found.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
}

/** What the extension wrote to its output channel (a LogOutputChannel has a file), or ''. */
function extensionLog(t) {
  return logFiles(t, /^manifest-lsp\.log$/)
    .map((f) => fs.readFileSync(f, 'utf8'))
    .join('\n');
}

/** The extension host logs: which extensions activated, and on what event. */
function extHostLog(t) {
  return logFiles(t, /exthost\.log$/)
    .map((f) => fs.readFileSync(f, 'utf8'))
    .join('\n');
}

async function waitFor(pred, what, timeout = 30000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const v = await pred();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Waits until the extension's output channel holds a line matching `re`; returns the log. */
function waitForLog(t, re, what, timeout = 30000) {
  return waitFor(() => {
    const log = extensionLog(t);
    return re.test(log) ? log : undefined;
  }, what ?? `${re} in the manifest-lsp output`, timeout);
}

/** The texts of the notification toasts on screen. */
async function toasts(page) {
  return page.$$eval('.notifications-toasts .notification-toast', (els) => els.map((e) => e.textContent ?? ''));
}

/** Waits for a toast whose text contains every one of `parts`; returns its text. */
async function waitForToast(page, parts, timeout = 30000) {
  const handle = await page.waitForFunction(
    (parts) =>
      [...document.querySelectorAll('.notifications-toasts .notification-toast.notification-fade-in-done')]
        .map((e) => e.textContent ?? '')
        .find((text) => parts.every((p) => text.includes(p))),
    parts,
    { timeout },
  );
  return handle.jsonValue();
}

/** The manifest-lsp status bar item's accessible label ("manifest-lsp: running"), or undefined. */
async function statusLabel(page) {
  return page.evaluate(() => {
    const el = [...document.querySelectorAll('.statusbar-item [aria-label^="manifest-lsp:"], .statusbar-item[aria-label^="manifest-lsp:"]')][0];
    return el?.getAttribute('aria-label') ?? undefined;
  });
}

async function waitForStatus(page, word, timeout = 60000) {
  await page.waitForFunction(
    (label) =>
      [...document.querySelectorAll('.statusbar-item [aria-label], .statusbar-item[aria-label]')].some(
        (e) => e.getAttribute('aria-label') === label,
      ),
    `manifest-lsp: ${word}`,
    { timeout },
  );
}

/** F1, the command's title, Enter once the palette's first row is that command. */
async function runCommand(page, title) {
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget', { state: 'visible', timeout: 20000 });
  await page.keyboard.type(title);
  await page.waitForFunction(
    (title) => {
      const row = document.querySelector('.quick-input-list .monaco-list-row');
      return row && row.textContent.includes(title);
    },
    title,
    { timeout: 20000 },
  );
  await page.keyboard.press('Enter');
  await page.waitForSelector('.quick-input-widget', { state: 'hidden', timeout: 20000 });
}

/** Clicks the choice `label` (a link in the message, or a button) on the first toast that has it. */
async function clickInToast(page, label) {
  await page
    .locator('.notifications-toasts .notification-toast :is(a, .monaco-button)', { hasText: label })
    .first()
    .click();
}

/** Ctrl+P, the path, and Enter once the file is the first result. */
async function quickOpen(page, rel) {
  await page.keyboard.press('Control+p');
  await page.waitForSelector('.quick-input-widget', { state: 'visible', timeout: 20000 });
  await page.keyboard.type(rel);
  const [dir, name] = [path.dirname(rel), path.basename(rel)];
  await page.waitForFunction(
    ([dir, name]) => {
      const row = document.querySelector('.quick-input-list .monaco-list-row');
      return row && row.textContent.includes(name) && (dir === '.' || row.textContent.includes(dir));
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

/**
 * After a cursor move: waits until the cursor is at `line:col` (status bar) and VS Code's own
 * code-action request for it has been answered (the lightbulb drawn within a line of the cursor).
 * VS Code asks by itself 250 ms after the cursor moves; if that request arrives while a Ctrl+. is
 * still being answered, it replaces the Ctrl+. 500 ms later (CodeActionModel, "manual to auto
 * transition"), which cancels it and shows "No code actions available" (issue 18).
 */
async function settleCodeActions(page, line, col) {
  await page.waitForFunction(
    (want) => [...document.querySelectorAll('.statusbar-item')].some((e) => (e.textContent ?? '').includes(want)),
    `Ln ${line}, Col ${col}`,
    { timeout: 20000 },
  );
  await page.waitForFunction(
    () => {
      const ed = document.querySelector('.monaco-editor.focused');
      const cur = ed?.querySelector('.cursors-layer .cursor');
      if (!cur) return false;
      const { top, height } = cur.getBoundingClientRect();
      return [...ed.querySelectorAll('.lightBulbWidget, [class*="gutter-lightbulb"]')].some((e) => {
        const r = e.getBoundingClientRect();
        return r.height > 0 && getComputedStyle(e).visibility !== 'hidden' && Math.abs(r.top - top) <= 1.5 * height;
      });
    },
    null,
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

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitForServer(port, log) {
  const deadline = Date.now() + 60000;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not start:\n${log()}`);
}

// ---------------------------------------------------------------------------------------------
// The scenarios.

/** Squiggle, quick fix from Ctrl+., the spin-off lens and action, files on disk. */
async function defaultScenario(t) {
  const workspace = must('MANIFEST_LSP_WORKSPACE');
  const { page } = t;
  // a TypeScript project, as real packages have: TypeScript's language service then follows file
  // moves into the files that import them
  fs.writeFileSync(
    path.join(workspace, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'esnext', moduleResolution: 'bundler', target: 'es2022', noEmit: true }, include: ['startos/**/*.ts'] }),
  );
  await openFolder(t, workspace);
  // Quick Open the manifest
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

  // index.ts open in a TypeScript project, as in a real package: with import updating on
  // "always", a file move would rewrite its `current` import (the server must move no file)
  await quickOpen(page, 'startos/versions/index.ts');
  await page.waitForSelector('.monaco-editor .view-lines', { timeout: 20000 });
  // the very first Ctrl+. after opening current.ts lists the version actions
  await quickOpen(page, 'startos/versions/current.ts');
  await page.waitForSelector('.monaco-editor .view-lines', { timeout: 20000 });
  await page.keyboard.press('Control+g');
  await page.keyboard.type('4:15');
  await page.keyboard.press('Enter');
  await settleCodeActions(page, 4, 15);
  await page.keyboard.press('Control+.');
  await page.waitForSelector('.action-widget', { state: 'visible', timeout: 20000 });
  const first = await page.locator('.action-widget').innerText();
  if (!first.includes('Bump to')) {
    await page.screenshot({ path: path.join(artifacts, 'first-code-actions.png') });
    throw new Error(`the first Ctrl+. on current.ts offered no version action:\n${first}`);
  }
  // on the version line they are the point of the file: listed first and pre-selected, before
  // TypeScript's refactors
  const preselected = await page.locator('.action-widget .monaco-list-row.focused').innerText().catch(() => '');
  if (!preselected.startsWith('Spin off')) {
    await page.screenshot({ path: path.join(artifacts, 'first-code-actions.png') });
    throw new Error(`Ctrl+. on the version line pre-selects "${preselected}", not a spin-off:\n${first}`);
  }
  await page.keyboard.press('Escape');

  // the spin-off: the lens above `version:`, then the action from Ctrl+. on that line
  await page.waitForSelector('.monaco-editor .codelens-decoration', { timeout: 60000 });
  const lenses = await page.locator('.monaco-editor .codelens-decoration').first().innerText();
  if (!lenses.includes('Start 6.57.2:0')) {
    throw new Error(`no spin-off lens: ${lenses}`);
  }
  await page.keyboard.press('Control+g');
  await page.keyboard.type('4:15');
  await page.keyboard.press('Enter');
  await settleCodeActions(page, 4, 15);
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
  await runCommand(page, 'File: Save All');
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
  // TypeScript's import updating ("always") must have found no file move to act on
  await page.waitForTimeout(2000);
  await runCommand(page, 'File: Save All');
  const index = fs.readFileSync(path.join(versions, 'index.ts'), 'utf8');
  if (!index.includes("import { current } from './current'")) {
    throw new Error(`index.ts no longer imports current from ./current:\n${index}`);
  }
  const check = spawnSync(bin, ['check', workspace], { encoding: 'utf8' });
  if (check.status !== 0) {
    throw new Error(`check is not clean after the spin-off:\n${check.stdout}${check.stderr}`);
  }
  await page.screenshot({ path: path.join(artifacts, 'spun-off.png') });
  console.log('PASS: spin-off chosen with Ctrl+., files on disk, check clean');
}

/**
 * A bad server path, then a good one, without a reload. (1) A directory: a notification naming
 * the path and the reason, with Show Output and Don't Show Again; status "failed". (2) The user
 * setting changes to a program that dies when serving: its exit status and the end of its stderr
 * are shown, in one notification that replaced the first; Cancel closes it. Then to the binary: the
 * server starts, squiggles; the output has the binary's --version and the indexing line. (3) The
 * setting changes to a binary that is not there yet: "was not found", failed, the notification
 * left open. (4) The binary appears: "Restart the server" starts it, and the notification is gone
 * (from the screen and the notification center) with its problem. (5) "Fix all in
 * this file" from the palette applies the safe fixes. (6) Fix on save, configured as the README
 * says, applies them to another file on Ctrl+S. The workspace is a Peers package
 * (src/package.ts + "peers" in package.json): the activation that reads package.json is exercised.
 */
async function recover(t) {
  const { page } = t;
  const workspace = t.workspace('violations/pe001-forbidden-version-tag');
  const dir = path.dirname(bin); // target/debug: a directory that holds the binary
  t.userSettings({
    'manifest-lsp.server.path': dir,
    // fix on save, as the README documents it
    'editor.codeActionsOnSave': { 'source.fixAll.manifest-lsp': 'explicit' },
  });
  await openFolder(t, workspace);

  // 1. a directory: one notification that names it, with its buttons; the status says failed
  const toast = await waitForToast(page, [dir, 'is a directory'], 60000);
  for (const button of ['Show Output', "Don't Show Again"]) {
    if (!toast.includes(button)) throw new Error(`the notification lacks "${button}": ${toast}`);
  }
  await waitForStatus(page, 'failed');
  await page.screenshot({ path: path.join(artifacts, 'recover-directory.png') });
  // "Show Output" opens the output channel, which says the same
  await clickInToast(page, 'Show Output');
  await page.waitForFunction(
    () => document.querySelector('.part.panel .view-lines')?.textContent.replace(/\u00a0/g, ' ').includes('is a directory'),
    null,
    { timeout: 20000 },
  );
  // left open: the next failure replaces it

  // 1b. a program that answers --version but dies when serving: its status and stderr's tail
  const crash = path.join(t.state, 'crash', 'manifest-lsp');
  fs.mkdirSync(path.dirname(crash), { recursive: true });
  fs.writeFileSync(
    crash,
    '#!/bin/sh\n[ "$1" = --version ] && { echo "manifest-lsp 0.0.0"; exit 0; }\necho "warming up" >&2\necho "boom: cannot serve" >&2\nexit 7\n',
    { mode: 0o755 },
  );
  await t.editUserSetting('manifest-lsp.server.path', crash);
  await waitForToast(page, [crash, 'exited with status 7', 'boom: cannot serve']);
  await waitForStatus(page, 'failed');
  const ours = (await toasts(page)).filter((x) => x.includes('manifest-lsp'));
  if (ours.length !== 1) throw new Error(`not one notification but ${ours.length}: ${ours.join(' | ')}`);
  // Cancel closes it
  await clickInToast(page, 'Cancel');
  await waitFor(async () => !(await toasts(page)).some((x) => x.includes('manifest-lsp')), 'the notification closed by Cancel');

  // 2. the user setting changes to the binary: it starts, no reload; squiggles
  await t.editUserSetting('manifest-lsp.server.path', bin);
  await waitForStatus(page, 'running');
  await quickOpen(page, 'src/package.ts');
  await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 60000 });
  await page.screenshot({ path: path.join(artifacts, 'recover-running.png') });
  const log = await waitForLog(t, /Indexing packages done/);
  for (const want of [/server: .*manifest-lsp \d+\.\d+\.\d+/, /server running: manifest-lsp \d/, /is a directory/]) {
    if (!want.test(log)) throw new Error(`the output channel lacks ${want}:\n${log}`);
  }

  // 3. the setting changes to a binary that is not there yet: tried at once, said, failed
  const slot = path.join(t.state, 'bin', 'manifest-lsp');
  await t.editUserSetting('manifest-lsp.server.path', slot);
  await waitForToast(page, [slot, 'was not found']);
  await waitForStatus(page, 'failed');
  await page.screenshot({ path: path.join(artifacts, 'recover-not-found.png') });

  // 4. the binary appears there; "Restart the server" starts it
  fs.mkdirSync(path.dirname(slot), { recursive: true });
  fs.symlinkSync(bin, slot);
  await runCommand(page, 'manifest-lsp: Restart the server');
  await waitForStatus(page, 'running');
  await waitForLog(t, new RegExp(`server: ${slot.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `));
  await quickOpen(page, 'src/package.ts');
  await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 60000 });
  // the "was not found" notification, left open, went away with the problem it reported
  await waitFor(async () => !(await toasts(page)).some((x) => x.includes('manifest-lsp')), 'the notification gone on recovery');
  await runCommand(page, 'Notifications: Show Notifications');
  await page.waitForSelector('.notifications-center .notifications-center-header-title', { timeout: 10000 });
  const center = await page.$$eval('.notifications-center .notification-list-item', (els) => els.map((e) => e.textContent ?? ''));
  if (center.some((x) => x.includes('manifest-lsp'))) throw new Error(`kept in the notification center: ${center.join(' | ')}`);
  await page.keyboard.press('Escape');

  // 5. "Fix all in this file": the safe PE001 fixes, saved to disk
  const file = path.join(workspace, 'src/package.ts');
  const before = fs.readFileSync(file, 'utf8');
  if (!before.includes("self.versionTag = 'stable'")) throw new Error(`unexpected fixture:\n${before}`);
  await page.locator('.monaco-editor .view-lines').first().click();
  await runCommand(page, 'manifest-lsp: Fix all in this file');
  await page.waitForFunction(
    () => !document.querySelector('.editor-instance .monaco-editor .view-lines')?.textContent.includes('versionTag'),
    null,
    { timeout: 20000 },
  );
  await page.keyboard.press('Control+s');
  await until(() => !fs.readFileSync(file, 'utf8').includes('self.versionTag'), 'the fix-all edit on disk');

  // 6. fix on save ("editor.codeActionsOnSave": {"source.fixAll.manifest-lsp": "explicit"})
  const other = path.join(workspace, 'src/object-form.ts');
  if (!fs.readFileSync(other, 'utf8').includes("versionTag: 'dev'")) throw new Error('unexpected fixture');
  await quickOpen(page, 'src/object-form.ts');
  await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 60000 });
  await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+s');
  await until(() => !fs.readFileSync(other, 'utf8').includes('versionTag'), 'the fix-on-save edit on disk');
  console.log('PASS: recover: a directory, then the binary by setting; a missing one, then Restart; fix-all and fix-on-save applied');
}

/**
 * No business, no noise. The user setting names a binary that does not exist, so a start would
 * fail loudly. (1) A plain JavaScript project: the extension does not activate (the extension
 * host log lists no activation of it), shows no notification and no status item. (2) A project
 * with `src/package.ts` (an activation hint for Peers) whose package.json is not a Peers one: the
 * extension activates, looks, and starts nothing, says nothing.
 */
async function quiet(t) {
  const { page } = t;
  t.userSettings({ 'manifest-lsp.server.path': path.join(t.state, 'no-such-dir', 'manifest-lsp') });
  const plain = t.workspace(undefined, 'plain-js');
  fs.writeFileSync(
    path.join(plain, 'package.json'),
    `${JSON.stringify({ name: 'plain-js', version: '1.0.0', main: 'index.js', dependencies: { lodash: '^4.17.21' } }, null, 2)}\n`,
  );
  fs.writeFileSync(path.join(plain, 'index.js'), "const _ = require('lodash');\nconsole.log(_.chunk([1, 2, 3], 2));\n");
  fs.writeFileSync(path.join(plain, 'README.md'), '# plain-js\n\nNothing for manifest-lsp here.\n');
  await openFolder(t, plain);
  await quickOpen(page, 'index.js');
  await quickOpen(page, 'package.json');
  // "Eager extensions activated": the extension host has evaluated every workspaceContains
  // activation event (searches included) and activated what matched
  await waitFor(() => {
    const log = extHostLog(t);
    if (/_doActivateExtension manifest-lsp\.manifest-lsp/.test(log)) {
      throw new Error(`manifest-lsp activated in a plain JS project:\n${log}`);
    }
    return /Eager extensions activated/.test(log);
  }, 'the startup activations', 60000);
  if (!/_doActivateExtension vscode\.npm/.test(extHostLog(t))) {
    throw new Error(`the control failed: the npm extension did not activate on package.json:\n${extHostLog(t)}`);
  }
  if (/_doActivateExtension manifest-lsp\.manifest-lsp/.test(extHostLog(t))) {
    throw new Error(`manifest-lsp activated in a plain JS project:\n${extHostLog(t)}`);
  }
  if (extensionLog(t)) throw new Error(`the output channel exists:\n${extensionLog(t)}`);
  const shownPlain = (await toasts(page)).filter((x) => /manifest-lsp/i.test(x));
  if (shownPlain.length) throw new Error(`a manifest-lsp notification: ${shownPlain.join(' | ')}`);
  if (await statusLabel(page)) throw new Error(`a manifest-lsp status item: ${await statusLabel(page)}`);
  await page.screenshot({ path: path.join(artifacts, 'quiet-plain.png') });
  console.log('PASS: quiet: a plain JS project: not activated, no notification, no status item');

  // (2) woken by a hint, but nothing to do
  const hinted = t.workspace(undefined, 'ts-app');
  fs.mkdirSync(path.join(hinted, 'src'));
  fs.writeFileSync(path.join(hinted, 'package.json'), `${JSON.stringify({ name: 'ts-app', version: '2.0.0', devDependencies: { typescript: '^5.6.0' } }, null, 2)}\n`);
  fs.writeFileSync(path.join(hinted, 'src', 'package.ts'), "export const packageName = 'ts-app';\n");
  await openFolder(t, hinted);
  await quickOpen(page, 'src/package.ts');
  await waitFor(() => /_doActivateExtension manifest-lsp\.manifest-lsp/.test(extHostLog(t)), 'manifest-lsp to activate on src/package.ts');
  const log = await waitForLog(t, /nothing here for manifest-lsp/);
  if (/server: |server running|was not found/.test(log)) throw new Error(`a server was started:\n${log}`);
  const shown = (await toasts(page)).filter((x) => /manifest-lsp/i.test(x));
  if (shown.length) throw new Error(`a manifest-lsp notification: ${shown.join(' | ')}`);
  if (await statusLabel(page)) throw new Error(`a manifest-lsp status item: ${await statusLabel(page)}`);
  await page.screenshot({ path: path.join(artifacts, 'quiet-hinted.png') });
  console.log('PASS: quiet: woken by src/package.ts without Peers: no server, no notification, no status item');
}

/**
 * The repository's .vscode/settings.json points manifest-lsp.server.path at a script inside the
 * repository; the user settings name the real binary. The script must never run (not even for
 * --version), the server starts from the user setting, and the Settings editor offers the setting
 * in the User tab only (application scope). Changing the workspace value while it runs changes
 * nothing either.
 */
async function trust(t) {
  const { page } = t;
  const workspace = t.workspace('violations/so007-docker-tag-mismatch');
  const evil = path.join(workspace, 'tools', 'manifest-lsp');
  const marker = path.join(workspace, 'tools', 'ran');
  fs.mkdirSync(path.dirname(evil), { recursive: true });
  fs.writeFileSync(evil, `#!/bin/sh\ntouch '${marker}'\nexit 1\n`, { mode: 0o755 });
  fs.mkdirSync(path.join(workspace, '.vscode'));
  const wsSettings = path.join(workspace, '.vscode', 'settings.json');
  fs.writeFileSync(wsSettings, JSON.stringify({ 'manifest-lsp.server.path': evil }, null, 2));
  t.userSettings({ 'manifest-lsp.server.path': bin });
  await openFolder(t, workspace);
  await quickOpen(page, 'startos/manifest/index.ts');
  await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 60000 });
  await waitForStatus(page, 'running');
  const log = await waitForLog(t, /server running/);
  const serverLine = log.split('\n').find((l) => l.includes('server: '));
  if (!serverLine?.includes(bin)) throw new Error(`the server did not come from the user setting:\n${log}`);
  // the setting is application-scoped: VS Code applies no workspace value of it, and its Settings
  // editor lists it in the User tab only
  for (const [tab, rows] of [['Workspace', 0], ['User', 1]]) {
    await page.keyboard.press('Control+,');
    const search = page.locator('.settings-editor .suggest-input-container .monaco-editor textarea').first();
    await search.waitFor({ timeout: 20000 });
    await search.focus();
    await page.keyboard.press('Control+a');
    await page.keyboard.insertText('manifest-lsp.server.path');
    await page.locator('.settings-editor .settings-tabs-widget .action-label', { hasText: tab }).first().click();
    await page.waitForTimeout(1000);
    const found = await page.$$eval('.settings-editor .settings-tree-container .setting-item-contents', (r) => r.length);
    if (found !== rows) throw new Error(`the ${tab} tab lists ${found} server.path setting(s), not ${rows}`);
    await page.keyboard.press('Control+w');
  }
  // the workspace value changes while the server runs: still ignored, nothing restarts
  const evil2 = path.join(workspace, 'tools', 'other-manifest-lsp');
  fs.writeFileSync(evil2, `#!/bin/sh\ntouch '${marker}'\nexit 1\n`, { mode: 0o755 });
  fs.writeFileSync(wsSettings, JSON.stringify({ 'manifest-lsp.server.path': evil2 }, null, 2));
  await page.waitForTimeout(3000);
  await waitForStatus(page, 'running');
  if (fs.existsSync(marker)) throw new Error('the workspace\'s binary ran');
  const shown = (await toasts(page)).filter((x) => /manifest-lsp/i.test(x));
  if (shown.length) throw new Error(`a manifest-lsp notification: ${shown.join(' | ')}`);
  // the status item: a click offers the server's actions; "Show the output" opens the channel
  await page.locator('.statusbar-item', { has: page.locator('[aria-label="manifest-lsp: running"]') }).first().click()
    .catch(() => page.locator('.statusbar-item[aria-label="manifest-lsp: running"]').first().click());
  await page.waitForSelector('.quick-input-widget', { state: 'visible', timeout: 20000 });
  const picks = await page.locator('.quick-input-list').innerText();
  for (const want of ['Restart the server', 'Show the output']) {
    if (!picks.includes(want)) throw new Error(`the status menu lacks "${want}":\n${picks}`);
  }
  await page.screenshot({ path: path.join(artifacts, 'status-menu.png') });
  await page.keyboard.type('Show the output');
  await page.waitForFunction(
    () => document.querySelector('.quick-input-list .monaco-list-row')?.textContent.includes('Show the output'),
    null,
    { timeout: 20000 },
  );
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    () => document.querySelector('.part.panel .view-lines')?.textContent.replace(/\u00a0/g, ' ').includes('server running'),
    null,
    { timeout: 20000 },
  );
  await page.screenshot({ path: path.join(artifacts, 'trust.png') });
  console.log('PASS: trust: the workspace\'s server.path was ignored (never ran); the user\'s binary serves');
}

/**
 * A server that keeps dying while it runs (a wrapper that ends the real one after 2 s): the client
 * restarts it three times (logged), then gives up with one notification naming the exit status
 * and the end of stderr, status "failed". The notification's "Restart" starts it again; the user
 * setting pointed at the real binary, it stays up.
 */
async function crash(t) {
  const { page } = t;
  const workspace = t.workspace('violations/so007-docker-tag-mismatch');
  const wrapper = path.join(t.state, 'flaky', 'manifest-lsp');
  fs.mkdirSync(path.dirname(wrapper), { recursive: true });
  fs.writeFileSync(
    wrapper,
    `#!/bin/sh\n[ "$1" = --version ] && exec '${bin}' --version\necho "flaky: ending the server in 2 s" >&2\nexec timeout 2 '${bin}' "$@"\n`,
    { mode: 0o755 },
  );
  t.userSettings({ 'manifest-lsp.server.path': wrapper });
  await openFolder(t, workspace);
  await quickOpen(page, 'startos/manifest/index.ts');
  await waitForLog(t, /server running/);
  const toast = await waitForToast(page, [wrapper, 'exited with status 124 while running', 'flaky: ending the server'], 60000);
  if (!toast.includes('Restart')) throw new Error(`no Restart on the notification: ${toast}`);
  await waitForStatus(page, 'failed');
  const log = extensionLog(t);
  for (const n of [1, 2, 3]) {
    if (!log.includes(`restarting the server (${n}/3 in 3 minutes)`)) throw new Error(`restart ${n} not logged:\n${log}`);
  }
  if (log.includes('restarting the server (4/3')) throw new Error(`restarted a fourth time:\n${log}`);
  await page.screenshot({ path: path.join(artifacts, 'crash-failed.png') });
  // "Restart" on the notification: it starts again (and would die again: the wrapper is still set)
  const before = (extensionLog(t).match(/server running/g) ?? []).length;
  await clickInToast(page, 'Restart');
  await waitFor(() => (extensionLog(t).match(/server running/g) ?? []).length > before, 'a start after Restart');
  // the real binary, by setting: up, and it stays up
  await t.editUserSetting('manifest-lsp.server.path', bin);
  await waitForLog(t, new RegExp(`server: ${bin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `));
  await waitForStatus(page, 'running');
  await quickOpen(page, 'startos/manifest/index.ts');
  await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 60000 });
  console.log('PASS: crash: three restarts, then one notification with the exit status; Restart and the setting start it again');
}

/**
 * Each kind of project wakes the extension and is recognised: the activation events and the look
 * inside (detect.ts) agree. One window, one folder after another.
 */
async function detect(t) {
  const { page } = t;
  const cases = [
    ['clean/salesforce-app', 'a Salesforce DX project: sfdx-project.json'],
    ['clean/radpack-app', 'a Radpack build: rollup.config.mjs'],
    ['violations/charter-monorepo', 'a versioning-charter monorepo (CHARTER: keep)'],
    ['clean/charter-monorepo', 'manifest-lsp.toml: manifest-lsp.toml'],
    ['clean/old-install-layout', 'a StartOS package: startos/install/versions/'],
  ];
  for (const [fixture, said] of cases) {
    const folder = t.workspace(fixture, fixture.replace('/', '-'));
    const before = (extensionLog(t).match(/server running/g) ?? []).length;
    await openFolder(t, folder);
    await waitFor(() => extensionLog(t).includes(`found ${said}`), `"found ${said}" for ${fixture}`, 60000);
    await waitFor(() => (extensionLog(t).match(/server running/g) ?? []).length > before, `the server for ${fixture}`, 60000);
    await waitForStatus(page, 'running');
    const shown = (await toasts(page)).filter((x) => /manifest-lsp/i.test(x));
    if (shown.length) throw new Error(`a manifest-lsp notification in ${fixture}: ${shown.join(' | ')}`);
    console.log(`PASS: detect: ${fixture}: found ${said}`);
  }
  // the walkthrough the extension contributes
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget', { state: 'visible', timeout: 20000 });
  await page.keyboard.type('Welcome: Open Walkthrough');
  await page.waitForFunction(
    () => document.querySelector('.quick-input-list .monaco-list-row')?.textContent.includes('Open Walkthrough'),
    null,
    { timeout: 20000 },
  );
  await page.keyboard.press('Enter');
  // the second picker: the walkthroughs
  await page.waitForFunction(
    () => [...document.querySelectorAll('.quick-input-list .monaco-list-row')].some((r) => r.textContent.includes('Get started with manifest-lsp')),
    null,
    { timeout: 20000 },
  );
  await page.keyboard.type('Get started with manifest-lsp');
  await page.waitForFunction(
    () => document.querySelector('.quick-input-list .monaco-list-row')?.textContent.includes('Get started with manifest-lsp'),
    null,
    { timeout: 20000 },
  );
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    () => {
      const text = document.querySelector('.gettingStartedContainer')?.textContent ?? '';
      return ['The server comes with the extension', '.vsix carries the server', 'Open a package', 'Fix a finding', 'Spin off a version'].every((s) => text.includes(s));
    },
    null,
    { timeout: 20000 },
  );
  await page.screenshot({ path: path.join(artifacts, 'walkthrough.png') });
  console.log('PASS: detect: the walkthrough lists its four steps');
}

/**
 * A platform .vsix from `cargo xtask dist` (MANIFEST_LSP_VSIX), with default settings: no
 * server.path. The server inside the extension starts, and a StartOS package shows its finding.
 */
async function bundled(t) {
  const { page } = t;
  const workspace = t.workspace('violations/so007-docker-tag-mismatch');
  await openFolder(t, workspace);
  await quickOpen(page, 'startos/manifest/index.ts');
  await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 60000 });
  const log = await waitForLog(t, /server: \S*\/server\/manifest-lsp /, 'the bundled server in the log');
  if (log.includes(bin)) throw new Error(`the test's binary was used, not the bundled one:\n${log}`);
  await page.screenshot({ path: path.join(artifacts, 'bundled.png') });
  console.log('PASS: bundled: the .vsix\'s own server, default settings, the finding shown');
}

/** What the Problems panel lists now: one string per row (file rows and marker rows). */
async function problemRows(page) {
  return page.$$eval('.markers-panel .monaco-list-row', (rows) => rows.map((r) => r.textContent ?? ''));
}

/** Fails if a modal dialog shows within `ms`. */
async function noDialog(page, ms, what) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const text = await page
      .$eval('.monaco-dialog-box', (e) => e.textContent ?? '')
      .catch(() => undefined);
    if (text !== undefined) {
      await page.screenshot({ path: path.join(artifacts, 'rename-dialog.png') });
      throw new Error(`${what}: a modal dialog was shown: ${text}`);
    }
    await page.waitForTimeout(200);
  }
}

/**
 * The rename fix and an Explorer rename (issue 24): the fix applied from Ctrl+. asks nothing
 * (the server does not answer its own rename a second time), the files and the import move on
 * disk, and Problems ends empty; a rename in the Explorer gets the import update (the modal VS
 * Code shows for any extension's refactoring edits is accepted), and Problems then lists exactly
 * `check`'s one finding, on the new name, nothing on the old one.
 */
async function rename(t) {
  const { page } = t;
  const workspace = t.workspace('violations/so002-file-name-mismatch');
  fs.writeFileSync(
    path.join(workspace, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'esnext', moduleResolution: 'bundler', target: 'es2022', noEmit: true }, include: ['startos/**/*.ts'] }),
  );
  const versions = path.join(workspace, 'startos/versions');
  const [wrong, right] = [path.join(versions, 'v1.1.0_2.ts'), path.join(versions, 'v1.1.0_4.ts')];
  await openFolder(t, workspace);
  await quickOpen(page, 'startos/versions/v1.1.0_2.ts');
  await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 60000 });
  await page.keyboard.press('Control+g');
  await page.keyboard.type('4:14');
  await page.keyboard.press('Enter');
  await settleCodeActions(page, 4, 14);
  await page.keyboard.press('Control+.');
  await page.waitForSelector('.action-widget', { state: 'visible', timeout: 20000 });
  const wanted = 'Rename the file to v1.1.0_4.ts';
  const focusedRow = () => page.locator('.action-widget .monaco-list-row.focused').innerText().catch(() => '');
  if (!(await focusedRow()).includes(wanted)) {
    throw new Error(`the rename is not the preferred fix:\n${await page.locator('.action-widget').innerText()}`);
  }
  await page.keyboard.press('Enter');
  await noDialog(page, 4000, 'the rename fix');
  await until(() => fs.existsSync(right) && !fs.existsSync(wrong), 'the file renamed on disk');
  await runCommand(page, 'File: Save All');
  await until(
    () => fs.readFileSync(path.join(versions, 'index.ts'), 'utf8').includes("from './v1.1.0_4'"),
    "index.ts to import './v1.1.0_4'",
  );
  const clean = spawnSync(bin, ['check', workspace], { encoding: 'utf8' });
  if (clean.status !== 0) throw new Error(`check is not clean after the fix:\n${clean.stdout}${clean.stderr}`);
  await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
  await page.waitForSelector('.markers-panel', { timeout: 20000 });
  await waitFor(async () => (await problemRows(page)).length === 0, 'an empty Problems panel after the fix', 20000).catch(
    async (e) => {
      await page.screenshot({ path: path.join(artifacts, 'rename-problems.png') });
      throw new Error(`${e.message}: ${JSON.stringify(await problemRows(page))}`);
    },
  );
  console.log('PASS: rename fix applied without a dialog, Problems empty');

  // the Explorer: the renamed file back to its old (wrong) name
  await quickOpen(page, 'startos/versions/v1.1.0_4.ts');
  await runCommand(page, 'File: Reveal Active File in Explorer View');
  await page.waitForSelector('.explorer-folders-view .monaco-list-row.focused', { timeout: 20000 });
  await page.keyboard.press('F2');
  await page.waitForSelector('.explorer-folders-view .monaco-inputbox input', { timeout: 20000 });
  await page.keyboard.press('Control+a');
  await page.keyboard.type('v1.1.0_2.ts');
  await page.keyboard.press('Enter');
  // VS Code asks before applying any extension's edits to a file move: accept them
  const dialog = await page.waitForSelector('.monaco-dialog-box', { timeout: 20000 }).catch(() => null);
  if (dialog) {
    const buttons = await page.$$eval('.monaco-dialog-box .monaco-button', (bs) => bs.map((b) => b.textContent ?? ''));
    const ok = buttons.findIndex((b) => /^(OK|Apply)$/.test(b.trim()));
    if (ok < 0) throw new Error(`no button to accept the import update: ${buttons}`);
    await page.locator('.monaco-dialog-box .monaco-button').nth(ok).click();
  }
  await until(() => fs.existsSync(wrong) && !fs.existsSync(right), 'the Explorer rename on disk');
  await page.waitForTimeout(1000);
  await runCommand(page, 'File: Save All');
  await until(
    () => fs.readFileSync(path.join(versions, 'index.ts'), 'utf8').includes("from './v1.1.0_2'"),
    "index.ts to import './v1.1.0_2' again",
  );
  const check = spawnSync(bin, ['check', '--format', 'json', workspace], { encoding: 'utf8' });
  const found = JSON.parse(check.stdout).diagnostics.map((d) => `${path.basename(d.path)} ${d.code}`);
  if (JSON.stringify(found) !== JSON.stringify(['v1.1.0_2.ts SO002'])) {
    throw new Error(`check after the Explorer rename: ${JSON.stringify(found)}`);
  }
  await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
  const rows = await waitFor(async () => {
    const rows = await problemRows(page);
    const files = rows.filter((r) => /v1\.1\.0_\d\.ts/.test(r) && !r.includes('SO0'));
    const markers = rows.filter((r) => r.includes('SO0'));
    return files.length === 1 && files[0].includes('v1.1.0_2.ts') && markers.length === 1 && markers[0].includes('SO002')
      ? rows
      : undefined;
  }, 'Problems to show exactly check\'s SO002 on v1.1.0_2.ts', 20000).catch(async (e) => {
    await page.screenshot({ path: path.join(artifacts, 'rename-problems.png') });
    throw new Error(`${e.message}: ${JSON.stringify(await problemRows(page))}`);
  });
  if (rows.filter((r) => !r.includes('SO0')).some((r) => r.includes('v1.1.0_4'))) {
    throw new Error(`Problems still lists the old file: ${JSON.stringify(rows)}`);
  }
  console.log('PASS: Explorer rename updated the import, Problems matches check');
}
