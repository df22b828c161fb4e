/* Word files (.docx) of handouts and training modules, made in the browser
 * with the docx library (window.docx: assets/javascripts/vendor/docx.min.js,
 * pinned in tools/docx). One layout for both: casebook-handout.js loads this
 * file only when a reader asks for a Word file, and calls
 *
 *   cbWord.build(pack, records, {date}) -> Promise<Blob>
 *
 * pack: {kind: "handout"|"module", title, summary, meta: [[label, text]],
 *        objectives: [text], items: [{case, practices: [id] (none: the whole
 *        case), note?, questions?: [text], alternatives?: [{title, note}]}],
 *        questions: [text], address}
 * records: Map of case id -> the case's data (assets/compare/cases/<id>.js).
 * What an item shows (its practices, its figures) is decided by
 * casebook-handout.js (cbBasket), for the handout page and this file alike.
 *
 * The document: A4 with 25 mm / 28 mm margins, page numbers in the footer,
 * Word's own Title and Heading 1–3 styles (so the navigation pane and a table
 * of contents work), numbered lists that restart for every list, a figures
 * table whose header row repeats, and the GB/T 7714 citations. Fonts are
 * named for every script: Chinese text in 宋体 (headings 黑体) through
 * w:eastAsia, Latin text in Times New Roman / Arial, language zh-CN. */
