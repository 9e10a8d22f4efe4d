// Public API of @eigenchain/consensus: curated named exports only.
export {};
