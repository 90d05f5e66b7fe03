// manifest-lsp for VS Code: finds the server (user settings only, never the workspace's), checks
// that it can run before spawning it, starts it over stdio with vscode-languageclient, and passes
// the `manifest-lsp` settings (initializationOptions, then workspace/configuration).
//
// Every failure leaves the extension able to start again: a failed client is thrown away and a
// new one is made on "Restart the server" or when the setting changes. Where the workspace holds
// nothing manifest-lsp understands, no server is started and nothing is shown.
import { ChildProcess, spawn } from 'node:child_process';
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  State,
} from 'vscode-languageclient/node';
import {
  describeExit,
  describeSpawnError,
  findServer,
  Found,
  probeVersion,
  ServerProblem,
} from './binary';
import { detect, Signal, WATCH } from './detect';

const FIX_ALL = 'source.fixAll.manifest-lsp';
const QUIET_KEY = 'manifest-lsp.dontShowAgain';

type Status = 'idle' | 'starting' | 'indexing' | 'running' | 'stopped' | 'failed';

/**
 * The client, with its notifications routed to the output channel (this extension words the
 * failures), and without stack traces there.
 */
class QuietClient extends LanguageClient {
  override error(message: string, data?: unknown, _showNotification?: boolean | 'force'): void {
    const detail = data instanceof Error ? data.message : data;
    // the library stopping a client that never started: the failure is reported once, by us
    if (typeof detail === 'string' && /can't be stopped/.test(detail)) return;
    super.error(message, detail, false);
  }
}

/** The server path from the user's settings. Workspace and folder values are ignored (and said). */
export function userServerPath(): { value?: string; ignored: string[] } {
  const ignored: string[] = [];
  const info = vscode.workspace.getConfiguration('manifest-lsp').inspect<string>('server.path');
  if (info?.workspaceValue) ignored.push(`the workspace settings (${info.workspaceValue})`);
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const f = vscode.workspace.getConfiguration('manifest-lsp', folder.uri).inspect<string>('server.path');
    const v = f?.workspaceFolderValue;
    if (v && v !== info?.workspaceValue) ignored.push(`${folder.name}/.vscode/settings.json (${v})`);
  }
  const value = typeof info?.globalValue === 'string' ? info.globalValue.trim() : '';
  return { value: value || undefined, ignored };
}

function settings(): unknown {
  const config = vscode.workspace.getConfiguration('manifest-lsp');
  return { rules: config.get('rules', {}), fixAll: { unsafe: config.get('fixAll.unsafe', false) } };
}

class Controller implements vscode.Disposable {
  private client: QuietClient | undefined;
  private process: ChildProcess | undefined;
  private stderr = '';
  private exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private found: Found | undefined;
  private status: Status = 'idle';
  private problem: ServerProblem | undefined;
  private version: string | undefined;
  /** The user setting the last start used. */
  private usedSetting: string | undefined;
  /** A start is queued: the client must not be sent anything meanwhile. */
  private pending = false;
  /** Set once something says the server has work here (or the user asked for it). */
  private wanted = false;
  private signal: Signal | undefined;
  private notified = false;
  /** The failure notification on screen, if any. */
  private notice: { close: () => void } | undefined;
  /** Our own starts and stops under way: state changes are ours, not crashes. */
  private busyDepth = 0;
  private get busy(): boolean {
    return this.busyDepth > 0;
  }
  private crashes: number[] = [];
  /** The client is restarting the server after a crash (its state passes through Stopped). */
  private restarting = false;
  private giveUp: ServerProblem | undefined;
  private queue: Promise<void> = Promise.resolve();
  private readonly progress = new Map<string | number, { title: string; started: number }>();
  private readonly item: vscode.StatusBarItem;
  private watcher: vscode.FileSystemWatcher | undefined;
  private redetect: NodeJS.Timeout | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.item = vscode.window.createStatusBarItem('manifest-lsp.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'manifest-lsp';
    this.item.command = 'manifest-lsp.menu';
    this.render();
  }

  dispose(): void {
    this.closeNotice();
    this.item.dispose();
    this.watcher?.dispose();
    if (this.redetect) clearTimeout(this.redetect);
  }

