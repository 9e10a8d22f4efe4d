// Validators and their precommits for the latest heights, read from each height's commit certificate signer bitmap.
import { el, hexToNumber, shortHash } from "./format.js";
import type { CommitCertificate, Validators } from "./types.js";

/** Whether validator `index` signed: bit i, least significant first within byte i >> 3 (consensus/certificate.ts). */
export function hasSigned(signersHex: string, index: number): boolean {
  const byte = Number.parseInt(signersHex.slice(2 + 2 * (index >> 3), 4 + 2 * (index >> 3)) || "0", 16);
  return ((byte >> (index & 7)) & 1) === 1;
}

export function renderVotes(table: HTMLTableElement, validators: Validators, certificates: readonly CommitCertificate[]): void {
  const head = el("tr");
  head.append(el("th", "", "validator \\ height"));
  for (const c of certificates) {
    const th = el("th", "", String(hexToNumber(c.height)));
    th.title = `round ${hexToNumber(c.round)}, block ${c.blockHash}`;
    head.append(th);
  }
  table.tHead!.replaceChildren(head);
  const rows = validators.validators.map((v) => {
    const tr = el("tr");
    const name = el("td", "mono", shortHash(v.address, 5));
    name.title = `${v.address}, voting power ${hexToNumber(v.votingPower)}`;
    tr.append(name);
    for (const c of certificates) {
      const signed = hasSigned(c.signers, v.index);
      tr.append(el("td", signed ? "vote-yes" : "vote-no", signed ? "✓" : "·"));
    }
    return tr;
  });
  if (rows.length === 0) {
    const tr = el("tr");
    tr.append(el("td", "note", "a development chain: no validators, no votes"));
    rows.push(tr);
  }
  table.tBodies[0]!.replaceChildren(...rows);
}
