// k6 provides console but @types/k6 does not declare it (it comes from lib "dom", which would also let
// browser APIs through that k6 lacks).
declare const console: {
  log(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
  debug(...args: unknown[]): void;
};
