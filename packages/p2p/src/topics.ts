// Names on the wire: gossipsub topics and req/resp protocol ids, both scoped by chain id.

/** The gossipsub topic of `name`: `/eigenchain/<chainId>/<name>/1`. */
export function getGossipTopic(chainId: bigint, name: string): string {
  return `/eigenchain/${chainId}/${name}/1`;
}

/** The libp2p protocol id of req/resp `protocol`: `/eigenchain/<chainId>/<protocol>/1`. */
export function getReqRespProtocolId(chainId: bigint, protocol: string): string {
  return `/eigenchain/${chainId}/${protocol}/1`;
}
