// Bookmarks on the list and the paper page: the forms are sent with fetch and the
// controls updated in place. Without this file the same forms post and redirect back.
(function () {
  "use strict";

  function saverItem(s) {
    const li = document.createElement("li");
    li.className = "saver s-" + s.status;
    li.title = s.name + " — " + s.status_label;
    const initials = document.createElement("span");
    initials.setAttribute("aria-hidden", "true");
    initials.textContent = s.initials;
    const full = document.createElement("span");
    full.className = "visually-hidden";
    full.textContent = s.name + " (" + s.status_label + ")";
    li.append(initials, full);
    return li;
  }

  function render(box, state, focusAfter) {
    const saved = state.saved;
    box.classList.toggle("is-saved", saved);
    box.querySelector(".bm-new").hidden = saved;
    box.querySelector(".bm-edit").hidden = !saved;
    box.querySelector(".bm-remove").hidden = !saved;
    const select = box.querySelector("select[name=status]");
    select.value = state.status || "to_read";
    const note = box.querySelector("textarea[name=note]");
    if (note && !saved) note.value = "";
    const wrap = box.parentElement.querySelector(".savers-wrap");
    if (wrap) {
      wrap.querySelector(".savers").replaceChildren(...state.savers.map(saverItem));
      wrap.hidden = state.savers.length === 0;
    }
    const said = box.querySelector(".bm-said");
    if (said) said.textContent = saved ? "Saved, " + select.selectedOptions[0].textContent : "Removed";
    if (focusAfter) (saved ? select : box.querySelector(".bm-new")).focus();
  }

  async function send(form) {
    const box = form.closest("[data-bookmark]");
    const wasSaved = box.classList.contains("is-saved");
    box.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: {
          Accept: "application/json",
          "X-CSRFToken": form.querySelector("[name=csrfmiddlewaretoken]").value,
        },
      });
      if (!response.ok) throw new Error(String(response.status));
      const state = await response.json();
      render(box, state, state.saved !== wasSaved);
    } catch (error) {
      form.submit(); // the plain path: log-in page, error page or redirect back
    } finally {
      box.removeAttribute("aria-busy");
    }
  }

  document.querySelectorAll("[data-bookmark]").forEach((box) => {
    const said = document.createElement("span");
    // Read out on list rows; shown on the paper page, where "Save changes" changes nothing else in sight.
    said.className = box.querySelector("textarea") ? "bm-said muted" : "bm-said visually-hidden";
    said.setAttribute("role", "status");
    box.append(said);
    box.querySelectorAll("form").forEach((form) =>
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        send(form);
      }));
    // On list rows (no note), a new status applies as soon as it is chosen.
    const save = box.querySelector(".bm-save");
    if (!save.querySelector("textarea")) {
      save.querySelector(".bm-apply").hidden = true;
      save.querySelector("select").addEventListener("change", () => send(save));
    }
  });
})();
