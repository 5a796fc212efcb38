// Bundles the Action (dist/index.js) and the CLI (dist/cli.js) so both run with no node_modules.
import commonjs from "@rollup/plugin-commonjs";
import json from "@rollup/plugin-json";
import { nodeResolve } from "@rollup/plugin-node-resolve";
import typescript from "@rollup/plugin-typescript";

export default {
  input: {
    index: "src/index.ts",
    cli: "src/cli.ts",
    "parse-worker": "src/engine/references/parse-worker.ts",
  },
  output: {
    dir: "dist",
    format: "es",
    entryFileNames: "[name].js",
    chunkFileNames: "chunks/[name].js",
    sourcemap: false,
    banner: (chunk) => (chunk.name === "cli" ? "#!/usr/bin/env node" : ""),
  },
  plugins: [
    typescript({ tsconfig: "./tsconfig.build.json" }),
    nodeResolve({ preferBuiltins: true, exportConditions: ["node", "import", "default"] }),
    commonjs(),
    json(),
  ],
  treeshake: {
    // @actions/core imports its HTTP client (and undici, a megabyte) at load time only for
    // getIDToken, which this Action never calls: a tenth of a second of every start. A
    // bundle that does use them (the artifact and GitHub clients) keeps what it uses.
    moduleSideEffects: (id) => !/node_modules\/(?:@actions\/http-client|undici|tunnel)\//.test(id),
  },
  onwarn(warning, warn) {
    // The AWS SDK and its dependencies use `this` at module top level and circular imports; both are harmless.
    if (warning.code === "THIS_IS_UNDEFINED" || warning.code === "CIRCULAR_DEPENDENCY") return;
    warn(warning);
  },
};
