import { z } from 'zod';
import es from 'zod/v4/locales/es.js';

// Validation messages reach officials in the UI (and in the API's `details`): Spanish first.
z.config(es());
