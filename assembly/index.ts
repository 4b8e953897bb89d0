// The one WASM module: the codec and the track/group state machines. No imports, no I/O, no clocks.
export * from "./codec/index";
export * from "./state/index";
