// Failed requests by k6 error code (1050 timeout, 1220 reset, 1503 for a 503 ...), for the summary: http_req_failed
// says how many failed, this says how.
export interface ErrorKind {
  message: string;
  count: number;
}

export class ErrorTally {
  private readonly kinds = new Map<number, ErrorKind>();

  add(code: number, message: string): void {
    const kind = this.kinds.get(code);
    if (kind) kind.count++;
    else this.kinds.set(code, { message, count: 1 });
  }

  /** Keyed by code, in code order. */
  toJSON(): Record<string, ErrorKind> {
    return Object.fromEntries([...this.kinds].sort(([a], [b]) => a - b).map(([code, kind]) => [code, { ...kind }]));
  }
}
