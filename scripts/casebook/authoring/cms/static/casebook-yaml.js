// The canonical layout of a casebook YAML file, as casebook/authoring/yamlwrite.py
// writes it: the same rules in the same order, so that a file saved from the
// browser form is byte for byte what `make fmt` would make of it
// (tests/test_cms_config.py runs both on every file and on awkward strings).

const INDENT = "  ";
const FLOW_WIDTH = 100;
export const SCHEMA_COMMENT = "# yaml-language-server: $schema=";

const ESCAPE = /[\u0000-\u001f\u007f-\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\ufeff\ufffe\uffff\ud800-\udfff]/u;
const INDICATORS = new Set("-?:,[]{}#&*!|>'\"%@`");
const FLOW_CHARS = /[,[\]{}]/;
const SPECIAL_WORDS = new Set(["", "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n", "=", "<<"]);
const NUMBER_LIKE = /^[-+]?(\.?[0-9][0-9a-z_.:+-]*|\.(inf|nan))$|^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([t ]|$)/i;
const SHORT_ESCAPES = { "\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r" };

export function needsQuotes(text, flow = false) {
  if (!text || " \t".includes(text[0]) || " \t".includes(text[text.length - 1])) return true;
  if (SPECIAL_WORDS.has(text.toLowerCase()) || NUMBER_LIKE.test(text)) return true;
  if (INDICATORS.has(text[0]) || text.includes(": ") || text.includes(" #") || text.endsWith(":")) return true;
  if (text.includes("\t") || ESCAPE.test(text.replaceAll("\n", ""))) return true;
  if (flow && (text.includes("\n") || text.includes(":") || FLOW_CHARS.test(text))) return true;
  return false;
}

export function quoted(text) {
  let out = "";
  for (const ch of text) {
    if (ch in SHORT_ESCAPES) out += SHORT_ESCAPES[ch];
    else if (ESCAPE.test(ch)) out += "\\u" + ch.codePointAt(0).toString(16).padStart(4, "0");
    else out += ch;
  }
  return '"' + out + '"';
}

function stripEnd(text, chars) {
  let end = text.length;
  while (end > 0 && chars.includes(text[end - 1])) end -= 1;
  return text.slice(0, end);
}

export function blockOk(text) {
  if (text.startsWith("\n") || !stripEnd(text, "\n").replace(/^\n+/, "") || text.includes("\t") || ESCAPE.test(text.replaceAll("\n", ""))) return false;
  const lines = stripEnd(text, "\n").split("\n");
  if (lines[0].startsWith(" ") || lines[0].startsWith("\t")) return false;
  return lines.every((ln) => !ln || !" \t".includes(ln[ln.length - 1]));
}

// Python's repr of a float: exponent form below 1e-4 and from 1e16 on.
function floatRepr(value) {
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e16)) {
    const [mantissa, exp] = value.toExponential().split("e");
    const sign = exp.startsWith("-") ? "-" : "+";
    const digits = exp.replace(/^[-+]/, "").padStart(2, "0");
    return `${mantissa}e${sign}${digits}`;
  }
  const text = String(value);
  return text.includes(".") || text.includes("e") ? text : `${text}.0`;
}

export function number(value) {
  if (typeof value === "boolean") return value ? "true" : "false";
  if (Number.isNaN(value)) return ".nan";
  if (!Number.isFinite(value)) return value > 0 ? ".inf" : "-.inf";
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  return floatRepr(value);
}

export function scalar(value, flow = false) {
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean" || typeof value === "number") return number(value);
  const text = String(value);
  if (text.includes("\n") || needsQuotes(text, flow)) return quoted(text);
  return text;
}

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const isScalar = (v) => !isObject(v) && !Array.isArray(v);

export function orderedKeys(value, schema) {
  const props = Object.keys((schema && schema.properties) || {});
  const keys = Object.keys(value);
  return props.filter((k) => keys.includes(k)).concat(keys.filter((k) => !props.includes(k)));
}

function flowMap(value, schema) {
  return "{" + orderedKeys(value, schema).map((k) => `${scalar(k, true)}: ${scalar(value[k], true)}`).join(", ") + "}";
}

function flowSeq(value) {
  return "[" + value.map((v) => scalar(v, true)).join(", ") + "]";
}

