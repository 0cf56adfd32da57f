// The live check of the application form: builds the application from the form's fields (as
// sirules/web/formdata.py does on the server) and asks POST /api/v1/check with suggest; the
// answer is shown with textContent only, never as markup. Without JavaScript the form's own
// button does the same on the server.
(function () {
  "use strict";
  var form = document.getElementById("application-form");
  var panel = document.getElementById("panel");
  if (!form || !panel || !window.fetch) { return; }
  var timer = null, asked = 0;

  function value(text, type) {
    text = text.trim();
    if (type === "bool") { return text === "yes" ? true : text === "no" ? false : null; }
    if (type === "tags") {
      var words = text.split(",").map(function (w) { return w.trim(); }).filter(function (w) { return w; });
      return words.length ? words : null;
    }
    if ((type === "money" || type === "number") && /^[0-9]{1,15}$/.test(text.replace(/ /g, ""))) {
      return parseInt(text.replace(/ /g, ""), 10);
    }
    return text === "" ? null : text;
  }

  function application() {
    var raw = {}, applicant = {}, partners = {}, budgetYears = {}, budgetAmounts = {}, parts = {};
    var n = parseInt(document.getElementById("participants").value, 10) || 0;
    Array.prototype.forEach.call(form.elements, function (el) {
      var name = el.name || "", type = el.getAttribute("data-type") || "text", v;
      if (!name || el.type === "hidden" || el.type === "submit") { return; }
      if (name.indexOf("f.") === 0) { v = value(el.value, type); if (v !== null) { raw[name.slice(2)] = v; } }
      else if (name.indexOf("a.") === 0) { v = value(el.value, type); if (v !== null) { applicant[name.slice(2)] = v; } }
      else if (name.indexOf("p.") === 0) {
        var rest = name.slice(2), dot = rest.indexOf("."), i = parseInt(rest.slice(0, dot), 10);
        v = value(el.value, type);
        if (i < n && v !== null) { (partners[i] = partners[i] || {})[rest.slice(dot + 1)] = v; }
      }
      else if (name.indexOf("b.year.") === 0) { budgetYears[name.slice(7)] = el.value.trim(); }
      else if (name.indexOf("b.amount.") === 0) { budgetAmounts[name.slice(9)] = el.value.trim(); }
      else if (name.indexOf("part.") === 0) { if (el.value.trim()) { parts[name.slice(5)] = el.value; } }
    });
    if (Object.keys(applicant).length) { raw.applicant = applicant; }
    var list = Object.keys(partners).sort(function (a, b) { return a - b; }).map(function (k) { return partners[k]; });
    if (list.length) { raw.participants = list; }
    var budget = {};
    Object.keys(budgetYears).sort(function (a, b) { return a - b; }).forEach(function (k) {
      if (budgetYears[k] && budgetAmounts[k]) { budget[budgetYears[k]] = value(budgetAmounts[k], "money"); }
    });
    if (Object.keys(budget).length) { raw.budget = budget; }
    if (Object.keys(parts).length) { raw.parts = parts; }
    return raw;
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function show(doc, problem) {
    var d = panel.dataset, strengths = JSON.parse(d.strengths || "{}"), outcomes = JSON.parse(d.outcomes || "{}");
    panel.textContent = "";
    if (problem) {
      panel.appendChild(el("h2", "verdict problem", d.unreadable));
      var ul = el("ul", "problems");
      (doc.diagnostics || []).forEach(function (x) {
        var li = el("li"); li.appendChild(el("code", "", x.code)); li.appendChild(document.createTextNode(" " + x.message));
        if (x.hint) { li.appendChild(el("small", "", " " + x.hint)); }
        ul.appendChild(li);
      });
      panel.appendChild(ul);
      return;
    }
    var h = el("h2", "verdict " + doc.verdict, d[doc.verdict] || doc.verdict);
    h.id = "verdict"; h.setAttribute("data-verdict", doc.verdict);
    panel.appendChild(h);
    var findings = el("ul", "findings"), passed = 0;
    doc.findings.forEach(function (f) {
      if (f.outcome === "pass" || f.outcome === "permitted") { passed += f.outcome === "pass" ? 1 : 0; return; }
      var li = el("li", "finding " + f.outcome);
      li.appendChild(el("span", "outcome", outcomes[f.outcome] || f.outcome)); li.appendChild(document.createTextNode(" "));
      li.appendChild(el("span", "strength", strengths[f.strength] || f.strength)); li.appendChild(document.createTextNode(" "));
      li.appendChild(el("b", "", f.label || f.rule)); li.appendChild(document.createTextNode(": " + f.message + " "));
      li.appendChild(el("small", "", f.clause + ", " + d.line.replace("{line}", f.line)));
      findings.appendChild(li);
    });
    panel.appendChild(findings);
    panel.appendChild(el("p", "passed", d.holds.replace("{n}", passed)));
    if (doc.suggestions && doc.suggestions.length) {
      panel.appendChild(el("h3", "", d.suggest));
      var ul2 = el("ul", "suggestions");
      doc.suggestions.forEach(function (s) {
        var li = el("li", "", s.sentence + " "); li.appendChild(el("small", "", s.clause)); ul2.appendChild(li);
      });
      panel.appendChild(ul2);
    }
  }

  function check() {
    var mine = ++asked;
    fetch("/api/v1/check", {
      method: "POST", headers: {"Content-Type": "application/json"},
      body: JSON.stringify({guideline: form.dataset.guideline, application: application(), name: "<form>", suggest: true})
    }).then(function (r) {
      return r.json().then(function (doc) { return [r.ok, doc]; });
    }).then(function (pair) {
      if (mine === asked) { show(pair[1], !pair[0]); }
    }).catch(function () {});
  }

  function later() { clearTimeout(timer); timer = setTimeout(check, 250); }
  form.addEventListener("input", later);
  form.addEventListener("change", later);
  window.sirulesCheck = check;
})();
