// Day fields (resolutions.forms.DayInput) are typed as dd/mm/yyyy whatever the browser's
// language. This adds, to each, a calendar button (the browser's own picker, whose
// choice is written back as dd/mm/yyyy) and keys: ↑/↓ a day later/earlier, Page Up/Down a
// month. Fields that htmx swaps in get the same.
const pad = (n) => String(n).padStart(2, "0");
const show = (day) => `${pad(day.getDate())}/${pad(day.getMonth() + 1)}/${day.getFullYear()}`;
const iso = (day) => `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;

function parse(text) {
  let match = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text);
  if (match) return checked(+match[3], +match[2], +match[1]);
  match = /^\s*(\d{4})-(\d{2})-(\d{2})\s*$/.exec(text);
  return match ? checked(+match[1], +match[2], +match[3]) : null;
}

function checked(year, month, day) {
  const date = new Date(year, month - 1, day);
  return date.getMonth() === month - 1 && date.getDate() === day ? date : null;
}

function set(field, day) {
  field.value = show(day);
  field.dispatchEvent(new Event("input", { bubbles: true }));
  field.dispatchEvent(new Event("change", { bubbles: true }));
}

function enhance(field) {
  if (field.dataset.dayReady) return;
  field.dataset.dayReady = "1";
  const wrap = field.closest(".day-field");
  const native = document.createElement("input");
  native.type = "date";
  native.tabIndex = -1;
  native.className = "day-field-native";
  native.setAttribute("aria-hidden", "true");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "btn btn-outline-secondary day-field-button";
  button.setAttribute("aria-label", field.dataset.calendarLabel || "📅");
  button.title = button.getAttribute("aria-label");
  button.innerHTML =
    '<svg aria-hidden="true" width="16" height="16" viewBox="0 0 16 16" fill="currentColor"><path d="M3.5 0a.5.5 0 0 1 .5.5V1h8V.5a.5.5 0 0 1 1 0V1h1a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H2a2 2 0 0 1-2-2V3a2 2 0 0 1 2-2h1V.5a.5.5 0 0 1 .5-.5M1 4v10a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1V4z"/></svg>';
  wrap.append(button, native);
  button.addEventListener("click", () => {
    const day = parse(field.value);
    native.value = day ? iso(day) : "";
    if (native.showPicker) native.showPicker();
    else native.focus();
  });
  native.addEventListener("change", () => {
    const day = parse(native.value);
    if (day) set(field, day);
    field.focus();
  });
  field.addEventListener("keydown", (event) => {
    const steps = { ArrowUp: [1, 0], ArrowDown: [-1, 0], PageUp: [0, 1], PageDown: [0, -1] };
    const step = steps[event.key];
    if (!step) return;
    const day = parse(field.value) || new Date();
    event.preventDefault();
    set(field, new Date(day.getFullYear(), day.getMonth() + step[1], day.getDate() + step[0]));
  });
}

const enhanceAll = (root) => root.querySelectorAll("input[data-day-field]").forEach(enhance);
enhanceAll(document);
document.body.addEventListener("htmx:load", (event) => enhanceAll(event.detail.elt));
