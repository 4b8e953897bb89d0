// Announcements under a prefix: the current set replayed, then updates. Coalesced per path: an announce
// withdrawn before it was read is never delivered, and a replacement reads as unannounce then announce.
import { stripPrefix, hasPrefix } from "../path.js";
import { BroadcastConsumer, type BroadcastState } from "./broadcast.js";
import { Notify, type WaitOptions, woken } from "./notify.js";
import type { OriginState } from "./origin.js";

export interface Announcement {
	/** Relative to the consumer's root. */
	readonly path: string;
	/** The live broadcast, or undefined when the path was unannounced. */
	readonly broadcast: BroadcastConsumer | undefined;
}

export class AnnouncedConsumer implements AsyncIterable<Announcement> {
	readonly #o: OriginState;
	readonly #prefix: string;
	readonly #root: string;
	/** What the reader has been told is live. */
	readonly #delivered = new Map<string, BroadcastState>();
	/** Latest state per path not yet reported (null: unannounced), in change order. */
	readonly #changes = new Map<string, BroadcastState | null>();
	readonly #changed = new Notify();
	#closed = false;

	constructor(origin: OriginState, prefix: string, root: string) {
		this.#o = origin;
		this.#prefix = prefix;
		this.#root = root;
		for (const [path, b] of origin.announced) this.update(path, b);
		origin.listeners.add(this);
	}

	/** @internal */
	update(path: string, b: BroadcastState | undefined): void {
		if (!hasPrefix(path, this.#prefix)) return;
		this.#changes.delete(path);
		this.#changes.set(path, b ?? null);
		this.#changed.notify();
	}

	/** The next change, undefined after close(). */
	async next(options: WaitOptions = {}): Promise<Announcement | undefined> {
		for (;;) {
			options.signal?.throwIfAborted();
			if (this.#closed) return undefined;
			const change = this.#take();
			if (change) return change;
			await woken(this.#changed, options.signal);
		}
	}

	/** Every change ready now, taken synchronously: right after construction, the current set (an initial snapshot). */
	ready(): Announcement[] {
		const out: Announcement[] = [];
		for (let a = this.#closed ? undefined : this.#take(); a; a = this.#take()) out.push(a);
		return out;
	}

	#take(): Announcement | undefined {
		for (const [path, want] of this.#changes) {
			const have = this.#delivered.get(path);
			if (have && have !== want) {
				// Unannounced, or replaced: report the end of what the reader knows first.
				this.#delivered.delete(path);
				if (want === null) this.#changes.delete(path);
				return { path: this.#relative(path), broadcast: undefined };
			}
			this.#changes.delete(path);
			if (want === null || have === want) continue;
			this.#delivered.set(path, want);
			return { path: this.#relative(path), broadcast: new BroadcastConsumer(want) };
		}
		return undefined;
	}

	close(): void {
		this.#closed = true;
		this.#o.listeners.delete(this);
		this.#changed.notify();
	}

	async *[Symbol.asyncIterator](): AsyncGenerator<Announcement> {
		for (let a = await this.next(); a; a = await this.next()) yield a;
	}

	#relative(path: string): string {
		return stripPrefix(path, this.#root)!;
	}
}
