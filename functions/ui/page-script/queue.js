/*
 * The report form's sending, and its waiting when it cannot be sent. A form is an entry
 * { k: Idempotency-Key, u: where to post, p: [[name, value], …] fields, r: the 201 answer once
 * there is one }, kept in localStorage under cj_queue (Q) while it waits (an entry kept by an
 * earlier version of this script has the same shape: keep it so).
 *
 * go(entry, photos, form): sends the fields (not the files) with the entry's Idempotency-Key and
 * Accept: application/json; on 201 each photo goes straight to the photos bucket (POST
 * /api/v1/cases/{n}/photos for a presigned POST, then the file to it), then the receipt page opens.
 * A 428 is solved (proof-of-work.js; if the solver cannot be loaded the form waits as offline) and
 * sent again; another 4xx sends the form the plain way (multipart), so the server's own page says
 * what is wrong. Offline, a network failure or a 5xx: the entry is kept, #queued shows data-queue
 * (+ data-queue-photos when photos wait in memory: files cannot be stored), and it is sent again on
 * the online event (or after 30 s, for a 5xx).
 */
var Q = 'cj_queue',
  ls;
try {
  ls = w.localStorage;
} catch (x) {}
/** Keeps the entry on the phone, or (0) forgets it. */
function qs(entry) {
  try {
    entry ? ls.setItem(Q, JSON.stringify(entry)) : ls.removeItem(Q);
  } catch (x) {}
}
function go(entry, photos, form) {
  var status = d.getElementById('queued');
  function wait() {
    var woken = 0;
    function again() {
      if (woken++) return;
      w.removeEventListener('online', again);
      go(entry, photos, form);
    }
    qs(entry);
    if (status) {
      status.textContent = form.getAttribute('data-queue') + (photos.length ? ' ' + form.getAttribute('data-queue-photos') : '');
      status.hidden = false;
    }
    w.addEventListener('online', again);
    w.setTimeout(again, 30000);
  }
  function plainly() {
    qs(0);
    form.submit();
  }
  /** A 5xx is waited out like a network failure. */
  function answered(res) {
    if (res.status >= 500) throw res;
    return res;
  }
  if (w.navigator.onLine === false) return wait();
  if (status) status.hidden = true;

  if (!entry.r) {
    var fields = new FormData(),
      i;
    for (i = 0; i < entry.p.length; i++) fields.append(entry.p[i][0], entry.p[i][1]);
    fetch(entry.u, { method: 'POST', body: fields, credentials: 'same-origin', headers: { 'Idempotency-Key': entry.k, Accept: 'application/json' } })
      .then(answered)
      .then(function (res) {
        if (res.status == 201)
          return res.json().then(function (receipt) {
            entry.r = receipt;
            qs(entry);
            go(entry, photos, form);
          });
        if (res.status == 428)
          return res.json().then(function (problem) {
            var solving = pow(
              problem.challenge,
              function (solution) {
                entry.p = entry.p.filter(function (pair) {
                  return pair[0] != 'altcha';
                });
                entry.p.push(['altcha', solution]);
                go(entry, photos, form);
              },
              wait,
            );
            if (!solving) plainly();
          });
        plainly();
      })
      ['catch'](wait);
    return;
  }

  if (photos.length) {
    var photo = photos[0];
    fetch('/api/v1/cases/' + entry.r.caseNumber + '/photos', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ trackingCode: entry.r.trackingCode, contentType: photo.type, size: photo.size }),
    })
      .then(answered)
      .then(function (res) {
        return (
          res.status == 201 &&
          res.json().then(function (upload) {
            var post = new FormData(),
              name;
            for (name in upload.fields) post.append(name, upload.fields[name]);
            post.append('file', photo);
            return fetch(upload.url, { method: 'POST', body: post }).then(answered);
          })
        );
      })
      .then(function () {
        photos.shift();
        go(entry, photos, form);
      }, wait);
    return;
  }

  qs(0);
  w.location.href = entry.r.receiptUrl;
}
