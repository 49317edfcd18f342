/* Server-sent events read with fetch, for the desk and the console: EventSource cannot send the Authorization
   header. */
var EventStream = (function () {
  'use strict';

  /** Calls onBlock(text) for each event block of the response body; the promise fails when the stream ends. */
  function read(response, onBlock) {
    var reader = response.body.getReader(); var decoder = new TextDecoder(); var buf = '';
    function pump() {
      return reader.read().then(function (chunk) {
        if (chunk.done) { throw new Error('stream ended'); }
        buf += decoder.decode(chunk.value, { stream: true }).replace(/\r\n?/g, '\n');
        var i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          var block = buf.slice(0, i); buf = buf.slice(i + 2);
          onBlock(block);
        }
        return pump();
      });
    }
    return pump();
  }

  /**
   * Where a stream got to, to send on reconnect (?lastEventId=) so that the server replays what was missed. Keeps the
   * highest event id seen (ids from several servers may arrive a little out of order); a resync's id replaces it
   * (the server's newest, which may be lower after a restore). see(block) answers 'resync' for a resync block.
   */
  function position() {
    var last = null;
    return {
      see: function (block) {
        var m = /^id: ?(\d+)$/m.exec(block);
        var resync = /^event: ?resync$/m.test(block);
        if (m && (resync || last === null || Number(m[1]) > Number(last))) { last = m[1]; }
        return resync ? 'resync' : null;
      },
      known: function () { return last !== null; },
      query: function (sep) { return last === null ? '' : sep + 'lastEventId=' + encodeURIComponent(last); },
      reset: function () { last = null; }
    };
  }

  return { read: read, position: position };
})();
