// Reading and writing one casebook file in the form: read with the `yaml`
// package as PyYAML reads it (YAML 1.1, dates kept as text), written in the
// canonical layout of `make fmt` (casebook-yaml.js).
import { parseDocument, visit } from "./yaml/index.js";
import { dump, prune, SCHEMA_COMMENT } from "./casebook-yaml.js";

// The comment lines a file starts with ride along in the entry under this key
// (Decap keeps keys that no field edits) and go back on top when it is saved.
const HEADER_KEY = "__casebook_header";

function headerOf(text) {
  const header = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i += 1) {
    const stripped = lines[i].trim();
    if (stripped.startsWith("#")) header.push(lines[i].trimEnd());
    else if (stripped) return [header, i];
  }
  return [header, lines.length];
}

// Line of the first comment outside the header and outside every scalar,
// as casebook/authoring/fmt.py finds them; 0 when there is none.
function innerComment(text, doc, skip) {
  const spans = [];
  visit(doc, { Scalar: (_, node) => { if (node.range) spans.push([node.range[0], node.range[1]]); } });
  const inside = (at) => spans.some(([a, b]) => a <= at && at < b);
  let offset = 0;
  const lines = text.split("\n");
  for (let n = 0; n < lines.length; n += 1) {
    const line = lines[n];
    if (n >= skip) {
      for (let col = line.indexOf("#"); col >= 0; col = line.indexOf("#", col + 1)) {
        if ((col === 0 || " \t".includes(line[col - 1])) && !inside(offset + col)) return n + 1;
      }
    }
    offset += line.length + 1;
  }
  return 0;
}

export function read(text) {
  const doc = parseDocument(text, {
    version: "1.1",
    customTags: (tags) => tags.filter((tag) => tag.tag !== "tag:yaml.org,2002:timestamp"),
  });
  if (doc.errors.length) throw new Error(`YAML 语法错误：${doc.errors[0].message}。请先在编辑器中改正，或运行 make validate 查看出错的行。`);
  const [header, skip] = headerOf(text);
  const line = innerComment(text, doc, skip);
  if (line) {
    throw new Error(`第 ${line} 行有注释，表单保存时会丢掉它。请先处理注释（需要保留的说明写进相应字段），运行 make fmt 确认后再用表单编辑。`);
  }
  const data = doc.toJS() || {};
  return { ...data, [HEADER_KEY]: header };
}

const plain = (value) => (typeof value.toJS === "function" ? value.toJS() : { ...value });

// The vocabulary layout for a file of the shared vocabulary collection: the one
// whose schema has the file's top-level key (themes, levels, terms ...).
export function vocabLayout(layouts, value) {
  const keys = Object.keys(plain(value));
  return Object.values(layouts).find((l) => l.flow && keys.some((k) => k in l.schema.properties));
}

export function write(value, layout) {
  const data = plain(value);
  const header = Array.isArray(data[HEADER_KEY]) ? data[HEADER_KEY] : [];
  delete data[HEADER_KEY];
  const schemaFile = layout.header.slice(layout.header.lastIndexOf("/"));
  const rest = header.filter((h) => !h.startsWith(SCHEMA_COMMENT));
  const given = header.find((h) => h.startsWith(SCHEMA_COMMENT) && h.endsWith(schemaFile));
  return dump(prune(data, layout.schema, layout.empty_ok), layout.schema, [given || layout.header, ...rest], layout.flow);
}
