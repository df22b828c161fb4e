/*
 * Casebook pinyin: the Chinese words a query typed in pinyin spells, and the
 * words that sound like a Chinese query with a wrong character (issue #17).
 *
 * Loaded by casebook-search.js only when a query needs it. The data comes
 * from the search index (scripts/casebook/search/pinyin.py): the lexicon, in
 * shards keyed by the first letters of a word's first two syllables
 * ("jq" for 结穷亲 jie qiong qin), each entry [word, "jie qiong qin", df,
 * dictionary word?]; a table of every common character's readings; the list
 * of syllables (in the manifest).
 *
 * A query is read as cells: Han characters, latin letters (runs split at
 * spaces and apostrophes; ü may be typed v) and other characters. A word
 * matches where each of its syllables is met by: its own character, the
 * full syllable, its initial (j, zh or z), the start of it at the end of
 * what was typed (jieqiongq), or, at a cost, a fuzzy sound as input methods
 * allow (z/zh, c/ch, s/sh, l/n, f/h, r/l, an/ang, en/eng, in/ing). The
 * cheapest cover of the whole query by words and kept characters is its
 * spelling; ties go to dictionary words, then to words more documents use.
 */
(function () {
  "use strict";

  var HAN_RE = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3007]/;
  var LATIN_RE = /[a-z\u00fc]/;
  var SEPARATOR_RE = /[\s'’‘`·\-_.,，、;；:：]/;
  var CONSONANTS = "bpmfdtnlgkhjqxrzcsyw";
  var FUZZY_INITIALS = [["zh", "z"], ["ch", "c"], ["sh", "s"], ["n", "l"], ["h", "f"], ["l", "r"]];
  var FUZZY_FINALS = [["ang", "an"], ["eng", "en"], ["ing", "in"], ["iang", "ian"], ["uang", "uan"]];

  var COST = {
    initial: 0.35, // j for jie
    partial: 0.25, // qio for qiong, at the end of what was typed
    fuzzy: 0.8, // qing for qin
    umlaut: 0.3, // lu for lv
    word: 0.5, // each word: fewer, longer words read a query better
    han: 0.3, // a Han character kept as typed
    latin: 4, // a latin run kept as typed (not pinyin of any word)
    sameSound: 1, // sound mode: another character with the word's reading
    fuzzySound: 1.4, // ... with a fuzzy reading
  };
  var KEEP = 6; // partial readings kept per query position
  var SPREAD = 0.5; // spellings offered: cost at most the best's plus this
  var MAX_SPELLINGS = 4;

  // Spellings a syllable has under the fuzzy sounds (qin -> qing, zhang -> zang).
  function fuzzyForms(syl) {
    var out = [];
    FUZZY_INITIALS.forEach(function (p) {
      for (var k = 0; k < 2; k++) {
        var a = p[k];
        if (syl.indexOf(a) === 0 && !(a.length === 1 && "zcs".indexOf(a) >= 0 && syl.charAt(1) === "h"))
          out.push(p[1 - k] + syl.slice(a.length));
      }
    });
    FUZZY_FINALS.forEach(function (p) {
      for (var k = 0; k < 2; k++) {
        var a = p[k];
        var at = syl.length - a.length;
        if (at > 0 && syl.slice(at) === a) out.push(syl.slice(0, at) + p[1 - k]);
      }
    });
    return out.filter(function (f, i) {
      return f !== syl && out.indexOf(f) === i;
    });
  }

  function initialOf(syl) {
    var two = syl.slice(0, 2);
    if (two === "zh" || two === "ch" || two === "sh") return two;
    return syl.charAt(0);
  }

  /* ------------------------------------------------------------------ *
   * The query as cells
   * ------------------------------------------------------------------ */

  function cellsOf(norm) {
    var cells = [];
    var run = -1;
    var inRun = false;
    var at = 0;
    for (var ch of norm) {
      // Tone marks (jié, lǚ) and tone numbers after a syllable (jie2) are dropped.
      var bare = ch.normalize("NFD");
      if (bare.length > 1 && LATIN_RE.test(bare.charAt(0))) ch = bare.indexOf("\u0308") > 0 ? "v" : bare.charAt(0);
      else if (inRun && /[0-5]/.test(ch)) {
        at += ch.length;
        continue;
      }
      if (LATIN_RE.test(ch)) {
        if (!inRun) run++;
        inRun = true;
        cells.push({ t: "l", c: ch === "\u00fc" ? "v" : ch, run: run, at: at });
      } else {
        inRun = false;
        if (!SEPARATOR_RE.test(ch)) cells.push({ t: HAN_RE.test(ch) ? "h" : "o", c: ch, at: at });
      }
      at += ch.length;
    }
    // Each latin cell knows the rest of its run.
    for (var i = cells.length - 1; i >= 0; i--) {
      var c = cells[i];
      if (c.t !== "l") continue;
      var next = cells[i + 1];
      c.rest = next && next.t === "l" && next.run === c.run ? c.c + next.rest : c.c;
      c.end = i + c.rest.length;
    }
    return cells;
  }

  /* ------------------------------------------------------------------ *
   * The engine
   * ------------------------------------------------------------------ */

  /* io: {syllables: "a ai an …", lexicon(keys) -> Promise<{key: entries}>,
   *      chars() -> Promise<{reading: characters}>} */
  function Engine(io) {
    this.io = io;
    this.syllables = new Set(io.syllables.split(" ").filter(Boolean));
    this.prefixes = new Set();
    var self = this;
    this.syllables.forEach(function (s) {
      for (var k = 1; k < s.length; k++) self.prefixes.add(s.slice(0, k));
    });
    this.entries = new Map(); // key -> parsed entries
    this.readingsOf = null; // character -> [readings], once chars() loaded
    this.fuzzy = new Map();
  }

  Engine.prototype.fuzzyOf = function (syl) {
    var f = this.fuzzy.get(syl);
    if (!f) {
      var self = this;
      f = fuzzyForms(syl).filter(function (x) {
        return self.syllables.has(x);
      });
      this.fuzzy.set(syl, f);
    }
    return f;
  };

  Engine.prototype.loadChars = function () {
    var self = this;
    if (this.readingsOf) return Promise.resolve();
    return this.io.chars().then(function (table) {
      var map = new Map();
      Object.keys(table).forEach(function (r) {
        for (var ch of table[r]) {
          var list = map.get(ch);
          if (!list) map.set(ch, (list = []));
          list.push(r);
        }
      });
      self.readingsOf = map;
    });
  };

  Engine.prototype.readings = function (ch) {
    return (this.readingsOf && this.readingsOf.get(ch)) || [];
  };

  // Units a latin cell can start: [length, kind] for full syllables,
  // initials and (at the end of a run) the start of a syllable.
  Engine.prototype.units = function (cell) {
    var out = [];
    var rest = cell.rest;
    for (var k = Math.min(6, rest.length); k >= 1; k--) {
      if (this.syllables.has(rest.slice(0, k))) out.push(k);
    }
    if (CONSONANTS.indexOf(rest.charAt(0)) >= 0) {
      out.push(1);
      if ("zcs".indexOf(rest.charAt(0)) >= 0 && rest.charAt(1) === "h") out.push(2);
    }
    if (rest.length > 1 && this.prefixes.has(rest)) out.push(rest.length);
    return out.filter(function (k, i) {
      return out.indexOf(k) === i;
    });
  };

  // First letters a word starting at cell i could have; `widen`: also
  // those of the fuzzy initials that change the letter (l/n, f/h, r/l).
  Engine.prototype.letters = function (cells, i, widen) {
    var c = cells[i];
    if (!c) return [];
    var out = [];
    if (c.t === "l") out.push(c.c);
    else if (c.t === "h")
      this.readings(c.c).forEach(function (r) {
        out.push(r.charAt(0));
      });
    if (widen) {
      out.slice().forEach(function (l) {
        FUZZY_INITIALS.forEach(function (p) {
          if (p[0].length === 1 && p[1].length === 1) {
            if (l === p[0]) out.push(p[1]);
            if (l === p[1]) out.push(p[0]);
          }
        });
      });
    }
    return out.filter(function (l, k) {
      return out.indexOf(l) === k;
    });
  };

  // Where the next syllable can start after a syllable starting at cell i.
  Engine.prototype.nextStarts = function (cells, i) {
    var c = cells[i];
    if (!c) return [];
    if (c.t !== "l") return [i + 1];
    return this.units(c).map(function (k) {
      return i + k;
    });
  };

  // Lexicon keys for words starting at cell i.
  Engine.prototype.keysAt = function (cells, i, widen) {
    var self = this;
    var keys = [];
    var first = this.letters(cells, i, widen);
    if (!first.length) return keys;
    this.nextStarts(cells, i).forEach(function (j) {
      self.letters(cells, j, widen).forEach(function (b) {
        first.forEach(function (a) {
          if (keys.indexOf(a + b) < 0) keys.push(a + b);
        });
      });
    });
    return keys;
  };

  // Cells where a word may start: every syllable boundary reachable from the start.
  Engine.prototype.starts = function (cells) {
    var seen = new Uint8Array(cells.length + 1);
    var todo = [0];
    seen[0] = 1;
    var out = [];
    while (todo.length) {
      var i = todo.pop();
      if (i >= cells.length) continue;
      out.push(i);
      var self = this;
      this.nextStarts(cells, i).forEach(function (j) {
        if (!seen[j]) {
          seen[j] = 1;
          todo.push(j);
        }
      });
      if (cells[i].t === "l" && !seen[cells[i].end]) {
        seen[cells[i].end] = 1; // a latin run kept as typed
        todo.push(cells[i].end);
      }
    }
    return out.sort(function (a, b) {
      return a - b;
    });
  };

  Engine.prototype.load = function (keys) {
    var self = this;
    var missing = keys.filter(function (k) {
      return !self.entries.has(k);
    });
    if (!missing.length) return Promise.resolve();
    return this.io.lexicon(missing).then(function (found) {
      missing.forEach(function (k) {
        self.entries.set(
          k,
          (found[k] || []).map(function (e) {
            return { word: e[0], chars: Array.from(e[0]), syl: e[1].split(" "), df: e[2], domain: !!e[3] };
          })
        );
      });
    });
  };

  /* One syllable of a word against the cells from position i:
   * [[next position, cost], ...]. */
  Engine.prototype.step = function (cells, i, ch, syl, sound) {
    var c = cells[i];
    var out = [];
    if (!c) return out;
    if (c.t === "h") {
      if (c.c === ch) out.push([i + 1, 0]);
      else if (sound) {
        var rs = this.readings(c.c);
        if (rs.indexOf(syl) >= 0) out.push([i + 1, COST.sameSound]);
        else {
          var fz = this.fuzzyOf(syl);
          if (
            rs.some(function (r) {
              return fz.indexOf(r) >= 0;
            })
          )
            out.push([i + 1, COST.fuzzySound]);
        }
      }
      return out;
    }
    if (c.t !== "l") return out;
    var rest = c.rest;
    var add = function (len, cost) {
      out.push([i + len, cost]);
    };
    if (rest.indexOf(syl) === 0) add(syl.length, 0);
    if (syl.indexOf("v") >= 0) {
      var u = syl.replace(/v/g, "u");
      if (rest.indexOf(u) === 0) add(u.length, COST.umlaut);
    }
    this.fuzzyOf(syl).forEach(function (f) {
      if (rest.indexOf(f) === 0) add(f.length, COST.fuzzy);
    });
    var ini = initialOf(syl);
    if (ini !== syl && rest.indexOf(ini) === 0) add(ini.length, COST.initial);
    if (ini.length === 2 && rest.charAt(0) === ini.charAt(0) && rest.charAt(1) !== "h") add(1, COST.initial + 0.05);
    if (rest.length > ini.length && rest.length < syl.length && syl.indexOf(rest) === 0) add(rest.length, COST.partial);
    return out;
  };

  // Where a word starting at cell i can end: Map(end -> cost).
  Engine.prototype.matchWord = function (cells, e, i, sound) {
    var states = new Map([[i, 0]]);
    for (var k = 0; k < e.syl.length; k++) {
      var next = new Map();
      var self = this;
      states.forEach(function (cost, pos) {
        self.step(cells, pos, e.chars[k], e.syl[k], sound).forEach(function (s) {
          var c = cost + s[1];
          if (!next.has(s[0]) || next.get(s[0]) > c) next.set(s[0], c);
        });
      });
      if (!next.size) return next;
      states = next;
    }
    return states;
  };

  function rank(p) {
    // cost first; among equals, dictionary words, then words more cases use
    return p.cost - 0.01 * p.domain - 0.001 * Math.log(1 + p.df);
  }

  function keep(list, item) {
    if (
      list.some(function (x) {
        return x.text === item.text;
      })
    )
      return;
    list.push(item);
    list.sort(function (a, b) {
      return rank(a) - rank(b);
    });
    if (list.length > KEEP) list.length = KEEP;
  }

  // The text of a reading: Han characters kept as typed run together, words and latin apart.
  function extend(p, piece, cost) {
    var pieces = p.pieces.slice();
    var last = pieces[pieces.length - 1];
    if (piece.han && last && last.han) pieces[pieces.length - 1] = { han: last.han + piece.han };
    else pieces.push(piece);
    return {
      pieces: pieces,
      cost: p.cost + cost,
      words: p.words + (piece.word ? 1 : 0),
      domain: p.domain + (piece.word && piece.word.domain ? 1 : 0),
      df: Math.max(p.df, piece.word ? piece.word.df : 0),
      text: pieces
        .map(function (x) {
          return x.word ? x.word.word : x.han || x.lit;
        })
        .join(" "),
    };
  }

  /* Chinese spellings of a normalized query with latin letters:
   * Promise<[{text, cost}]>, best first; [] when no word fits. */
  Engine.prototype.spell = function (norm) {
    var self = this;
    var cells = cellsOf(norm);
    if (
      !cells.some(function (c) {
        return c.t === "l";
      })
    )
      return Promise.resolve([]);
    var mixed = cells.some(function (c) {
      return c.t === "h";
    });
    var starts = this.starts(cells);
    // First as typed; when no word fits, with the fuzzy initials too.
    var pass = function (widen) {
      var keys = [];
      starts.forEach(function (i) {
        self.keysAt(cells, i, widen).forEach(function (k) {
          if (keys.indexOf(k) < 0) keys.push(k);
        });
      });
      return self.load(keys).then(function () {
        return self.cover(cells, starts, false, widen).filter(function (p) {
          return p.words > 0;
        });
      });
    };
    return (mixed ? this.loadChars() : Promise.resolve())
      .then(function () {
        return pass(false);
      })
      .then(function (found) {
        return found.length ? found : pass(true);
      })
      .then(function (found) {
        return found.map(function (p) {
          return { text: p.text, cost: p.cost };
        });
      });
  };

  // The cheapest readings of all cells (see spell), within SPREAD of the best.
  Engine.prototype.cover = function (cells, starts, sound, widen) {
    var n = cells.length;
    var best = new Array(n + 1);
    best[0] = [{ pieces: [], cost: 0, words: 0, domain: 0, df: 0, text: "" }];
    var self = this;
    var isStart = new Set(starts);
    for (var i = 0; i < n; i++) {
      if (!best[i]) continue;
      var c = cells[i];
      var moves = [];
      if (c.t === "h") moves.push([i + 1, { han: c.c }, COST.han]);
      else if (c.t === "o") moves.push([i + 1, { lit: c.c }, 0]);
      else if (i === 0 || cells[i - 1].t !== "l" || cells[i - 1].run !== c.run)
        moves.push([c.end, { lit: c.rest }, COST.latin]);
      if (isStart.has(i)) {
        this.keysAt(cells, i, widen).forEach(function (key) {
          (self.entries.get(key) || []).forEach(function (e) {
            self.matchWord(cells, e, i, sound).forEach(function (cost, end) {
              // a word met by its own characters only is those characters as typed
              var typed = true;
              for (var k = i; k < end; k++) if (cells[k].t !== "h") typed = false;
              moves.push([end, typed ? { han: e.word } : { word: e }, typed ? cost + COST.han * (end - i) : cost + COST.word]);
            });
          });
        });
      }
      best[i].forEach(function (p) {
        moves.forEach(function (m) {
          var q = extend(p, m[1], m[2]);
          if (!best[m[0]]) best[m[0]] = [];
          keep(best[m[0]], q);
        });
      });
    }
    var done = best[n] || [];
    if (!done.length) return [];
    var limit = done[0].cost + SPREAD;
    return done
      .filter(function (p) {
        return p.cost <= limit;
      })
      .slice(0, MAX_SPELLINGS);
  };

  /* Words that sound like part of a Chinese query but differ in a
   * character (结穷清 -> 结穷亲). Promise<{words: [...], correction: text|null}>:
   * the words best first, and the query with the best of them put in place
   * (the search offers it only if it finds the corrected query as typed). */
  Engine.prototype.soundAlike = function (norm) {
    var self = this;
    var cells = cellsOf(norm).filter(function (c) {
      return c.t === "h";
    });
    var none = { words: [], correction: null };
    if (cells.length < 2) return Promise.resolve(none);
    // cells[i .. i+len) are one run of characters in the text
    var joined = function (i, len) {
      for (var k = 1; k < len; k++) if (cells[i + k].at !== cells[i + k - 1].at + cells[i + k - 1].c.length) return false;
      return true;
    };
    return this.loadChars()
      .then(function () {
        var keys = [];
        for (var i = 0; i + 1 < cells.length; i++) {
          self.keysAt(cells, i, true).forEach(function (k) {
            if (keys.indexOf(k) < 0) keys.push(k);
          });
        }
        return self.load(keys).then(function () {
          return keys;
        });
      })
      .then(function (keys) {
        var known = new Set();
        keys.forEach(function (k) {
          (self.entries.get(k) || []).forEach(function (e) {
            known.add(e.word);
          });
        });
        var found = [];
        for (var i = 0; i + 1 < cells.length; i++) {
          self.keysAt(cells, i, true).forEach(function (key) {
            (self.entries.get(key) || []).forEach(function (e) {
              var len = e.chars.length;
              if (i + len > cells.length || !joined(i, len)) return;
              var span = "";
              for (var k = 0; k < len; k++) span += cells[i + k].c;
              if (span === e.word || known.has(span)) return; // the query has this word right
              var cost = self.matchWord(cells, e, i, true).get(i + len);
              if (cost === undefined) return;
              var wrong = 0;
              for (k = 0; k < len; k++) if (e.chars[k] !== cells[i + k].c) wrong++;
              // a few wrong characters in a word, never all of them
              if (wrong === len || wrong > Math.max(1, Math.floor(len / 3))) return;
              found.push({ word: e.word, at: i, len: len, cost: cost, domain: e.domain ? 1 : 0, df: e.df });
            });
          });
        }
        if (!found.length) return none;
        found.sort(function (a, b) {
          return a.cost - b.cost || b.len - a.len || b.domain - a.domain || b.df - a.df || (a.word < b.word ? -1 : 1);
        });
        // The correction: the best words that do not overlap, each in place of what it corrects.
        var used = new Uint8Array(cells.length);
        var chosen = [];
        found.forEach(function (f) {
          for (var k = f.at; k < f.at + f.len; k++) if (used[k]) return;
          for (k = f.at; k < f.at + f.len; k++) used[k] = 1;
          chosen.push(f);
        });
        chosen.sort(function (a, b) {
          return a.at - b.at;
        });
        var out = "";
        var pos = 0;
        var rest = []; // what the correction keeps of the query, in runs
        var keep = function (text) {
          (text.match(/[\u3400-\u4dbf\u4e00-\u9fff]+/g) || []).forEach(function (run) {
            rest.push(run);
          });
        };
        chosen.forEach(function (f) {
          var from = cells[f.at].at;
          var last = cells[f.at + f.len - 1];
          out += norm.slice(pos, from) + f.word;
          keep(norm.slice(pos, from));
          pos = last.at + last.c.length;
        });
        keep(norm.slice(pos));
        var words = [];
        found.forEach(function (f) {
          if (words.indexOf(f.word) < 0) words.push(f.word);
        });
        return {
          words: words.slice(0, 8),
          correction: (out + norm.slice(pos)).trim(),
          used: chosen.map(function (f) {
            return f.word;
          }),
          rest: rest,
        };
      });
  };

  window.casebookPinyin = {
    Engine: Engine,
    cells: cellsOf,
    fuzzyForms: fuzzyForms,
  };
})();
