// manifest-lsp for VS Code: finds the server, starts it over stdio with vscode-languageclient,
// and passes the `manifest-lsp` settings (initializationOptions, then workspace/configuration).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel | undefined;

const BINARY = process.platform === 'win32' ? 'manifest-lsp.exe' : 'manifest-lsp';

/** The server: the setting, else the binary bundled in the extension, else one on PATH. */
export function findServer(context: { extensionPath: string }): { path?: string; tried: string[] } {
  const tried: string[] = [];
  const configured = vscode.workspace.getConfiguration('manifest-lsp').get<string>('server.path', '');
  if (configured) {
    tried.push(`the setting manifest-lsp.server.path (${configured})`);
    return fs.existsSync(configured) ? { path: configured, tried } : { tried };
  }
  const bundled = path.join(context.extensionPath, 'server', BINARY);
  tried.push(`the bundled binary (${bundled})`);
  if (fs.existsSync(bundled)) {
    return { path: bundled, tried };
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, BINARY);
    if (dir && fs.existsSync(candidate)) {
      return { path: candidate, tried };
    }
  }
  tried.push('PATH');
  return { tried };
}

function settings(): unknown {
  const config = vscode.workspace.getConfiguration('manifest-lsp');
  return { rules: config.get('rules', {}) };
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  output ??= vscode.window.createOutputChannel('manifest-lsp', { log: true });
  const found = findServer(context);
  if (!found.path) {
    output.appendLine(`manifest-lsp: no server found; looked at ${found.tried.join(', ')}`);
    const choice = await vscode.window.showErrorMessage(
      'manifest-lsp: the server binary was not found. Build it (cargo build --release) and set ' +
        '"manifest-lsp.server.path" to target/release/manifest-lsp, or put manifest-lsp on PATH.',
      'Open Settings',
    );
    if (choice === 'Open Settings') {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'manifest-lsp.server.path');
    }
    return;
  }
  output.appendLine(`manifest-lsp: starting ${found.path}`);
  const run = { command: found.path, args: ['serve'], transport: TransportKind.stdio };
  const serverOptions: ServerOptions = { run, debug: run };
  const files = (pattern: string) => ({ scheme: 'file', pattern });
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'typescript' },
      { scheme: 'file', language: 'typescriptreact' },
      { scheme: 'file', language: 'javascript' },
      { scheme: 'file', language: 'dockerfile' },
      files('**/package.json'),
      files('**/sfdx-project.json'),
      files('**/.changeset/config.json'),
      files('**/CHANGELOG.md'),
      files('**/*.md'),
      files('**/Dockerfile*'),
      files('**/manifest-lsp.toml'),
    ],
    initializationOptions: settings(),
    synchronize: { configurationSection: 'manifest-lsp' },
    outputChannel: output,
    traceOutputChannel: output,
  };
  client = new LanguageClient('manifest-lsp', 'manifest-lsp', serverOptions, clientOptions);
  await client.start();
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand('manifest-lsp.restart', async () => {
      await client?.stop();
      client = undefined;
      await start(context);
    }),
    vscode.commands.registerCommand('manifest-lsp.showOutput', () => output?.show()),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration('manifest-lsp.server.path')) {
        await vscode.commands.executeCommand('manifest-lsp.restart');
      }
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
