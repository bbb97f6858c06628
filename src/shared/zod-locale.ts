import { z } from 'zod';

// Validation messages reach officials in the UI (and in the API's `details`): Spanish first.
z.config(z.locales.es());
