// The two async primitives every handle is built from: a wake-all signal and the one terminal promise.

/** Wakes everyone currently waiting; waiters re-check their condition in a loop. */
export class Notify {
	#wait: Promise<void> | undefined;
	#wake: (() => void) | undefined;

	wait(): Promise<void> {
		this.#wait ??= new Promise<void>((resolve) => (this.#wake = resolve));
		return this.#wait;
	}

	notify(): void {
		const wake = this.#wake;
		this.#wait = this.#wake = undefined;
		wake?.();
	}
}

/** An error, or how to make it: evictions are frequent and mostly unobserved, and capturing a stack is not free. */
export type Cause = Error | (() => Error);

/**
 * Terminal state of a producer or consumer: `null` for a clean finish, an Error for an abort. The first
 * settle wins; the promise is only allocated when someone asks for it.
 */
export class Closed {
	#value: Error | null | undefined;
	#cause: (() => Error) | undefined;
	#promise: Promise<Error | null> | undefined;
	#resolve: ((v: Error | null) => void) | undefined;
	#hooks: ((v: Error | null) => void)[] | undefined;

	/** undefined while open. */
	get value(): Error | null | undefined {
		if (this.#cause) {
			this.#value = this.#cause();
			this.#cause = undefined;
		}
		return this.#value;
	}

	get promise(): Promise<Error | null> {
		if (!this.#promise) {
			const value = this.value;
			this.#promise =
				value === undefined ? new Promise<Error | null>((resolve) => (this.#resolve = resolve)) : Promise.resolve(value);
		}
		return this.#promise;
	}

	get settled(): boolean {
		return this.#value !== undefined || this.#cause !== undefined;
	}

	/** Returns false when already settled. The error of a lazy cause is made only when observed. */
	settle(value: Error | null | (() => Error)): boolean {
		if (this.settled) return false;
		if (typeof value === "function") this.#cause = value;
		else this.#value = value;
		if (!this.#resolve && !this.#hooks) return true;
		const settled = this.value!;
		this.#resolve?.(settled);
		const hooks = this.#hooks;
		this.#hooks = undefined;
		if (hooks) for (const hook of hooks) hook(settled);
		return true;
	}

	/** Runs `hook` synchronously on settle, so owners unlink a closed child before anyone can look it up. */
	onSettle(hook: (v: Error | null) => void): void {
		if (this.settled) hook(this.value!);
		else (this.#hooks ??= []).push(hook);
	}
}

/**
 * The next notify, or the signal's abort. Wait loops call this and then `signal?.throwIfAborted()` at the
 * top, so an aborted wait never takes a group or request it then cannot hand back.
 */
export function woken(notify: Notify, signal: AbortSignal | undefined): Promise<void> {
	if (!signal) return notify.wait();
	// An already-aborted signal never fires "abort" again.
	if (signal.aborted) return Promise.resolve();
	return new Promise<void>((resolve) => {
		const done = (): void => {
			signal.removeEventListener("abort", done);
			resolve();
		};
		signal.addEventListener("abort", done, { once: true });
		notify.wait().then(done);
	});
}

/** Options of every call that may wait. */
export interface WaitOptions {
	signal?: AbortSignal;
}

/** Rejects with the signal's reason once it aborts; otherwise follows `promise` (for waits with no loop of ours). */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
	if (!signal) return promise;
	if (signal.aborted) return Promise.reject(signal.reason);
	return new Promise<T>((resolve, reject) => {
		const onAbort = () => reject(signal.reason);
		signal.addEventListener("abort", onAbort, { once: true });
		promise.then(
			(v) => {
				signal.removeEventListener("abort", onAbort);
				resolve(v);
			},
			(e) => {
				signal.removeEventListener("abort", onAbort);
				reject(e);
			},
		);
	});
}
