// Hop (origin) ids (spec §5.7): non-zero on the wire, and kept below 2^53 so JS peers decoding them as numbers keep
// them exact (spec Appendix B.5). One rule for sessions and for the relay that gives all its sessions one id.

/** `id` checked (an integer 1..2^53-1, else RangeError), or a random one when undefined. */
export function hopId(id?: number): number {
	if (id === undefined) return Math.floor(Math.random() * (Number.MAX_SAFE_INTEGER - 1)) + 1;
	if (!Number.isSafeInteger(id) || id < 1) throw new RangeError(`hop id must be an integer from 1 to 2^53-1, got ${id}`);
	return id;
}
