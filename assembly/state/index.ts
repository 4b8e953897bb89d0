// Track/group state machine exports (see assembly/state/*).
export function stateVersion(): i32 { return 1; }
