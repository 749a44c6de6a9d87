// The casegraph explorer. Every string from the data reaches the page through textContent or
// a text node, never as HTML; no link is made from a data string.
"use strict";
(function () {
  const started = performance.now();
  const data = JSON.parse(document.getElementById("cg-data").textContent);
  const info = data.info;
  const edgeCases = data.edgeCases;
  const DIM = "rgba(205,205,205,0.45)";

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  // --- the graph -------------------------------------------------------------------------------
  // The page draws the node labels itself (see "labels" below), so vis-network gets none.
  const nodes = new vis.DataSet(data.nodes.map((n) => Object.assign({}, n, { label: undefined })));
  const edges = new vis.DataSet(data.edges);
  const colours = new Map(data.nodes.map((n) => [n.id, n.color]));
  const network = new vis.Network(document.getElementById("graph"), { nodes: nodes, edges: edges },
                                  data.options);
  const state = { hidden: new Map(), hiddenEdges: new Map(), dimmed: new Set(), selected: null,
                  hovered: null, physics: false, firstDraw: null, visible: data.nodes.length,
                  compare: [], comparing: false, map: false, mapColour: "outcome",
                  labelMs: null };
  const MOST_COMPARED = 4;

  // Whether two boxes ({x, y, w, h}) are at least ``pad`` apart: labels are placed where
  // they are apart from every label (and, on the map, every circle) kept before them.
  function apart(a, b, pad) {
    return a.x - pad >= b.x + b.w || b.x - pad >= a.x + a.w ||
           a.y - pad >= b.y + b.h || b.y - pad >= a.y + a.h;
  }

  // --- labels: the most important first, each only where it covers no other ---------------------
  // Labels keep one size on screen whatever the zoom (vis-network's would shrink with the graph
  // until unreadable), so zooming in makes room for more of them. A label goes below its node,
  // else above, right or left of it or at one of its corners, wherever it covers no label
  // placed before it and stays inside the graph's box; where the whole label does not fit, a
  // challenge shows its code. The selected and the hovered node always show theirs.
  const labels = (function () {
    const font = data.options.nodes.font;
    const RANK = { challenge: 0, city: 1, country: 1, network: 1, tactic: 2, case: 3, lesson: 4 };
    const GAP = 3;    // px between a node and its label, as vis-network draws it
    const PAD = 2;    // px kept free around a label
    const CELL = 128; // px of a cell of the grid that finds the labels near another
    const canvas = document.querySelector("#graph canvas");
    const text = new Map(data.nodes.map((n) => [n.id, n.label || ""]));
    const short = new Map(data.nodes.filter((n) => info[n.id].t === "challenge" && n.label)
      .map((n) => [n.id, n.id.slice("challenge/".length)]));
    const radius = new Map(data.nodes.map((n) => [n.id, n.size || 10]));
    const degree = new Map();
    data.edges.forEach(function (e) {
      degree.set(e.from, (degree.get(e.from) || 0) + 1);
      degree.set(e.to, (degree.get(e.to) || 0) + 1);
    });
    const order = data.nodes.map((n) => n.id).filter((id) => text.get(id)).sort((a, b) =>
      (RANK[info[a].t] - RANK[info[b].t]) || (info[b].c.length - info[a].c.length) ||
      ((degree.get(b) || 0) - (degree.get(a) || 0)) || (a < b ? -1 : a > b ? 1 : 0));
    const rank = new Map(order.map((id, at) => [id, at]));
    const measure = document.createElement("canvas").getContext("2d");
    measure.font = font.size + "px " + font.face;
    const widths = new Map();  // at font.size px; a text's width grows in proportion to the size
    function width(words) {
      let found = widths.get(words);
      if (found === undefined) {
        found = measure.measureText(words).width;
        widths.set(words, found);
      }
      return found;
    }
    function pixels(scale) {  // the font's size on screen: as set up to 1:1, then growing to twice
      return Math.min(Math.max(font.size * scale, font.size), 2 * font.size);
    }
    let positions = null;      // canvas coordinates of every node, read again once nodes moved
    let shown = [];            // [id, text, x, y] of each label; x, y: its box's corner from
                               // its node's centre, in px
    let placedFor = "";        // the view the labels were placed for
    let dirty = true;
    let dragging = false;      // nodes being dragged: their labels follow
    let lastMoved = 0;

    function view() {
      const scale = network.getScale();
      const origin = network.canvasToDOM({ x: 0, y: 0 });
      return { scale: scale, size: pixels(scale), x: origin.x, y: origin.y,
               width: canvas.clientWidth, height: canvas.clientHeight };
    }
    function place(at) {
      const started = performance.now();
      if (!positions) positions = network.getPositions();
      const h = at.size * 1.2;
      const grid = new Map();
      const kept = [];
      const seen = new Set();
      function cells(b, visit) {
        const x0 = Math.floor((b.x - PAD) / CELL), x1 = Math.floor((b.x + b.w + PAD) / CELL);
        const y0 = Math.floor((b.y - PAD) / CELL), y1 = Math.floor((b.y + b.h + PAD) / CELL);
        for (let x = x0; x <= x1; x++) {
          for (let y = y0; y <= y1; y++) if (visit(x * 1048576 + y) === false) return false;
        }
        return true;
      }
      function free(b) {
        if (b.x < 0 || b.y < 0 || b.x + b.w > at.width || b.y + b.h > at.height) return false;
        return cells(b, function (key) {
          const near = grid.get(key);
          return !near || near.every((o) => apart(b, o, PAD));
        });
      }
      function consider(id, always) {
        if (seen.has(id) || !text.get(id) || state.hidden.get(id) || !positions[id]) return;
        seen.add(id);
        const p = positions[id];
        const cx = at.x + p.x * at.scale, cy = at.y + p.y * at.scale;
        const r = radius.get(id) * at.scale + GAP;
        const forms = short.has(id) ? [text.get(id), short.get(id)] : [text.get(id)];
        for (let f = 0; f < forms.length; f++) {
          const w = width(forms[f]) * at.size / font.size;
          // Far off screen a label is not even tried.
          if (!always && (cx + r + w < 0 || cx - r - w > at.width || cy + r + h < 0 ||
                          cy - r - h > at.height)) return;
          const d = r * 0.7;  // the diagonals: at the node's corners
          const spots = [[-w / 2, r], [-w / 2, -r - h], [r, -h / 2], [-r - w, -h / 2],
                         [d, d], [-d - w, d], [d, -d - h], [-d - w, -d - h]];
          for (let i = 0; i < spots.length; i++) {
            const b = { x: cx + spots[i][0], y: cy + spots[i][1], w: w, h: h };
            if (free(b)) { keep(id, forms[f], spots[i], b); return; }
          }
        }
        if (always) {
          const w = width(text.get(id)) * at.size / font.size;
          keep(id, text.get(id), [-w / 2, r], { x: cx - w / 2, y: cy + r, w: w, h: h });
        }
      }
      function keep(id, words, spot, b) {
        kept.push([id, words, spot[0], spot[1]]);
        cells(b, function (key) {
          const near = grid.get(key);
          if (near) near.push(b); else grid.set(key, [b]);
        });
      }
      // The selected and the hovered node always show theirs; their neighbours come next.
      const chosen = [state.selected, state.hovered].filter((id) => id !== null && info[id]);
      chosen.forEach((id) => consider(id, true));
      const first = (a, b) => (rank.get(a) || 0) - (rank.get(b) || 0);
      chosen.forEach((id) => network.getConnectedNodes(id).slice().sort(first)
        .forEach((n) => consider(n, false)));
      order.forEach((id) => consider(id, false));
      shown = kept;
      dirty = false;
      state.labelMs = performance.now() - started;
    }
    function draw(context) {
      if (state.physics || dragging) {  // nodes move: their labels follow, and are placed anew
        positions = null;
        if (performance.now() - lastMoved > 150) { lastMoved = performance.now(); dirty = true; }
      }
      const at = view();
      const key = [at.scale, at.x, at.y, at.width, at.height].join(" ");
      if (dirty || key !== placedFor) { place(at); placedFor = key; }
      if (!positions) positions = network.getPositions();
      context.save();
      context.font = (at.size / at.scale) + "px " + font.face;
      context.textAlign = "left";
      context.textBaseline = "top";
      context.lineJoin = "round";
      context.lineWidth = 3 / at.scale;
      context.strokeStyle = "rgba(255,255,255,0.85)";
      const lift = 0.1 * at.size / at.scale;  // the text in the middle of its box
      shown.forEach(function (entry) {
        const p = positions[entry[0]];
        if (!p) return;
        const x = p.x + entry[2] / at.scale, y = p.y + entry[3] / at.scale + lift;
        context.strokeText(entry[1], x, y);
        context.fillStyle = state.dimmed.has(entry[0]) ? "#bbbbbb" : font.color;
        context.fillText(entry[1], x, y);
      });
      context.restore();
    }
    network.on("dragStart", function (params) { dragging = params.nodes.length > 0; });
    network.on("dragEnd", function () {
      if (dragging) { dragging = false; positions = null; dirty = true; network.redraw(); }
    });
    network.on("stabilized", function () { positions = null; dirty = true; });
    network.on("hoverNode", function (params) { state.hovered = params.node; dirty = true; });
    network.on("blurNode", function () { state.hovered = null; dirty = true; });
    network.on("afterDrawing", draw);

    // The labels drawn now: each one's box in the graph's pixels, its text and font size.
    function visible() {
      const at = view();
      if (!positions) positions = network.getPositions();
      return shown.map(function (entry) {
        const p = positions[entry[0]];
        return { id: entry[0], x: at.x + p.x * at.scale + entry[2],
                 y: at.y + p.y * at.scale + entry[3], w: width(entry[1]) * at.size / font.size,
                 h: at.size * 1.2, size: at.size, text: entry[1] };
      });
    }
    return { changed: function () { dirty = true; }, visible: visible };
  })();

  network.once("afterDrawing", function () {
    state.firstDraw = performance.now();
    document.body.dataset.ready = "1";
  });

  document.title = data.title + " – casegraph";
  document.getElementById("view-title").textContent = data.title;
  if (data.notice) {
    const notice = document.getElementById("notice");
    notice.textContent = data.notice;
    notice.hidden = false;
  }

  // --- legend ------------------------------------------------------------------------------------
  const present = new Set(Object.values(info).map((m) => m.t));
  const legend = document.querySelector("#legend ul");
  data.typeOrder.forEach(function (kind) {
    if (!present.has(kind)) return;
    const item = el("li");
    const symbol = el("span", data.types[kind].symbol, "symbol");
    symbol.style.color = data.types[kind].color;
    item.append(symbol, document.createTextNode(" " + kind));
    item.dataset.type = kind;
    legend.append(item);
  });

  // --- facets: OR within a facet, AND across facets ---------------------------------------------------
  const facetBox = document.getElementById("facets");
  data.facets.forEach(function (facet) {
    const set = el("fieldset");
    set.dataset.facet = facet.key;
    set.append(el("legend", facet.title));
    facet.values.forEach(function (value) {
      const label = el("label");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.value = value.value;
      box.dataset.facet = facet.key;
      box.addEventListener("change", applyFilters);
      let text = value.value;
      if (facet.key === "challenge" && data.challengeLabels[value.value]) {
        label.title = data.challengeLabels[value.value];
      }
      label.append(box, document.createTextNode(" " + text + " (" + value.count + ")"));
      set.append(label);
    });
    facetBox.append(set);
  });

  function applyFilters() {
    const checked = {};
    facetBox.querySelectorAll("input:checked").forEach(function (box) {
      (checked[box.dataset.facet] = checked[box.dataset.facet] || new Set()).add(box.value);
    });
    const types = checked.type || null;
    const caseFacets = Object.keys(checked).filter((k) => k !== "type");
    let chosen = null;
    if (caseFacets.length) {
      chosen = new Set();
      data.cases.forEach(function (c, index) {
        if (caseFacets.every((f) => c.facets[f].some((v) => checked[f].has(v)))) chosen.add(index);
      });
    }
    const visible = new Set();
    const nodeUpdates = [];
    data.nodes.forEach(function (n) {
      const meta = info[n.id];
      const show = (!types || types.has(meta.t)) &&
                   (!chosen || meta.c.some((i) => chosen.has(i)));
      if (show) visible.add(n.id);
      if ((state.hidden.get(n.id) || false) === show) {
        state.hidden.set(n.id, !show);
        nodeUpdates.push({ id: n.id, hidden: !show });
      }
    });
    const edgeUpdates = [];
    data.edges.forEach(function (e) {
      const show = visible.has(e.from) && visible.has(e.to) &&
                   (!chosen || edgeCases[e.id].some((i) => chosen.has(i)));
      if ((state.hiddenEdges.get(e.id) || false) === show) {
        state.hiddenEdges.set(e.id, !show);
        edgeUpdates.push({ id: e.id, hidden: !show });
      }
    });
    labels.changed();
    nodes.update(nodeUpdates);
    edges.update(edgeUpdates);
    state.visible = visible.size;
    showStatus(chosen);
    mapShown();
    remember();
    if (visible.size && nodeUpdates.length) network.fit({ nodes: Array.from(visible), animation: false });
  }

  function showStatus(chosen) {
    let text = state.visible + " of " + data.nodes.length + " nodes";
    if (chosen) text += ", " + chosen.size + " of " + data.cases.length + " cases match";
    if (!state.visible) text += " – nothing matches these filters: untick one";
    document.getElementById("status").textContent = text;
  }
  showStatus(null);

  document.getElementById("reset").addEventListener("click", function () {
    facetBox.querySelectorAll("input:checked").forEach((box) => { box.checked = false; });
    applyFilters();
  });

  // --- physics, off by default ------------------------------------------------------------------------
  const physicsButton = document.getElementById("physics");
  physicsButton.addEventListener("click", function () {
    state.physics = !state.physics;
    network.setOptions({ physics: { enabled: state.physics } });
    physicsButton.textContent = state.physics ? "Hold nodes still" : "Let nodes move";
    physicsButton.setAttribute("aria-pressed", String(state.physics));
  });

  // --- selection: the side panel and the neighbourhood ----------------------------------------------------
  function highlight(id) {
    labels.changed();
    const keep = new Set(id === null ? [] : [id].concat(network.getConnectedNodes(id)));
    const updates = [];
    data.nodes.forEach(function (n) {
      const dim = id !== null && !keep.has(n.id);
      if (dim !== state.dimmed.has(n.id)) {
        if (dim) state.dimmed.add(n.id); else state.dimmed.delete(n.id);
        updates.push({ id: n.id, color: dim ? DIM : colours.get(n.id),
                       font: { color: dim ? "#bbbbbb" : "#222222" } });
      }
    });
    nodes.update(updates);
  }

  function select(id) {
    if (!info[id]) return;
    state.selected = id;
    network.selectNodes([id], true);
    highlight(id);
    showNode(id);
    mapShown();
    remember();
  }

  function clearSelection() {
    state.selected = null;
    network.unselectAll();
    highlight(null);
    mapShown();
    remember();
  }

  network.on("click", function (params) {
    if (params.nodes.length) select(params.nodes[0]);
    else if (params.edges.length) { highlight(null); showEdge(params.edges[0]); }
    else clearSelection();
  });

  const panel = document.getElementById("panel");

  // A case's panel and column are in the case's language (its text is the document's); the
  // page's own words in them are marked English, and so is a concept's English label where
  // the vocabulary has none in the case's language. The graph's labels stay English: a
  // challenge or tactic node is shared by cases in many languages.
  const translations = data.translations || {};
  function english(tag, text, className) {
    const node = el(tag, text, className);
    node.lang = "en";
    return node;
  }
  function conceptLabel(tag, c, key, label, prefix) {
    const own = (translations[c.language] || {})[key];
    const node = el(tag, (prefix || "") + (own || label));
    node.lang = own ? c.language : "en";
    return node;
  }

  function startPanel(kind, title) {
    panel.replaceChildren(el("div", kind, "kind"), el("h2", title));
    panel.dataset.type = kind;
    panel.removeAttribute("lang");
  }

  function section(title) {
    const heading = english("h3", title);
    panel.append(heading);
    return heading;
  }

  function facts(pairs) {
    const list = english("dl");
    pairs.forEach(function (pair) {
      if (pair[1] === undefined || pair[1] === null || pair[1] === "") return;
      list.append(el("dt", pair[0]), el("dd", pair[1]));
    });
    panel.append(list);
  }

  function caseButton(index, prefix) {
    const c = data.cases[index];
    const button = el("button", (prefix ? prefix + " – " : "") + c.title, "case-link");
    button.type = "button";
    button.dataset.case = String(index);
    button.addEventListener("click", function () {
      if (c.node) select(c.node); else showCase(index);
    });
    return button;
  }

  function caseList(indexes) {
    const list = el("ul", null, "cases");
    indexes.forEach(function (index) {
      const item = el("li");
      const c = data.cases[index];
      item.append(caseButton(index, c.city));
      const codes = c.challenges.map((x) => x.code).filter(Boolean);
      if (codes.length) item.append(document.createTextNode(" (" + codes.join(", ") + ")"));
      list.append(item);
    });
    panel.append(list);
  }

  function showCase(index) {
    const c = data.cases[index];
    startPanel("case", c.title);
    panel.dataset.case = String(index);
    panel.lang = c.language || "en";
    panel.firstChild.lang = "en";  // the panel's kind
    const picked = state.compare.indexOf(index) >= 0;
    const toggle = english("button", picked ? "Remove from comparison" : "Add to comparison");
    toggle.type = "button";
    toggle.id = "compare-toggle";
    toggle.disabled = !picked && state.compare.length >= MOST_COMPARED;
    if (toggle.disabled) toggle.title = "Four cases at most are compared";
    toggle.addEventListener("click", function () {
      if (state.compare.indexOf(index) >= 0) state.compare = state.compare.filter((i) => i !== index);
      else state.compare = state.compare.concat([index]);
      compared();
      showCase(index);
    });
    panel.append(toggle);
    facts([["City", c.city], ["Country", c.country], ["Network", c.network],
           ["Source document", c.source]]);
    if (c.summary) { section("Summary"); panel.append(el("p", c.summary)); }
    section("Challenge" + (c.challenges.length === 1 ? "" : "s"));
    const challenges = el("ul", null, "challenges");
    c.challenges.forEach(function (x) {
      const item = el("li");
      item.dataset.challenge = x.code;
      item.append(conceptLabel("strong", c, "challenge/" + x.code, x.label,
                               x.code ? x.code + " – " : ""));
      item.append(english("span", " – outcome: " + x.outcome));
      if (x.asWritten) {
        const written = english("div", "As written: ", "hint");
        const words = el("span", x.asWritten);
        words.lang = c.language || "en";
        written.append(words);
        item.append(written);
      }
      challenges.append(item);
    });
    panel.append(challenges);
    section("Tactics and their evidence");
    const tactics = el("ul", null, "tactics");
    c.tactics.forEach(function (t) {
      const item = el("li");
      item.dataset.tactic = t.id;
      item.append(conceptLabel("strong", c, "tactic/" + t.id, t.label));
      if (t.challenge) item.append(english("span", " against " + t.challenge));
      if (t.evidence) item.append(el("blockquote", t.evidence, "evidence"));
      tactics.append(item);
    });
    if (!c.tactics.length) tactics.append(english("li", "No tactic recognised in this document."));
    panel.append(tactics);
    const how = c.challenges.map((x) => x.howOvercome).filter(Boolean);
    if (how.length) { section("How the challenge was overcome"); how.forEach((h) => panel.append(el("p", h))); }
    if (c.lessons.length) {
      section("Lessons");
      const lessons = el("ol", null, "lessons");
      c.lessons.forEach((l) => lessons.append(el("li", l.text)));
      panel.append(lessons);
    }
    if (c.links.length) {
      section("Links in the document (as text)");
      const links = el("ul", null, "links");
      c.links.forEach((u) => links.append(el("li", u, "url")));
      panel.append(links);
    }
  }

  function showNode(id) {
    const meta = info[id];
    const cases = meta.c;
    if (meta.t === "case") { showCase(cases[0]); return; }
    if (meta.t === "lesson") {
      const c = data.cases[cases[0]];
      startPanel("lesson", meta.l);
      const position = Number(id.split("/").pop());
      const lesson = c.lessons.find((l) => l.position === position);
      if (lesson) panel.append(el("p", lesson.text));
      section("From the case");
      caseList(cases);
      return;
    }
    if (meta.t === "challenge") {
      const code = id.slice("challenge/".length);
      startPanel("challenge", code + " – " + meta.l);
      const cities = new Set(cases.map((i) => data.cases[i].city));
      section("Faced by " + cases.length + " case" + (cases.length === 1 ? "" : "s") + " in " +
              cities.size + " cit" + (cities.size === 1 ? "y" : "ies"));
      caseList(cases);
      section("What they did: tactics used against " + code);
      const byTactic = new Map();
      cases.forEach(function (i) {
        data.cases[i].tactics.forEach(function (t) {
          if (t.challenge !== code) return;
          const entry = byTactic.get(t.id) || { label: t.label, cities: new Set(), cases: [] };
          entry.cities.add(data.cases[i].city);
          if (entry.cases.indexOf(i) < 0) entry.cases.push(i);
          byTactic.set(t.id, entry);
        });
      });
      const list = el("ul", null, "tactics");
      Array.from(byTactic.values())
        .sort((a, b) => b.cities.size - a.cities.size || a.label.localeCompare(b.label))
        .forEach(function (entry) {
          const item = el("li");
          item.append(el("strong", entry.label));
          item.append(document.createTextNode(" – " + Array.from(entry.cities).sort().join(", ")));
          list.append(item);
        });
      if (!byTactic.size) list.append(el("li", "No tactic recorded against it."));
      panel.append(list);
      return;
    }
    if (meta.t === "tactic") {
      const tactic = id.slice("tactic/".length);
      startPanel("tactic", meta.l);
      facts([["Family", data.tacticFamilies[tactic]]]);
      section("Used in " + cases.length + " case" + (cases.length === 1 ? "" : "s"));
      const list = el("ul", null, "cases");
      cases.forEach(function (i) {
        const item = el("li");
        item.append(caseButton(i, data.cases[i].city));
        data.cases[i].tactics.filter((t) => t.id === tactic).forEach(function (t) {
          if (t.evidence) item.append(el("blockquote", t.evidence, "evidence"));
        });
        list.append(item);
      });
      panel.append(list);
      return;
    }
    startPanel(meta.t, meta.l);
    if (meta.t === "city" && cases.length) facts([["Country", data.cases[cases[0]].country]]);
    section(cases.length + " case" + (cases.length === 1 ? "" : "s"));
    caseList(cases);
  }

  function showEdge(id) {
    const edge = edges.get(id);
    if (!edge) return;
    const from = info[edge.from], to = info[edge.to];
    startPanel("link", from.l + " → " + to.l);
    facts([["Relation", edge.label]]);
    const cases = edgeCases[id];
    section(cases.length + " case" + (cases.length === 1 ? "" : "s"));
    const list = el("ul", null, "cases");
    const tactic = to.t === "tactic" ? edge.to.slice("tactic/".length) : null;
    cases.forEach(function (i) {
      const item = el("li");
      item.append(caseButton(i, data.cases[i].city));
      if (tactic) {
        data.cases[i].tactics.filter((t) => t.id === tactic).forEach(function (t) {
          if (t.evidence) item.append(el("blockquote", t.evidence, "evidence"));
        });
      }
      list.append(item);
    });
    panel.append(list);
  }

  // --- search, in any script ----------------------------------------------------------------------------
  const FOLD = { "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ß": "ss", "æ": "ae",
                 "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i", "ð": "d", "þ": "th" };
  function fold(text) {
    return String(text).normalize("NFKD").replace(/\p{M}/gu, "")
      .replace(/[łŁøØđĐßæÆœŒıðþ]/g, (ch) => FOLD[ch]).toLowerCase();
  }
  // A challenge is found by its code too: programme leads say "IC2".
  function searchName(id) {
    const meta = info[id];
    return meta.t === "challenge" ? id.slice("challenge/".length) + " – " + meta.l : meta.l;
  }
  // A place is found by every name a document wrote it in ("Göteborg" for Gothenburg).
  function searchText(id) {
    return [searchName(id)].concat(info[id].a || []).join(" \u2016 ");
  }
  const searchIndex = data.nodes.map((n) => [n.id, fold(searchText(n.id)),
                                             searchText(n.id).toLowerCase()]);
  const searchBox = document.getElementById("search");
  const results = document.getElementById("search-results");
  let matches = [];

  function find(query) {
    const raw = query.trim().toLowerCase();
    const folded = fold(query.trim());
    if (!folded && !raw) return [];
    const hits = searchIndex.filter((e) => e[1].indexOf(folded) >= 0 || e[2].indexOf(raw) >= 0);
    hits.sort((a, b) => (b[1].startsWith(folded) - a[1].startsWith(folded)) ||
                        (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    return hits.slice(0, 30).map((e) => e[0]);
  }

  function pick(id) {
    results.hidden = true;
    select(id);
    network.focus(id, { scale: Math.max(network.getScale(), 1), animation: false });
  }

  searchBox.addEventListener("input", function () {
    matches = find(searchBox.value);
    results.replaceChildren();
    matches.forEach(function (id) {
      const item = el("li");
      item.setAttribute("role", "option");
      const other = (info[id].a || []).join(", ");
      const button = el("button", searchName(id) + (other ? " (" + other + ")" : ""));
      button.type = "button";
      button.dataset.node = id;
      button.append(el("span", info[id].t, "kind"));
      button.addEventListener("click", () => pick(id));
      item.append(button);
      results.append(item);
    });
    if (!matches.length && searchBox.value.trim()) results.append(el("li", "Nothing found", "hint"));
    results.hidden = !searchBox.value.trim();
    remember();
  });
  searchBox.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && matches.length) pick(matches[0]);
    if (event.key === "Escape") results.hidden = true;
  });

  // --- the map: the cities where the gazetteer placed them, on Natural Earth's outlines -----------------
  const OUTCOME_COLOURS = { "completely solved": "#2e7d32", "partly solved": "#f9a825",
                            "not solved": "#c62828", "unknown": "#8a8a8a" };
  const OUTCOME_ORDER = ["completely solved", "partly solved", "not solved", "unknown"];
  const mapBox = document.getElementById("map");
  const mapButton = document.getElementById("map-toggle");
  const graphBox = document.getElementById("graph");
  const SVG = "http://www.w3.org/2000/svg";
  const places = data.places || [];
  const circles = new Map();
  const spots = new Map();  // each city's circle and name, for placing the names
  let mapSize = { width: 0, height: 0 };
  const mapMeasure = document.createElement("canvas").getContext("2d");
  mapMeasure.font = "12px system-ui, sans-serif";  // as #map text.place-label
  let mapDrawn = false;
  // Colour by challenge: each city by the challenge most of its cases faced (code order on ties).
  const PALETTE = ["#4e79a7", "#e15759", "#59a14f", "#b07aa1", "#f28e2b", "#76b7b2", "#edc948",
                   "#9c755f", "#ff9da7", "#bab0ac", "#1b9e77", "#7570b3"];
  const challengeCodes = Array.from(new Set(places.flatMap((p) => p.c.flatMap(
    (i) => data.cases[i].facets.challenge)))).sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  const CHALLENGE_COLOURS = new Map(challengeCodes.map((code, i) => [code, PALETTE[i % PALETTE.length]]));
  function mainChallenge(place) {
    const counts = new Map();
    place.c.forEach((i) => data.cases[i].facets.challenge.forEach((code) =>
      counts.set(code, (counts.get(code) || 0) + 1)));
    let best = null;
    challengeCodes.forEach(function (code) {
      if ((counts.get(code) || 0) > (best === null ? 0 : counts.get(best))) best = code;
    });
    return best;
  }
  function colourOf(place) {
    if (state.mapColour === "challenge") {
      const code = mainChallenge(place);
      return code === null ? OUTCOME_COLOURS.unknown : CHALLENGE_COLOURS.get(code);
    }
    return OUTCOME_COLOURS[bestOutcome(place)];
  }
  function drawKey() {
    const key = el("div", null, "key");
    const choice = document.createElement("select");
    choice.id = "map-colour";
    [["outcome", "Colour by outcome"], ["challenge", "Colour by challenge"]].forEach(function (o) {
      const option = el("option", o[1]);
      option.value = o[0];
      choice.append(option);
    });
    choice.value = state.mapColour;
    choice.addEventListener("change", function () {
      state.mapColour = choice.value;
      circles.forEach((dot, id) => dot.setAttribute("fill", colourOf(places.find((p) => p.id === id))));
      drawKey();
      remember();
    });
    key.append(choice, document.createTextNode(" "));
    const entries = state.mapColour === "challenge"
      ? challengeCodes.map((code) => [code, CHALLENGE_COLOURS.get(code)])
      : OUTCOME_ORDER.map((o) => [o, OUTCOME_COLOURS[o]]);
    entries.forEach(function (entry) {
      const swatch = el("span", "\u25CF ");
      swatch.style.color = entry[1];
      key.append(swatch, document.createTextNode(entry[0] + "  "));
    });
    const old = mapBox.querySelector(".key");
    if (old) old.replaceWith(key); else mapBox.append(key);
  }
  function bestOutcome(place) {
    const found = new Set();
    place.c.forEach((i) => data.cases[i].facets.outcome.forEach((o) => found.add(o)));
    return OUTCOME_ORDER.find((o) => found.has(o)) || "unknown";
  }
  function drawMap() {
    if (mapDrawn || !places.length || !window.cgMap) return;
    mapDrawn = true;
    const world = JSON.parse(document.getElementById("cg-world").textContent);
    const countries = cgMap.feature(world, world.objects.countries).features;
    const width = mapBox.clientWidth || 800, height = mapBox.clientHeight || 600;
    const points = { type: "MultiPoint", coordinates: places.map((p) => [p.lon, p.lat]) };
    const projection = cgMap.geoMercator();
    if (places.length > 1) projection.fitExtent([[40, 40], [width - 40, height - 40]], points);
    else projection.center([places[0].lon, places[0].lat]).scale(2000).translate([width / 2, height / 2]);
    const path = cgMap.geoPath(projection);
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    countries.forEach(function (country) {
      const shape = document.createElementNS(SVG, "path");
      shape.setAttribute("d", path(country) || "");
      shape.setAttribute("class", "country");
      const title = document.createElementNS(SVG, "title");
      title.textContent = (country.properties && country.properties.name) || "";
      shape.append(title);
      svg.append(shape);
    });
    const labelLayer = document.createElementNS(SVG, "g");
    labelLayer.setAttribute("class", "place-labels");
    places.forEach(function (place) {
      const [x, y] = projection([place.lon, place.lat]);
      const name = document.createElementNS(SVG, "text");
      name.textContent = place.l;
      name.setAttribute("class", "place-label");
      name.dataset.node = place.id;
      labelLayer.append(name);
      spots.set(place.id, { x: x, y: y, r: 5 + 4 * Math.sqrt(place.c.length), name: name,
                            cases: place.c.length });
      const dot = document.createElementNS(SVG, "circle");
      dot.setAttribute("cx", x.toFixed(1));
      dot.setAttribute("cy", y.toFixed(1));
      dot.setAttribute("r", (5 + 4 * Math.sqrt(place.c.length)).toFixed(1));
      dot.setAttribute("class", "place");
      dot.setAttribute("fill", colourOf(place));
      dot.dataset.node = place.id;
      const title = document.createElementNS(SVG, "title");
      title.textContent = place.l + " – " + place.c.length + " case" + (place.c.length === 1 ? "" : "s");
      dot.append(title);
      dot.addEventListener("click", () => select(place.id));
      svg.append(dot);
      circles.set(place.id, dot);
    });
    svg.append(labelLayer);
    mapBox.replaceChildren(svg);
    mapSize = { width: width, height: height };
    drawKey();
    mapShown();
    document.body.dataset.ready = "1";  // a link to the map opens with the graph not drawn
  }
  // The city names: the selected city's first, then the cities with the most cases, each
  // beside its circle where it covers no other name and no other circle, or not at all.
  function placeMapLabels() {
    const shown = Array.from(spots.keys()).filter((id) => !state.hidden.get(id));
    const boxes = shown.map(function (id) {
      const p = spots.get(id);
      return { x: p.x - p.r, y: p.y - p.r, w: 2 * p.r, h: 2 * p.r, id: id };
    });
    const clear = (b, skip) => b.x >= 0 && b.y >= 0 && b.x + b.w <= mapSize.width &&
      b.y + b.h <= mapSize.height && boxes.every((o) => o.id === skip || apart(b, o, 0));
    const order = shown.slice().sort((a, b) => (b === state.selected) - (a === state.selected) ||
      spots.get(b).cases - spots.get(a).cases || (a < b ? -1 : a > b ? 1 : 0));
    const placed = [];
    spots.forEach((p) => { p.name.style.display = "none"; });
    order.forEach(function (id) {
      const p = spots.get(id);
      const w = mapMeasure.measureText(p.name.textContent).width, h = 14, gap = 3;
      const tries = [[p.x + p.r + gap, p.y - h / 2], [p.x - p.r - gap - w, p.y - h / 2],
                     [p.x - w / 2, p.y - p.r - gap - h], [p.x - w / 2, p.y + p.r + gap]];
      const at = tries.map((t) => ({ x: t[0], y: t[1], w: w, h: h, id: id }))
        .find((b) => clear(b, id));
      if (!at) return;
      boxes.push(at);
      placed.push(at);
      p.name.setAttribute("x", at.x.toFixed(1));
      p.name.setAttribute("y", (at.y + 11).toFixed(1));
      p.name.style.display = "";
    });
    return placed;
  }
  function mapShown() {  // the filters and the selection, on the map too
    circles.forEach(function (dot, id) {
      dot.style.display = state.hidden.get(id) ? "none" : "";
      dot.classList.toggle("chosen", state.selected === id);
    });
    if (spots.size) placeMapLabels();
  }
  function showMap(on) {
    state.map = on && places.length > 0;
    mapButton.setAttribute("aria-pressed", String(state.map));
    mapButton.textContent = state.map ? "Graph" : "Map";
    mapBox.hidden = !state.map;
    graphBox.hidden = state.map;
    if (state.map) drawMap(); else network.redraw();
    remember();
  }
  if (places.length) {
    mapButton.hidden = false;
    mapButton.addEventListener("click", () => showMap(!state.map));
  }

  // --- two to four cases side by side ------------------------------------------------------------------
  const compareButton = document.getElementById("compare");
  const comparison = document.getElementById("comparison");
  function compared() {
    compareButton.textContent = "Compare (" + state.compare.length + ")";
    compareButton.disabled = state.compare.length < 2;
    if (state.compare.length < 2) state.comparing = false;
    if (state.comparing) showComparison(); else comparison.hidden = true;
    remember();
  }
  function showComparison() {
    const cases = state.compare.map((i) => data.cases[i]);
    const uses = new Map();  // tactic id -> how many of the compared cases used it
    cases.forEach(function (c) {
      new Set(c.tactics.map((t) => t.id)).forEach((t) => uses.set(t, (uses.get(t) || 0) + 1));
    });
    const table = el("table");
    const head = el("tr");
    head.append(el("th", ""));
    state.compare.forEach(function (index) {
      const cell = el("th");
      cell.scope = "col";
      cell.lang = data.cases[index].language || "en";
      cell.append(caseButton(index));
      const drop = english("button", "Remove");
      drop.type = "button";
      drop.className = "drop";
      drop.addEventListener("click", function () {
        state.compare = state.compare.filter((i) => i !== index);
        compared();
      });
      cell.append(document.createTextNode(" "), drop);
      head.append(cell);
    });
    table.append(head);
    function row(title, fill) {
      const line = el("tr");
      const name = el("th", title);
      name.scope = "row";
      line.append(name);
      cases.forEach(function (c) {
        const cell = el("td");
        cell.lang = c.language || "en";
        fill(c, cell);
        line.append(cell);
      });
      table.append(line);
    }
    function list(cell, items, make) {
      const ul = el("ul");
      items.forEach((item) => ul.append(make(item)));
      cell.append(ul);
    }
    row("City", (c, cell) => cell.append(el("span", [c.city, c.country].filter(Boolean).join(", "))));
    row("Network", (c, cell) => cell.append(el("span", c.network)));
    row("Challenges", (c, cell) => list(cell, c.challenges, function (x) {
      const item = el("li");
      item.append(conceptLabel("span", c, "challenge/" + x.code, x.label,
                               x.code ? x.code + " – " : ""),
                  english("span", ": " + x.outcome));
      return item;
    }));
    row("Tactics", (c, cell) => list(cell, c.tactics.filter((t, i, all) =>
      all.findIndex((u) => u.id === t.id) === i), function (t) {
      const shared = uses.get(t.id) > 1;
      const item = el("li", null, shared ? "shared" : "");
      item.append(conceptLabel("span", c, "tactic/" + t.id, t.label));
      if (shared) item.append(english("span", " (shared)"));
      return item;
    }));
    row("Evidence", (c, cell) => c.tactics.filter((t) => t.evidence).forEach(function (t) {
      cell.append(conceptLabel("strong", c, "tactic/" + t.id, t.label),
                  el("blockquote", t.evidence, "evidence"));
    }));
    row("Lessons", (c, cell) => { const ol = el("ol"); c.lessons.forEach((l) => ol.append(el("li", l.text))); cell.append(ol); });
    row("Source document", (c, cell) => cell.append(el("span", c.source)));
    const close = el("button", "Close the comparison");
    close.type = "button";
    close.addEventListener("click", function () { state.comparing = false; compared(); });
    comparison.replaceChildren(el("h2", "Cases side by side"), close, table);
    comparison.hidden = false;
  }
  compareButton.addEventListener("click", function () { state.comparing = true; compared(); });

  // --- the view in the link: filters, search and selection live in the URL's fragment ---------------
  // #filter=challenge:IC2|country:Portugal&find=ave&select=city/pt/aveiro
  let restoring = false;
  function stateText() {
    const params = new URLSearchParams();
    const ticked = Array.from(facetBox.querySelectorAll("input:checked"))
      .map((box) => box.dataset.facet + ":" + box.value);
    if (ticked.length) params.set("filter", ticked.join("|"));
    if (searchBox.value.trim()) params.set("find", searchBox.value.trim());
    if (state.selected) params.set("select", state.selected);
    if (state.compare.length) params.set("compare", state.compare.join(","));
    if (state.comparing) params.set("side-by-side", "1");
    if (state.map) params.set("view", "map");
    if (state.mapColour !== "outcome") params.set("colour", state.mapColour);
    return params.toString();
  }
  function remember() {
    if (restoring) return;
    const text = stateText();
    const bare = document.URL.split("#")[0];
    try {
      history.replaceState(null, "", text ? bare + "#" + text : bare);
    } catch (error) {  // a browser that refuses it for files: the fragment alone
      location.replace(bare + "#" + text);
    }
  }
  function restore() {
    const params = new URLSearchParams(location.hash.slice(1));
    restoring = true;
    try {
      const wanted = new Set((params.get("filter") || "").split("|").filter(Boolean));
      facetBox.querySelectorAll("input").forEach(function (box) {
        box.checked = wanted.has(box.dataset.facet + ":" + box.value);
      });
      if (wanted.size) applyFilters();
      if (params.get("find")) {
        searchBox.value = params.get("find");
        matches = find(searchBox.value);
      }
      state.compare = (params.get("compare") || "").split(",").filter((v) => /^\d+$/.test(v))
        .map(Number).filter((i, at, all) => i < data.cases.length && all.indexOf(i) === at)
        .slice(0, MOST_COMPARED);
      state.comparing = params.get("side-by-side") === "1";
      compared();
      state.mapColour = params.get("colour") === "challenge" ? "challenge" : "outcome";
      if ((params.get("view") === "map") !== Boolean(state.map)) showMap(params.get("view") === "map");
      const chosen = params.get("select");
      if (chosen && info[chosen]) {
        select(chosen);
        network.focus(chosen, { scale: Math.max(network.getScale(), 1), animation: false });
      }
    } finally {
      restoring = false;
    }
  }
  restore();
  window.addEventListener("hashchange", restore);

  const shared = document.getElementById("shared");
  document.getElementById("copy-link").addEventListener("click", function () {
    remember();
    const link = document.URL;
    const said = (text) => { shared.textContent = text; };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(link).then(() => said("Link copied: " + link),
                                               () => said("Copy this link: " + link));
    } else {
      said("Copy this link: " + link);
    }
    shared.dataset.link = link;
  });

  // --- the view as a picture, with its legend ----------------------------------------------------------
  function picture() {
    const source = document.querySelector("#graph canvas");
    const kinds = data.typeOrder.filter((kind) => present.has(kind));
    const line = 22, pad = 14;
    const out = document.createElement("canvas");
    out.width = source.width;
    out.height = source.height + pad * 2 + line * (kinds.length + 1);
    const context = out.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, out.width, out.height);
    context.drawImage(source, 0, 0);
    context.font = "bold 15px sans-serif";
    context.fillStyle = "#222222";
    let y = source.height + pad + 15;
    context.fillText(data.title + " – " + document.getElementById("status").textContent, pad, y);
    context.font = "14px sans-serif";
    kinds.forEach(function (kind) {
      y += line;
      context.fillStyle = data.types[kind].color;
      context.fillRect(pad, y - 11, 12, 12);
      context.fillStyle = "#222222";
      context.fillText(kind, pad + 20, y);
    });
    return out;
  }
  // The one link the page makes: to the picture's own data: URL, to download it.
  document.getElementById("save-png").addEventListener("click", function () {
    const link = document.createElement("a");
    link.download = (data.title || "casegraph").replace(/[^\p{L}\p{N}]+/gu, "-").toLowerCase() +
                    ".png";
    link.href = picture().toDataURL("image/png");
    document.body.append(link);
    link.click();
    link.remove();
  });

  window.casegraph = { network: network, nodes: nodes, edges: edges, data: data, state: state,
                       select: select, find: find, startedAt: started, picture: picture,
                       labels: labels.visible,
                       mapLabels: () => (spots.size ? placeMapLabels() : []) };
})();
