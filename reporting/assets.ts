import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PageAssets } from './html.ts';

const BROWSER = fileURLToPath(new URL('./browser/', import.meta.url));

let cached: Promise<PageAssets> | undefined;

async function load(): Promise<PageAssets> {
  // Loaded when a page is built: most commands that import reporting/ write no HTML, or only at the end.
  const { build } = await import('esbuild');
  const uplotDir = dirname(createRequire(import.meta.url).resolve('uplot'));
  const bundle = await build({
    entryPoints: [join(BROWSER, 'charts.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    write: false,
    legalComments: 'inline',
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0]?.text;
  if (!script) throw new Error('esbuild produced no chart script');
  const [uplotCss, reportCss, uplotSource] = await Promise.all([
    readFile(join(uplotDir, 'uPlot.min.css'), 'utf8'),
    readFile(join(BROWSER, 'report.css'), 'utf8'),
    readFile(join(uplotDir, 'uPlot.esm.js'), 'utf8'),
  ]);
  // uPlot's MIT notice is a plain /** */ comment that minifying drops; the license asks to keep it.
  const notice = /^\/\*\*[\s\S]*?\*\//.exec(uplotSource)?.[0] ?? '';
  return { css: `${uplotCss}\n${reportCss}`, script: `${notice}\n${script}` };
}

/** CSS and the chart script with uPlot bundled in; built once per process (esbuild takes a few ms). */
export function pageAssets(): Promise<PageAssets> {
  cached ??= load();
  return cached;
}
