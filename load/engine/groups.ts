import { createHash } from 'node:crypto';

export interface CheckNode {
  name: string;
  path: string;
  id: string;
  passes: number;
  fails: number;
}

export interface GroupNode {
  name: string;
  path: string;
  id: string;
  groups: GroupNode[];
  checks: CheckNode[];
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

/** The root_group tree of k6's summary: groups and their checks' pass/fail tallies. */
export class GroupTree {
  readonly root: GroupNode = { name: '', path: '', id: md5(''), groups: [], checks: [] };
  private readonly groups = new Map<string, GroupNode>([['', this.root]]);
  private readonly checks = new Map<string, CheckNode>();

  group(parentPath: string, name: string): GroupNode {
    if (name.includes('::')) throw new Error('group and check names may not contain "::"');
    const path = `${parentPath}::${name}`;
    let g = this.groups.get(path);
    if (!g) {
      g = { name, path, id: md5(path), groups: [], checks: [] };
      (this.groups.get(parentPath) ?? this.root).groups.push(g);
      this.groups.set(path, g);
    }
    return g;
  }

  check(groupPath: string, name: string): CheckNode {
    const path = `${groupPath}::${name}`;
    let c = this.checks.get(path);
    if (!c) {
      c = { name, path, id: md5(path), passes: 0, fails: 0 };
      (this.groups.get(groupPath) ?? this.root).checks.push(c);
      this.checks.set(path, c);
    }
    return c;
  }
}