class Writer {
  constructor(flow) {
    this.flow = flow;
  }

  mapping(value, schema, depth) {
    const props = (schema && schema.properties) || {};
    const out = [];
    for (const key of orderedKeys(value, schema)) out.push(...this.entry(`${scalar(key)}:`, value[key], props[key] || {}, depth));
    return out;
  }

  sequence(value, schema, depth) {
    const items = schema && isObject(schema.items) ? schema.items : {};
    const out = [];
    for (const item of value) out.push(...this.item(item, items, depth));
    return out;
  }

  item(value, schema, depth) {
    const pad = INDENT.repeat(depth);
    const filled = Array.isArray(value) ? value.length > 0 : isObject(value) && Object.keys(value).length > 0;
    if (filled) {
      const members = Array.isArray(value) ? value : Object.values(value);
      if (this.flow && members.every(isScalar)) {
        const text = Array.isArray(value) ? flowSeq(value) : flowMap(value, schema);
        if (Array.isArray(value) || [...pad].length + 2 + [...text].length <= FLOW_WIDTH) return [`${pad}- ${text}`];
      }
      const body = Array.isArray(value) ? this.sequence(value, schema, depth + 1) : this.mapping(value, schema, depth + 1);
      return [pad + "- " + body[0].slice(pad.length + INDENT.length), ...body.slice(1)];
    }
    return this.entry("-", value, schema, depth);
  }

  entry(prefix, value, schema, depth) {
    const pad = INDENT.repeat(depth);
    if (isObject(value)) {
      if (!Object.keys(value).length) return [`${pad}${prefix} {}`];
      return [pad + prefix, ...this.mapping(value, schema, depth + 1)];
    }
    if (Array.isArray(value)) {
      if (!value.length) return [`${pad}${prefix} []`];
      if (this.flow && depth > 0 && value.every(isScalar)) return [`${pad}${prefix} ${flowSeq(value)}`];
      return [pad + prefix, ...this.sequence(value, schema, depth + 1)];
    }
    if (typeof value === "string" && value.includes("\n") && blockOk(value)) return this.block(prefix, value, depth);
    return [`${pad}${prefix} ${scalar(value)}`];
  }

  block(prefix, value, depth) {
    const pad = INDENT.repeat(depth);
    const body = stripEnd(value, "\n");
    const trailing = value.length - body.length;
    const chomp = trailing === 0 ? "-" : trailing === 1 ? "" : "+";
    const lines = body.split("\n").concat(Array(Math.max(0, trailing - 1)).fill(""));
    const inner = INDENT.repeat(depth + 1);
    return [`${pad}${prefix} |${chomp}`, ...lines.map((ln) => (ln ? inner + ln : ""))];
  }
}

export function dump(data, schema, header, flow = false) {
  const lines = [...header, ...new Writer(flow).mapping(data, schema, 0)];
  return lines.join("\n") + "\n";
}

// What a form leaves behind in fields nobody filled in: "" or null in an
// optional field, an optional list or object left empty. Those keys are not
// written (an empty optional url would fail its pattern). A required string
// the schema lets be empty (a figure without unit) is written as "", not null.
function isBlank(value) {
  if (value === null || value === undefined || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isObject(value)) return Object.keys(value).length === 0;
  return false;
}

// `emptyOk`: JSON pointer -> empty value ("" or []) of the required fields the
// form lets be left blank (a figure without unit, a case with no related cases).
export function prune(value, schema, emptyOk = {}, where = "") {
  if (Array.isArray(value)) {
    const items = schema && isObject(schema.items) ? schema.items : {};
    return value.map((v) => prune(v, items, emptyOk, `${where}/items`));
  }
  if (!isObject(value)) return value;
  const props = (schema && schema.properties) || {};
  const required = new Set((schema && schema.required) || []);
  const out = {};
  for (const [key, raw] of Object.entries(value)) {
    const v = prune(raw, props[key] || {}, emptyOk, `${where}/properties/${key}`);
    if (!required.has(key) && isBlank(v)) continue;
    out[key] = v;
  }
  for (const key of required) {
    const pointer = `${where}/properties/${key}`;
    if ((out[key] === null || out[key] === undefined) && pointer in emptyOk) out[key] = structuredClone(emptyOk[pointer]);
  }
  return out;
}
