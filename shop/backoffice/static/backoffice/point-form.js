  // Home-delivery fields only matter for home delivery: hide them otherwise.
  (function () {
    var kind = document.querySelector("#point-form [data-home-delivery-toggle]");
    var box = document.querySelector("#point-form [data-home-delivery]");
    if (!kind || !box) return;
    function sync() {
      box.hidden = kind.value !== kind.dataset.homeDeliveryToggle && !box.querySelector(".errorlist");
    }
    kind.addEventListener("change", sync);
    sync();
  })();
