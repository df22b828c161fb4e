// Bundle the pinned docx library into one minified browser script,
// build/docx.min.js, which defines the global `docx`. The site build copies it
// to assets/javascripts/vendor/ (casebook.handout.publish_word_library); pages load it only
// when a reader asks for a Word file. Same lock file, same output.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync("node_modules/docx/package.json", "utf8"));
mkdirSync("build", { recursive: true });
await build({
  entryPoints: ["node_modules/docx/dist/index.mjs"],
  bundle: true,
  minify: true,
  format: "iife",
  globalName: "docx",
  target: "es2019",
  legalComments: "none",
  banner: { js: `/*! docx ${pkg.version} | ${pkg.license} License | https://github.com/dolanmiu/docx | bundled by tools/docx/bundle.mjs */` },
  outfile: "build/docx.min.js",
  logLevel: "error",
});
copyFileSync("node_modules/docx/LICENSE", "build/docx.LICENSE.txt");
