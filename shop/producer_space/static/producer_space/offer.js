// Typing a quantity offers the row; a bulk withdrawal asks first.
document.querySelectorAll(".ps-offer input.qty").forEach(function (input) {
  input.addEventListener("input", function () {
    var box = document.getElementById("o-" + input.name.slice(2));
    if (box && input.value.trim() !== "") { box.checked = true; }
  });
});
document.querySelectorAll("button[data-confirm]").forEach(function (button) {
  button.addEventListener("click", function (event) {
    if (!window.confirm(button.dataset.confirm)) { event.preventDefault(); }
  });
});
