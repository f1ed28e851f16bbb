import type { VU } from '../context.ts';
import { copyTags, type Metric, type Tags } from '../metrics/registry.ts';
import type { MetricType } from '../metrics/sinks.ts';
import type { Runtime } from '../runtime.ts';

/** The `k6/metrics` module of one VU: custom Counter, Gauge, Rate and Trend. */
export function metricsModule(rt: Runtime, vu: VU) {
  const reg = rt.registry;

  function make(type: MetricType) {
    return class CustomMetric {
      readonly name: string;
      private readonly metric: Metric;
      constructor(name: string, isTime = false) {
        if (!vu.inInit) throw new Error('metrics must be declared in the init context');
        this.name = name;
        this.metric = reg.define(name, type, isTime && type === 'trend' ? 'time' : 'default');
      }
      add(value: number | boolean, tags?: Tags): boolean {
        vu.assertLive();
        const v = typeof value === 'boolean' ? (value ? 1 : 0) : Number(value);
        if (Number.isNaN(v)) throw new TypeError(`"${String(value)}" is not a valid value for metric ${this.name}`);
        const ctx = vu.iter;
        const base = ctx ? ctx.tags : rt.globalTags;
        reg.add(this.metric, v, tags ? copyTags(base, tags) : base);
        return true;
      }
    };
  }

  const api = { Counter: make('counter'), Gauge: make('gauge'), Rate: make('rate'), Trend: make('trend') };
  return { ...api, default: api };
}