  /** On activation: start if the workspace has something for the server, else watch for it. */
  async activate(): Promise<void> {
    const started = Date.now();
    try {
      this.signal = await detect();
    } catch (e) {
      this.output.warn(`looking for projects failed: ${e instanceof Error ? e.message : e}`);
    }
    if (this.signal) {
      this.output.info(`found ${this.signal.kind}: ${vscode.workspace.asRelativePath(this.signal.file)} (${Date.now() - started} ms)`);
      this.wanted = true;
      await this.restart(false);
      return;
    }
    this.output.info(
      'nothing here for manifest-lsp (no StartOS, Salesforce, Radpack, Peers or charter project, no ' +
        'manifest-lsp.toml): the server is not started. "manifest-lsp: Restart the server" starts it anyway.',
    );
    this.watch();
  }

  private watch(): void {
    if (this.watcher) return;
    this.watcher = vscode.workspace.createFileSystemWatcher(WATCH, false, false, true);
    const again = () => {
      if (this.wanted) return;
      if (this.redetect) clearTimeout(this.redetect);
      this.redetect = setTimeout(async () => {
        const signal = await detect();
        if (signal && !this.wanted) {
          this.signal = signal;
          this.output.info(`found ${signal.kind}: ${vscode.workspace.asRelativePath(signal.file)}`);
          this.wanted = true;
          this.watcher?.dispose();
          this.watcher = undefined;
          await this.restart(false);
        }
      }, 1000);
    };
    this.watcher.onDidCreate(again);
    this.watcher.onDidChange(again);
  }

  /** Serialises starts and stops: one at a time, in order. */
  private enqueue(task: () => Promise<void>): Promise<void> {
    const next = this.queue.then(task, task);
    this.queue = next.catch((e) => this.output.error(`internal error: ${e instanceof Error ? e.stack : e}`));
    return this.queue;
  }

  /** Stops what runs (whatever state it is in) and starts again. `explicit`: the user asked. */
  restart(explicit: boolean): Promise<void> {
    if (explicit) this.wanted = true;
    this.pending = true;
    return this.enqueue(async () => {
      this.pending = false;
      await this.stopNow();
      await this.startNow(explicit);
    });
  }

  stop(): Promise<void> {
    return this.enqueue(async () => {
      await this.stopNow();
      this.setStatus('stopped');
      this.output.info('server stopped');
    });
  }

  /** The user setting changed: start again if the path the server comes from changed. */
  settingChanged(): Promise<void> {
    const { value, ignored } = userServerPath();
    for (const i of ignored) this.output.warn(`manifest-lsp.server.path in ${i} is ignored: only user settings choose the binary`);
    if (!this.wanted) return Promise.resolve();
    if (value === this.usedSetting && this.status !== 'failed' && this.status !== 'stopped') {
      return Promise.resolve();
    }
    this.output.info(`manifest-lsp.server.path is now ${value ? `"${value}"` : 'empty'}: starting again`);
    return this.restart(true);
  }

  private async stopNow(): Promise<void> {
    const client = this.client;
    const child = this.process;
    this.client = undefined;
    this.busyDepth++;
    try {
      if (client) {
        try {
          if (client.state === State.Running) await client.stop(3000);
        } catch (e) {
          this.output.warn(`stopping the server: ${e instanceof Error ? e.message : e}`);
        }
        try {
          // a client that failed to start cannot be stopped, only dropped: make sure the
          // features it registered are released before a new one comes
          await client.dispose(1000);
        } catch {
          // it was not running
        }
      }
      if (child && child.exitCode === null && child.signalCode === null) {
        child.kill();
      }
    } finally {
      this.busyDepth--;
      this.progress.clear();
    }
  }

