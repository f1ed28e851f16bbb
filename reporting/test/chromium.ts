// The browser for the report's browser test: the Chromium that ships inside the npm package @sparticuz/chromium
// (a devDependency), so `npm ci && npm test` needs nothing from the machine but glibc. CHROMIUM_PATH overrides it.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';

export interface Browser {
  executablePath: string;
  env: Record<string, string>;
}

/** One line for the person running the tests: what is missing and what to install. */
export class BrowserUnavailable extends Error {}

const packageName = '@sparticuz/chromium';
const advice =
  'install a Chromium (Debian: apt-get install chromium) and set CHROMIUM_PATH=/usr/bin/chromium, or run `npm ci` again';

function packageBin(): { bin: string; version: string } {
  const require = createRequire(import.meta.url);
  let manifest: string;
  try {
    manifest = require.resolve(`${packageName}/package.json`);
  } catch {
    // The package's exports map hides package.json; its entry point sits in build/.
    manifest = join(dirname(dirname(require.resolve(packageName))), 'package.json');
  }
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  return { bin: join(dirname(manifest), 'bin'), version };
}

function untar(archive: Buffer, into: string): void {
  const result = spawnSync('tar', ['-x', '-C', into], { input: archive });
  if (result.status !== 0) throw new Error(`tar failed: ${result.stderr?.toString().trim() || result.error?.message}`);
}

/** Unpacks the browser once per package version; a half-written unpack is never seen (rename into place). */
function unpack(bin: string, home: string): void {
  const staging = mkdtempSync(`${home}.partial-`);
  try {
    const binary = join(staging, 'chromium');
    writeFileSync(binary, brotliDecompressSync(readFileSync(join(bin, 'chromium.br'))));
    chmodSync(binary, 0o755);
    // Shared libraries (NSS) for machines that lack them, the software GL Chromium looks for beside itself, fonts.
    for (const archive of ['al2023.tar.br', 'swiftshader.tar.br', 'fonts.tar.br']) {
      untar(brotliDecompressSync(readFileSync(join(bin, archive))), staging);
    }
    writeFileSync(
      join(staging, 'fonts.conf'),
      `<?xml version="1.0"?>\n<fontconfig><dir>${home}/fonts</dir><cachedir>${home}/fonts-cache</cachedir></fontconfig>\n`,
    );
    try {
      renameSync(staging, home);
    } catch (error) {
      // Another test process unpacked the same version first: use theirs.
      if (!existsSync(join(home, 'chromium'))) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

export function resolveBrowser(): Browser {
  const override = process.env.CHROMIUM_PATH;
  if (override) {
    if (!existsSync(override)) throw new BrowserUnavailable(`CHROMIUM_PATH=${override} does not exist: ${advice}`);
    return { executablePath: override, env: {} };
  }
  let home: string;
  try {
    const { bin, version } = packageBin();
    home = join(tmpdir(), `offers-suite-chromium-${version}`);
    if (!existsSync(join(home, 'chromium'))) unpack(bin, home);
  } catch (error) {
    throw new BrowserUnavailable(
      `the browser in ${packageName} could not be unpacked (${(error as Error).message}): ${advice}`,
    );
  }
  return {
    executablePath: join(home, 'chromium'),
    env: { LD_LIBRARY_PATH: join(home, 'lib'), FONTCONFIG_PATH: home },
  };
}
