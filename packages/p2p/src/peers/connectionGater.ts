// libp2p connection gater that refuses banned peers, in both directions.
import type { ConnectionGater, PeerId } from "@libp2p/interface";
import type { BanList } from "./banList.js";

export function createConnectionGater(banList: BanList): ConnectionGater {
  const isBanned = (peerId: PeerId) => banList.isBanned(peerId.toString());
  return {
    denyDialPeer: isBanned,
    denyInboundEncryptedConnection: isBanned,
    denyOutboundEncryptedConnection: isBanned,
  };
}
