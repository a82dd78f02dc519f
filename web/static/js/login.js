// Login page: log in, register, or continue as a guest.
import { get, post } from './api.js';
import { busy, byId, say } from './dom.js';

const loginForm = byId('login-form');
const loginMsg = byId('login-msg');
const registerForm = byId('register-form');
const registerMsg = byId('register-msg');
const guestButton = byId('guest');
const guestMsg = byId('guest-msg');

function goToDashboard() {
  window.location.assign('/');
}

loginForm.addEventListener('submit', (event) => {
  event.preventDefault();
  say(loginMsg, '');
  busy(loginForm, async () => {
    try {
      const answer = await post('/auth/login', {
        identifier: loginForm.identifier.value.trim(),
        password: loginForm.password.value,
      });
      say(loginMsg, answer.message, 'ok');
      goToDashboard();
    } catch (e) {
      say(loginMsg, e.message, 'error');
      loginForm.password.select();
    }
  });
});

registerForm.addEventListener('submit', (event) => {
  event.preventDefault();
  say(registerMsg, '');
  const body = {
    owner_name: registerForm.owner_name.value.trim(),
    email: registerForm.email.value.trim(),
    phone_number: registerForm.phone_number.value.trim(),
    password: registerForm.password.value,
  };
  if (!body.email && !body.phone_number) {
    say(registerMsg, 'Provide at least an email or phone number.', 'error');
    registerForm.email.focus();
    return;
  }
  busy(registerForm, async () => {
    try {
      const answer = await post('/auth/register', body);
      say(registerMsg, answer.message, 'ok');
      goToDashboard();
    } catch (e) {
      say(registerMsg, e.message, 'error');
    }
  });
});

guestButton.addEventListener('click', async () => {
  guestButton.disabled = true;
  say(guestMsg, '');
  try {
    await post('/auth/guest');
    goToDashboard();
  } catch (e) {
    say(guestMsg, e.message, 'error');
    guestButton.disabled = false;
  }
});

get('/auth/me').then((me) => {
  if (!me.logged_in) return;
  byId('already-name').textContent = me.guest ? 'a guest' : me.owner_name;
  byId('already').hidden = false;
}).catch(() => {});
