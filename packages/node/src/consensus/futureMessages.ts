// Proposals and votes for a height this node has not started yet, replayed when it does.
import type { Block } from "@eigenchain/chain";
import type { SignedProposal, SignedVote } from "@eigenchain/consensus";

export type FutureMessage = { type: "vote"; vote: SignedVote } | { type: "proposal"; proposal: SignedProposal; block: Block };

/**
 * Bounds the buffer: 4 validators × 2 vote types × a few rounds is typical; a flood beyond this is
 * dropped (the messages are re-fetched through block sync if they mattered).
 */
const MAX_MESSAGES = 2_000;

/** Early messages by height; a peer one block ahead sends the next height's messages before we commit. */
export class FutureMessages {
  private readonly byHeight = new Map<number, FutureMessage[]>();
  private size = 0;

  add(height: number, message: FutureMessage): boolean {
    if (this.size >= MAX_MESSAGES) return false;
    const list = this.byHeight.get(height) ?? [];
    list.push(message);
    this.byHeight.set(height, list);
    this.size++;
    return true;
  }

  /** Whether the round-0 proposal of `height` is waiting: the network has started that height. */
  hasFirstProposal(height: number): boolean {
    return this.byHeight.get(height)?.some((m) => m.type === "proposal" && m.proposal.round === 0) ?? false;
  }

  /** Removes and returns the messages of `height`, dropping those of lower heights. */
  take(height: number): FutureMessage[] {
    for (const h of [...this.byHeight.keys()]) {
      if (h >= height) continue;
      this.size -= this.byHeight.get(h)?.length ?? 0;
      this.byHeight.delete(h);
    }
    const messages = this.byHeight.get(height) ?? [];
    this.byHeight.delete(height);
    this.size -= messages.length;
    return messages;
  }
}