  private async startNow(explicit: boolean): Promise<void> {
    this.busyDepth++;
    this.problem = undefined;
    this.giveUp = undefined;
    this.crashes = [];
    this.restarting = false;
    this.version = undefined;
    this.found = undefined;
    this.process = undefined;
    this.exited = undefined;
    this.stderr = '';
    this.setStatus('starting');
    try {
      const { value, ignored } = userServerPath();
      this.usedSetting = value;
      for (const i of ignored) this.output.warn(`manifest-lsp.server.path in ${i} is ignored: only user settings choose the binary`);
      const found = await findServer(value, this.context.extensionPath);
      this.found = found;
      this.version = await probeVersion(found.path, found.origin);
      this.output.info(`server: ${found.path} (${found.origin}), ${this.version}`);
      const client = this.makeClient(found);
      this.client = client;
      const began = Date.now();
      try {
        await client.start();
      } catch (e) {
        throw await this.startFailure(found, e);
      }
      if (this.client !== client) return; // replaced meanwhile
      const info = client.initializeResult?.serverInfo;
      this.output.info(
        `server running: ${info ? `${info.name} ${info.version ?? ''}`.trim() : 'no serverInfo'}, initialized in ${Date.now() - began} ms`,
      );
      this.setStatus(this.progress.size > 0 ? 'indexing' : 'running');
    } catch (e) {
      const problem = e instanceof ServerProblem ? e : new ServerProblem(`the server could not start: ${e instanceof Error ? e.message : e}`);
      await this.stopNow();
      this.fail(problem, explicit);
    } finally {
      this.busyDepth--;
    }
  }

  /** Why client.start() failed: the process's exit status and stderr when it died. */
  private async startFailure(found: Found, e: unknown): Promise<ServerProblem> {
    if (e instanceof ServerProblem) return e;
    // the connection closes a moment before the exit status is known
    await this.exitOf(this.process, 1500);
    if (this.exited) {
      return describeExit(found.path, found.origin, this.exited.code, this.exited.signal, this.stderr, 'while starting');
    }
    const message = e instanceof Error ? e.message : String(e);
    return new ServerProblem(`${found.path} (${found.origin}) failed to start: ${message}`, found.path, 'crash');
  }

