// Gossip validation adapter: size limit, then the registered validator, mapped onto gossipsub's verdicts.
import { type Message, type TopicValidatorFn, TopicValidatorResult } from "@libp2p/gossipsub";
import type { PeerId } from "@libp2p/interface";
import type { GossipTopicSpec, GossipValidator, GossipVerdict, P2PLogger } from "../interface.js";
import type { P2PMetrics } from "../metrics.js";

const TO_GOSSIPSUB: Record<GossipVerdict, TopicValidatorResult> = {
  accept: TopicValidatorResult.Accept,
  ignore: TopicValidatorResult.Ignore,
  reject: TopicValidatorResult.Reject,
};

export interface GossipValidationModules {
  logger: P2PLogger;
  metrics: P2PMetrics | null;
}

export class GossipValidation {
  readonly #validators = new Map<string, GossipValidator>();
  readonly #modules: GossipValidationModules;

  constructor(modules: GossipValidationModules) {
    this.#modules = modules;
  }

  setValidator(topicName: string, validator: GossipValidator): void {
    this.#validators.set(topicName, validator);
  }

  /** The gossipsub topic validator for `spec`, to register under its full topic string. */
  createTopicValidator(spec: GossipTopicSpec): TopicValidatorFn {
    return async (peer: PeerId, message: Message) => TO_GOSSIPSUB[await this.validate(spec, message.data, peer.toString())];
  }

  /** Oversize → reject (the validator never sees it); no validator → ignore; a throwing validator → reject. */
  async validate(spec: GossipTopicSpec, data: Uint8Array, fromPeer: string): Promise<GossipVerdict> {
    const verdict = await this.#getVerdict(spec, data, fromPeer);
    this.#modules.metrics?.onGossipMessage(spec.name, verdict);
    return verdict;
  }

  async #getVerdict(spec: GossipTopicSpec, data: Uint8Array, fromPeer: string): Promise<GossipVerdict> {
    if (data.length > spec.maxBytes) {
      this.#modules.logger.debug("Gossip message too large", {
        topic: spec.name,
        peer: fromPeer,
        bytes: data.length,
        maxBytes: spec.maxBytes,
      });
      return "reject";
    }
    const validator = this.#validators.get(spec.name);
    if (validator === undefined) return "ignore";
    try {
      const verdict = await validator(data, fromPeer);
      return Object.hasOwn(TO_GOSSIPSUB, verdict) ? verdict : "reject";
    } catch (err) {
      this.#modules.logger.debug("Gossip validator threw", { topic: spec.name, peer: fromPeer }, err);
      return "reject";
    }
  }
}
