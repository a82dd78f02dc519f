// Live updates over Server-Sent Events (GET /events). EventSource reconnects
// by itself after a dropped connection (the server sends `retry: 2000`); when
// the browser gives up (an error status), we open a new one after a pause.
const REOPEN_MS = 5000;

export function connectLive({ onChange, onState }) {
  let opened = false;

  function open() {
    const source = new EventSource('/events');
    source.addEventListener('open', () => {
      onState('live');
      if (opened) onChange(null); // changes may have been missed while away
      opened = true;
    });
    source.addEventListener('message', (event) => {
      let change = null;
      try {
        change = JSON.parse(event.data);
      } catch {
        // a message we cannot read still means "something changed"
      }
      onChange(change);
    });
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        onState('offline');
        setTimeout(() => {
          onChange(null);
          open();
        }, REOPEN_MS);
      } else {
        onState('reconnecting');
      }
    });
  }

  open();
}
