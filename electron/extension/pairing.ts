import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { OffprintError } from '../../shared/errors';
import {
  browserOfOrigin,
  type ExtensionEndpointStatus,
  type ExtensionPairing,
  type ExtensionPairingRequest,
  type PairStatusAnswer,
} from '../../shared/extension-protocol';
import type { Library, StoredPairing } from '../library/library';
import { log } from '../log';

/**
 * Pairing the browser extension with this library (issue 16). The extension asks (`request`) and
 * shows a short code; the app shows the same code and the reader approves (`approve`, from the
 * app's prompt, the Settings screen, `serve`'s terminal or `offprint extension pair`); the
 * extension then collects its token (`status`), once, with the secret it asked with and from the
 * origin it asked from. Only the token's SHA-256 is stored. Pending requests live in memory and
 * expire; an approval whose token was never collected is undone when it expires.
 */
export interface PairingOptions {
  now?: () => Date;
  /** How long a request waits for the reader, and an approved token for its extension. */
  requestTtlMs?: number;
  /** Requests waiting at once, from all extensions; more are refused. */
  maxPending?: number;
}

interface Pending extends ExtensionPairingRequest {
  nonceHash: string;
  /** Once approved: the token to hand over, and the pairing it opens. */
  approved?: { token: string; pairingId: string };
  denied?: boolean;
}

