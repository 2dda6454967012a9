/*
 * pow(challenge, done, failed): solves an ALTCHA challenge with the solver /pow.js (web/public/pow.js),
 * loaded only now, and calls done(solution); failed() when the solver cannot be loaded. Returns 0
 * (and does nothing) where crypto.subtle or TextEncoder is missing, 1 otherwise.
 */
function pow(challenge, done, failed) {
  var solver = w.crypto && w.crypto.subtle && w.TextEncoder && d.createElement('script');
  if (!solver) return 0;
  if (w.cjPow) w.cjPow(challenge, done);
  else {
    solver.src = '/pow.js';
    solver.onload = function () {
      w.cjPow(challenge, done);
    };
    solver.onerror = failed;
    d.head.appendChild(solver);
  }
  return 1;
}
