// Writes schemas/manifest-lsp.toml.schema.json from `manifest-lsp rules` (the rule catalog of the
// binary given as MANIFEST_LSP_BIN, else ../../target/{debug,release}/manifest-lsp). JSON Schema
// draft-04, the newest Even Better TOML (taplo) reads. Run it after adding a rule:
//   node editors/vscode/scripts/schema.mjs
// `node --test tests/vscode` fails while the schema lacks a rule the binary lists.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const ext = path.join(here, '..');
export const SCHEMA = path.join(ext, 'schemas', 'manifest-lsp.toml.schema.json');

/** The binary to ask: MANIFEST_LSP_BIN, else the repository's newest debug or release build. */
export function serverBinary() {
  if (process.env.MANIFEST_LSP_BIN) return process.env.MANIFEST_LSP_BIN;
  const builds = ['debug', 'release']
    .map((p) => path.join(ext, '..', '..', 'target', p, 'manifest-lsp'))
    .filter((p) => fs.existsSync(p))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  return builds[0];
}

/** `manifest-lsp rules`, parsed: code, name, default level, summary. */
export function listRules(bin) {
  const text = execFileSync(bin, ['rules'], { encoding: 'utf8' });
  const rules = [];
  for (const line of text.split('\n')) {
    const m = /^([A-Z]{2}[0-9]{3})\s+(\S+)\s+(error|warning|information|hint)\s+(.*)$/.exec(line.trimEnd());
    if (m) rules.push({ code: m[1], name: m[2], level: m[3], summary: m[4] });
  }
  if (rules.length === 0) throw new Error(`no rules in the output of ${bin} rules:\n${text}`);
  return rules;
}

/** A pattern matching `word` in any letter case (JSON Schema patterns take no flags). */
function anyCase(word) {
  return [...word].map((c) => (/[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c)).join('');
}

export function buildSchema(rules) {
  const levels = ['off', 'error', 'warning', 'information', 'hint'];
  const aliases = ['none', 'allow', 'deny', 'warn', 'info'];
  const level = {
    description:
      'The level: off, error, warning, information or hint (also none/allow, deny, warn, info; any letter case).',
    anyOf: [
      { type: 'string', enum: levels },
      { type: 'string', pattern: `^(${[...levels, ...aliases].map(anyCase).join('|')})$` },
    ],
  };
  const ruleKeys = {};
  for (const r of rules) {
    const doc = `${r.code} ${r.name} (default: ${r.level}): ${r.summary}`;
    ruleKeys[r.code] = { $ref: '#/definitions/level', description: doc };
    ruleKeys[r.name] = { $ref: '#/definitions/level', description: doc };
  }
  const ruleName = {
    description: 'A rule, by code (SO008) or name (legacy-version-file-name).',
    anyOf: [
      { type: 'string', enum: rules.flatMap((r) => [r.code, r.name]) },
      // codes in any case, and names the server may know beyond this list: it reports unknown ones
      { type: 'string', pattern: '^([A-Za-z]{2}[0-9]{3}|[a-z0-9]+(-[a-z0-9]+)*)$' },
    ],
  };
  const globs = (what) => ({ type: 'array', description: what, items: { type: 'string' } });
  return {
    $schema: 'http://json-schema.org/draft-04/schema#',
    title: 'manifest-lsp.toml',
    description:
      'manifest-lsp configuration. The nearest manifest-lsp.toml at or above a package applies. ' +
      'A file that cannot be used yields one CF001 diagnostic on itself, and the defaults apply.',
    type: 'object',
    additionalProperties: false,
    definitions: { level, ruleName },
    properties: {
      exclude: globs('Files and folders manifest-lsp does not analyse: globs relative to this file, e.g. "archive/**".'),
      rules: {
        type: 'object',
        description:
          'Rule levels, by code or name: SO008 = "off", implicit-caret = "warning". Wins over the editor settings for the rules it names.',
        properties: ruleKeys,
        patternProperties: { '^([A-Za-z]{2}[0-9]{3}|[a-z0-9]+(-[a-z0-9]+)*)$': { $ref: '#/definitions/level' } },
        additionalProperties: false,
      },
      ignore: {
        type: 'array',
        description: '[[ignore]] entries: codes hidden in some files (for files that take no comments, such as package.json).',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['path', 'codes'],
          properties: {
            path: { type: 'string', description: 'A glob relative to this file, e.g. "packages/*/package.json".' },
            codes: { type: 'array', description: 'The rules hidden there, by code or name.', items: { $ref: '#/definitions/ruleName' } },
          },
        },
      },
      charter: {
        type: 'object',
        description:
          'The repository adopts the versioning charter (the CH rules run only where it is adopted: this table, a CHARTER: keep marker, or the charter\'s gate scripts).',
        additionalProperties: false,
        properties: {
          enabled: {
            type: 'boolean',
            default: true,
            description: 'false keeps the charter rules off even where the repository carries its signals.',
          },
          linked: {
            type: 'array',
            description: 'Linked release groups (package names or globs); replaces the "linked" groups of .changeset/config.json.',
            items: { type: 'array', items: { type: 'string' } },
          },
          'envelope-schemas': {
            type: 'array',
            description: 'Exported schema names CH041 treats as wire envelopes, beside the charter\'s name patterns.',
            items: { type: 'string' },
          },
          exclude: globs('Files (globs relative to this file) whose prose CH042 and CH046 do not read.'),
        },
      },
    },
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const bin = serverBinary();
  if (!bin) {
    console.error('no manifest-lsp binary: set MANIFEST_LSP_BIN or build it (cargo build)');
    process.exit(2);
  }
  const rules = listRules(bin);
  fs.mkdirSync(path.dirname(SCHEMA), { recursive: true });
  fs.writeFileSync(SCHEMA, `${JSON.stringify(buildSchema(rules), null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA)}: ${rules.length} rules from ${bin}`);
}
