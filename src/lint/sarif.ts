import type { FileResult } from './format.js';
import { VERSION } from '../version.js';
import { RULE_CATALOG } from './rules/index.js';
import type { RuleMeta, Severity } from './types.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** Rules of this tool's own, with no page in Docker's build-checks reference. */
const OUR_RULES = ['CopyIgnoredFile', 'DockerfileSyntax', 'AddUrlWithoutChecksum'];

function helpUri(id: string): string | undefined {
  if (/^DL\d{4}$/.test(id)) return `https://github.com/hadolint/hadolint/wiki/${id}`;
  if (/^SC\d{4}$/.test(id)) return `https://www.shellcheck.net/wiki/${id}`;
  if (/^[A-Z][A-Za-z]+$/.test(id) && !OUR_RULES.includes(id)) {
    return `https://docs.docker.com/reference/build-checks/${id.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}/`;
  }
  return undefined;
}

function descriptor(meta: RuleMeta): Record<string, unknown> {
  const uri = helpUri(meta.id);
  return {
    id: meta.id,
    name: meta.id,
    shortDescription: { text: meta.message },
    help: { text: meta.hint },
    ...(uri ? { helpUri: uri } : {}),
    defaultConfiguration: { level: LEVEL[meta.severity] },
    properties: { tags: ['dockerfile', ...meta.aliases] },
  };
}

/** SARIF 2.1.0 for GitHub code scanning; `uri`s are the paths as given (relative to the repo root). */
export function formatSarif(results: FileResult[]): string {
  const used = new Map<string, RuleMeta>();
  for (const { findings } of results) {
    for (const f of findings) {
      if (used.has(f.rule)) continue;
      const known = RULE_CATALOG.find((r) => r.id === f.rule);
      used.set(f.rule, known ?? { id: f.rule, aliases: f.aliases, severity: f.severity, message: f.rule, hint: f.hint });
    }
  }
  const ruleIds = [...used.keys()];
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'create-dockerfile',
          version: VERSION,
          semanticVersion: VERSION,
          rules: [...used.values()].map(descriptor),
        },
      },
      results: results.flatMap(({ file, findings }) => findings.map((f) => ({
        ruleId: f.rule,
        ruleIndex: ruleIds.indexOf(f.rule),
        level: LEVEL[f.severity],
        message: { text: `${f.message} Fix: ${f.hint}` },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: file.split('\\').join('/'), uriBaseId: '%SRCROOT%' },
            region: { startLine: f.line, startColumn: f.column },
          },
        }],
      }))),
    }],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
