/* [data-print]: a print button, shown once it can work. */
each($('[data-print]'), function (button) {
  button.hidden = false;
  button.onclick = function () {
    w.print();
  };
});
