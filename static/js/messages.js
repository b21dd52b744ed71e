// Messages that an htmx response carries in its HX-Trigger header (tracker/messages.py)
// are shown in #messages, like those a full page renders there.
const region = document.getElementById("messages");

document.body.addEventListener("messages", (event) => {
  if (!region) return;
  region.replaceChildren();
  for (const { level, text } of event.detail.items || []) {
    const alert = document.createElement("div");
    alert.className = `alert alert-${level === "error" ? "danger" : level} alert-dismissible`;
    alert.setAttribute("role", level === "error" ? "alert" : "status");
    alert.textContent = text;
    const close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close";
    close.dataset.bsDismiss = "alert";
    close.setAttribute("aria-label", region.dataset.closeLabel || "×");
    alert.append(close);
    region.append(alert);
  }
});
