// `./moqwire.wasm` is a compiled module on workerd; the inline build's import is a sync loader (rollup plugin-wasm).
declare module "*/moqwire.wasm" {
	const value: WebAssembly.Module & (() => WebAssembly.Module);
	export default value;
}
declare module "./moqwire.wasm" {
	const value: WebAssembly.Module;
	export default value;
}
