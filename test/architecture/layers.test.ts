import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '../..');
const DEPCRUISE = join(REPO, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
/** The production code: every folder the layer table of docs/architecture.md speaks of. */
const CODE = ['shared', 'functions', 'infra', 'cli', 'scripts', 'bin', 'web'];

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
  cycle?: { name: string }[];
}

/** Runs dependency-cruiser with the repository's rules in `cwd` and answers its violations. */
async function violationsIn(cwd: string, paths: readonly string[]): Promise<Violation[]> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [DEPCRUISE, '--config', join(REPO, '.dependency-cruiser.cjs'), '--output-type', 'json', ...paths],
    { cwd, maxBuffer: 64 * 1024 * 1024 },
  ).catch((error: { stdout?: string }) => {
    // depcruise exits non-zero when it finds violations; the JSON report is still on stdout.
    if (!error.stdout) throw error;
    return { stdout: error.stdout };
  });
  return (JSON.parse(stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

const describeViolation = (v: Violation) => `${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (cycle ${v.cycle.map((c) => c.name).join(' → ')})` : ''}`;

describe('the layer rules', () => {
  it('hold for the whole repository', async () => {
    // Act
    const violations = await violationsIn(REPO, CODE);

    // Assess
    expect(violations.map(describeViolation)).toEqual([]);
  });

  it('keep process.env out of the domain, the ports and the use cases (configuration comes in through shared/config)', async () => {
    // Prepare
    const files = (await Promise.all(['shared/domain', 'shared/ports', 'shared/app'].map((d) => readdir(join(REPO, d), { recursive: true }).then((names) => names.map((n) => join(d, n)))))).flat();

    // Act
    const readers: string[] = [];
    for (const file of files.filter((f) => f.endsWith('.ts'))) {
      if (/\bprocess\.env\b/.test(await readFile(join(REPO, file), 'utf8'))) readers.push(file);
    }

    // Assess
    expect(files.length).toBeGreaterThan(50);
    expect(readers).toEqual([]);
  });

  describe('on a planted tree', () => {
    let dir: string;

    /** Writes `files` (path → source) under a fresh tree and cruises its top folders. */
    async function plant(files: Record<string, string>): Promise<string[]> {
      const root = await mkdtemp(join(dir, 'tree-'));
      await writeFile(join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler', strict: true } }));
      for (const [path, source] of Object.entries(files)) {
        await mkdir(dirname(join(root, path)), { recursive: true });
        await writeFile(join(root, path), source);
      }
      const folders = [...new Set(Object.keys(files).map((path) => path.split('/')[0]!))];
      return (await violationsIn(root, folders)).map(
        (v) => `${v.rule.name}: ${v.from} → ${v.to}`,
      );
    }

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'cv-layers-'));
      await copyFile(join(REPO, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it('refuse a domain module that imports an adapter, even for a type', async () => {
      // Act
      const found = await plant({
        'shared/adapters/table.ts': 'export interface Row { id: string }\nexport const TABLE = "t";\n',
        'shared/domain/item.ts': "import type { Row } from '../adapters/table';\nexport const idOf = (r: Row) => r.id;\n",
      });

      // Assess
      expect(found).toEqual(['domain-is-pure: shared/domain/item.ts → shared/adapters/table.ts']);
    });

    it('refuse file I/O in a use case and a use case in an adapter', async () => {
      // Act
      const found = await plant({
        'shared/app/read.ts': "import { readFileSync } from 'node:fs';\nexport const read = () => readFileSync('x', 'utf8');\n",
        'shared/adapters/store.ts': "import { read } from '../app/read';\nexport const store = () => read();\n",
      });

      // Assess
      expect(found.sort()).toEqual([
        'adapters-do-not-import-use-cases: shared/adapters/store.ts → shared/app/read.ts',
        'pure-layers-do-no-io: shared/app/read.ts → fs',
      ]);
    });

    it('refuse a runtime cycle but accept one broken by a type-only import', async () => {
      // Act
      const runtime = await plant({
        'shared/domain/a.ts': "import { b } from './b';\nexport const a = () => b();\n",
        'shared/domain/b.ts': "import { a } from './a';\nexport const b = () => 1;\nexport const c = () => a();\n",
      });
      const typeOnly = await plant({
        'shared/domain/a.ts': "import { b } from './b';\nexport interface A { n: number }\nexport const a = () => b();\n",
        'shared/domain/b.ts': "import type { A } from './a';\nexport const b = (x?: A) => x?.n ?? 1;\n",
      });

      // Assess
      expect(runtime.filter((v) => v.startsWith('no-runtime-cycle')).length).toBeGreaterThan(0);
      expect(typeOnly).toEqual([]);
    });

    it('let the page import the dashboard and topics contracts only, and nothing import the page', async () => {
      // Act
      const found = await plant({
        'shared/domain/dashboard/contract.ts': 'export const OFFICER_GROUP = "officer";\n',
        'shared/domain/topics/contract.ts': 'export const MAX_TOPICS_PER_ITEM = 8;\n',
        'shared/domain/topics/phrases.ts': 'export const extract = () => [];\n',
        'shared/resources.ts': 'export const TABLE = "t";\n',
        'web/src/app.ts':
          "import { OFFICER_GROUP } from '../../shared/domain/dashboard/contract';\nimport { MAX_TOPICS_PER_ITEM } from '../../shared/domain/topics/contract';\nimport { extract } from '../../shared/domain/topics/phrases';\nimport { TABLE } from '../../shared/resources';\nexport const app = () => OFFICER_GROUP + TABLE + MAX_TOPICS_PER_ITEM + extract();\n",
        'cli/open.ts': "import { app } from '../web/src/app';\nexport const open = () => app();\n",
      });

      // Assess
      expect(found.sort()).toEqual([
        'nothing-imports-web: cli/open.ts → web/src/app.ts',
        'web-imports-the-contract-and-its-libraries: web/src/app.ts → shared/domain/topics/phrases.ts',
        'web-imports-the-contract-and-its-libraries: web/src/app.ts → shared/resources.ts',
      ]);
    });

    it('refuse a function that imports the CLI', async () => {
      // Act
      const found = await plant({
        'cli/local.ts': 'export const port = 8787;\n',
        'functions/api.ts': "import { port } from '../cli/local';\nexport const handler = () => port;\n",
      });

      // Assess
      expect(found).toEqual(['functions-import-shared: functions/api.ts → cli/local.ts']);
    });
  });
});
