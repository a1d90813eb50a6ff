// The reading of rendered fragments, run in the page that holds them (one iframe each): what an
// operator sees and a screen reader announces. Called as __conformRead(frames) with the
// iframes in order; returns one reading per frame.
(function () {
  const barRoles = ["progressbar", "meter", "slider", "scrollbar", "spinbutton"];
  const visibleAttrs = ["title", "alt", "aria-label", "aria-valuetext", "aria-description", "placeholder"];
  const handlerEvents = ["click", "dblclick", "mousedown", "mouseup", "pointerdown", "pointerup", "touchstart",
    "touchend", "keydown", "keyup", "keypress", "submit", "change", "input", "contextmenu", "auxclick"];

  function role(el) {
    const explicit = (el.getAttribute("role") || "").trim().toLowerCase().split(/\s+/)[0];
    if (explicit) return explicit;
    const tag = el.localName;
    if (tag === "progress") return "progressbar";
    if (tag === "meter") return "meter";
    if (tag === "input") {
      const t = (el.getAttribute("type") || "text").toLowerCase();
      if (t === "range") return "slider";
      if (t === "number") return "spinbutton";
    }
    return "";
  }

  function shown(el, win) {
    if (!el.isConnected) return false;
    const cs = win.getComputedStyle(el);
    if (cs.display === "none" || cs.visibility === "hidden" || cs.visibility === "collapse") return false;
    if (parseFloat(cs.opacity) === 0) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 || r.height > 0 || el.getClientRects().length > 0;
  }

  function pct(v, lo, hi) {
    if (!(hi > lo) || !isFinite(v)) return "?";
    return String(Math.round(100 * (v - lo) / (hi - lo)));
  }

  function barValue(el, r) {
    const num = (a, d) => { const s = el.getAttribute(a); if (s === null) return d; const n = parseFloat(s); return isNaN(n) ? NaN : n; };
    if (el.hasAttribute("aria-valuenow")) return pct(num("aria-valuenow", NaN), num("aria-valuemin", 0), num("aria-valuemax", 100));
    if (el.localName === "progress") return el.position < 0 ? "?" : pct(el.position, 0, 1);
    if (el.localName === "meter") return pct(el.value, el.min, el.max);
    if (el.localName === "input") return pct(parseFloat(el.value), parseFloat(el.min || "0"), parseFloat(el.max || "100"));
    return "?";
  }

  function painted(cs) {
    const bg = cs.backgroundColor;
    const hasBg = bg && bg !== "transparent" && !/rgba\([^)]*,\s*0\)$/.test(bg);
    const img = cs.backgroundImage && cs.backgroundImage !== "none";
    return hasBg || img;
  }

  function boxOf(el, win) {
    const r = el.getBoundingClientRect();
    let h = r.height;
    if (el instanceof win.SVGLineElement) {
      const sw = parseFloat(win.getComputedStyle(el).strokeWidth) || 1;
      h = Math.max(h, sw);
    }
    return { x: r.left, y: r.top, w: r.width, h: h };
  }

  // Shapes drawn like a bar: a painted track and a narrower painted fill of the same height at
  // the same place (CSS boxes, SVG rects and lines), or one painted box whose background is a
  // hard-stop gradient.
  function drawnBars(doc, win) {
    const shapes = [];
    for (const el of doc.querySelectorAll("*")) {
      if (!shown(el, win)) continue;
      const cs = win.getComputedStyle(el);
      const svgShape = el instanceof win.SVGRectElement || el instanceof win.SVGLineElement || el instanceof win.SVGPathElement;
      const isPainted = svgShape ? ((cs.fill && cs.fill !== "none") || (cs.stroke && cs.stroke !== "none")) : painted(cs);
      if (!isPainted) continue;
      const b = boxOf(el, win);
      if (b.h < 1 || b.h > 48) continue;
      if (!svgShape && (el.innerText || "").trim() !== "") continue;
      shapes.push({ el: el, b: b, grad: !svgShape && /gradient\(/.test(cs.backgroundImage) && /%/.test(cs.backgroundImage) });
    }
    const bars = [];
    const used = new Set();
    for (const t of shapes) {
      if (t.grad && t.b.w >= 3 * t.b.h) { bars.push("?"); used.add(t); continue; }
      if (t.b.w < 3 * t.b.h) continue;
      for (const f of shapes) {
        if (f === t || used.has(f)) continue;
        if (Math.abs(f.b.x - t.b.x) <= 2 && Math.abs(f.b.y - t.b.y) <= 2 && Math.abs(f.b.h - t.b.h) <= 2 && f.b.w < t.b.w - 1 && f.b.w > 0) {
          bars.push(String(Math.round(100 * f.b.w / t.b.w)));
          used.add(f); used.add(t);
          break;
        }
      }
    }
    return bars;
  }

  // focusable: what the keyboard reaches (tabIndex 0 or more: a link, a button, a form field,
  // a summary, an element with tabindex) or a script may focus (tabindex -1), or what can be
  // edited.
  function focusable(el) {
    return el.tabIndex >= 0 || el.hasAttribute("tabindex") || el.isContentEditable;
  }

  function readOne(frame) {
    const doc = frame.contentDocument, win = frame.contentWindow;
    const out = { text: "", pieces: [], links: [], bars: [], attributes: [], controls: [], polling: [], pseudo: [] };
    if (!doc || !doc.body) return out;
    out.text = doc.body.innerText || "";
    // The pieces are what each element shows between two tags, as the markup reading has them:
    // every text node an operator sees.
    const walker = doc.createTreeWalker(doc.body, win.NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const p = n.data.replace(/\s+/g, " ").trim();
      if (p !== "" && n.parentElement && !["SCRIPT", "STYLE", "TEMPLATE", "NOSCRIPT"].includes(n.parentElement.tagName) && shown(n.parentElement, win)) {
        out.pieces.push(p);
      }
    }
    for (const el of doc.body.querySelectorAll("*")) {
      if (!shown(el, win)) continue;
      for (const p of ["::before", "::after"]) {
        const c = win.getComputedStyle(el, p).content;
        if (c && c !== "none" && c !== "normal") {
          const t = c.replace(/^"|"$/g, "").replace(/\\"/g, '"');
          if (t.trim() !== "") out.pseudo.push(t);
        }
      }
      for (const a of visibleAttrs) {
        const v = el.getAttribute(a);
        if (v && v.trim() !== "") out.attributes.push(v.trim());
      }
      const rl = role(el);
      if (barRoles.includes(rl) || el.hasAttribute("aria-valuenow") || el.hasAttribute("aria-valuetext")) {
        out.bars.push(barValue(el));
      }
      if (el.localName === "a" && el.hasAttribute("href") && !/^\s*javascript:/i.test(el.getAttribute("href"))) {
        out.links.push({ href: el.getAttribute("href"), text: (el.innerText || "").replace(/\s+/g, " ").trim() });
        continue; // a link is judged as a link
      }
      if (focusable(el)) out.controls.push(el.localName + ":focusable");
      const bound = (win.__conformHandlers && win.__conformHandlers.get(el)) || [];
      for (const ev of handlerEvents) {
        if (bound.includes(ev) || typeof el["on" + ev] === "function") out.controls.push(el.localName + ":" + ev + "-handler");
      }
    }
    for (const b of drawnBars(doc, win)) out.bars.push(b);
    out.polling = (win.__conformPolls || []).slice();
    return out;
  }

  // The frames are reused from batch to batch (a new frame costs milliseconds, a new document
  // in it a fraction): before a frame takes its next fragment, the timers of its last one are
  // cleared, and a frame whose fragment started timers or requests is replaced.
  const pool = [];
  function frameFor(i) {
    let f = pool[i];
    const w = f && f.contentWindow;
    if (w && ((w.__conformPolls || []).length > 0)) {
      f.remove();
      f = null;
    }
    if (f && w) {
      for (const id of w.__conformTimers || []) { w.clearInterval(id); w.clearTimeout(id); }
      w.__conformTimers = [];
    }
    if (!f) {
      f = document.createElement("iframe");
      f.style.width = "800px";
      f.style.height = "400px";
      document.body.appendChild(f);
      pool[i] = f;
    }
    return f;
  }

  window.__conformRender = async function (docs, scripted) {
    const frames = docs.map((d, i) => {
      const f = frameFor(i);
      const doc = f.contentDocument;
      doc.open();
      doc.write(d);
      doc.close();
      return f;
    });
    // Scripts ran as they were written; what they put off runs now: a task later without a
    // script, a frame and a task with one.
    if (scripted) {
      await new Promise(r => requestAnimationFrame(r));
      await new Promise(r => setTimeout(r, 0));
    } else {
      await new Promise(r => setTimeout(r, 0));
    }
    return JSON.stringify(frames.map(f => readOne(f)));
  };
})();
