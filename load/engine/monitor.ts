import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

export interface Health {
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
  cpuPercentMax: number;
  saturatedSeconds: number;
  warnings: string[];
}

/**
 * Watches the engine's own event loop and CPU. A saturated loop starts iterations
 * late and inflates measured latencies, so the engine says so instead of lying quietly.
 */
export class SaturationMonitor {
  private readonly delay = monitorEventLoopDelay({ resolution: 10 });
  private lastCpu = process.cpuUsage();
  private lastAt = performance.now();
  private readonly health: Health = {
    eventLoopDelayP99Ms: 0,
    eventLoopDelayMaxMs: 0,
    cpuPercentMax: 0,
    saturatedSeconds: 0,
    warnings: [],
  };

  constructor(
    private readonly warn: (msg: string) => void,
    private readonly limits = { delayP99Ms: 50, cpuPercent: 95 },
  ) {
    this.delay.enable();
  }

  /** Called once per interval; returns a warning when this interval was saturated. */
  sample(): string | null {
    const now = performance.now();
    const cpu = process.cpuUsage(this.lastCpu);
    const wallMs = now - this.lastAt;
    this.lastCpu = process.cpuUsage();
    this.lastAt = now;
    const cpuPct = wallMs > 0 ? ((cpu.user + cpu.system) / 1000 / wallMs) * 100 : 0;
    const p99 = this.delay.percentile(99) / 1e6;
    const max = this.delay.max / 1e6;
    this.delay.reset();
    const h = this.health;
    h.eventLoopDelayP99Ms = Math.max(h.eventLoopDelayP99Ms, p99);
    h.eventLoopDelayMaxMs = Math.max(h.eventLoopDelayMaxMs, max);
    h.cpuPercentMax = Math.max(h.cpuPercentMax, cpuPct);
    if (p99 < this.limits.delayP99Ms && cpuPct < this.limits.cpuPercent) return null;
    h.saturatedSeconds += wallMs / 1000;
    const msg = `engine saturated: event loop delay p99 ${p99.toFixed(1)}ms, CPU ${cpuPct.toFixed(0)}% — latencies and schedule may be off`;
    if (h.warnings.length < 20) h.warnings.push(msg);
    this.warn(msg);
    return msg;
  }

  stop(): Health {
    this.delay.disable();
    return this.health;
  }
}
