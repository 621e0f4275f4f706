// Stripe Elements on our payment pages: save a card (SetupIntent) or complete
// a payment (PaymentIntent). Everything comes from the page's data attributes;
// card details go from the browser to Stripe, never through our server.
(function () {
  "use strict";
  var box = document.getElementById("stripe-pay");
  if (!box) return;
  var error = box.querySelector("[data-error]");
  if (typeof Stripe === "undefined") {
    error.textContent = box.dataset.unavailable;
    return;
  }
  var data = box.dataset;
  var stripe = Stripe(data.publishableKey, data.account ? { stripeAccount: data.account } : {});
  var elements = stripe.elements({ clientSecret: data.clientSecret });
  elements.create("payment").mount("#stripe-element");
  var returnUrl = new URL(data.returnUrl, window.location.href).href;
  var form = box.querySelector("form");
  var buttons = box.querySelectorAll("button");

  function busy(on) {
    buttons.forEach(function (button) { button.disabled = on; });
  }

  function done(result) {
    if (result.error) {
      error.textContent = result.error.message;
      busy(false);
    } else if (result.paymentIntent) {
      var url = new URL(returnUrl);
      url.searchParams.set("payment_intent", result.paymentIntent.id);
      window.location.assign(url.href);
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    busy(true);
    var options = { elements: elements, confirmParams: { return_url: returnUrl } };
    (data.mode === "setup" ? stripe.confirmSetup(options) : stripe.confirmPayment(options)).then(done);
  });

  var saved = box.querySelector("[data-saved-card]");
  if (saved) {
    saved.addEventListener("click", function () {
      busy(true);
      stripe.confirmCardPayment(data.clientSecret, { payment_method: data.paymentMethod }).then(done);
    });
  }
})();
