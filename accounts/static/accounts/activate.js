// The QR code on an onboarding slip carries the activation code after "#" (never sent to the
// server, so it stays out of access logs): put it into the form and out of the address bar.
(function () {
  var code = decodeURIComponent((window.location.hash || "").slice(1)).replace(/[^0-9A-Za-z-]/g, "");
  var input = document.getElementById("id_code");
  if (code && input && !input.value) {
    input.value = code.toUpperCase();
    history.replaceState(null, "", window.location.pathname);
  }
})();
