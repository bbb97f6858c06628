// Imported first by the harness: its own copy of zod must not compile validators with
// `new Function`, which the app's Content-Security-Policy forbids (the app's zod notices that
// by itself; the harness is evaluated through DevTools, where the probe would wrongly succeed).
import { config } from 'zod/mini';

config({ jitless: true });
