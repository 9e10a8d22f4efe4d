// Reads of one state root of the store for a flat overlay, cached for a block.
import type { AccountData } from "../state/account.js";
import type { TrieStateStore } from "../state/stateStore.js";
import type { StateSource } from "./flatState.js";

/** Reads one state root of the store, caching what it read (one block's worth). */
export function createStoreSource(store: TrieStateStore, stateRoot: Uint8Array): StateSource {
  const accounts = new Map<string, Promise<AccountData | undefined>>();
  const slots = new Map<string, Promise<Uint8Array>>();
  const getAccount = (addrHex: string, address: Uint8Array): Promise<AccountData | undefined> => {
    let p = accounts.get(addrHex);
    if (p === undefined) {
      p = store.getAccount(stateRoot, address);
      accounts.set(addrHex, p);
    }
    return p;
  };
  return {
    getAccount,
    getStorage(addrHex, address, slotHex, slot) {
      const key = addrHex + slotHex;
      let p = slots.get(key);
      if (p === undefined) {
        p = getAccount(addrHex, address).then((account) =>
          account === undefined ? new Uint8Array() : store.getStorage(account.storageRoot, slot),
        );
        slots.set(key, p);
      }
      return p;
    },
    getCode(codeHash) {
      return store.getCodeByHash(codeHash);
    },
  };
}
