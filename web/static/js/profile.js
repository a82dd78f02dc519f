// Profile: edit name, email and phone; change the password with the current one.
import { get, put } from './api.js';
import { busy, byId, say } from './dom.js';
import { loadSession } from './session.js';

const form = byId('profile-form');
const msg = byId('profile-msg');
const passwordForm = byId('password-form');
const passwordMsg = byId('password-msg');
let profile = null;

function fill(p) {
  profile = p;
  form.owner_name.value = p.owner_name || '';
  form.email.value = p.email || '';
  form.phone_number.value = p.phone_number || '';
  byId('password-username').value = p.email || p.phone_number || '';
}

function details() {
  return {
    owner_name: form.owner_name.value.trim(),
    email: form.email.value.trim(),
    phone_number: form.phone_number.value.trim(),
  };
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  say(msg, '');
  const body = details();
  if (!body.email && !body.phone_number) {
    say(msg, 'Provide at least an email or phone number.', 'error');
    return;
  }
  busy(form, async () => {
    try {
      const answer = await put('/owner/profile', body);
      fill(await get('/owner/profile'));
      byId('who-name').textContent = profile.owner_name;
      say(msg, answer.message, 'ok');
    } catch (e) {
      say(msg, e.message, 'error');
    }
  });
});

passwordForm.addEventListener('submit', (event) => {
  event.preventDefault();
  say(passwordMsg, '');
  if (passwordForm.password.value !== passwordForm.password_repeat.value) {
    say(passwordMsg, 'The new passwords do not match.', 'error');
    passwordForm.password_repeat.focus();
    return;
  }
  // The profile endpoint takes the whole profile; send the saved details with the password.
  const body = {
    owner_name: profile.owner_name,
    email: profile.email || '',
    phone_number: profile.phone_number || '',
    password: passwordForm.password.value,
    old_password: passwordForm.old_password.value,
  };
  busy(passwordForm, async () => {
    try {
      await put('/owner/profile', body);
      passwordForm.reset();
      say(passwordMsg, 'Password changed.', 'ok');
    } catch (e) {
      say(passwordMsg, e.message, 'error');
    }
  });
});

loadSession({ owner: true })
  .then(() => get('/owner/profile'))
  .then((p) => {
    fill(p);
    document.body.dataset.ready = 'true';
  })
  .catch((e) => say(msg, e.message, 'error'));
