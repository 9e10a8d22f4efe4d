// Public API of @eigenchain/p2p: curated named exports only.
export {};
