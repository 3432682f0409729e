// The officer app's typed amounts and hash route (kept out of common.js, which the public pages load).
import { ascii } from './common.js';

// Taka as an officer types it ("250000.5", "৩০,০০০.৫০ টাকা") in paisa, and back; undefined when it is
// not an amount (the API checks each field's own bounds).
export function takaToPaisa(typed) {
  const m = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(ascii(typed).replace(/[,\s]|টাকা|tk\.?|৳/gi, ''));
  return m ? Number(m[1]) * 100 + Number((m[2] || '').padEnd(2, '0')) : undefined;
}
export const paisaToTaka = p => (p === null || p === undefined || p === ''
  ? '' : `${Math.floor(p / 100)}${p % 100 ? `.${String(p % 100).padStart(2, '0')}` : ''}`);

// The officer app's hash route: "#/area/a/b?x=1" → {parts: ['area', 'a', 'b'], params}.
export function hashRoute() {
  const [path, query = ''] = (location.hash.slice(1) || '/').split('?');
  const decoded = p => { try { return decodeURIComponent(p); } catch (_) { return p; } };
  return { parts: path.split('/').filter(Boolean).map(decoded), params: new URLSearchParams(query) };
}
