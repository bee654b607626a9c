// Filters on the team dashboard apply as soon as a select changes (the button stays for no-JS use).
document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
  select.addEventListener("change", function () { select.form.submit(); });
});
// Rejecting a promotion needs a note: focus it instead of sending an empty rejection.
document.querySelectorAll("form.decide button[value=reject]").forEach(function (button) {
  button.addEventListener("click", function (event) {
    var note = button.form.querySelector("input[name=note]");
    if (note && !note.value.trim()) { event.preventDefault(); note.focus(); }
  });
});
