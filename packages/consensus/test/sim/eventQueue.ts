/** A binary min-heap of events ordered by (virtual time, insertion sequence): a deterministic order. */
export class EventQueue<T> {
  private heap: { time: number; seq: number; item: T }[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(time: number, item: T): void {
    const node = { time, seq: this.seq++, item };
    const h = this.heap;
    h.push(node);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = h[parent];
      if (p === undefined || !this.less(node, p)) break;
      h[i] = p;
      i = parent;
    }
    h[i] = node;
  }

  pop(): { time: number; item: T } | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (top === undefined || last === undefined) return undefined;
    if (h.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        let mNode = last;
        const ln = h[l];
        const rn = h[r];
        if (ln !== undefined && this.less(ln, mNode)) {
          m = l;
          mNode = ln;
        }
        if (rn !== undefined && this.less(rn, mNode)) {
          m = r;
          mNode = rn;
        }
        if (m === i) break;
        h[i] = mNode;
        i = m;
      }
      h[i] = last;
    }
    return { time: top.time, item: top.item };
  }

  private less(a: { time: number; seq: number }, b: { time: number; seq: number }): boolean {
    return a.time < b.time || (a.time === b.time && a.seq < b.seq);
  }
}
