// Starts Decap CMS with the configuration `casebook edit` (or `casebook
// admin`) generated from the schemas, and registers one file format per kind
// of file (casebook-case, casebook-module, casebook-themes ...).
import { read, vocabLayout, write } from "./casebook-format.js";

async function start() {
  const [config, layouts] = await Promise.all(
    ["config.json", "layouts.json"].map((name) => fetch(name).then((r) => r.json())),
  );
  for (const [name, layout] of Object.entries(layouts)) {
    window.CMS.registerCustomFormat(name, "yaml", { fromFile: read, toFile: (data) => write(data, layout) });
  }
  window.CMS.registerCustomFormat("casebook-vocab", "yaml", {
    fromFile: read,
    toFile: (data) => write(data, vocabLayout(layouts, data)),
  });
  window.CMS.init({ config });
}

start();
