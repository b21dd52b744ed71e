// Each <select multiple data-unit-picker> (tasks.forms.UnitPicker) gets: a search box that
// keeps the units whose name, short name or code contain every word typed, ignoring case
// and Vietnamese diacritics ("hoa cuong" finds Hòa Cường); a click that adds or removes a
// unit without Ctrl; a button per group of communes to choose all of them; and the count
// of units chosen.
const fold = (text) =>
  text.replace(/[đĐ]/g, "d").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

function button(text, onClick) {
  const element = document.createElement("button");
  element.type = "button";
  element.className = "btn btn-outline-secondary btn-sm";
  element.textContent = text;
  element.addEventListener("click", onClick);
  return element;
}

function picker(select) {
  const data = select.dataset;
  const box = document.createElement("input");
  box.type = "search";
  box.className = "form-control form-control-sm mb-1";
  box.placeholder = data.searchPlaceholder || "…";
  box.setAttribute("aria-label", box.placeholder);
  box.setAttribute("aria-controls", select.id);
  const chosen = document.createElement("div");
  chosen.className = "form-text unit-picker-chosen";
  chosen.setAttribute("aria-live", "polite");
  const shortcuts = document.createElement("div");
  shortcuts.className = "d-flex flex-wrap gap-1 mt-1 unit-picker-shortcuts";
  const hint = document.createElement("div");
  hint.className = "form-text mt-0 mb-1";
  hint.textContent = data.hint || "";
  select.before(box, hint);
  select.after(chosen, shortcuts);

  const render = () => {
    const names = [...select.selectedOptions].map((option) => option.textContent.trim());
    const list = names.length > 3 ? `${names.slice(0, 3).join(", ")}… (${names.length})` : names.join(", ");
    chosen.textContent = (data.chosenLabel || "%s").replace("%s", names.length ? list : "0");
  };
  const changed = () => {
    render();
    select.dispatchEvent(new Event("change", { bubbles: true }));
  };

  box.addEventListener("input", () => {
    const words = fold(box.value).split(/\s+/).filter(Boolean);
    for (const option of select.options) {
      const text = option.dataset.search || fold(option.textContent);
      option.hidden = !option.selected && !words.every((word) => text.includes(word));
    }
    for (const group of select.querySelectorAll("optgroup")) {
      group.hidden = [...group.children].every((option) => option.hidden);
    }
  });
  box.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault(); // Enter adds the first unit found, not the form's submission
    const first = [...select.options].find((option) => !option.hidden && !option.selected);
    if (first) {
      first.selected = true;
      changed();
    }
  });

  // A click adds or removes one unit, as a list of checkboxes would.
  select.addEventListener("mousedown", (event) => {
    const option = event.target.closest("option");
    if (!option || event.shiftKey) return;
    event.preventDefault();
    const top = select.scrollTop;
    option.selected = !option.selected;
    select.focus();
    select.scrollTop = top;
    changed();
  });
  select.addEventListener("change", render);

  for (const group of select.querySelectorAll("optgroup")) {
    const communes = [...group.children].filter((option) => "commune" in option.dataset);
    if (communes.length < 2) continue;
    const label = (data.allLabel || "%s").replace("%s", group.label) + ` (${communes.length})`;
    shortcuts.append(
      button(label, () => {
        for (const option of communes) option.selected = true;
        changed();
      }),
    );
  }
  shortcuts.append(
    button(data.noneLabel || "×", () => {
      for (const option of select.options) option.selected = false;
      changed();
    }),
  );
  render();
}

document.querySelectorAll("select[data-unit-picker]").forEach(picker);
