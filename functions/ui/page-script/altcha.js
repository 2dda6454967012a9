/*
 * input[data-altcha]: a report form the server sent back past the soft limit carries a proof-of-work
 * challenge; it is solved in the background, the solution put in the field and the form sent.
 * Without crypto.subtle nothing happens: the page says to wait and send again.
 */
each($('input[data-altcha]'), function (input) {
  pow(JSON.parse(input.getAttribute('data-altcha')), function (solution) {
    input.value = solution;
    input.form.submit();
  });
});
