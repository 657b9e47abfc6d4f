/* Territorial Data Hub: draws live Vega charts over their static SVG fallbacks.
 *
 * Each chart is an element [data-tdh-vega="URL"] holding an inline SVG rendered at build time.
 * This script fetches the precompiled Vega spec (same origin only), renders it with Vega's
 * AST interpreter (no eval / new Function, so it runs under a CSP without 'unsafe-eval') and
 * replaces the fallback only once the live view has rendered. Needs vega.min.js and
 * vega-embed.min.js (which bundles vega-interpreter; vega-lite is not needed) loaded before.
 */
(function () {
  "use strict";

  var SELECTOR = "[data-tdh-vega]";
  var EMBED_OPTIONS = {
    mode: "vega",
    renderer: "svg",
    ast: true, // parse expressions to ASTs, evaluated by the bundled vega-interpreter
    actions: false,
    defaultStyle: false, // no injected <style>: tdh-charts.css styles the view
    hover: false,
    tooltip: { disableDefaultStyle: true, theme: "tdh" }
  };
  var drawn = []; // {el, live, result, observer}

  function sameOrigin(url) {
    try {
      return new URL(url, document.baseURI).origin === window.location.origin;
    } catch (err) {
      return false;
    }
  }

  function runtimeReady() {
    return typeof window.vegaEmbed === "function" && typeof window.vega === "object";
  }

  function forget() {
    // Instant navigation removes pages without unloading: release views no longer in the page.
    drawn = drawn.filter(function (entry) {
      if (document.documentElement.contains(entry.el)) {
        return true;
      }
      if (entry.observer) {
        entry.observer.disconnect();
      }
      entry.result.finalize();
      return false;
    });
  }

  function followWidth(entry) {
    if (typeof window.ResizeObserver !== "function") {
      return;
    }
    var pending = false;
    var lastWidth = entry.live.clientWidth;
    entry.observer = new window.ResizeObserver(function () {
      if (pending) {
        return;
      }
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        var width = entry.live.clientWidth;
        if (width > 0 && width !== lastWidth) {
          lastWidth = width;
          entry.result.view.width(width).runAsync().catch(function (err) {
            console.error("tdh-charts: resize failed", err);
          });
        }
      });
    });
    entry.observer.observe(entry.el);
  }

  function swapIn(el, live, result) {
    Array.prototype.slice.call(el.childNodes).forEach(function (node) {
      if (node !== live) {
        el.removeChild(node);
      }
    });
    live.classList.add("tdh-chart__live--ready");
    // The view element carries role="img" and the description; the table below is the
    // accessible equivalent, so Vega's own mark roles are hidden from assistive technology.
    live.setAttribute("aria-hidden", "true");
    el.removeAttribute("data-tdh-state");
    el.setAttribute("data-tdh-rendered", "true");
    var entry = { el: el, live: live, result: result, observer: null };
    drawn.push(entry);
    followWidth(entry);
  }

  function draw(el) {
    var url = el.getAttribute("data-tdh-vega");
    if (!url || !sameOrigin(url)) {
      el.setAttribute("data-tdh-state", "failed");
      console.error("tdh-charts: refusing a chart spec that is not same-origin: " + url);
      return;
    }
    el.setAttribute("data-tdh-state", "loading");
    var live = document.createElement("div");
    live.className = "tdh-chart__live";
    window
      .fetch(url, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status + " for " + url);
        }
        return response.json();
      })
      .then(function (spec) {
        el.appendChild(live);
        return window.vegaEmbed(live, spec, EMBED_OPTIONS);
      })
      .then(function (result) {
        swapIn(el, live, result);
      })
      .catch(function (err) {
        if (live.parentNode) {
          live.parentNode.removeChild(live); // keep the static SVG
        }
        el.setAttribute("data-tdh-state", "failed");
        console.error("tdh-charts: could not draw " + url, err);
      });
  }

  function drawWhenVisible(el) {
    // A chart in a hidden tab has no width yet: wait until it gets one.
    if (el.clientWidth > 0 || typeof window.ResizeObserver !== "function") {
      draw(el);
      return;
    }
    el.setAttribute("data-tdh-state", "waiting");
    var observer = new window.ResizeObserver(function () {
      if (el.clientWidth > 0) {
        observer.disconnect();
        draw(el);
      }
    });
    observer.observe(el);
  }

  function drawAll() {
    forget();
    var elements = document.querySelectorAll(SELECTOR);
    if (!elements.length) {
      return;
    }
    if (!runtimeReady()) {
      console.error("tdh-charts: the Vega runtime (vega, vega-embed) is not loaded");
      return;
    }
    Array.prototype.forEach.call(elements, function (el) {
      if (!el.hasAttribute("data-tdh-rendered") && !el.hasAttribute("data-tdh-state")) {
        drawWhenVisible(el);
      }
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(drawAll); // Material for MkDocs instant navigation
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
