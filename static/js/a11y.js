// Issue 21: after an HTMX swap the user asked for, say what changed and put the focus where
// the user expects it. The page's live region (#live-region, aria-live=polite) reads out, in
// order of preference: a message in the new content ([role=alert], [role=status]), the
// errors of its fields (#<field>_error, which Django's aria-describedby points at), or the
// content marked [data-announce] (a dashboard's report sentence, a list's count). The focus stays where it was if that element is still on the page (a
// filter being changed); when the swap removed it (a form replaced by its answer), it goes
// to the first field with an error, else to the message, else to the new content.
// A table too wide for a phone scrolls in its box (.table-responsive): the box takes the
// focus, so a keyboard user can scroll it too, and is named after its table.
const live = () => document.getElementById("live-region");
let focusedBefore = null;

// A swap started by the page itself (on load, polling the unread count) is not announced.
function askedByUser(event) {
  const trigger = event.detail.requestConfig && event.detail.requestConfig.triggeringEvent;
  return Boolean(trigger) && !["load", "every", "revealed", "intersect"].includes(trigger.type);
}

function visible(element) {
  return element.getClientRects().length > 0 && element.textContent.trim() !== "";
}

function say(text) {
  const region = live();
  if (!region || !text) {
    return;
  }
  // A fresh text node each time, so the same sentence twice is read twice.
  region.textContent = "";
  window.setTimeout(() => { region.textContent = text; }, 50);
}

function focus(element) {
  if (!element.matches("a[href], button, input, select, textarea, [tabindex]")) {
    element.setAttribute("tabindex", "-1");
  }
  element.focus();
}

document.addEventListener("htmx:beforeRequest", () => {
  focusedBefore = document.activeElement;
});

document.addEventListener("htmx:afterSettle", (event) => {
  if (!askedByUser(event)) {
    return;
  }
  const target = event.detail.target;
  const root = target && target.isConnected ? target : (target && target.id && document.getElementById(target.id)) || document.getElementById("main");
  if (!root) {
    return;
  }
  const messages = [...root.querySelectorAll("[role=alert], [role=status]")].filter(visible);
  const marked = [...root.querySelectorAll("[data-announce]")].filter(visible);
  if (root.matches("[data-announce]") && visible(root)) {
    marked.unshift(root);
  }
  const errors = [...root.querySelectorAll("[id$=_error]")].filter(visible);
  const spoken = messages.length ? messages : errors.length ? errors : marked;
  say(spoken.map((element) => element.textContent.trim().replace(/\s+/g, " ")).join(" "));

  const kept = focusedBefore && focusedBefore !== document.body && focusedBefore.isConnected;
  if (kept) {
    return;
  }
  const invalid = root.querySelector("[aria-invalid=true]");
  focus(invalid || messages[0] || root.querySelector("h1, h2, h3") || root);
});

function focusableTables(root) {
  for (const box of root.querySelectorAll(".table-responsive:not([tabindex])")) {
    box.setAttribute("tabindex", "0");
    const table = box.querySelector("table");
    const caption = table && table.querySelector("caption");
    let heading = box.previousElementSibling;
    while (heading && !heading.matches("h1, h2, h3, h4")) {
      heading = heading.previousElementSibling;
    }
    const name = (caption || heading || { textContent: "" }).textContent.trim();
    if (name) {
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", name);
    }
  }
}

focusableTables(document);
document.addEventListener("htmx:afterSettle", () => focusableTables(document));
