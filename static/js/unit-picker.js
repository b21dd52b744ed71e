// A search box above each <select multiple data-unit-picker>: typing hides the units whose
// name does not contain the words typed, ignoring case and Vietnamese diacritics.
const fold = (text) =>
  text.replace(/[đĐ]/g, "d").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

for (const select of document.querySelectorAll("select[data-unit-picker]")) {
  const box = document.createElement("input");
  box.type = "search";
  box.className = "form-control form-control-sm mb-1";
  box.placeholder = select.dataset.searchPlaceholder || "…";
  box.setAttribute("aria-label", box.placeholder);
  select.before(box);
  box.addEventListener("input", () => {
    const words = fold(box.value).split(/\s+/).filter(Boolean);
    for (const option of select.options) {
      const name = fold(option.textContent);
      option.hidden = !option.selected && !words.every((word) => name.includes(word));
    }
  });
}
