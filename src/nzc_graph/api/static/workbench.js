/* The SPARQL workbench: YASGUI (npm @zazuko/yasgui, served from /vendor/) on this server's own
 * endpoint, with the project's prefixes and the named queries. The page data comes from the
 * <script type="application/json" id="workbench-data"> block; no inline script runs.
 *
 * Nothing is fetched from another host: YASGUI's prefix completion (prefix.cc or its bundled
 * list) and its class and property completion (Linked Open Vocabularies) are replaced by
 * completers over our prefixes and the ontology's terms, read from this server. */
(function () {
  "use strict";

  var dataEl = document.getElementById("workbench-data");
  var host = document.getElementById("yasgui");
  if (!dataEl || !host || typeof window.Yasgui === "undefined") {
    return; // the plain form below stays open and works as it is
  }
  var data = JSON.parse(dataEl.textContent);
  var Yasgui = window.Yasgui;
  var Yasqe = Yasgui.Yasqe;

  // Always this origin, even when the public base URL names another host (a proxy in front).
  function sameOrigin(url) {
    var u = new URL(url, window.location.href);
    return u.origin === window.location.origin ? u.href : new URL(u.pathname, window.location.origin).href;
  }
  var endpoint = sameOrigin(data.endpoint);
  var termsUrl = sameOrigin(data.termsUrl);

  // --- autocompletion: our prefixes, the query's variables, the ontology's classes and properties
  var prefixLines = Object.keys(data.prefixes).sort().map(function (p) {
    return p + ": <" + data.prefixes[p] + ">";
  });
  var terms = null;
  function ontologyTerms() {
    if (terms === null) {
      terms = fetch(termsUrl, { headers: { Accept: "application/sparql-results+json" } })
        .then(function (r) { return r.ok ? r.json() : { results: { bindings: [] } }; })
        .then(function (j) { return j.results.bindings.map(function (b) { return b.term.value; }); })
        .catch(function () { return []; });
    }
    return terms;
  }
  function termCompleter(name) {
    return {
      name: "nzc-" + name,
      get: function (yasqe, token) {
        var typed = (token && token.autocompletionString) || "";
        return ontologyTerms().then(function (list) {
          return list.filter(function (iri) { return iri.indexOf(typed) === 0; });
        });
      },
    };
  }
  var completers = Yasqe.defaults.autocompleters;
  completers.splice(0, completers.length, "variables");
  Yasqe.forkAutocompleter("prefixes", {
    name: "nzc-prefixes",
    persistenceId: "nzc-prefixes",
    get: function () { return Promise.resolve(prefixLines); },
  });
  Yasqe.forkAutocompleter("class", termCompleter("class"));
  Yasqe.forkAutocompleter("property", termCompleter("property"));

  // --- the editor
  var yasgui = new Yasgui(host, {
    persistenceId: "nzc-workbench",
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    // a shared link (#query=…) may name another endpoint: it runs here, or not at all
    populateFromUrl: function (tab) {
      tab.requestConfig.endpoint = endpoint;
      return tab;
    },
    // contenteditable: the editable text sits in the scrolled region (keyboard and screen readers)
    yasqe: { value: data.defaultQuery, inputStyle: "contenteditable", screenReaderLabel: "SPARQL query" },
    yasr: { prefixes: data.prefixes },
  });

  // Tabs kept from an earlier visit may name an old endpoint; every tab asks this server.
  function pin(tab) {
    if (tab && tab.getEndpoint() !== endpoint) {
      tab.setEndpoint(endpoint);
    }
  }
  pin(yasgui.getTab());
  yasgui.on("tabSelect", function (instance, id) { pin(instance.getTab(id)); });
  yasgui.on("tabChange", function (instance, tab) { pin(tab); });

  // --- named queries: a pick-list that opens one in a new tab
  var picker = document.getElementById("named-picker");
  var select = document.getElementById("named-query");
  if (picker && select) {
    picker.hidden = false;
    picker.addEventListener("submit", function (event) {
      event.preventDefault();
      var q = data.queries[select.value];
      if (q) {
        yasgui.addTab(true, { name: q.title, yasqe: { value: q.text } }, { avoidDuplicateTabs: true });
      }
    });
  }

  // --- accessibility of YASGUI's own markup
  // Its "+" button sits inside the tab list, where only tabs belong: hidden from assistive
  // technology and the tab order, and replaced by the "New tab" button of the pick-list.
  function tidy(root) {
    root.querySelectorAll(".tabsList .addTab").forEach(function (el) {
      el.setAttribute("tabindex", "-1");
      el.parentElement.setAttribute("aria-hidden", "true");
    });
    root.querySelectorAll(".tabsList input[type=text]:not([aria-label])").forEach(function (el) {
      el.setAttribute("aria-label", "Tab name");
    });
    root.querySelectorAll("select.tableSizer:not([aria-label])").forEach(function (el) {
      el.setAttribute("aria-label", "Rows per page");
    });
    root.querySelectorAll(".tabMenu select:not([aria-label])").forEach(function (el) {
      var text = el.parentElement.querySelector(".selectorLabel");
      el.setAttribute("aria-label", "Accept header for " + (text ? text.textContent : "results"));
    });
  }
  tidy(host);
  new MutationObserver(function () { tidy(host); }).observe(host, { childList: true, subtree: true });
  var newTab = document.getElementById("new-tab");
  if (newTab) {
    newTab.addEventListener("click", function () { yasgui.addTab(true); });
  }

  var plain = document.getElementById("plain-form");
  if (plain) {
    plain.open = false;
  }
})();
