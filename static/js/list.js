// Enhancements for the paper list; every control works without this file.
// Keys: "/" search, j / k next / previous result, o or Enter open it, s save it (logged in).
(function () {
  "use strict";
  const links = () => Array.from(document.querySelectorAll(".paper-card h2 a"));
  const typing = (el) => el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));

  // Sort and page size apply as soon as they change.
  const toolbar = document.querySelector("form.toolbar");
  if (toolbar) {
    toolbar.querySelectorAll("select").forEach((select) =>
      select.addEventListener("change", () => toolbar.submit()));
    const apply = toolbar.querySelector(".apply");
    if (apply) apply.hidden = true;
  }

  // Long facets show their first values, with a button for the rest.
  document.querySelectorAll(".facet").forEach((facet) => {
    const more = facet.querySelectorAll("li.more");
    const button = facet.querySelector(".show-more");
    if (!more.length || !button) return;
    more.forEach((li) => (li.hidden = true));
    button.hidden = false;
    button.addEventListener("click", () => {
      more.forEach((li) => (li.hidden = false));
      button.remove();
    });
  });

  function move(step) {
    const all = links();
    if (!all.length) return;
    const at = all.indexOf(document.activeElement);
    const next = at === -1 ? (step > 0 ? 0 : all.length - 1) : Math.min(all.length - 1, Math.max(0, at + step));
    all[next].focus();
    all[next].closest(".paper-card").scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (typing(event.target)) {
      if (event.key === "Escape") event.target.blur();
      return;
    }
    if (event.key === "/") {
      event.preventDefault();
      const q = document.getElementById("q");
      q.focus();
      q.select();
    } else if (event.key === "j") {
      move(1);
    } else if (event.key === "k") {
      move(-1);
    } else if (event.key === "o") {
      const at = links().indexOf(document.activeElement);
      if (at !== -1) links()[at].click();
    } else if (event.key === "s") {
      // Save the focused paper (its Save button, sent by bookmarks.js or as a plain form).
      const card = document.activeElement && document.activeElement.closest(".paper-card");
      const save = card && card.querySelector(".bm-new:not([hidden])");
      if (save) save.click();
    }
  });
})();
