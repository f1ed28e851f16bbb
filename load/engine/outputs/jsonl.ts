import { createWriteStream, mkdirSync, openSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import type { Metric, Tags } from '../metrics/registry.ts';
import type { ThresholdGroup } from '../thresholds.ts';

/** k6's `--out json=FILE`: a Metric line when a metric first appears, then a Point line per sample. */
export class JsonLinesOutput {
  private readonly stream: WriteStream;
  private readonly declared = new Set<Metric>();
  private buf = '';
  private lastMs = 0;
  private lastIso = '';
  private lastTags: Tags | null = null;
  private lastTagsJson = 'null';

  constructor(
    path: string,
    private readonly thresholds: ThresholdGroup[],
  ) {
    // Its folder is made, and the file opened now: a path that cannot be written fails before the test starts.
    mkdirSync(dirname(path), { recursive: true });
    this.stream = createWriteStream(path, { fd: openSync(path, 'w') });
  }

  readonly onSample = (metric: Metric, value: number, tags: Tags | null): void => {
    if (!this.declared.has(metric)) {
      this.declared.add(metric);
      const own = this.thresholds.filter((g) => g.target === metric).flatMap((g) => g.thresholds.map((t) => t.source));
      const subs = metric.submetrics.map((s) => ({
        name: s.name,
        suffix: s.name.slice(metric.name.length),
        tags: Object.fromEntries(s.filter),
      }));
      this.buf += `${JSON.stringify({
        type: 'Metric',
        data: {
          name: metric.name,
          type: metric.type,
          contains: metric.contains,
          tainted: null,
          thresholds: own,
          submetrics: subs.length ? subs : null,
        },
        metric: metric.name,
      })}\n`;
    }
    const now = Date.now();
    if (now !== this.lastMs) {
      this.lastMs = now;
      this.lastIso = new Date(now).toISOString();
    }
    // One request's samples share a tags object; serialise it once.
    if (tags !== this.lastTags) {
      this.lastTags = tags;
      this.lastTagsJson = JSON.stringify(tags);
    }
    this.buf += `{"type":"Point","data":{"time":"${this.lastIso}","value":${Number.isFinite(value) ? value : 0},"tags":${this.lastTagsJson}},"metric":"${metric.name}"}\n`;
    if (this.buf.length > 65536) this.flush();
  };

  flush(): void {
    if (this.buf.length === 0) return;
    this.stream.write(this.buf);
    this.buf = '';
  }

  close(): Promise<void> {
    this.flush();
    return new Promise((resolve, reject) => this.stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
}
