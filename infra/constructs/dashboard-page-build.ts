import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import type { Construct } from 'constructs';
import { REPO_ROOT } from '../paths';

/** The page's sources: `web/` (its `vite.config.ts`, `index.html`, `src/`), built by Vite. */
export const DASHBOARD_WEB_ROOT = path.join(REPO_ROOT, 'web');

/** Raised at synth when the page cannot be built: the deployment would publish no page. */
export class DashboardPageBuildError extends Error {
  override readonly name = 'DashboardPageBuildError';
}

/**
 * `vite build` of the page into `outputDir`, in this process's Node (no Docker, works offline).
 * Vite's output goes into the error when it fails, and nowhere when it succeeds: synth stays quiet.
 */
export function buildDashboardPage(webRoot: string, outputDir: string): void {
  const config = path.join(webRoot, 'vite.config.ts');
  if (!existsSync(config)) throw new DashboardPageBuildError(`the dashboard page has no ${config}: the page is built from web/ with its Vite configuration (npm run build:web).`);
  const vite = path.join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  try {
    execFileSync(process.execPath, [vite, 'build', webRoot, '--config', config, '--outDir', outputDir, '--emptyOutDir', '--logLevel', 'warn'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new DashboardPageBuildError(`vite build of the dashboard page (${webRoot}) failed:\n${stderr}${stdout}`, { cause: error });
  }
  if (!existsSync(path.join(outputDir, 'index.html'))) throw new DashboardPageBuildError(`vite build of ${webRoot} wrote no index.html`);
}

/**
 * The built page as one asset (a zip the BucketDeployments read). Built locally with CDK's local
 * bundling; the Docker image is never pulled (the local build either succeeds or throws). The hash
 * is the output's: the page also compiles the shared contract, which lives outside web/.
 */
export function dashboardPageAsset(scope: Construct, id: string, webRoot: string = DASHBOARD_WEB_ROOT): Asset {
  return new Asset(scope, id, {
    path: webRoot,
    exclude: ['dist', 'node_modules'],
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      image: DockerImage.fromRegistry('none'),
      local: {
        tryBundle(outputDir: string): boolean {
          buildDashboardPage(webRoot, outputDir);
          return true;
        },
      },
    },
  });
}
