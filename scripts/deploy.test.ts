/**
 * The one-step deploy: .github/workflows/pages.yml is valid YAML, builds the site with the README's build
 * command and publishes what that command writes; and the README's headers for other hosts are the ones the
 * site needs (isolation, and the Content-Security-Policy of scripts/csp.ts, which must not drift from it).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { CSP_HEADER } from './csp';

const ROOT = join(import.meta.dirname, '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const WORKFLOW = readFileSync(join(ROOT, '.github', 'workflows', 'pages.yml'), 'utf8');

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Readonly<Record<string, unknown>>;
}
interface Job {
  readonly 'runs-on': string;
  readonly needs?: string;
  readonly steps: readonly Step[];
  readonly environment?: { readonly name: string };
}
interface Workflow {
  readonly on: { readonly push?: { readonly branches: readonly string[] }; readonly workflow_dispatch?: unknown };
  readonly permissions: Readonly<Record<string, string>>;
  readonly jobs: Readonly<Record<string, Job>>;
}

/** The README's section under `## <title>`, up to the next `## `. */
function section(title: string): string {
  const start = README.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`README has no "## ${title}" section`);
  const end = README.indexOf('\n## ', start + 1);
  return README.slice(start, end < 0 ? undefined : end);
}

/** The fenced code blocks of a text, by language. */
const blocks = (text: string, language: string): string[] => [...text.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!.trim());

function workflow(): Workflow {
  const doc = parseDocument(WORKFLOW, { strict: true, uniqueKeys: true });
  expect(doc.errors.map((e) => e.message)).toEqual([]);
  expect(doc.warnings.map((e) => e.message)).toEqual([]);
  return doc.toJS() as Workflow;
}

describe('.github/workflows/pages.yml', () => {
  it('is valid YAML, runs on pushes to main and by hand, and may deploy to Pages', () => {
    const w = workflow();
    expect(w.on.push?.branches).toEqual(['main']);
    expect(w.on).toHaveProperty('workflow_dispatch');
    expect(w.permissions).toMatchObject({ pages: 'write', 'id-token': 'write' });
  });

  it("builds with the README's build command and publishes what it writes", () => {
    const [command, ...others] = blocks(section('Deploy'), 'sh');
    expect(others).toEqual([]);
    expect(command).toBe('npm run build');
    // The same command that "Set up and run" names for a static site.
    expect(section('Set up and run')).toContain(`\`${command}\` writes a static site to \`dist/\``);

    const { build, deploy } = workflow().jobs;
    if (build === undefined || deploy === undefined) throw new Error('jobs build and deploy expected');
    const runs = build.steps.map((s) => s.run ?? s.uses ?? '');
    const install = runs.findIndex((r) => /^npm ci\b/.test(r));
    const built = runs.indexOf(command!);
    const upload = build.steps.findIndex((s) => s.uses?.startsWith('actions/upload-pages-artifact@'));
    expect(install).toBeGreaterThanOrEqual(0);
    expect(built).toBeGreaterThan(install);
    expect(upload).toBeGreaterThan(built);
    expect(build.steps[upload]!.with).toEqual({ path: 'dist' });
    expect(deploy.needs).toBe('build');
    expect(deploy.environment?.name).toBe('github-pages');
    expect(deploy.steps.some((s) => s.uses?.startsWith('actions/deploy-pages@'))).toBe(true);
  });
});

describe("README's headers for other hosts", () => {
  const deploy = section('Deploy');

  it('give Netlify/Cloudflare `_headers` with isolation and the CSP of scripts/csp.ts', () => {
    const [headers] = blocks(deploy, 'text');
    expect(headers!.split('\n').map((l) => l.trim())).toEqual([
      '/*',
      'Cross-Origin-Opener-Policy: same-origin',
      'Cross-Origin-Embedder-Policy: require-corp',
      `Content-Security-Policy: ${CSP_HEADER}`,
    ]);
  });

  it('give nginx the same three headers', () => {
    const [nginx] = blocks(deploy, 'nginx');
    expect(nginx!.split('\n')).toEqual([
      'add_header Cross-Origin-Opener-Policy "same-origin" always;',
      'add_header Cross-Origin-Embedder-Policy "require-corp" always;',
      `add_header Content-Security-Policy "${CSP_HEADER}" always;`,
    ]);
  });
});
