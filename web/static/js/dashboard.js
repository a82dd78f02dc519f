import { api } from './api.js';

const status = document.getElementById('status');

async function refresh() {
  const slots = await api('GET', '/slots');
  const occupied = slots.filter((s) => s.is_occupied).length;
  status.textContent = `${slots.length} slots, ${occupied} occupied, ${slots.length - occupied} free`;
}

document.getElementById('logout').addEventListener('click', async () => {
  await api('POST', '/auth/logout');
  window.location.href = '/login.html';
});

refresh().catch((e) => { status.textContent = e.message; });
