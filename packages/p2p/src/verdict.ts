// The verdict a gossip validator gives a message (its own file: metrics and the public types both use it).

/** Gossipsub's verdict on a message: only "accept" delivers and forwards it; "reject" also costs the sender score. */
export type GossipVerdict = "accept" | "ignore" | "reject";
