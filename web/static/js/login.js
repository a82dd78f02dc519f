import { api } from './api.js';

const form = document.getElementById('login-form');
const error = document.getElementById('login-error');

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.textContent = '';
  try {
    await api('POST', '/auth/login', {
      identifier: form.identifier.value,
      password: form.password.value,
    });
    window.location.href = '/';
  } catch (e) {
    error.textContent = e.message;
  }
});

document.getElementById('guest').addEventListener('click', async () => {
  await api('POST', '/auth/guest');
  window.location.href = '/';
});
