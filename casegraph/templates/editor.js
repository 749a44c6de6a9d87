// The query editor of `casegraph serve`: YASGUI on the server's own endpoint, and the named
// queries as examples. Nothing here asks any other address: the completions that would ask
// other services are left out, and the endpoint cannot be changed to another server's.
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("casegraph-editor").textContent);
  const endpoint = new URL(config.endpoint, window.location.href).href;
  const examples = new Map(config.examples.map(function (e) { return [e.name, e]; }));

  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    persistenceId: "casegraph-editor",
    populateFromUrl: true,
    // "class" and "property" would ask LOV's server for terms.
    yasqe: { autocompleters: ["prefixes", "variables"] },
  });

  // A tab persisted from another endpoint (a page served before on this address) comes back
  // to this one.
  Object.values(yasgui._tabs).forEach(function (tab) {
    if (tab.getEndpoint() !== endpoint) tab.setEndpoint(endpoint);
  });

  function open(name) {
    const example = examples.get(name);
    if (!example) return null;
    let tab = Object.values(yasgui._tabs).find(function (t) { return t.getName() === name; });
    // "Simple view": values as text, without datatypes and language tags.
    if (!tab) tab = yasgui.addTab(true, {
      name: name, requestConfig: { endpoint: endpoint },
      yasr: { settings: { selectedPlugin: "table", pluginsConfig: { table: { compact: true } } } },
    });
    yasgui.selectTabId(tab.getId());
    tab.setQuery(example.text);
    return tab.query();
  }

  document.querySelectorAll("#examples button[data-query]").forEach(function (button) {
    button.addEventListener("click", function () { open(button.dataset.query); });
  });

  // A case's IRI in the results opens the case's page on this server, not the IRI's host.
  function localLink(a) {
    const href = a.getAttribute("href") || "";
    if (href.startsWith(config.cases)) {
      a.setAttribute("href", "/cases/" + href.slice(config.cases.length));
      a.removeAttribute("target");
    }
  }
  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      change.addedNodes.forEach(function (node) {
        if (node.nodeType !== Node.ELEMENT_NODE) return;
        if (node.matches("a[href]")) localLink(node);
        node.querySelectorAll("a[href]").forEach(localLink);
      });
    });
  }).observe(document.getElementById("yasgui"), { childList: true, subtree: true });

  // For tests and for people who script the page.
  window.casegraphEditor = { yasgui: yasgui, open: open };
})();