(function () {
  "use strict";

  var D = window.docx;
  if (!D) return;

  var BODY = { ascii: "Times New Roman", hAnsi: "Times New Roman", cs: "Times New Roman", eastAsia: "宋体" };
  var HEAD = { ascii: "Arial", hAnsi: "Arial", cs: "Arial", eastAsia: "黑体" };
  var LANG = { value: "en-US", eastAsia: "zh-CN" };
  var TWIP_PER_MM = 1440 / 25.4;
  var PAGE = { width: 11906, height: 16838 }; // A4 in twips
  var MARGIN = { top: mm(25), bottom: mm(25), left: mm(28), right: mm(26), header: mm(12), footer: mm(12) };
  var TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
  var LIST = "cb-numbered";
  var GREY = "595959";

  function mm(n) {
    return Math.round(n * TWIP_PER_MM);
  }

  function styles() {
    var heading = function (size, before, after) {
      return {
        run: { font: HEAD, size: size, bold: true, color: "000000" },
        paragraph: { spacing: { before: before, after: after, line: 300 }, keepNext: true, keepLines: true },
      };
    };
    return {
      default: {
        document: {
          run: { font: BODY, size: 24, language: LANG }, // 12 pt: 小四
          paragraph: { spacing: { after: 120, line: 360 } }, // 1.5 lines
        },
        title: {
          run: { font: HEAD, size: 40, bold: true, color: "000000" }, // 20 pt
          paragraph: { alignment: D.AlignmentType.CENTER, spacing: { after: 120 } },
        },
        heading1: heading(32, 360, 160), // 16 pt: 三号
        heading2: heading(28, 280, 120), // 14 pt: 四号
        heading3: heading(24, 200, 80),
      },
      paragraphStyles: [
        { id: "CbMeta", name: "Casebook Meta", basedOn: "Normal", run: { size: 21, color: GREY }, paragraph: { spacing: { after: 80, line: 300 } } },
        { id: "CbSmall", name: "Casebook Small", basedOn: "Normal", run: { size: 21 }, paragraph: { spacing: { after: 60, line: 300 } } },
        { id: "CbCell", name: "Casebook Table Text", basedOn: "Normal", run: { size: 20 }, paragraph: { spacing: { after: 0, line: 280 } } },
      ],
    };
  }

  // ---------------------------------------------------------------- building blocks
  function run(text, options) {
    return new D.TextRun(Object.assign({ text: String(text) }, options || {}));
  }

  function para(children, options) {
    return new D.Paragraph(Object.assign({ children: Array.isArray(children) ? children : [run(children)] }, options || {}));
  }

  function heading(level, text) {
    return para(text, { heading: level });
  }

  function labelled(label, text, style) {
    return para([run(label + "：", { bold: true }), run(text)], style ? { style: style } : undefined);
  }

  /* A web address as a link; shown decoded (汉字, not %E6%B1%89), as an address bar shows it. */
  function link(text) {
    if (!/^https?:\/\//.test(text)) return run(text);
    var shown = text;
    try { shown = decodeURI(text); } catch (e) { /* malformed: show it as it is */ }
    return new D.ExternalHyperlink({ link: text, children: [run(shown, { style: "Hyperlink" })] });
  }

  var lists = 0;
  /* A numbered list of its own: every list starts again at 1. */
  function numbered(texts, style) {
    var instance = ++lists;
    return texts.map(function (t) {
      var children = Array.isArray(t) ? t : [run(t)];
      return new D.Paragraph({ children: children, style: style, numbering: { reference: LIST, level: 0, instance: instance } });
    });
  }

  function cell(children, width, header) {
    return new D.TableCell({
      width: { size: width, type: D.WidthType.DXA },
      margins: { top: 40, bottom: 40, left: 80, right: 80 },
      shading: header ? { fill: "EDEDED", type: D.ShadingType.CLEAR, color: "auto" } : undefined,
      children: children,
    });
  }

  function figureTable(figures) {
    var widths = [Math.round(TEXT_WIDTH * 0.3), Math.round(TEXT_WIDTH * 0.17)];
    widths.push(TEXT_WIDTH - widths[0] - widths[1]);
    var rows = [new D.TableRow({
      tableHeader: true,
      cantSplit: true,
      children: ["项目", "数据", "来源原文"].map(function (h, i) {
        return cell([para([run(h, { bold: true })], { style: "CbCell" })], widths[i], true);
      }),
    })];
    figures.forEach(function (f) {
      rows.push(new D.TableRow({
        cantSplit: true,
        children: [
          cell([
            para([run(f.label, { bold: true })], { style: "CbCell" }),
            para([run(f.counts + (f.year ? "（" + f.year + " 年）" : ""), { color: GREY })], { style: "CbCell" }),
          ], widths[0]),
          cell([para([run(f.value, { bold: true })], { style: "CbCell" })], widths[1]),
          cell([para("“" + f.source + "”", { style: "CbCell" })], widths[2]),
        ],
      }));
    });
    return new D.Table({ width: { size: TEXT_WIDTH, type: D.WidthType.DXA }, columnWidths: widths, rows: rows });
  }

  // ---------------------------------------------------------------- what a pack says
  function caseParts(item, number, r) {
    var B = window.cbBasket;
    var out = [heading(D.HeadingLevel.HEADING_2, number + ". " + r.title)];
    out.push(para(B.caseMeta(r), { style: "CbMeta" }));
    out.push(para(r.summary));
    if (item.note) out.push(labelled("选用理由", item.note));
    var practices = B.practicesOf(r, item);
    out.push(heading(D.HeadingLevel.HEADING_3, item.practices && item.practices.length ? "重点讲授的做法" : "主要做法"));
    practices.forEach(function (p, k) {
      out.push(para([run(k + 1 + ". " + p.name, { bold: true })], { keepNext: true }));
      p.text.forEach(function (t) { out.push(para(t, { indent: { firstLine: 480 } })); });
    });
    var figures = B.figuresOf(r, item);
    if (figures.length) {
      out.push(heading(D.HeadingLevel.HEADING_3, "关键数据"));
      out.push(figureTable(figures));
    }
    if (item.questions && item.questions.length) {
      out.push(heading(D.HeadingLevel.HEADING_3, "本案例讨论题"));
      out = out.concat(numbered(item.questions));
    }
    if (item.alternatives && item.alternatives.length) {
      out.push(labelled("备选案例", item.alternatives.map(function (a) { return a.title + (a.note ? "（" + a.note + "）" : ""); }).join("；"), "CbSmall"));
    }
    out.push(para([run("案例网址：", { bold: true }), link(r.addressText)], { style: "CbSmall" }));
    return out;
  }

  function body(pack, records, date) {
    var out = [heading(D.HeadingLevel.TITLE, pack.title || "讲义")];
    var kind = pack.kind === "module" ? "培训专题讲义" : "讲义";
    out.push(para("实践案例库 · " + kind + " · " + pack.items.length + " 个案例 · " + date + "生成", { style: "CbMeta", alignment: D.AlignmentType.CENTER }));
    if (pack.summary) out.push(para(pack.summary));
    (pack.meta || []).forEach(function (m) { out.push(labelled(m[0], m[1], "CbSmall")); });
    if (pack.address) out.push(para([run("本讲义网址：", { bold: true }), link(addressText(pack.address))], { style: "CbSmall" }));
    if (pack.objectives && pack.objectives.length) {
      out.push(heading(D.HeadingLevel.HEADING_1, "学习目标"));
      out = out.concat(numbered(pack.objectives));
    }
    out.push(heading(D.HeadingLevel.HEADING_1, "案例"));
    pack.items.forEach(function (item, i) {
      out = out.concat(caseParts(item, i + 1, records.get(item.case)));
    });
    if (pack.questions && pack.questions.length) {
      out.push(heading(D.HeadingLevel.HEADING_1, "讨论题"));
      out = out.concat(numbered(pack.questions));
    }
    out.push(heading(D.HeadingLevel.HEADING_1, "来源与引用"));
    out.push(para("按 GB/T 7714—2015 著录。引用日期暂按各案例的收录日期填写，请改为您实际查阅的日期。", { style: "CbMeta" }));
    pack.items.forEach(function (item) {
      var r = records.get(item.case);
      out.push(para([run(r.title, { bold: true })], { keepNext: true, style: "CbSmall" }));
      var entries = r.sources.map(function (s) { return [run(s)]; });
      entries.push([run(r.cite + " "), link(r.addressText), run(".")]);
      out = out.concat(numbered(entries, "CbSmall"));
    });
    return out;
  }

  /* An address as a reader types it: absolute when the site knows its own;
   * else against the server this page came from; from a copy on disk, the
   * file's place in the offline folder (as casebook-print.js prints it). */
  function addressText(path) {
    if (!path || /^https?:\/\//.test(path)) return path || "";
    if (/^https?:$/.test(location.protocol)) return new URL(path, window.cbBasket ? window.cbBasket.ROOT : location.href).href;
    return "实践案例库离线版 " + path;
  }

  function withAddresses(records) {
    var out = new Map();
    records.forEach(function (r, id) {
      out.set(id, Object.assign({}, r, { addressText: addressText(r.address) }));
    });
    return out;
  }

  function build(pack, records, options) {
    lists = 0;
    var date = (options && options.date) || "";
    var title = pack.title || "讲义";
    var doc = new D.Document({
      creator: "实践案例库",
      title: title,
      description: pack.kind === "module" ? "培训专题讲义" : "讲义",
      styles: styles(),
      numbering: {
        config: [{
          reference: LIST,
          levels: [{
            level: 0,
            format: D.LevelFormat.DECIMAL,
            text: "%1.",
            alignment: D.AlignmentType.START,
            style: { paragraph: { indent: { left: 480, hanging: 360 } } },
          }],
        }],
      },
      sections: [{
        properties: { page: { size: PAGE, margin: MARGIN } },
        headers: {
          default: new D.Header({ children: [para("实践案例库 · " + title, { style: "CbMeta", alignment: D.AlignmentType.RIGHT })] }),
        },
        footers: {
          default: new D.Footer({
            children: [para([new D.TextRun({ children: ["第 ", D.PageNumber.CURRENT, " 页，共 ", D.PageNumber.TOTAL_PAGES, " 页"] })],
              { style: "CbMeta", alignment: D.AlignmentType.CENTER })],
          }),
        },
        children: body(pack, withAddresses(records), date),
      }],
    });
    return D.Packer.toBlob(doc);
  }

  window.cbWord = { build: build };
})();
