// Writes a multi-node network's folders: keys, one shared genesis with the validator set, per-node config.
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateValidatorKey, saveValidatorKey } from "@eigenchain/consensus";
import { loadOrCreatePeerKey, peerIdFromKey } from "@eigenchain/p2p";
import { bytesToHex } from "@ethereumjs/util";
import { PEER_KEY_FILE, VALIDATOR_KEY_FILE } from "../consensus/bftServices.js";
import { CONFIG_FILE } from "./configFile.js";

export interface TestnetLayout {
  validators: number;
  fullNodes: number;
  /** Output folder: node0 … node{N+M-1} go inside. */
  out: string;
  /** The genesis to start from (its `validators` are replaced). */
  baseGenesis: Record<string, unknown>;
  /** Address peers dial (every node's p2p and RPC are on it, with ports shifted per node). */
  host: string;
  rpcBasePort: number;
  p2pBasePort: number;
  /** When given, node i serves /metrics on a server of its own at this port + i (`metrics.port` in its config). */
  metricsBasePort?: number;
  /** Extra option values written into every node's config.json. */
  extraConfig?: Record<string, unknown>;
  /**
   * One node on a development chain: the genesis keeps no validators and the node gets no key, so it
   * produces blocks alone (with block time 0: one per transaction, anvil's automine).
   */
  devChain?: boolean;
}

export interface TestnetNode {
  name: string;
  dir: string;
  validator: boolean;
  rpcPort: number;
  p2pPort: number;
  peerAddress: string;
  /** Its own metrics server's port (only with `metricsBasePort`). */
  metricsPort?: number;
}

const GENESIS_FILE = "genesis.json";

/** Like `cometbft testnet`: every node gets a folder; every node's config lists all others as boot nodes. */
export async function writeTestnet(layout: TestnetLayout): Promise<TestnetNode[]> {
  const total = layout.validators + layout.fullNodes;
  mkdirSync(layout.out, { recursive: true, mode: 0o700 });
  const nodes: TestnetNode[] = [];
  const genesisValidators: Record<string, unknown>[] = [];
  for (let i = 0; i < total; i++) {
    const name = `node${i}`;
    const dir = join(layout.out, name);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700); // keys live here
    const validator = i < layout.validators && layout.devChain !== true;
    if (validator) {
      const key = generateValidatorKey();
      await saveValidatorKey(join(dir, VALIDATOR_KEY_FILE), key);
      genesisValidators.push({
        name,
        blsPublicKey: bytesToHex(key.publicKey),
        proofOfPossession: bytesToHex(key.proofOfPossession),
        power: 1,
      });
    }
    const peerId = peerIdFromKey(await loadOrCreatePeerKey(join(dir, PEER_KEY_FILE)));
    const rpcPort = layout.rpcBasePort + i;
    const p2pPort = layout.p2pBasePort + i;
    nodes.push({
      name,
      dir,
      validator,
      rpcPort,
      p2pPort,
      peerAddress: `/ip4/${layout.host}/tcp/${p2pPort}/p2p/${peerId}`,
      ...(layout.metricsBasePort === undefined ? {} : { metricsPort: layout.metricsBasePort + i }),
    });
  }
  const genesis =
    layout.devChain === true
      ? { ...layout.baseGenesis, validators: [] }
      : { ...layout.baseGenesis, extraData: "0x", validators: genesisValidators };
  const genesisText = `${JSON.stringify(genesis, null, 2)}\n`;
  for (const node of nodes) {
    writeFileSync(join(node.dir, GENESIS_FILE), genesisText);
    const config = {
      genesis: GENESIS_FILE,
      "rpc.port": node.rpcPort,
      "p2p.listen": [`/ip4/${layout.host}/tcp/${node.p2pPort}`],
      bootnodes: nodes.filter((other) => other !== node).map((other) => other.peerAddress),
      ...(node.metricsPort === undefined ? {} : { "metrics.port": node.metricsPort }),
      ...layout.extraConfig,
    };
    writeFileSync(join(node.dir, CONFIG_FILE), `${JSON.stringify(config, null, 2)}\n`);
  }
  return nodes;
}
