// What one session may do: its root (the dialed path, which every broadcast name on the session is relative to)
// and the prefixes below it that it may publish and subscribe to ("" = everything under the root).
export interface Grant {
	readonly root: string;
	readonly publish: readonly string[];
	readonly subscribe: readonly string[];
	/** When the grant ends (unix ms): the session is closed with Unauthorized. */
	readonly expires?: number;
}

export const OPEN_GRANT: Grant = { root: "", publish: [""], subscribe: [""] };