  /** Waits (at most `ms`) for `child` to exit, unless it has. */
  private exitOf(child: ChildProcess | undefined, ms: number): Promise<void> {
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private makeClient(found: Found): QuietClient {
    const serverOptions = async (): Promise<ChildProcess> => {
      const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      this.stderr = '';
      this.exited = undefined;
      const child = spawn(found.path, ['serve'], { cwd, windowsHide: true });
      this.process = child;
      child.stderr?.on('data', (d: Buffer) => {
        this.stderr = (this.stderr + d.toString()).slice(-8192);
      });
      child.on('exit', (code, signal) => {
        if (this.process === child) this.exited = { code, signal };
      });
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve);
        child.once('error', (err) => reject(describeSpawnError(found.path, found.origin, err)));
      });
      return child;
    };
    const files = (pattern: string) => ({ scheme: 'file', pattern });
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: 'file', language: 'typescript' },
        { scheme: 'file', language: 'typescriptreact' },
        { scheme: 'file', language: 'javascript' },
        { scheme: 'file', language: 'dockerfile' },
        files('**/package.json'),
        files('**/sfdx-project.json'),
        files('**/radpack.json'),
        files('**/.changeset/config.json'),
        files('**/*.md'),
        files('**/Dockerfile*'),
        files('**/manifest-lsp.toml'),
      ],
      initializationOptions: settings(),
      synchronize: { configurationSection: 'manifest-lsp' },
      outputChannel: this.output,
      traceOutputChannel: this.output,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      initializationFailedHandler: () => false,
      errorHandler: {
        // while starting, the failed initialize (and the exit status) tell what went wrong
        error: (_error, _message, count) => ({
          action:
            this.busy || this.client !== client || (count !== undefined && count <= 3)
              ? ErrorAction.Continue
              : ErrorAction.Shutdown,
          handled: true,
        }),
        closed: async () => {
          // our own start or stop, or a client already thrown away: nothing to restart
          if (this.busy || this.client !== client) return { action: CloseAction.DoNotRestart, handled: true };
          // stdout closes a moment before the exit status is known
          await this.exitOf(this.process, 1500);
          const now = Date.now();
          this.crashes = this.crashes.filter((t) => now - t < 3 * 60 * 1000);
          this.crashes.push(now);
          const problem = this.exited
            ? describeExit(found.path, found.origin, this.exited.code, this.exited.signal, this.stderr, 'while running')
            : new ServerProblem(`${found.path} (${found.origin}) closed the connection`, found.path, 'crash');
          if (this.crashes.length <= 3) {
            this.output.warn(`restarting the server (${this.crashes.length}/3 in 3 minutes): ${problem.message}`);
            this.restarting = true;
            return { action: CloseAction.Restart, handled: true };
          }
          this.giveUp = problem;
          return { action: CloseAction.DoNotRestart, handled: true };
        },
      },
      middleware: {
        workspace: {
          // a server.path change restarts the server: nothing is sent to the one going away
          didChangeConfiguration: (sections, next) =>
            this.pending || this.busy || this.client !== client ? Promise.resolve() : next(sections),
        },
        handleWorkDoneProgress: (token, params, next) => {
          if (params.kind === 'begin') {
            this.progress.set(token, { title: params.title, started: Date.now() });
            if (this.status === 'running') this.setStatus('indexing');
          } else if (params.kind === 'end') {
            const p = this.progress.get(token);
            this.progress.delete(token);
            const ms = p ? ` in ${Date.now() - p.started} ms` : '';
            this.output.info(`${p?.title ?? 'work'} done${params.message ? `: ${params.message}` : ''}${ms}`);
            if (this.progress.size === 0 && this.status === 'indexing') this.setStatus('running');
          }
          next(token, params);
        },
      },
    };
    const client = new QuietClient('manifest-lsp', 'manifest-lsp', serverOptions, clientOptions);
    client.onDidChangeState((e) => {
      if (this.client !== client || this.busy) return;
      if (e.newState === State.Starting) {
        this.restarting = false;
        this.setStatus('starting');
      } else if (e.newState === State.Running) {
        this.restarting = false;
        this.setStatus(this.progress.size > 0 ? 'indexing' : 'running');
      } else if (e.newState === State.Stopped && this.restarting) {
        // on its way to a restart
        this.setStatus('starting');
      } else if (e.newState === State.Stopped) {
        // the client gave up (crashes) or could not restart the server
        const problem =
          this.giveUp ??
          (this.exited
            ? describeExit(found.path, found.origin, this.exited.code, this.exited.signal, this.stderr, 'while running')
            : new ServerProblem(`${found.path} (${found.origin}) stopped`, found.path, 'crash'));
        void this.enqueue(async () => {
          if (this.client !== client) return;
          await this.stopNow();
          this.fail(problem, false);
        });
      }
    });
    return client;
  }

  private fail(problem: ServerProblem, explicit: boolean): void {
    this.problem = problem;
    this.setStatus('failed');
    this.output.error(problem.message);
    void this.notify(problem, explicit);
  }

  /**
   * At most one notification a session unless the user asked, never after "Don't Show Again".
   * VS Code has no way to close a message notification, so the failure is a notification with
   * progress, which the extension can end: it goes away by itself once the server runs (or the
   * next failure replaces it), and never outlives the problem it reports. Its choices are links.
   */
  private async notify(problem: ServerProblem, explicit: boolean): Promise<void> {
    if (this.context.globalState.get<boolean>(QUIET_KEY)) return;
    if (this.notified && !explicit) return;
    this.notified = true;
    this.closeNotice();
    const fix =
      problem.kind === 'crash'
        ? '[Restart](command:manifest-lsp.restart)'
        : '[Open Settings](command:manifest-lsp.openSettings)';
    const links = `${fix} · [Show Output](command:manifest-lsp.showOutput) · [Don't Show Again](command:manifest-lsp.quietNotifications)`;
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'manifest-lsp', cancellable: true },
      (progress, token) =>
        new Promise<void>((resolve) => {
          // a full bar: nothing is working, the notice waits for the user
          progress.report({ message: `${problem.message}. ${links}`, increment: 100 });
          const notice = { close: () => resolve() };
          this.notice = notice;
          token.onCancellationRequested(() => notice.close());
        }),
    );
  }

  /** Ends the failure notification, if one is showing. */
  private closeNotice(): void {
    this.notice?.close();
    this.notice = undefined;
  }

  /** "Don't Show Again" (a link in the notification). */
  async quietNotifications(): Promise<void> {
    this.closeNotice();
    await this.context.globalState.update(QUIET_KEY, true);
    this.output.info('notifications off ("manifest-lsp: Show notifications again" turns them back on)');
  }

  private setStatus(status: Status): void {
    this.status = status;
    // the problem a notification reports is gone once a server runs
    if (status === 'running' || status === 'indexing') this.closeNotice();
    void vscode.commands.executeCommand('setContext', 'manifest-lsp.running', status === 'running' || status === 'indexing');
    this.render();
  }

  private render(): void {
    const item = this.item;
    const words: Record<Status, [string, string]> = {
      idle: ['$(circle-outline)', 'not started'],
      starting: ['$(loading~spin)', 'starting'],
      indexing: ['$(sync~spin)', 'indexing'],
      running: ['$(check)', 'running'],
      stopped: ['$(circle-slash)', 'stopped'],
      failed: ['$(error)', 'failed'],
    };
    const [icon, word] = words[this.status];
    item.text = `${icon} manifest-lsp`;
    item.accessibilityInformation = { label: `manifest-lsp: ${word}` };
    item.backgroundColor =
      this.status === 'failed' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    const tip = new vscode.MarkdownString(`**manifest-lsp**: ${word}`);
    if (this.found) tip.appendText(`\n\nserver: ${this.found.path}${this.version ? ` (${this.version})` : ''}`);
    if (this.signal) tip.appendText(`\n\nproject: ${this.signal.kind}`);
    if (this.problem && this.status === 'failed') tip.appendText(`\n\n${this.problem.message}`);
    tip.appendText('\n\nClick for actions.');
    item.tooltip = tip;
    if (this.status === 'idle' && !this.wanted) item.hide();
    else item.show();
  }

  async menu(): Promise<void> {
    type Pick = vscode.QuickPickItem & { run: () => unknown };
    const picks: Pick[] = [
      { label: '$(debug-restart) Restart the server', run: () => this.restart(true) },
      { label: '$(output) Show the output', run: () => this.output.show(true) },
    ];
    if (this.status === 'running' || this.status === 'indexing') {
      picks.push({ label: '$(debug-stop) Stop the server', run: () => this.stop() });
    }
    if (vscode.window.activeTextEditor) {
      picks.push({ label: '$(wrench) Fix all in this file', run: () => fixAll() });
    }
    picks.push({ label: '$(settings-gear) Open the settings', run: () => openSettings('@ext:manifest-lsp.manifest-lsp') });
    if (this.context.globalState.get<boolean>(QUIET_KEY)) {
      picks.push({ label: '$(bell) Show notifications again', run: () => this.resetNotifications() });
    }
    const choice = await vscode.window.showQuickPick(picks, { title: `manifest-lsp: ${this.status}` });
    await choice?.run();
  }

  async resetNotifications(): Promise<void> {
    await this.context.globalState.update(QUIET_KEY, false);
    this.notified = false;
    this.output.info('notifications on');
  }

  shutdown(): Promise<void> {
    return this.enqueue(() => this.stopNow());
  }
}

