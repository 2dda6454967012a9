/*
 * The ALTCHA proof of work, solved on the resident's phone: loaded by the page script
 * (functions/ui/enhance.ts) only when the server asks for one — a 428 to the report form's post, or
 * a report form sent back past the soft limit (`input[data-altcha]`) — so no page carries it.
 *
 * cjPow(challenge, done): tries SHA-256(salt + n) for n = 0, 1, … (200 at a time with
 * crypto.subtle) until it equals the challenge, then calls done with the solution as the server
 * reads it (base64 JSON). The page script checks crypto.subtle and TextEncoder before loading this.
 *
 * ES5 for old Android WebViews (the build minifies it with target es5, which refuses anything newer).
 */
(function (w) {
  w.cjPow = function (c, done) {
    var subtle = w.crypto.subtle,
      encoder = new TextEncoder(),
      n = 0;
    function hex(buffer) {
      var bytes = new Uint8Array(buffer),
        out = '',
        i;
      for (i = 0; i < bytes.length; i++) out += (bytes[i] | 256).toString(16).slice(1);
      return out;
    }
    function run() {
      var digests = [],
        i;
      if (n > c.maxnumber) return;
      for (i = 0; i < 200; i++) digests.push(subtle.digest(c.algorithm, encoder.encode(c.salt + (n + i))));
      Promise.all(digests).then(function (found) {
        for (i = 0; i < found.length; i++) {
          if (hex(found[i]) === c.challenge) {
            done(btoa(JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number: n + i, salt: c.salt, signature: c.signature })));
            return;
          }
        }
        n += 200;
        run();
      });
    }
    run();
  };
})(window);
