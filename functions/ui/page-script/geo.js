/*
 * [data-geo]: "use my position" on the report form, shown only where the browser can locate: fills
 * the hidden latitude and longitude and says what it found (data-located) or that it could not.
 */
each($('[data-geo]'), function (box) {
  var geolocation = w.navigator.geolocation,
    button = box.querySelector('button'),
    status = box.querySelector('p'),
    inputs = box.querySelectorAll('input');
  if (!geolocation) return;
  box.hidden = false;
  button.onclick = function () {
    status.textContent = button.getAttribute('data-locating');
    geolocation.getCurrentPosition(
      function (position) {
        inputs[0].value = position.coords.latitude.toFixed(5);
        inputs[1].value = position.coords.longitude.toFixed(5);
        status.textContent = tpl(button.getAttribute('data-located'), { lat: inputs[0].value, lng: inputs[1].value });
      },
      function () {
        status.textContent = button.getAttribute('data-failed');
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
    );
  };
});