/** The user settings (the server path is application-scoped: the User tab, remote or not). */
function openSettings(query: string): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openSettings', query);
}

/** Applies manifest-lsp's safe fixes to the active file (the source.fixAll.manifest-lsp action). */
async function fixAll(): Promise<void> {
  if (!vscode.window.activeTextEditor) {
    void vscode.window.showInformationMessage('manifest-lsp: open a file to fix first.');
    return;
  }
  await vscode.commands.executeCommand('editor.action.sourceAction', { kind: FIX_ALL, apply: 'first' });
}

let controller: Controller | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('manifest-lsp', { log: true });
  const ctl = new Controller(context, output);
  controller = ctl;
  context.subscriptions.push(
    output,
    ctl,
    vscode.commands.registerCommand('manifest-lsp.restart', () => ctl.restart(true)),
    vscode.commands.registerCommand('manifest-lsp.stop', () => ctl.stop()),
    vscode.commands.registerCommand('manifest-lsp.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('manifest-lsp.fixAll', fixAll),
    vscode.commands.registerCommand('manifest-lsp.openSettings', () => openSettings('manifest-lsp.server.path')),
    vscode.commands.registerCommand('manifest-lsp.menu', () => ctl.menu()),
    vscode.commands.registerCommand('manifest-lsp.resetNotifications', () => ctl.resetNotifications()),
    vscode.commands.registerCommand('manifest-lsp.quietNotifications', () => ctl.quietNotifications()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('manifest-lsp.server.path')) void ctl.settingChanged();
    }),
  );
  const own = vscode.extensions.getExtension('manifest-lsp.manifest-lsp');
  output.info(`manifest-lsp extension ${own?.packageJSON?.version ?? ''} in VS Code ${vscode.version}`);
  // not awaited: activation (and the commands) must not wait for the server
  void ctl.activate();
}

export async function deactivate(): Promise<void> {
  await controller?.shutdown();
}
