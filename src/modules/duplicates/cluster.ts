import { DEFAULT_THRESHOLD, type Reason } from './score.js';

// Pairs become groups by transitivity (union-find): if A matches B and B matches C, A, B and C are
// offered as one group to merge, even when A and C alone score low. That is what a person merging
// contacts wants, and the reason every group carries its pairs: the UI shows which links hold it
// together, and a long chain (one weak link joining two groups) is visible rather than hidden.

export interface ScoredPair {
  a: string;
  b: string;
  score: number;
  reasons: Reason[];
}

export interface DuplicateCluster {
  /** Member ids in ascending order. */
  members: string[];
  /** The pairs at or above the threshold inside the group, a < b, sorted by a then b. */
  pairs: ScoredPair[];
}

class UnionFind {
  private readonly parent = new Map<string, string>();

  find(x: string): string {
    let root = x;
    for (let up = this.parent.get(root); up !== undefined && up !== root; up = this.parent.get(root)) {
      root = up;
    }
    // Path compression keeps later finds near constant time on long chains.
    for (let node = x; node !== root;) {
      const up = this.parent.get(node)!;
      this.parent.set(node, root);
      node = up;
    }
    if (!this.parent.has(root)) this.parent.set(root, root);
    return root;
  }

  union(x: string, y: string): void {
    const rx = this.find(x);
    const ry = this.find(y);
    // The smaller id becomes the root, so the result does not depend on the order pairs arrive in.
    if (rx !== ry) this.parent.set(rx < ry ? ry : rx, rx < ry ? rx : ry);
  }
}

const byId = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

/** Groups of records linked by pairs scoring at least `threshold`, in a deterministic order. */
export function clusterPairs(
  pairs: readonly ScoredPair[],
  threshold: number = DEFAULT_THRESHOLD,
): DuplicateCluster[] {
  const sets = new UnionFind();
  const kept = pairs
    .filter((p) => p.score >= threshold && p.a !== p.b)
    .map((p) => (p.a < p.b ? p : { ...p, a: p.b, b: p.a }));
  for (const p of kept) sets.union(p.a, p.b);

  const clusters = new Map<string, DuplicateCluster>();
  for (const p of kept) {
    const root = sets.find(p.a);
    let cluster = clusters.get(root);
    if (!cluster) clusters.set(root, (cluster = { members: [], pairs: [] }));
    cluster.pairs.push(p);
    cluster.members.push(p.a, p.b);
  }
  return [...clusters.values()]
    .map((c) => ({
      members: [...new Set(c.members)].sort(byId),
      pairs: c.pairs.sort((x, y) => byId(x.a, y.a) || byId(x.b, y.b)),
    }))
    .sort((x, y) => byId(x.members[0], y.members[0]));
}
