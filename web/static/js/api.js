// Fetch wrappers for the dockpoint JSON API. Every request goes to this origin.

/** An API answer with a 4xx/5xx status; `message` is the server's sentence. */
export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

export async function api(method, path, body) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError('The server cannot be reached. Check the connection and try again.', 0);
  }
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const message = data && typeof data.error === 'string' ? data.error : `Request failed (HTTP ${response.status}).`;
    throw new ApiError(message, response.status);
  }
  return data;
}

export const get = (path) => api('GET', path);
export const post = (path, body = {}) => api('POST', path, body);
export const put = (path, body = {}) => api('PUT', path, body);
export const del = (path) => api('DELETE', path);

/** Path segment for a vehicle number (which may hold any text, "/" included). */
export const vehiclePath = (number) => encodeURIComponent(number);
