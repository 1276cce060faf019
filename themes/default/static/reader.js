// sitegen reader: previews of glossary terms and cross-references, the reading switches,
// arrival at a passage, search and citations. Every page is complete without it: terms and
// cross-references are plain links, notes are in the page.
(() => {
  "use strict";
  const dataNode = document.getElementById("sg-data");
  const data = dataNode ? JSON.parse(dataNode.textContent) : {};
  const root = data.root || "";
  const terms = data.terms || {};
  const xrefs = data.crossrefs || {};
  const termAt = new Map(); // a term page's path: the term's id
  for (const [id, t] of Object.entries(terms)) termAt.set(new URL(root + t.url, location.href).pathname, id);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value !== undefined && value !== null && value !== "") node.setAttribute(key, value);
    }
    for (const child of children) {
      if (child === null || child === undefined || child === "") continue;
      node.append(child instanceof Node ? child : document.createTextNode(child));
    }
    return node;
  }
  // HTML rendered at build time from the annotations' Markdown, with raw HTML disabled.
  function trusted(html) {
    const box = el("div", { class: "pop-body" });
    box.innerHTML = html;
    return box;
  }
  const meta = (p) => [p.publisher || "Publisher not stated", p.origin, p.date && p.date.replace("T", " "),
    p.kind === "transcript" ? "transcript" : ""].filter(Boolean).join(" · ");
  const store = {
    get(key) { try { return localStorage.getItem(key); } catch (e) { return null; } },
    set(key, value) { try { localStorage.setItem(key, value); } catch (e) { /* private mode */ } },
  };

  // ---- previews ----------------------------------------------------------------------
  // One preview at a time, in the page right after what opened it. Its links are out of the
  // Tab order (one stop per trigger): ArrowDown moves into it, Escape back out.
  const pop = el("div", { id: "sg-popover", class: "popover", role: "dialog", hidden: "", tabindex: "-1" });
  let owner = null;        // the trigger whose preview is open
  let showTimer = 0;
  let hideTimer = 0;
  let dismissed = null;    // the trigger whose preview Escape closed, while it keeps focus

  function termContent(id) {
    const t = terms[id];
    pop.setAttribute("aria-label", `Glossary: ${t.name}`);
    return [el("p", { class: "pop-title" }, el("a", { href: root + t.url }, t.name)),
      trusted(t.summary),
      el("p", { class: "pop-more" }, el("a", { href: root + t.url }, "Glossary entry and every mention"))];
  }

  function xrefContent(id) {
    const x = xrefs[id];
    pop.setAttribute("aria-label", `Cross-reference (${x.relation}): ${x.title}`);
    const items = x.passages.map((p) => el("figure", { class: "pop-passage" },
      el("blockquote", {}, el("p", {}, p.before ? el("span", { class: "context" }, p.before) : null,
        el("mark", {}, p.text), p.after ? el("span", { class: "context" }, p.after) : null)),
      el("figcaption", {},
        el("a", { href: root + p.url }, p.speaker ? el("span", { class: "speaker-name" }, p.speaker) : null,
          p.speaker ? ", in " : "", el("cite", {}, p.title)),
        el("br"), el("span", { class: "meta" }, meta(p)))));
    return [el("p", { class: "pop-title" }, el("span", { class: "relation" }, x.relation), " ", x.title),
      trusted(x.note), ...items,
      el("p", { class: "pop-more" }, el("a", { href: root + x.url }, "Compare side by side"))];
  }

  // What opens a preview: a link to a term page this page has the summary of, a
  // cross-reference's ⇄ link, or (pointing at it) a cross-referenced passage. A note's
  // own controls open the note, never the passage's preview.
  function triggerOf(node) {
    if (!(node instanceof Element) || pop.contains(node)) return null;
    const link = node.closest("a[href]");
    if (link && termOf(link)) return link;
    if (link && link.matches(".xref-link[data-xref]") && xrefs[link.dataset.xref]) return link;
    if (node.closest(".note, .note-ref, .notes-folded, .pilcrow, .event-link, a")) return null;
    const mark = node.closest("mark[data-crossref]");
    return mark && xrefs[mark.dataset.crossref] ? mark : null;
  }

  function termOf(link) {
    if (link.dataset.term) return terms[link.dataset.term] ? link.dataset.term : null;
    const url = new URL(link.href, location.href);
    return url.origin === location.origin ? termAt.get(url.pathname) || null : null;
  }

  function content(trigger) {
    const term = trigger.matches("a") ? termOf(trigger) : null;
    return term ? termContent(term) : xrefContent(trigger.dataset.xref || trigger.dataset.crossref);
  }

  // The passage a preview explains: the cross-referenced passage with its ⇄, or the term.
  function passageOf(trigger) {
    const mark = trigger.matches("mark") ? trigger : trigger.matches(".xref-link")
      ? document.getElementById(`x-${trigger.dataset.xref}`) : null;
    const rects = [...(mark || trigger).getClientRects()];
    if (mark && trigger !== mark) rects.push(...trigger.getClientRects());
    const link = mark && mark.nextElementSibling;
    if (link && link.matches(".xref-link")) rects.push(...link.getClientRects());
    return rects.length ? rects : [trigger.getBoundingClientRect()];
  }

  function anchorOf(trigger) { // where the preview goes in the page: after the ⇄ of a passage
    if (!trigger.matches("mark")) return trigger;
    const next = trigger.nextElementSibling;
    return next && next.matches(".xref-link") ? next : trigger;
  }

  function place(trigger) {
    // Above or below the passage, where there is more room, never on it, inside the
    // viewport (scrolling within itself if it must).
    const gap = 8;
    const view = document.documentElement.clientWidth;
    let rects = passageOf(trigger);
    let top = Math.min(...rects.map((r) => r.top));
    let bottom = Math.max(...rects.map((r) => r.bottom));
    if (Math.max(top, innerHeight - bottom) < 160) { // little room either side: bring it up
      scrollBy(0, top - 48);
      rects = passageOf(trigger);
      top = Math.min(...rects.map((r) => r.top));
      bottom = Math.max(...rects.map((r) => r.bottom));
    }
    pop.style.maxHeight = "";
    pop.style.left = "0px";
    pop.style.top = "0px";
    const below = innerHeight - bottom - 2 * gap;
    const above = top - 2 * gap;
    const down = below >= pop.offsetHeight || below >= above;
    pop.style.maxHeight = `${Math.max(80, down ? below : above)}px`;
    const height = pop.offsetHeight;
    const width = pop.offsetWidth;
    const last = rects[rects.length - 1];
    const left = Math.min(Math.max(gap, last.left), view - width - gap);
    const y = down ? bottom + gap : top - gap - height;
    const base = pop.offsetParent ? pop.offsetParent.getBoundingClientRect() : { left: 0, top: 0 };
    pop.style.left = `${left - base.left}px`;
    pop.style.top = `${y - base.top}px`;
  }

  function show(trigger, keyed) {
    clearTimeout(hideTimer);
    if (owner === trigger) return;
    hide();
    pop.replaceChildren(...content(trigger));
    for (const link of pop.querySelectorAll("a")) link.tabIndex = -1;
    pop.append(el("p", { class: "pop-keys", "aria-hidden": "true" }, "↓ to enter · Esc to close"));
    anchorOf(trigger).after(pop);
    pop.classList.toggle("keyed", Boolean(keyed));
    pop.hidden = false;
    place(trigger);
    owner = trigger;
    const focusable = trigger.matches("a") ? trigger : anchorOf(trigger);
    focusable.setAttribute("aria-describedby", "sg-popover");
  }

  function hide() {
    clearTimeout(showTimer);
    if (!owner) return;
    for (const node of document.querySelectorAll('[aria-describedby="sg-popover"]')) {
      node.removeAttribute("aria-describedby");
    }
    owner = null;
    pop.hidden = true;
    pop.remove();
  }

  function later(fn, ms) {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    return setTimeout(fn, ms);
  }

  document.addEventListener("mouseover", (event) => {
    if (pop.contains(event.target)) { clearTimeout(hideTimer); return; }
    const trigger = triggerOf(event.target);
    if (trigger && trigger !== owner) showTimer = later(() => show(trigger), 200);
    else if (trigger) clearTimeout(hideTimer);
  });
  document.addEventListener("mouseout", (event) => {
    const from = pop.contains(event.target) ? pop : triggerOf(event.target);
    if (!from) { clearTimeout(showTimer); return; }
    const to = event.relatedTarget;
    if (to instanceof Node && (pop.contains(to) || (owner && owner.contains(to)))) return;
    if (from === pop || from === owner) hideTimer = later(hide, 300);
    else clearTimeout(showTimer);
  });
  document.addEventListener("focusin", (event) => {
    if (pop.contains(event.target)) { clearTimeout(hideTimer); return; }
    const trigger = triggerOf(event.target);
    if (trigger && trigger.matches("a") && trigger !== dismissed) show(trigger, true);
    else if (owner && trigger !== owner) hide();
  });
  document.addEventListener("focusout", (event) => {
    if (event.target === dismissed) dismissed = null;
    const to = event.relatedTarget;
    if (owner && !(to instanceof Node && (pop.contains(to) || owner.contains(to)))) {
      hideTimer = later(hide, 100);
    }
  });
  document.addEventListener("keydown", (event) => {
    if (!owner) return;
    const links = [...pop.querySelectorAll("a")];
    const inside = pop.contains(document.activeElement);
    if (event.key === "Escape") {
      const back = owner.matches("a") ? owner : anchorOf(owner);
      dismissed = back;
      hide();
      if (inside || document.activeElement === back) back.focus();
    } else if ((event.key === "ArrowDown" || event.key === "ArrowUp") && links.length &&
               (inside || document.activeElement === owner)) {
      event.preventDefault();
      const at = links.indexOf(document.activeElement);
      const step = event.key === "ArrowDown" ? 1 : -1;
      links[at < 0 ? 0 : (at + step + links.length) % links.length].focus();
    }
  });
  // On a touch screen, the first tap on a term or cross-reference opens its preview; a
  // second tap (or the links inside) goes on.
  let touched = null;
  let wasOpen = false;
  document.addEventListener("pointerdown", (event) => {
    touched = event.pointerType === "touch" ? triggerOf(event.target) : null;
    wasOpen = touched !== null && owner === touched;
  });
  document.addEventListener("click", (event) => {
    const trigger = triggerOf(event.target);
    if (trigger && trigger === touched && !wasOpen) {
      event.preventDefault();
      show(trigger);
    } else if (owner && !pop.contains(event.target) && !(trigger && trigger === owner)) {
      hide();
    }
    touched = null;
  });
  addEventListener("resize", () => { if (owner) place(owner); });

  // ---- reading switches: every mention or the first; how passages are marked ----------
  const mentions = document.getElementById("all-mentions");
  if (mentions) {
    mentions.checked = store.get("sitegen-all-mentions") === "1";
    mentions.addEventListener("change", () => store.set("sitegen-all-mentions", mentions.checked ? "1" : "0"));
  }
  const marks = document.querySelectorAll('input[name="marks"]');
  const chosen = store.get("sitegen-marks");
  for (const input of marks) {
    if (input.value === chosen) input.checked = true;
    input.addEventListener("change", () => store.set("sitegen-marks", input.value));
  }

  // ---- arrival: where the reader came from, and who is speaking --------------------------
  function cameFrom() {
    if (!document.referrer) return null;
    let from;
    try { from = new URL(document.referrer); } catch (e) { return null; }
    if (from.origin !== location.origin || from.pathname === location.pathname) return null;
    const path = from.pathname;
    let match = path.match(/\/glossary\/([a-z0-9-]+)\/(page\/\d+\/)?$/);
    if (match) return [from.href, `the glossary entry “${terms[match[1]] ? terms[match[1]].name : match[1]}”`];
    if (/\/crossrefs\/[a-z0-9-]+\/$/.test(path) && !/\/crossrefs\/page\/\d+\/$/.test(path)) return [from.href, "the comparison"];
    if (/\/timeline\/$/.test(path)) return [from.href, "the timeline"];
    if (/\/search\/$/.test(path)) return [from.href, "the search results"];
    match = path.match(/\/sources\/([a-z0-9-]+)\/$/);
    if (match && data.sources && data.sources[match[1]]) return [from.href, data.sources[match[1]]];
    return [from.href, "the previous page"];
  }

  function speakerAt(block) { // the speaker of the transcript turn a block is in
    for (let node = block; node; node = node.previousElementSibling) {
      if (node.dataset && node.dataset.speaker) return node === block ? "" : node.dataset.speaker;
    }
    return "";
  }

  function arrive(first) {
    for (const node of document.querySelectorAll(".arrival")) node.remove();
    const id = decodeURIComponent(location.hash.slice(1));
    let target = id && document.getElementById(id);
    if (!target) return;
    if (target.matches(".note-margin") && !target.offsetParent) { // a folded note: open it
      const toggle = document.getElementById(`nt-${id.slice("note-".length)}`);
      if (toggle) {
        toggle.checked = true;
        target = toggle.nextElementSibling.nextElementSibling;
      }
    }
    const body = target.closest(".body");
    let block = target;
    while (body && block.parentElement !== body && block.parentElement) block = block.parentElement;
    const speaker = body && document.body.classList.contains("source-transcript") ? speakerAt(block) : "";
    const from = first ? cameFrom() : null;
    if (from || speaker) {
      const box = el("p", { class: "arrival" });
      if (speaker) box.append(el("span", { class: "arrival-speaker" }, `Speaking: ${speaker}`));
      if (from) {
        const link = el("a", { class: "back-link", href: from[0] }, `↩ Back to ${from[1]}`);
        link.addEventListener("click", (event) => {
          if (history.length > 1) { event.preventDefault(); history.back(); }
        });
        box.append(link);
      }
      (body ? block : target).before(box);
      // the box and what it leads to in view: the box at the top where both fit
      const fits = target.getBoundingClientRect().bottom - box.getBoundingClientRect().top < innerHeight * 0.7;
      (fits ? box : target).scrollIntoView({ block: "start" });
      if (fits) scrollBy(0, -16);
    } else if (target !== document.getElementById(id)) {
      target.scrollIntoView({ block: "center" });
    }
  }
  arrive(true);
  addEventListener("hashchange", () => arrive(false));

  // ---- a search hit: its words highlighted in the text ------------------------------------
  if (new URLSearchParams(location.search).has("highlight") && document.querySelector(".body")) {
    import(new URL(`${root}pagefind/pagefind-highlight.js`, location.href).href).then(({ default: Highlight }) => {
      new Highlight({ highlightParam: "highlight", markContext: ".body", addStyles: false,
        markOptions: { className: "search-hit", exclude: [".note", ".note *", ".notes-folded *", ".pilcrow", ".xref-link", ".event-link", ".note-ref"] } });
    }).catch(() => { /* no index here: the page is as it is */ });
  }

  // ---- citations and print: this page's own address ----------------------------------------
  const here = location.href.split(/[?#]/)[0];
  for (const node of document.querySelectorAll("[data-here]")) {
    const relative = node.dataset.here;
    if (/^https?:/.test(relative)) continue;
    for (const text of node.querySelectorAll(".cite-plain, code")) text.textContent = text.textContent.split(relative).join(here);
    if (!node.children.length) node.textContent = here;
  }
  addEventListener("beforeprint", () => {
    for (const link of document.querySelectorAll(".xref-link, .event-link")) link.dataset.print = link.href;
  });

  // ---- search ---------------------------------------------------------------------------
  const search = document.getElementById("search");
  if (search) {
    const base = new URL(search.dataset.root || "./", location.href).pathname;
    // A hit in a source's text leads to its paragraph: the paragraph (p-N, which the search
    // documents keep the place of) that holds the best of the hit's words.
    const toParagraph = (hit, anchors) => {
      if (hit.anchor || !hit.weighted_locations || !hit.weighted_locations.length) return;
      const best = hit.weighted_locations.reduce((a, b) => (b.balanced_score > a.balanced_score ? b : a));
      const paragraphs = anchors.filter((a) => /^p-\d+$/.test(a.id) && a.location <= best.location);
      if (!paragraphs.length) return;
      const url = new URL(hit.url, location.href);
      url.hash = paragraphs[paragraphs.length - 1].id;
      hit.url = url.pathname + url.search + url.hash;
    };
    const processResult = (result) => {
      const anchors = (result.anchors || []).slice().sort((a, b) => a.location - b.location);
      for (const hit of result.sub_results || []) toParagraph(hit, anchors);
      toParagraph(result, anchors);
      return result;
    };
    const start = async () => {
      if (typeof PagefindUI === "undefined") return;
      // A large site's index comes in parts (pagefind/parts.json): search them all as one.
      const bundle = `${base}pagefind/`;
      let parts = [];
      try {
        const response = await fetch(`${bundle}parts.json`);
        if (response.ok) parts = await response.json();
      } catch (_) { /* one part */ }
      // The parts are merged into the Pagefind the box imports (the same module), all at
      // once as the page loads: Pagefind UI would merge them one after another when the box
      // is first clicked, two round trips each. Pagefind searches on the page's own thread
      // (noWorker): handing a common word's results, one for each of 10,000 pages, back from
      // its worker cost more than the search (tests/benchmarks/search_latency.py).
      const options = { baseUrl: base, highlightParam: "highlight" };
      import(`${bundle}pagefind.js`).then((pagefind) => {
        pagefind.options({ ...options, noWorker: true });  // how the search is made: set first,
        pagefind.init();  // and made before the box can set its own options
        return Promise.all(parts.map((part) => pagefind.mergeIndex(`${bundle}${part}/`, options)));
      }).catch((error) => console.error("Pagefind could not be loaded:", error));
      // The box searches 150 ms after the last keystroke (Pagefind's own default is 300 ms),
      // fetching the word's index meanwhile: at a reader's pace, one search a word.
      const ui = new PagefindUI({ element: "#search", bundlePath: bundle, showSubResults: true, showImages: false,
        debounceTimeoutMs: 150, resetStyles: false, processResult, ...options,
        translations: { placeholder: "Search the texts and annotations" } });
      const input = search.querySelector("input");
      if (input) input.setAttribute("aria-labelledby", "search-label");
      const query = new URLSearchParams(location.search).get("q");
      if (query) ui.triggerSearch(query);
    };
    if (document.readyState === "complete") start(); else addEventListener("load", start);
  }
})();
