// Public API of @eigenchain/node: curated named exports only.
export {};