/** Letters and digits that cannot be mistaken for each other (no 0/O, 1/I/L). */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export class ExtensionPairings {
  private readonly pending = new Map<string, Pending>();
  private readonly listeners = new Set<(request: ExtensionPairingRequest) => void>();
  private readonly changeListeners = new Set<() => void>();
  private readonly now: () => Date;
  private readonly ttl: number;
  private readonly maxPending: number;
  private endpointStatus: ExtensionEndpointStatus = { listening: false, address: null, problem: null };

  /** Where the listener listens, or why it does not; set by the listener. */
  get endpoint(): ExtensionEndpointStatus {
    return this.endpointStatus;
  }

  set endpoint(status: ExtensionEndpointStatus) {
    this.endpointStatus = status;
    this.changed();
  }

  constructor(
    private readonly library: Library,
    options: PairingOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.ttl = options.requestTtlMs ?? 5 * 60_000;
    this.maxPending = options.maxPending ?? 5;
  }

  // The extension's side (the listener calls these after its checks).

  /** A new request from `origin`; its listeners (the app's prompt, `serve`'s terminal) are told. */
  request(origin: string, name: string, nonce: string): ExtensionPairingRequest {
    void this.sweep();
    const waiting = [...this.pending.values()].filter((p) => !p.approved && !p.denied);
    // One waiting request per extension: asking again replaces its earlier one.
    for (const p of waiting) if (p.origin === origin) this.pending.delete(p.requestId);
    if (waiting.filter((p) => p.origin !== origin).length >= this.maxPending) {
      throw new OffprintError('refused', 'Too many extensions are waiting to be paired; answer those first.');
    }
    const requestedAt = this.now();
    const request: Pending = {
      requestId: randomBytes(12).toString('base64url'),
      origin,
      browser: browserOfOrigin(origin),
      name: name.trim().slice(0, 100) || 'Offprint extension',
      code: shortCode(),
      requestedAt: requestedAt.toISOString(),
      expiresAt: new Date(requestedAt.getTime() + this.ttl).toISOString(),
      nonceHash: sha256(nonce),
    };
    this.pending.set(request.requestId, request);
    this.sweepAt(request.expiresAt);
    this.changed();
    const told = publicRequest(request);
    for (const listener of this.listeners) {
      try {
        listener(told);
      } catch (error) {
        log.warn('A pairing prompt failed', error);
      }
    }
    return told;
  }

  /** Where a request is; the token is handed over once, only to the origin and secret that asked. */
  async status(origin: string, requestId: string, nonce: string): Promise<PairStatusAnswer> {
    await this.sweepAsync();
    const request = this.pending.get(requestId);
    if (!request || request.origin !== origin || !sameHash(request.nonceHash, sha256(nonce))) return { status: 'expired' };
    if (request.denied) {
      this.pending.delete(requestId);
      return { status: 'denied' };
    }
    if (!request.approved) return { status: 'pending' };
    this.pending.delete(requestId);
    // Collected: the pairing is listed from now on.
    this.changed();
    return { status: 'approved', token: request.approved.token, pairingId: request.approved.pairingId };
  }

  /** The pairing a request's token opens, when it is a live pairing of that origin; null otherwise. */
  async verify(origin: string, token: string): Promise<StoredPairing | null> {
    if (!token) return null;
    const hash = sha256(token);
    const found = (await this.library.extensionPairings()).find((p) => sameHash(p.tokenHash, hash));
    return found && found.origin === origin ? found : null;
  }

  /** Records a pairing's use (shown in Settings); a failure to write it is only logged. */
  async touch(pairing: StoredPairing): Promise<void> {
    await this.library.putExtensionPairing({ ...pairing, lastUsedAt: this.now().toISOString() }).then(() => this.changed(), (error: unknown) => log.warn('The last use of a pairing could not be written', error));
  }

  /** Calls `listener` after every change (the `extensionsChanged` event); returns the function that stops it. */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => void this.changeListeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.changeListeners) {
      try {
        listener();
      } catch (error) {
        log.warn('A listener of extension changes failed', error);
      }
    }
  }

  /** Calls `listener` with every new request (the app's prompt); returns the function that stops it. */
  onRequest(listener: (request: ExtensionPairingRequest) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  // The reader's side (the contract's methods).

  /** Requests waiting for the reader, oldest first. */
  requests(): ExtensionPairingRequest[] {
    void this.sweep();
    return [...this.pending.values()].filter((p) => !p.approved && !p.denied).map(publicRequest);
  }

  /** Approves a waiting request: its extension may collect its token now. */
  async approve(requestId: string): Promise<ExtensionPairing> {
    const request = this.waiting(requestId);
    const token = randomBytes(32).toString('base64url');
    const pairing: StoredPairing = {
      id: randomBytes(8).toString('hex'),
      origin: request.origin,
      browser: request.browser,
      name: request.name,
      tokenHash: sha256(token),
      pairedAt: this.now().toISOString(),
      lastUsedAt: null,
    };
    await this.library.putExtensionPairing(pairing);
    request.approved = { token, pairingId: pairing.id };
    // The extension has this long again to collect it.
    request.expiresAt = new Date(this.now().getTime() + this.ttl).toISOString();
    this.sweepAt(request.expiresAt);
    this.changed();
    return publicPairing(pairing);
  }

  deny(requestId: string): { requestId: string } {
    this.waiting(requestId).denied = true;
    this.changed();
    return { requestId };
  }

  async pairings(): Promise<ExtensionPairing[]> {
    await this.sweepAsync();
    const collecting = new Set([...this.pending.values()].flatMap((p) => (p.approved ? [p.approved.pairingId] : [])));
    return (await this.library.extensionPairings()).filter((p) => !collecting.has(p.id)).map(publicPairing);
  }

  /** Revokes a pairing: its token opens nothing from now on. */
  async revoke(id: string): Promise<{ id: string }> {
    if (!(await this.library.removeExtensionPairing(id))) throw new OffprintError('not-found', `There is no paired extension with the id ${id}.`);
    this.changed();
    return { id };
  }

  private waiting(requestId: string): Pending {
    void this.sweep();
    const request = this.pending.get(requestId);
    if (!request || request.approved || request.denied) throw new OffprintError('not-found', 'That pairing request is no longer waiting (it was answered, or it expired: ask again from the extension).');
    return request;
  }

  /** Drops expired requests; an approval nobody collected is undone (`sweepAsync` waits for that). */
  private sweep(): Promise<void> {
    const now = this.now().getTime();
    const undo: string[] = [];
    let expired = false;
    for (const [id, request] of this.pending) {
      if (Date.parse(request.expiresAt) > now) continue;
      this.pending.delete(id);
      expired = true;
      if (request.approved) undo.push(request.approved.pairingId);
    }
    if (expired) this.changed();
    return Promise.all(undo.map((id) => this.library.removeExtensionPairing(id))).then(
      () => undefined,
      (error: unknown) => log.warn('An approval nobody collected could not be undone; revoke it in Settings', error),
    );
  }

  /** An expired request leaves the lists when it expires, not at the next call (a timer that keeps no process alive). */
  private sweepAt(expiresAt: string): void {
    setTimeout(() => void this.sweep(), Math.max(0, Date.parse(expiresAt) - this.now().getTime()) + 50).unref();
  }

  private async sweepAsync(): Promise<void> {
    await this.sweep();
  }
}

function publicRequest(request: Pending): ExtensionPairingRequest {
  const { requestId, origin, browser, name, code, requestedAt, expiresAt } = request;
  return { requestId, origin, browser, name, code, requestedAt, expiresAt };
}

function publicPairing(pairing: StoredPairing): ExtensionPairing {
  const { id, origin, browser, name, pairedAt, lastUsedAt } = pairing;
  return { id, origin, browser, name, pairedAt, lastUsedAt };
}

/** Six characters as XXX-XXX: short to compare, 31^6 ≈ 887 million. */
function shortCode(): string {
  const bytes = randomBytes(6);
  const chars = [...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]);
  return `${chars.slice(0, 3).join('')}-${chars.slice(3).join('')}`;
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
