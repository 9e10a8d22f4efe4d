// The node's version and web3_clientVersion string.
/** web3_clientVersion, in geth's `name/version/os-arch/runtime` shape. */
export const NODE_VERSION = "0.1.0";
export const CLIENT_VERSION = `eigenchain/v${NODE_VERSION}/${process.platform}-${process.arch}/node${process.versions.node}`;
