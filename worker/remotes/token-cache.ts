// Bearer tokens, one per registry endpoint and repository: fetched once and shared by concurrent
// requests, renewed when they expire or the registry refuses them.

export interface BearerToken {
  value: string;
  /** Lifetime the token service announced (`expires_in`). */
  expiresInSeconds: number;
}

/** Tokens count as expired after this share of their lifetime, so none expires in flight. */
const freshShare = 0.9;

class CachedToken {
  value: string | undefined;
  expiresAt = 0;
  readonly promise: Promise<string>;

  constructor(fetchToken: () => Promise<BearerToken>, onFailure: () => void) {
    this.promise = fetchToken().then(
      (token) => {
        this.value = token.value;
        this.expiresAt = Date.now() + token.expiresInSeconds * 1000 * freshShare;
        return token.value;
      },
      (error: unknown) => {
        onFailure();
        throw error;
      },
    );
  }

  /** True while it is being fetched, or while it is fresh and not `refused`. */
  usableInsteadOf(refused: string | undefined): boolean {
    return this.value === undefined || (this.value !== refused && Date.now() < this.expiresAt);
  }
}

export class TokenCache {
  readonly #tokens = new Map<string, CachedToken>();

  /** The fresh token for `key` (waiting for one being fetched), or undefined. */
  async current(key: string): Promise<string | undefined> {
    const cached = this.#tokens.get(key);
    if (cached === undefined) return undefined;
    const value = await cached.promise.catch(() => undefined);
    return value !== undefined && Date.now() < cached.expiresAt ? value : undefined;
  }

  /** A token other than `refused`: the one being fetched or a fresh one, else a new one from `fetchToken`. */
  renew(key: string, refused: string | undefined, fetchToken: () => Promise<BearerToken>): Promise<string> {
    const cached = this.#tokens.get(key);
    if (cached?.usableInsteadOf(refused)) return cached.promise;
    const renewed: CachedToken = new CachedToken(fetchToken, () => {
      if (this.#tokens.get(key) === renewed) this.#tokens.delete(key);
    });
    this.#tokens.set(key, renewed);
    return renewed.promise;
  }
}
