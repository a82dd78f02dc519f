// The session every page shares: who is signed in, the top bar, logging out.
import { get, post } from './api.js';

/**
 * Loads /auth/me and fills the top bar. Sends the browser to the login page
 * when there is no session (or no owner session and `owner` is asked for).
 */
export async function loadSession({ owner = false } = {}) {
  const me = await get('/auth/me');
  if (!me.logged_in || (owner && me.guest)) {
    window.location.replace('/login.html');
    return new Promise(() => {}); // the page is going away
  }
  const name = document.getElementById('who-name');
  if (name) name.textContent = me.guest ? 'guest' : me.owner_name;
  for (const el of document.querySelectorAll('[data-owner-only]')) el.hidden = Boolean(me.guest);
  for (const el of document.querySelectorAll('[data-guest-only]')) el.hidden = !me.guest;
  const logout = document.getElementById('logout');
  if (logout) {
    logout.textContent = me.guest ? 'Leave' : 'Log out';
    logout.addEventListener('click', async () => {
      logout.disabled = true;
      try {
        await post('/auth/logout');
      } finally {
        window.location.assign('/login.html');
      }
    });
  }
  return me;
}
