// A menu of checkboxes (templates/tasks/_statuses.html): its button names what is ticked,
// or says its "none" text when nothing is.
for (const menu of document.querySelectorAll("[data-choice-menu]")) {
  const button = menu.querySelector("button");
  menu.addEventListener("change", () => {
    const ticked = [...menu.querySelectorAll("input:checked")].map((box) => box.labels[0].textContent);
    button.replaceChildren(
      ...(ticked.length ? ticked.map((text) => Object.assign(document.createElement("span"), { className: "chosen", textContent: text })) : [button.dataset.none]),
    );
  });
}
