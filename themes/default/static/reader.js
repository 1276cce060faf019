// sitegen reader: previews of glossary terms and cross-references, the mentions switch,
// "back to" links on arrival, and search. Every page is complete without it: terms and
// cross-references are plain links, notes are in the page.
(() => {
  "use strict";
  const dataNode = document.getElementById("sg-data");
  const data = dataNode ? JSON.parse(dataNode.textContent) : {};
  const root = data.root || "";
  const terms = data.terms || {};
  const xrefs = data.crossrefs || {};

  // ---- small helpers --------------------------------------------------------------
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

  // ---- popovers ---------------------------------------------------------------------
  const pop = el("div", { id: "sg-popover", class: "popover", role: "dialog", hidden: "" });
  let owner = null;        // the element whose popover is open
  let showTimer = 0;
  let hideTimer = 0;
  let touched = null;      // the trigger a touch has just landed on
  let dismissed = null;    // the trigger whose preview Escape closed, while it keeps focus

  function termContent(id) {
    const t = terms[id];
    if (!t) return null;
    pop.setAttribute("aria-label", `Glossary: ${t.name}`);
    return [el("p", { class: "pop-title" }, el("a", { href: root + t.url }, t.name)),
      trusted(t.summary),
      el("p", { class: "pop-more" }, el("a", { href: root + t.url }, "Glossary entry and every mention"))];
  }

  function xrefContent(id) {
    const x = xrefs[id];
    if (!x) return null;
    pop.setAttribute("aria-label", `Cross-reference: ${x.relation}`);
    const items = x.passages.map((p) => el("figure", { class: "pop-passage" },
      el("blockquote", {}, el("p", {}, p.before ? el("span", { class: "context" }, p.before) : null,
        el("mark", {}, p.text), p.after ? el("span", { class: "context" }, p.after) : null)),
      el("figcaption", {},
        el("a", { href: root + p.url }, p.speaker ? el("span", { class: "speaker-name" }, p.speaker) : null,
          p.speaker ? ", in " : "", el("cite", {}, p.title)),
        el("br"), el("span", { class: "meta" }, meta(p)))));
    return [el("p", { class: "pop-title" }, el("span", { class: "relation" }, x.relation)),
      trusted(x.note), ...items,
      el("p", { class: "pop-more" }, el("a", { href: root + x.url }, "Compare side by side"))];
  }

  function triggerOf(node) {
    if (!(node instanceof Element)) return null;
    return node.closest("a[data-term], .xref-link[data-xref], mark[data-crossref]");
  }

  function content(trigger) {
    if (trigger.dataset.term) return termContent(trigger.dataset.term);
    return xrefContent(trigger.dataset.xref || trigger.dataset.crossref);
  }

  function place(trigger) {
    // Below the line that holds the trigger, or above it when there is no room: never on it.
    const rects = Array.from(trigger.getClientRects());
    const line = rects[rects.length - 1] || trigger.getBoundingClientRect();
    const gap = 6;
    pop.style.left = "0px";
    pop.style.top = "0px";
    const base = pop.offsetParent ? pop.offsetParent.getBoundingClientRect() : { left: 0, top: 0 };
    const width = pop.offsetWidth;
    const height = pop.offsetHeight;
    const room = document.documentElement.clientWidth;
    let left = Math.min(Math.max(8, line.left), room - width - 8);
    let top = line.bottom + gap;
    if (top + height > window.innerHeight && line.top - gap - height > 0) top = line.top - gap - height;
    pop.style.left = `${left - base.left}px`;
    pop.style.top = `${top - base.top}px`;
  }

  function show(trigger) {
    clearTimeout(hideTimer);
    if (owner === trigger) return;
    const parts = content(trigger);
    if (!parts) return;
    hide();
    pop.replaceChildren(...parts);
    trigger.after(pop);        // in reading and Tab order right after what opened it
    pop.hidden = false;
    place(trigger);
    owner = trigger;
    trigger.setAttribute("aria-describedby", "sg-popover");
    if (trigger.matches("a")) trigger.setAttribute("aria-expanded", "true");
  }

  function hide() {
    clearTimeout(showTimer);
    if (!owner) return;
    owner.removeAttribute("aria-describedby");
    if (owner.matches("a")) owner.setAttribute("aria-expanded", "false");
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
    const from = triggerOf(event.target) || (pop.contains(event.target) ? pop : null);
    if (!from) { clearTimeout(showTimer); return; }
    const to = event.relatedTarget;
    if (to instanceof Node && (pop.contains(to) || (owner && owner.contains(to)))) return;
    if (from === pop || from === owner) hideTimer = later(hide, 300);
    else clearTimeout(showTimer);
  });
  document.addEventListener("focusin", (event) => {
    if (pop.contains(event.target)) { clearTimeout(hideTimer); return; }
    const trigger = triggerOf(event.target);
    if (trigger && trigger.matches("a") && trigger !== dismissed) show(trigger);
    else if (owner && trigger !== owner) hide();
  });
  document.addEventListener("focusout", (event) => {
    if (triggerOf(event.target) === dismissed) dismissed = null;
    const to = event.relatedTarget;
    if (owner && !(to instanceof Node && (pop.contains(to) || owner.contains(to)))) {
      hideTimer = later(hide, 100);
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && owner) {
      dismissed = owner;
      const back = pop.contains(document.activeElement) ? owner : null;
      hide();
      if (back) back.focus();
    }
  });
  // On a touch screen, the first tap on a term or cross-reference opens its preview; a
  // second tap (or the links inside) goes on.
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
  window.addEventListener("resize", () => { if (owner) place(owner); });

  // ---- every mention or the first: the choice is kept ---------------------------------
  const mentions = document.getElementById("all-mentions");
  if (mentions) {
    try { mentions.checked = localStorage.getItem("sitegen-all-mentions") === "1"; } catch (e) { /* private mode */ }
    mentions.addEventListener("change", () => {
      try { localStorage.setItem("sitegen-all-mentions", mentions.checked ? "1" : "0"); } catch (e) { /* ignore */ }
    });
  }

  // ---- arrival: say where the reader came from ----------------------------------------
  function cameFrom() {
    if (!document.referrer) return null;
    let from;
    try { from = new URL(document.referrer); } catch (e) { return null; }
    if (from.origin !== location.origin || from.pathname === location.pathname) return null;
    const path = from.pathname;
    let match = path.match(/\/glossary\/([a-z0-9-]+)\/$/);
    if (match) return [from.href, `the glossary entry “${terms[match[1]] ? terms[match[1]].name : match[1]}”`];
    if (/\/crossrefs\/[a-z0-9-]+\/$/.test(path)) return [from.href, "the comparison"];
    if (/\/timeline\/$/.test(path)) return [from.href, "the timeline"];
    match = path.match(/\/sources\/([a-z0-9-]+)\/$/);
    if (match && data.sources && data.sources[match[1]]) return [from.href, data.sources[match[1]]];
    return [from.href, "the previous page"];
  }

  function arrive() {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id && document.getElementById(id);
    if (!target) return;
    document.querySelectorAll(".back-link").forEach((node) => node.remove());
    const from = cameFrom();
    if (!from) return;
    const link = el("a", { class: "back-link", href: from[0] }, `↩ Back to ${from[1]}`);
    link.addEventListener("click", (event) => {
      if (history.length > 1) { event.preventDefault(); history.back(); }
    });
    target.after(link);
  }
  arrive();
  window.addEventListener("hashchange", () => document.querySelectorAll(".back-link").forEach((n) => n.remove()));

  // ---- search ---------------------------------------------------------------------------
  const search = document.getElementById("search");
  if (search) {
    const start = async () => {
      if (typeof PagefindUI === "undefined") return;
      const base = new URL(search.dataset.root || "./", location.href).pathname;
      // A large site's index comes in parts (pagefind/parts.json): search them all as one.
      let parts = [];
      try {
        const response = await fetch(base + "pagefind/parts.json");
        if (response.ok) parts = await response.json();
      } catch (_) { /* one part */ }
      const mergeIndex = parts.map((part) => ({ bundlePath: `${base}pagefind/${part}/`, baseUrl: base }));
      const ui = new PagefindUI({ element: "#search", showSubResults: true, baseUrl: base, resetStyles: false, mergeIndex });
      const query = new URLSearchParams(location.search).get("q");
      if (query) ui.triggerSearch(query);
    };
    if (document.readyState === "complete") start(); else window.addEventListener("load", start);
  }
})();
