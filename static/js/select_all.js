// A checkbox with data-select-all="name" ticks or unticks every checkbox of that name in its form.
document.addEventListener("change", (event) => {
  const name = event.target.dataset ? event.target.dataset.selectAll : undefined;
  if (!name || !event.target.form) {
    return;
  }
  for (const box of event.target.form.querySelectorAll(`input[type=checkbox][name="${name}"]`)) {
    box.checked = event.target.checked;
  }
});
