// Minifies the JavaScript bindings as cargo-leptos does: SWC's minifier, compressing and
// mangling, reading the file as an ES module. Usage: node minify.mjs INPUT OUTPUT
import swc from "@swc/core";
import { readFileSync, writeFileSync } from "node:fs";

const [input, output] = process.argv.slice(2);
const { code } = await swc.minify(readFileSync(input, "utf8"), {
  compress: true,
  mangle: true,
  module: true,
});
writeFileSync(output, code);
