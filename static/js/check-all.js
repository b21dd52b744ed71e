// A button[data-check-all=NAME] ticks every checkbox named NAME in its form (or clears
// them all when all are ticked already).
for (const button of document.querySelectorAll("button[data-check-all]")) {
  button.addEventListener("click", () => {
    const boxes = [...button.form.querySelectorAll(`input[type=checkbox][name="${button.dataset.checkAll}"]`)];
    const all = boxes.every((box) => box.checked);
    for (const box of boxes) box.checked = !all;
  });
}
