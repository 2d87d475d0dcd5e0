// Types of `tumar/tumar_bg.wasm`: the WebAssembly module as a bundler hands out an asset, its URL
// (esbuild with `--loader:.wasm=file`, Vite with `?url`). Pass it to `createGuard({ wasm })`.

declare const url: string;
export default url;
