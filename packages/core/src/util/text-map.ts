import { sampledKey, V8_HASHED_CHARS } from './long-text-key.js';

interface Leaf<V> {
  readonly text: string;
  value: V;
}

/** A crit-bit branch: texts whose code unit at `at` has `bit` set go right. */
interface Branch<V> {
  readonly at: number;
  readonly bit: number;
  left: Node<V>;
  right: Node<V>;
}

type Node<V> = Leaf<V> | Branch<V>;

// Characters compared at once while looking for the first difference of two texts (natively, by `===` on
// two slices), before the differing stretch is read character by character.
const COMPARE_STRETCH = 4_096;

/**
 * A Map keyed by text whose lookups stay cheap for long texts (short ones go straight into a Map). V8
 * hashes strings longer than 16,383 characters by their length only (see `V8_HASHED_CHARS`), so a plain Map
 * of many long texts of one length compares each lookup with all of them: one request could hold 2,000
 * and make every lookup a scan. Here a long text is found by a sampled key; the texts that share one (texts
 * crafted to, or near-copies such as a file read again after a small edit) sit in a crit-bit tree, which
 * reads one character per branch on the way down and compares the text once at the leaf.
 *
 * @example const counts = new TextMap<number>(); counts.set(longText, 5_000); counts.get(longText) // 5000
 */
export class TextMap<V> {
  private readonly short = new Map<string, V>();
  private readonly long = new Map<string, Node<V>>();
  private longSize = 0;

  get size(): number {
    return this.short.size + this.longSize;
  }

  get(text: string): V | undefined {
    if (text.length <= V8_HASHED_CHARS) return this.short.get(text);
    const root = this.long.get(sampledKey(text));
    if (root === undefined) return undefined;
    const leaf = closest(root, text);
    return leaf.text === text ? leaf.value : undefined;
  }

  has(text: string): boolean {
    if (text.length <= V8_HASHED_CHARS) return this.short.has(text);
    const root = this.long.get(sampledKey(text));
    return root !== undefined && closest(root, text).text === text;
  }

  set(text: string, value: V): void {
    if (text.length <= V8_HASHED_CHARS) {
      this.short.set(text, value);
      return;
    }
    const key = sampledKey(text);
    const root = this.long.get(key);
    if (root === undefined) {
      this.long.set(key, { text, value });
      this.longSize += 1;
      return;
    }
    const leaf = closest(root, text);
    if (leaf.text === text) {
      leaf.value = value;
      return;
    }
    // Texts under one sampled key have one length, so they differ somewhere inside it.
    const at = firstDifference(text, leaf.text);
    const differing = text.charCodeAt(at) ^ leaf.text.charCodeAt(at);
    const bit = 1 << (31 - Math.clz32(differing));
    const added: Leaf<V> = { text, value };
    this.longSize += 1;
    // Branches are ordered by place, then by bit from the highest: the new one goes above the first branch
    // that tests a later place or a lower bit.
    let parent: Branch<V> | undefined;
    let node = root;
    while (isBranch(node) && (node.at < at || (node.at === at && node.bit > bit))) {
      parent = node;
      node = goesRight(node, text) ? node.right : node.left;
    }
    const right = (text.charCodeAt(at) & bit) !== 0;
    const branch: Branch<V> = { at, bit, left: right ? node : added, right: right ? added : node };
    if (parent === undefined) this.long.set(key, branch);
    else if (goesRight(parent, text)) parent.right = branch;
    else parent.left = branch;
  }
}

function isBranch<V>(node: Node<V>): node is Branch<V> {
  return 'bit' in node;
}

function goesRight<V>(branch: Branch<V>, text: string): boolean {
  return (text.charCodeAt(branch.at) & branch.bit) !== 0;
}

/** The leaf `text` would be if it is in the tree: the only one it needs to be compared with. */
function closest<V>(root: Node<V>, text: string): Leaf<V> {
  let node = root;
  while (isBranch(node)) node = goesRight(node, text) ? node.right : node.left;
  return node;
}

/** The first place where two different texts of one length differ. */
function firstDifference(a: string, b: string): number {
  let start = 0;
  while (start + COMPARE_STRETCH < a.length && a.slice(start, start + COMPARE_STRETCH) === b.slice(start, start + COMPARE_STRETCH)) start += COMPARE_STRETCH;
  while (a.charCodeAt(start) === b.charCodeAt(start)) start += 1;
  return start;
}
