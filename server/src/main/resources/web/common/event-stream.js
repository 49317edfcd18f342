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

  return { read: read };
})();
