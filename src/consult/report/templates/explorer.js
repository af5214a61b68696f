/* report.html's theme explorer: search and filter the redacted comments embedded as JSON. Text is only
   ever set as text (textContent, text nodes), never parsed as HTML. */
(function () {
  "use strict";
  var PAGE = 50;
  var holder = document.getElementById("explorer-data");
  if (!holder) { return; }
  var data = JSON.parse(holder.textContent);

  function terms(text) {
    return text.toLowerCase().split(/\s+/).filter(function (t) { return t.length > 0; });
  }

  function highlighted(text, words) {
    var fragment = document.createDocumentFragment();
    var lower = text.toLowerCase();
    var at = 0;
    while (words.length && at < text.length) {
      var next = -1, size = 0;
      words.forEach(function (w) {
        var found = lower.indexOf(w, at);
        if (found !== -1 && (next === -1 || found < next || (found === next && w.length > size))) {
          next = found; size = w.length;
        }
      });
      if (next === -1) { break; }
      fragment.appendChild(document.createTextNode(text.slice(at, next)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(next, next + size);
      fragment.appendChild(mark);
      at = next + size;
    }
    fragment.appendChild(document.createTextNode(text.slice(at)));
    return fragment;
  }

  function explorer(root) {
    var question = data[root.getAttribute("data-explorer")];
    if (!question) { return; }
    var search = root.querySelector("[data-search]");
    var theme = root.querySelector("[data-theme]");
    var groups = Array.prototype.slice.call(root.querySelectorAll("[data-group]"));
    var status = root.querySelector(".status");
    var list = root.querySelector(".comments");
    var more = root.querySelector(".more");
    var lower = question.comments.map(function (c) { return c.t.toLowerCase(); });
    var matches = [], shown = 0, words = [];

    function keeps(comment, index) {
      if (!words.every(function (w) { return lower[index].indexOf(w) !== -1; })) { return false; }
      if (theme.value !== "" && comment.th.indexOf(Number(theme.value)) === -1) { return false; }
      return groups.every(function (select) {
        return select.value === "" || comment.g[Number(select.getAttribute("data-group"))]
          .indexOf(Number(select.value)) !== -1;
      });
    }

    function item(comment) {
      var li = document.createElement("li");
      var text = document.createElement("p");
      text.appendChild(highlighted(comment.t, words));
      li.appendChild(text);
      var about = comment.th.map(function (i) { return question.themes[i][1]; });
      var tags = document.createElement("p");
      tags.className = "tags";
      tags.textContent = (about.length ? "Themes: " + about.join("; ") : "No theme") +
        (comment.n > 1 ? ". Campaign wording sent by " + comment.n + " respondents" : "");
      li.appendChild(tags);
      return li;
    }

    function showMore() {
      var end = Math.min(matches.length, shown + PAGE);
      for (var i = shown; i < end; i += 1) { list.appendChild(item(question.comments[matches[i]])); }
      shown = end;
      more.hidden = shown >= matches.length;
      more.textContent = "Show more comments (" + (matches.length - shown) + " not shown yet)";
    }

    function update() {
      words = terms(search.value);
      matches = [];
      question.comments.forEach(function (c, i) { if (keeps(c, i)) { matches.push(i); } });
      list.textContent = "";
      shown = 0;
      status.textContent = matches.length + " of " + question.comments.length + " comments shown" +
        (matches.length > PAGE ? ", " + PAGE + " at a time." : ".");
      showMore();
    }

    search.addEventListener("input", update);
    theme.addEventListener("change", update);
    groups.forEach(function (select) { select.addEventListener("change", update); });
    more.addEventListener("click", function () {
      var first = shown;
      showMore();
      var next = list.children[first];
      if (next) { next.setAttribute("tabindex", "-1"); next.focus(); }
    });
    root.hidden = false;
    update();
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-explorer]"), explorer);
}());
