// EigenError: the one error type of every package, with namespaced string codes.
/**
 * The error type every EIGENChain package throws or returns: a namespaced string code that callers
 * branch on, a message a person understands, and the underlying cause when there is one.
 */
export class EigenError<T extends { code: string } = { code: string }> extends Error {
  readonly type: T;

  constructor(type: T, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "EigenError";
    this.type = type;
  }

  get code(): T["code"] {
    return this.type.code;
  }
}

export function isEigenError(value: unknown, code?: string): value is EigenError {
  return value instanceof EigenError && (code === undefined || value.code === code);
}
